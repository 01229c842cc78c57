import { hkdfSync } from 'node:crypto';
import type { AppConfig, EnvReader } from '../../src';
import { DeviceType } from './entities/enums';

/** One line of the desk standard: each desk should have at least `count` in-service devices of `type`. */
export interface DeskStandardItem {
  type: DeviceType;
  count: number;
}

export interface CamerasOptions {
  /** AES-256-GCM key for camera credentials (CAMERAS_CREDENTIALS_KEY, 32 bytes base64). */
  credentialsKey: Buffer;
  /**
   * Keys used before (CAMERAS_CREDENTIALS_PREVIOUS_KEYS, comma-separated): still decrypt, and the
   * hourly re-encryption job moves what they sealed to the current key.
   */
  previousCredentialsKeys: Buffer[];
  /** HMAC-SHA256 key for viewing grants (CAMERAS_GRANT_KEY, at least 32 bytes base64). */
  grantKey: Buffer;
  /** True when a key was derived from the data folder (development and tests only). */
  derivedKeys: string[];
  grantTtlSeconds: number;
  probe: {
    /** Crontab (five fields, UTC); null: not scheduled (CAMERAS_PROBE_SCHEDULE=off). */
    schedule: string | null;
    timeoutMs: number;
    concurrency: number;
    /** Consecutive failed probes after which a device is OFFLINE and its IT contacts are alerted. */
    failureThreshold: number;
  };
  deskStandard: DeskStandardItem[];
}

export const DEFAULT_DESK_STANDARD = 'COMPUTER,SCANNER,PRINTER,QUEUE_MACHINE,SATISFACTION_TABLET,CAMERA';
const CRON_FIELD = /^[\d*/,-]+$/;

/** A development key derived from the data folder: stable across restarts, useless in production. */
function developmentKey(dataDir: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dataDir, 'cameras-development-key', purpose, 32));
}

function parseKey(env: EnvReader, name: string, raw: string): Buffer {
  const key = Buffer.from(raw, 'base64');
  // Never echo the value: it is a secret.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || key.length !== 32)
    env.fail(`${name} must be exactly 32 bytes, base64-encoded`);
  return key;
}

function readKey(
  env: EnvReader,
  config: AppConfig,
  name: string,
  purpose: string,
  derived: string[],
): Buffer {
  const raw = env.secret(name);
  if (raw === undefined) {
    if (config.env === 'production')
      env.fail(`${name} must be set in production (32 random bytes, base64: openssl rand -base64 32)`);
    derived.push(name);
    return developmentKey(config.dataDir, purpose);
  }
  return parseKey(env, name, raw);
}

export function parseDeskStandard(raw: string): DeskStandardItem[] | string {
  const items: DeskStandardItem[] = [];
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, countText] = part.split(':').map((s) => s.trim());
    const type = name.toUpperCase() as DeviceType;
    if (!Object.values(DeviceType).includes(type)) return `unknown device type "${name}"`;
    const count = countText === undefined ? 1 : Number(countText);
    if (!Number.isInteger(count) || count < 1 || count > 99)
      return `"${part}": the count after ':' must be a whole number from 1 to 99`;
    if (items.some((i) => i.type === type)) return `${type} is listed twice`;
    items.push({ type, count });
  }
  return items;
}

export function readCamerasOptions(env: EnvReader, config: AppConfig): CamerasOptions {
  const derivedKeys: string[] = [];
  const credentialsKey = readKey(env, config, 'CAMERAS_CREDENTIALS_KEY', 'credentials', derivedKeys);
  const grantKey = readKey(env, config, 'CAMERAS_GRANT_KEY', 'grants', derivedKeys);
  if (credentialsKey.equals(grantKey) && !derivedKeys.length)
    env.fail('CAMERAS_GRANT_KEY must differ from CAMERAS_CREDENTIALS_KEY');
  const previousCredentialsKeys = (env.secret('CAMERAS_CREDENTIALS_PREVIOUS_KEYS') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((raw) => parseKey(env, 'CAMERAS_CREDENTIALS_PREVIOUS_KEYS', raw))
    .filter((key) => !key.equals(credentialsKey));

  const scheduleRaw = env.string('CAMERAS_PROBE_SCHEDULE', '* * * * *').trim();
  let schedule: string | null = scheduleRaw;
  if (['off', 'none', 'false'].includes(scheduleRaw.toLowerCase())) schedule = null;
  else if (
    scheduleRaw.split(/\s+/).length !== 5 ||
    !scheduleRaw.split(/\s+/).every((f) => CRON_FIELD.test(f))
  ) {
    env.fail(`CAMERAS_PROBE_SCHEDULE must be a five-field crontab (UTC) or "off", got "${scheduleRaw}"`);
  }

  const deskStandard = parseDeskStandard(env.string('CAMERAS_DESK_STANDARD', DEFAULT_DESK_STANDARD));
  if (typeof deskStandard === 'string')
    env.fail(`CAMERAS_DESK_STANDARD: ${deskStandard} (e.g. "COMPUTER:2,SCANNER,CAMERA")`);

  return {
    credentialsKey,
    previousCredentialsKeys,
    grantKey,
    derivedKeys,
    grantTtlSeconds: env.int('CAMERAS_GRANT_TTL_SECONDS', 300, { min: 30, max: 3600 }),
    probe: {
      schedule,
      timeoutMs: env.int('CAMERAS_PROBE_TIMEOUT_MS', 3000, { min: 100, max: 60000 }),
      concurrency: env.int('CAMERAS_PROBE_CONCURRENCY', 20, { min: 1, max: 500 }),
      failureThreshold: env.int('CAMERAS_PROBE_FAILURE_THRESHOLD', 3, { min: 1, max: 100 }),
    },
    deskStandard: typeof deskStandard === 'string' ? [] : deskStandard,
  };
}
