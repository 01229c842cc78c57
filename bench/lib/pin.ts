import { createHash } from 'node:crypto';
import { hashPin, verifyPin, type SecretKeys } from '../../plugins/procedures/domain/secrets';

/**
 * The procedures plugin's server secret for the benchmark: fixed, so the generated PIN hashes, our
 * API (`PROCEDURES_SECRET_KEY`, set by `npm run bench`) and the floor agree on every run.
 */
export const BENCH_SECRET_KEY = createHash('sha256').update('bench-procedures-secret').digest();

const keys: SecretKeys = { current: BENCH_SECRET_KEY, previous: [] };

/** The lookup PIN's stored form, as the procedures plugin writes it (a keyed hash, `hmac$…`). */
export function benchPinHash(pin: string): string {
  return hashPin(pin, keys);
}

/** The plugin's own check of a PIN against its stored form (what the floor must do too). */
export function benchVerifyPin(pin: string, stored: string | null): Promise<boolean> {
  return verifyPin(pin, stored, keys);
}
