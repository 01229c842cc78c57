import { createHash } from 'node:crypto';
import type { AppServices } from '../app-services';
import { preparedRows } from '../db/sql';
import { TooManyRequestsError } from '../errors';
import type { LocalizedText } from '../i18n';

/** A limit: at most `limit` hits per key within `windowMs`, counted under `bucket`. */
export interface RateLimit {
  bucket: string;
  limit: number;
  windowMs: number;
}

/** One limit asked about in `checkRateLimits`: `take` a hit of it, or only look (how long until one more). */
export interface RateLimitCheck {
  rule: RateLimit;
  key: string;
  take?: boolean;
}

/** What `checkRateLimits` says of one check. */
export interface RateLimitState {
  /** A `take` check whose hit was counted. */
  taken: boolean;
  /**
   * Whole seconds (at least 1) until `key` may take one more hit, as the windows stood before this
   * statement; 0 when it may now. For a taken hit 0.
   */
  retryAfterSeconds: number;
}

/**
 * Takes and inspects several rate limits in ONE statement.
 *
 * The count lives in PostgreSQL, so every API process behind a load balancer counts against the same
 * window. A sliding window approximated from two fixed ones: the previous window's hits weigh as much
 * as it still overlaps the sliding one. The decision and the increment of a `take` are one statement
 * (the row lock of `on conflict do update` serialises concurrent hits, and the limit is checked
 * against the locked row), and a refused hit is not counted. It runs on a pooled connection of its own
 * (autocommit), outside the request's transaction: an attempt that fails afterwards (a wrong PIN)
 * still counts. Inside a mutation that is a second connection while the transaction holds one; the
 * transaction slots keep one free for it (src/db/transaction-slots.ts). A row taken stays locked
 * until the statement ends, and every request from one address takes the same row: so nothing runs
 * in the statement after the take (see `checkRateLimitsAndRead` for a read that runs before it). Keys
 * are stored as SHA-256 hashes, so client addresses are not kept in clear. Rows are upserted in
 * (bucket, key) order, so two statements taking the same keys cannot deadlock. Checks that only look
 * at the same windows of the same key share one row of the statement.
 */
export async function checkRateLimits(
  app: AppServices,
  checks: readonly RateLimitCheck[],
  options: { now?: number } = {},
): Promise<RateLimitState[]> {
  return (await limitsStatement(app, checks, null, options.now ?? Date.now())).states;
}

/**
 * `checkRateLimits` and a read-only statement in one round trip: the service's own check (a match
 * whose answer is given only if the limits allow) costs no second statement.
 *
 * `read` is a SELECT with `?` placeholders, run on the same connection outside any transaction. It is
 * evaluated to the end BEFORE any limit row is taken, so the lock on the shared row of an address
 * lasts no longer than `checkRateLimits` alone holds it. Its rows come back whatever the limits say:
 * the caller decides from `states` whether to use them (a refused client must learn nothing from
 * them). Its columns must not be named `limits` or `read_row`.
 */
export async function checkRateLimitsAndRead<T>(
  app: AppServices,
  checks: readonly RateLimitCheck[],
  read: { sql: string; values: readonly unknown[] },
  options: { now?: number } = {},
): Promise<{ states: RateLimitState[]; rows: T[] }> {
  return limitsStatement<T>(app, checks, read, options.now ?? Date.now());
}

async function limitsStatement<T>(
  app: AppServices,
  checks: readonly RateLimitCheck[],
  read: { sql: string; values: readonly unknown[] } | null,
  now: number,
): Promise<{ states: RateLimitState[]; rows: T[] }> {
  const rows: string[] = [];
  const params: unknown[] = [];
  const taking = new Set<string>();
  // Looks at the same windows of one key share one row of the statement.
  const looking = new Map<string, number>();
  const prepared = checks.map((check) => {
    const { rule } = check;
    const windowStart = Math.floor(now / rule.windowMs) * rule.windowMs;
    const hashed = createHash('sha256').update(check.key).digest('hex');
    const take = Boolean(check.take);
    const id = `${rule.bucket}\n${hashed}`;
    const windows = `${id}\n${rule.windowMs}`;
    if (take) {
      // One statement cannot upsert the same row twice.
      if (taking.has(id)) throw new Error(`checkRateLimits: ${rule.bucket} taken twice for one key`);
      taking.add(id);
    } else if (looking.has(windows)) {
      return { row: looking.get(windows)!, windowStart };
    } else {
      looking.set(windows, rows.length);
    }
    // Times as epoch seconds (to_timestamp): a float costs less to send than a date.
    rows.push(
      '(?::int, ?::text, ?::text, to_timestamp(?::float8), to_timestamp(?::float8), ?::float8, ?::int, ?::boolean, to_timestamp(?::float8))',
    );
    params.push(
      rows.length - 1,
      rule.bucket,
      hashed,
      (windowStart - rule.windowMs) / 1000,
      windowStart / 1000,
      1 - (now - windowStart) / rule.windowMs,
      rule.limit,
      take,
      (windowStart + 2 * rule.windowMs) / 1000,
    );
    return { row: rows.length - 1, windowStart };
  });
  // A prepared statement (one text per number of rows and read): planned once per connection.
  const statement = await preparedRows<{ limits: LimitRow[] | null } & T>(
    app.orm.em,
    `with k(i, bucket, key, prev_start, cur_start, weight, lim, take, expires) as (values ${rows.join(', ')}),
     ${read ? `read_rows as materialized (${read.sql}),` : ''}
     w as (
       select k.*, coalesce(p.hits, 0) as prev_hits, coalesce(c.hits, 0) as cur_hits
         from k
         left join core_rate_limit p on p.bucket = k.bucket and p.key = k.key and p.window_start = k.prev_start
         left join core_rate_limit c on c.bucket = k.bucket and c.key = k.key and c.window_start = k.cur_start),
     taken as (
       insert into core_rate_limit as r (bucket, key, window_start, hits, expires_at)
       select bucket, key, cur_start, 1, expires from w where take and prev_hits * weight + 1 <= lim
       ${read ? 'and (select count(*) from read_rows) >= 0' /* the read ends before a row is locked */ : ''}
        order by bucket, key
       on conflict (bucket, key, window_start) do update set hits = r.hits + 1
         where r.hits + 1 + (select w.prev_hits * w.weight from w where w.take and w.bucket = r.bucket and w.key = r.key)
               <= (select w.lim from w where w.take and w.bucket = r.bucket and w.key = r.key)
       returning r.bucket, r.key)
     select l.limits${read ? ', rr.*' : ''}
       from (select (select json_agg(json_build_array(w.prev_hits, w.cur_hits,
                 exists (select 1 from taken t where w.take and t.bucket = w.bucket and t.key = w.key)) order by w.i)
               from w) as limits) l
       ${read ? 'left join (select true as read_row, read_rows.* from read_rows) rr on true' : ''}`,
    read ? [...params, ...read.values] : params,
    { ownConnection: true },
  );
  // Old windows are swept now and then by whichever request comes (no job needed for a small table).
  // Against the same clock as the windows, so a caller's explicit `now` never sweeps its own windows.
  if (Math.random() < 0.01)
    await app.orm.em
      .getConnection()
      .execute(`delete from core_rate_limit where expires_at < ?`, [new Date(now)]);
  const limits = statement[0]?.limits ?? [];
  const states = checks.map((check, i) => {
    const { rule } = check;
    const { row, windowStart } = prepared[i];
    const [previous, current, taken] = limits[row] ?? [0, 0, false];
    if (check.take && !taken) app.metrics.rateLimitRefused(rule.bucket);
    const wait = taken ? 0 : retryAfterSeconds(rule, Number(previous), Number(current), now - windowStart);
    // A refused take waits at least a second, even when the windows read before a concurrent hit
    // took the last place said it might go now.
    return { taken, retryAfterSeconds: check.take && !taken ? Math.max(1, wait) : wait };
  });
  // Without a row of the read, the left join still gives the one row of the limits (no `read_row`).
  const readRows = read
    ? statement
        .filter((row) => (row as { read_row?: boolean }).read_row)
        .map((row) => {
          const { limits: _limits, read_row: _readRow, ...rest } = row as Record<string, unknown>;
          return rest as T;
        })
    : [];
  return { states, rows: readRows };
}

type LimitRow = [previous: number, current: number, taken: boolean];

/**
 * Takes one hit of a rate limit for `key`, or says no (one statement; see `checkRateLimits` for how
 * the count is kept).
 */
export async function takeRateLimit(
  app: AppServices,
  rule: RateLimit,
  key: string,
  now: number = Date.now(),
): Promise<boolean> {
  const states = await checkRateLimits(app, [{ rule, key, take: true }], { now });
  return states[0].taken;
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
  const states = await checkRateLimits(app, [{ rule, key }], { now });
  return states[0].retryAfterSeconds;
}

/**
 * The wait for one more hit, given the previous and current windows' hits and the time elapsed in the
 * current window: allowed once previous·(1 − t/W) + current + 1 ≤ limit.
 */
function retryAfterSeconds(rule: RateLimit, previous: number, current: number, elapsed: number): number {
  // …at t in this window…
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
 * (`extensions.retryAfterSeconds`): the one way a service refuses a client over a limit. One
 * statement either way.
 */
export async function enforceRateLimit(
  app: AppServices,
  rule: RateLimit,
  key: string,
  message: LocalizedText,
): Promise<void> {
  const states = await checkRateLimits(app, [{ rule, key, take: true }]);
  if (states[0].taken) return;
  throw new TooManyRequestsError(message, states[0].retryAfterSeconds);
}
