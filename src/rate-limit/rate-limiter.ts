import { createHash } from 'node:crypto';
import type { AppServices } from '../app-services';

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
  if (Math.random() < 0.01) await connection.execute(`delete from core_rate_limit where expires_at < now()`);
  return rows.length > 0;
}
