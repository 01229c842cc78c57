import { createHash, randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number },
) => Promise<Buffer>;

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** A 6-digit PIN printed on the receipt: the second factor of the citizen lookup. */
export function generatePin(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** `scrypt$N$r$p$salt$hash` (base64): only this is stored. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(pin, salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

// A fixed hash to verify against when there is nothing to verify, so that a wrong code costs the
// same time as a wrong PIN.
const DUMMY_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16, 7).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;

/** Whether the PIN matches the stored hash; with no hash it spends the same time and says no. */
export async function verifyPin(pin: string, stored: string | null | undefined): Promise<boolean> {
  const parts = (stored ?? DUMMY_HASH).split('$');
  const valid = parts.length === 6 && parts[0] === 'scrypt';
  const [, n, r, p, salt, hash] = valid ? parts : DUMMY_HASH.split('$');
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(pin, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return Boolean(stored) && valid && actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** An unguessable token for a link (satisfaction rating), 256 bits, URL-safe. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are high-entropy: a plain SHA-256 is enough to store them. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of two short strings (last digits of an ID or phone). */
export function sameDigits(a: string, b: string): boolean {
  const x = Buffer.from(a.padEnd(16, '\0'));
  const y = Buffer.from(b.padEnd(16, '\0'));
  return x.length === y.length && timingSafeEqual(x, y) && a.length === b.length;
}
