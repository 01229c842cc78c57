import { createHash, scryptSync } from 'node:crypto';

/**
 * The lookup PIN hash in the procedures plugin's format (`scrypt$N$r$p$salt$hash`, base64), with a
 * fixed salt so the generated data is the same on every run. Every generated dossier shares it.
 */
export function benchPinHash(pin: string): string {
  const N = 16384;
  const r = 8;
  const p = 1;
  const salt = createHash('sha256').update('bench-lookup-pin').digest().subarray(0, 16);
  const hash = scryptSync(pin, salt, 32, { N, r, p });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}
