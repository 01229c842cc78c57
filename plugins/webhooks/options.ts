import { hkdfSync } from 'node:crypto';
import type { AppConfig, EnvReader } from '../../src';
import { NO_INTERNAL, parseInternalAllowList, type InternalAllowList } from './services/targets';

export interface WebhooksOptions {
  /** AES-256-GCM key sealing endpoint secrets at rest (WEBHOOKS_SECRET_KEY, 32 bytes base64). */
  secretKey: Buffer;
  /** Tries per delivery before it is left FAILED (WEBHOOKS_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Longest one attempt may take, connecting to the answer's status line (WEBHOOKS_TIMEOUT_MS). */
  timeoutMs: number;
  /**
   * Accept endpoints on the local machine or a private network, and over http:// (development and
   * tests: WEBHOOKS_ALLOW_PRIVATE_TARGETS; refused in production).
   */
  allowPrivateTargets: boolean;
  /**
   * Internal hosts and networks endpoints may point to on purpose, in production too
   * (WEBHOOKS_ALLOWED_INTERNAL: CIDR networks, addresses, host names; empty by default).
   */
  allowedInternal: InternalAllowList;
  /**
   * After a secret rotation, how long deliveries are also signed with the old secret, so receivers
   * switch without losing events (WEBHOOKS_SECRET_OVERLAP_SECONDS; a rotation may ask otherwise).
   */
  secretOverlapSeconds: number;
}

/** The longest overlap a rotation may ask for: 7 days. */
export const MAX_SECRET_OVERLAP_SECONDS = 7 * 24 * 3600;

export function readWebhooksOptions(env: EnvReader, config: AppConfig): WebhooksOptions {
  const raw = env.secret('WEBHOOKS_SECRET_KEY');
  let secretKey: Buffer;
  if (raw === undefined) {
    if (config.env === 'production')
      env.fail(
        'WEBHOOKS_SECRET_KEY must be set in production (32 random bytes, base64: openssl rand -base64 32)',
      );
    // Development and tests: a key derived from the data folder, stable across restarts.
    secretKey = Buffer.from(hkdfSync('sha256', config.dataDir, 'webhooks-development-key', 'secrets', 32));
  } else {
    secretKey = Buffer.from(raw, 'base64');
    // Never echo the value: it is a secret.
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || secretKey.length !== 32)
      env.fail('WEBHOOKS_SECRET_KEY must be exactly 32 bytes, base64-encoded');
  }
  const allowPrivateTargets = env.bool('WEBHOOKS_ALLOW_PRIVATE_TARGETS', false);
  if (allowPrivateTargets && config.env === 'production')
    env.fail('WEBHOOKS_ALLOW_PRIVATE_TARGETS is for development and tests only');
  const allowedInternal = parseInternalAllowList(env.list('WEBHOOKS_ALLOWED_INTERNAL', []));
  if ('problems' in allowedInternal)
    env.fail(`WEBHOOKS_ALLOWED_INTERNAL: ${allowedInternal.problems.join('; ')}`);
  return {
    secretKey,
    allowedInternal: 'problems' in allowedInternal ? NO_INTERNAL : allowedInternal,
    maxAttempts: env.int('WEBHOOKS_MAX_ATTEMPTS', 10, { min: 1, max: 25 }),
    timeoutMs: env.int('WEBHOOKS_TIMEOUT_MS', 10_000, { min: 100, max: 60_000 }),
    allowPrivateTargets,
    secretOverlapSeconds: env.int('WEBHOOKS_SECRET_OVERLAP_SECONDS', 24 * 3600, {
      min: 0,
      max: MAX_SECRET_OVERLAP_SECONDS,
    }),
  };
}
