import { randomInt } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { foldVietnamese } from '../../staff';

export interface PasswordPolicy {
  minLength: number;
  /** Of: lower-case letters, upper-case letters, digits, anything else. */
  minClasses: number;
}

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const MAX_PASSWORD_LENGTH = 128;
/** Algorithm.Argon2id: a const enum, which isolated-module builds cannot inline. */
const ARGON2ID = 2 as Algorithm;

/**
 * Problems of a password chosen by a person (empty when acceptable). Never includes the password.
 * `personal` are strings the password must not contain: the local part and the parts of the name.
 */
export function passwordProblems(
  password: string,
  policy: PasswordPolicy,
  personal: string[] = [],
): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < policy.minLength) problems.push(`at least ${policy.minLength} characters`);
  if (length > MAX_PASSWORD_LENGTH) problems.push(`at most ${MAX_PASSWORD_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(password)) problems.push('no control characters');
  if (password !== password.trim()) problems.push('no spaces at the start or end');
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}\s]/u].filter((re) =>
    re.test(password),
  ).length;
  if (classes < policy.minClasses) {
    problems.push(
      `at least ${policy.minClasses} of: lower-case letters, upper-case letters, digits, symbols`,
    );
  }
  const folded = foldVietnamese(password);
  const contained = personal.map((p) => foldVietnamese(p)).filter((p) => p.length >= 3 && folded.includes(p));
  if (contained.length) problems.push('not your address or name');
  return problems;
}

const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '-.!@#%+=?';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;

/** A random password with every class, without look-alike characters (0/O, 1/l/I). */
export function generatePassword(length = 16): string {
  const chars = [LOWER, UPPER, DIGITS, SYMBOLS].map((set) => set[randomInt(set.length)]);
  while (chars.length < length) chars.push(ALL[randomInt(ALL.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** `$argon2id$v=19$m=…,t=…,p=…$salt$hash`: Dovecot 2.3 verifies it as {ARGON2ID}. */
export function hashPassword(password: string, params: Argon2Params): Promise<string> {
  return hash(password, {
    algorithm: ARGON2ID,
    memoryCost: params.memoryCost,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  });
}

export async function verifyPassword(hashed: string | null, password: string): Promise<boolean> {
  if (!hashed) return false;
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}
