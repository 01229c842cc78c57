import { createHash } from 'node:crypto';
import type { AppServices } from '../app-services';
import { TooManyRequestsError } from '../errors';
import type { LocalizedText } from '../i18n';

/** A limit: at most `limit` hits per key within `windowMs`, counted under `bucket`. */
export interface RateLimit {
  bucket: string;
  limit: number;
  windowMs: number;
}

/**
 * Takes one hit of a rate limit for `key`, or says no. The count lives in PostgreSQL, so every API
 * process behind a load balancer counts against the same window.
 *
 * A sliding window approximated from two fixed ones: the previous window's hits weigh as much as
 * it still overlaps the sliding one. The decision and the increment are one statement (the row
 * lock of `on conflict do update` serialises concurrent hits), and a refused hit is not counted.
 * It runs on a pooled connection of its own (autocommit), outside the request's transaction: an
 * attempt that fails afterwards (a wrong PIN) still counts. Keys are stored as SHA-256 hashes, so
 * client addresses are not kept in clear.
 */
export async function takeRateLimit(
  app: AppServices,
  rule: RateLimit,
  key: string,
  now: number = Date.now(),
): Promise<boolean> {
  const windowStart = Math.floor(now / rule.windowMs) * rule.windowMs;
  const previousWeight = 1 - (now - windowStart) / rule.windowMs;
  const hashed = createHash('sha256').update(key).digest('hex');
  const connection = app.orm.em.getConnection();
  const rows = await connection.execute<Array<{ hits: number }>>(
    `with previous as (
       select coalesce((select hits from core_rate_limit where bucket = ? and key = ? and window_start = ?), 0) * ?::float8 as weighted)
     insert into core_rate_limit as r (bucket, key, window_start, hits, expires_at)
     select ?, ?, ?, 1, ? from previous where previous.weighted + 1 <= ?
     on conflict (bucket, key, window_start) do update set hits = r.hits + 1
       where r.hits + 1 + (select weighted from previous) <= ?
     returning r.hits`,
    [
      rule.bucket,
      hashed,
      new Date(windowStart - rule.windowMs),
      previousWeight,
      rule.bucket,
      hashed,
      new Date(windowStart),
      new Date(windowStart + 2 * rule.windowMs),
      rule.limit,
      rule.limit,
    ],
  );
  // Old windows are swept now and then by whichever request comes (no job needed for a small table).
  // Against the same clock as the windows, so a caller's explicit `now` never sweeps its own windows.
  if (Math.random() < 0.01)
    await connection.execute(`delete from core_rate_limit where expires_at < ?`, [new Date(now)]);
  if (!rows.length) app.metrics.rateLimitRefused(rule.bucket);
  return rows.length > 0;
}

/**
 * How long (whole seconds, at least 1) until `key` may take one more hit of `rule`, from the same two
 * windows `takeRateLimit` weighs; 0 when it may now. Read-only: ask it after a refusal, to tell the
 * client how long to wait.
 */
export async function rateLimitRetryAfter(
  app: AppServices,
  rule: RateLimit,
  key: string,
  now: number = Date.now(),
): Promise<number> {
  const windowStart = Math.floor(now / rule.windowMs) * rule.windowMs;
  const hashed = createHash('sha256').update(key).digest('hex');
  const rows = await app.orm.em
    .getConnection()
    .execute<Array<{ window_start: Date; hits: number }>>(
      `select window_start, hits from core_rate_limit where bucket = ? and key = ? and window_start in (?, ?)`,
      [rule.bucket, hashed, new Date(windowStart - rule.windowMs), new Date(windowStart)],
    );
  const hitsAt = (start: number) =>
    Number(rows.find((r) => new Date(r.window_start).getTime() === start)?.hits ?? 0);
  const previous = hitsAt(windowStart - rule.windowMs);
  const current = hitsAt(windowStart);
  const elapsed = now - windowStart;
  // Allowed again once previous·(1 − t/W) + current + 1 ≤ limit, t in this window…
  let waitMs: number | null = null;
  if (current + 1 <= rule.limit) {
    if (previous === 0) return 0;
    const t = rule.windowMs * (1 - (rule.limit - 1 - current) / previous);
    waitMs = Math.max(0, t - elapsed);
  }
  // …or in the next one, where this window's hits weigh current·(1 − x/W).
  if (waitMs === null) {
    const x = current === 0 ? 0 : rule.windowMs * Math.max(0, 1 - (rule.limit - 1) / current);
    waitMs = rule.windowMs - elapsed + x;
  }
  return waitMs <= 0 ? 0 : Math.max(1, Math.ceil(waitMs / 1000));
}

/**
 * Takes one hit of `rule` for `key`, or throws TOO_MANY_REQUESTS with the seconds to wait
 * (`extensions.retryAfterSeconds`): the one way a service refuses a client over a limit.
 */
export async function enforceRateLimit(
  app: AppServices,
  rule: RateLimit,
  key: string,
  message: LocalizedText,
): Promise<void> {
  if (await takeRateLimit(app, rule, key)) return;
  throw new TooManyRequestsError(message, await rateLimitRetryAfter(app, rule, key));
}
