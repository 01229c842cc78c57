import {
  createHash,
  createHmac,
  randomBytes,
  randomInt,
  scrypt as scryptCb,
  timingSafeEqual,
} from 'node:crypto';
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

/**
 * The server secret of the lookup PIN and the satisfaction token: HMAC-SHA-256 under `current`
 * (PROCEDURES_SECRET_KEY); `previous` keys (PROCEDURES_SECRET_PREVIOUS_KEYS) still verify, so the key
 * can be rotated like the camera credentials key.
 */
export interface SecretKeys {
  current: Buffer;
  previous: Buffer[];
}

function hmac(key: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}:${value}`).digest('hex');
}

/**
 * `hmac$<hex>`: only this is stored. A keyed hash, not scrypt: a 6-digit PIN has too little entropy
 * for any slow hash to protect it from someone holding the table, but without the server key the
 * table is useless; guessing through the API is bounded by the rate limits. One verification costs
 * microseconds instead of scrypt's ~40 ms of CPU.
 */
export function hashPin(pin: string, keys: SecretKeys): string {
  return `hmac$${hmac(keys.current, 'pin', pin)}`;
}

/**
 * Every keyed form a PIN may be stored in (under the current and each previous key), to be matched
 * against the stored hash by the database in the lookup's one statement. Comparing there is not
 * constant-time, and need not be: these are keyed hashes the caller cannot compute, so how many
 * leading characters agree tells them nothing about which PIN is right.
 */
export function pinHashCandidates(pin: string, keys: SecretKeys): string[] {
  return [keys.current, ...keys.previous].map((key) => `hmac$${hmac(key, 'pin', pin)}`);
}

// A fixed hash to verify against when there is nothing to verify (legacy scrypt format).
const DUMMY_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16, 7).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;

/**
 * Whether the PIN matches the stored hash: `hmac$…` under the current or a previous key, or a
 * `scrypt$…` hash written before the switch (kept working until the receipt is reissued). With no
 * hash it does the same keyed work and says no.
 */
export async function verifyPin(
  pin: string,
  stored: string | null | undefined,
  keys: SecretKeys,
): Promise<boolean> {
  if (stored?.startsWith('scrypt$')) return verifyScrypt(pin, stored);
  const expected = Buffer.from(stored?.startsWith('hmac$') ? stored.slice(5) : '0'.repeat(64));
  let match = false;
  for (const key of [keys.current, ...keys.previous]) {
    const actual = Buffer.from(hmac(key, 'pin', pin));
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) match = true;
  }
  return Boolean(stored) && match;
}

async function verifyScrypt(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  const valid = parts.length === 6 && parts[0] === 'scrypt';
  const [, n, r, p, salt, hash] = valid ? parts : DUMMY_HASH.split('$');
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(pin, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return valid && actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** An unguessable token for a link (satisfaction rating), 256 bits, URL-safe. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a satisfaction token: HMAC-SHA-256 under the current key. */
export function hashToken(token: string, keys: SecretKeys): string {
  return hmac(keys.current, 'rating', token);
}

/**
 * Every stored form a token may have: under the current and previous keys, and the plain SHA-256
 * written before keyed hashes (kept working until the receipt is reissued).
 */
export function tokenHashCandidates(token: string, keys: SecretKeys): string[] {
  return [
    ...[keys.current, ...keys.previous].map((key) => hmac(key, 'rating', token)),
    createHash('sha256').update(token).digest('hex'),
  ];
}
