import { hkdfSync } from 'node:crypto';
import type { AppConfig, EnvReader, RateLimit } from '../../src';
import type { SecretKeys } from './domain/secrets';

export interface ProceduresOptions {
  /** Citizen lookups per client IP per window (PROCEDURES_LOOKUP_PER_IP, default 30). */
  lookupPerIp: number;
  /**
   * Wrong second factors per dossier code per window, from all clients (PROCEDURES_LOOKUP_PER_CODE,
   * default 5); past it only clients without a wrong guess on that code may still try.
   */
  lookupPerCode: number;
  /** Window of both limits (PROCEDURES_LOOKUP_WINDOW_SECONDS, default 900). */
  lookupWindowSeconds: number;
  /** Online submissions per client IP per hour (PROCEDURES_SUBMIT_PER_IP_PER_HOUR, default 20). */
  submitPerIpPerHour: number;
  /** Default time given to bring a supplement, in working days (PROCEDURES_SUPPLEMENT_DAYS, default 15). */
  supplementDays: number;
  /** The public endpoints' rate limits, counted in PostgreSQL (shared by every API process). */
  /** Keys of the PIN and satisfaction-token hashes (PROCEDURES_SECRET_KEY, PROCEDURES_SECRET_PREVIOUS_KEYS). */
  secretKeys: SecretKeys;
  limits: {
    lookupByIp: RateLimit;
    /** Wrong guesses on one code from all clients. */
    lookupByCode: RateLimit;
    /** Wrong guesses on one code from one client (PROCEDURES_LOOKUP_WRONG_PER_CLIENT, default 3). */
    lookupWrongByClient: RateLimit;
    submitByIp: RateLimit;
    rateByIp: RateLimit;
  };
}

function parseSecretKey(env: EnvReader, name: string, raw: string): Buffer {
  const key = Buffer.from(raw, 'base64');
  // Never echo the value: it is a secret.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || key.length !== 32)
    env.fail(`${name} must be exactly 32 bytes, base64-encoded`);
  return key;
}

function readSecretKeys(env: EnvReader, config: AppConfig): SecretKeys {
  const raw = env.secret('PROCEDURES_SECRET_KEY');
  let current: Buffer;
  if (raw === undefined) {
    if (config.env === 'production')
      env.fail(
        'PROCEDURES_SECRET_KEY must be set in production (32 random bytes, base64: openssl rand -base64 32)',
      );
    // Development and tests: derived from the data folder, stable across restarts, useless elsewhere.
    current = Buffer.from(hkdfSync('sha256', config.dataDir, 'procedures-development-key', 'secrets', 32));
  } else current = parseSecretKey(env, 'PROCEDURES_SECRET_KEY', raw);
  const previous = (env.secret('PROCEDURES_SECRET_PREVIOUS_KEYS') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => parseSecretKey(env, 'PROCEDURES_SECRET_PREVIOUS_KEYS', k))
    .filter((key) => !key.equals(current));
  return { current, previous };
}

export function readProceduresOptions(env: EnvReader, config: AppConfig): ProceduresOptions {
  const wrongPerClient = env.int('PROCEDURES_LOOKUP_WRONG_PER_CLIENT', 3, { min: 1, max: 1000 });
  const lookupPerIp = env.int('PROCEDURES_LOOKUP_PER_IP', 30, { min: 1, max: 100000 });
  const lookupPerCode = env.int('PROCEDURES_LOOKUP_PER_CODE', 5, { min: 1, max: 10000 });
  const lookupWindowSeconds = env.int('PROCEDURES_LOOKUP_WINDOW_SECONDS', 900, { min: 1, max: 86400 });
  const submitPerIpPerHour = env.int('PROCEDURES_SUBMIT_PER_IP_PER_HOUR', 20, { min: 1, max: 100000 });
  const supplementDays = env.int('PROCEDURES_SUPPLEMENT_DAYS', 15, { min: 1, max: 365 });
  const windowMs = lookupWindowSeconds * 1000;
  return {
    lookupPerIp,
    lookupPerCode,
    lookupWindowSeconds,
    submitPerIpPerHour,
    supplementDays,
    secretKeys: readSecretKeys(env, config),
    limits: {
      lookupByIp: { bucket: 'procedures.lookup.ip', limit: lookupPerIp, windowMs },
      lookupByCode: { bucket: 'procedures.lookup.code-wrong', limit: lookupPerCode, windowMs },
      lookupWrongByClient: { bucket: 'procedures.lookup.client-code-wrong', limit: wrongPerClient, windowMs },
      submitByIp: { bucket: 'procedures.submit.ip', limit: submitPerIpPerHour, windowMs: 3_600_000 },
      rateByIp: { bucket: 'procedures.rate.ip', limit: submitPerIpPerHour, windowMs: 3_600_000 },
    },
  };
}
