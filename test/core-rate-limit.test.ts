import { Client } from 'pg';
import { checkRateLimits, checkRateLimitsAndRead, rateLimitRetryAfter, takeRateLimit } from '../src';
import { createTestApp, TestApp } from './harness';
import { notesPlugin } from './fixtures/notes.plugin';

/**
 * The shared rate limiter against the real PostgreSQL, with explicit clock vectors: a sliding window
 * approximated from two fixed ones, refused hits not counted.
 */
describe('rate limiter (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [notesPlugin] });
  });
  afterAll(() => t.close());

  const minute = 60_000;
  const base = Date.UTC(2026, 11, 4, 8, 0, 0); // a window boundary for one-minute windows
  const take = (key: string, at: number, limit = 4) =>
    takeRateLimit(t.app.services, { bucket: 'test.vectors', limit, windowMs: minute }, key, base + at);

  it('allows `limit` hits in a window and refuses the next, without counting the refusals', async () => {
    const results = [];
    for (const at of [0, 1_000, 2_000, 3_000, 4_000, 5_000, 59_999]) results.push(await take('a', at));
    expect(results).toEqual([true, true, true, true, false, false, false]);
    const [row] = await t.sql<{ hits: number }>(
      `select hits from core_rate_limit where bucket = 'test.vectors' and window_start = $1`,
      [new Date(base)],
    );
    expect(row.hits).toBe(4);
  });

  it('weighs the previous window by how much of it the sliding window still covers', async () => {
    // 4 hits in [0, 60 s); at 75 s the previous window weighs 0.75 × 4 = 3: one more hit, then no.
    expect([await take('a', 75_000), await take('a', 75_000)]).toEqual([true, false]);
    // At 105 s it weighs 0.25 × 4 = 1, with 1 hit in this window: two more (1 + 3 = 4), then no.
    expect([await take('a', 105_000), await take('a', 105_000), await take('a', 105_000)]).toEqual([
      true,
      true,
      false,
    ]);
    // Two windows later nothing weighs any more.
    expect(await take('a', 180_000)).toBe(true);
  });

  it('counts keys and buckets apart, and concurrent hits never exceed the limit', async () => {
    expect(await take('b', 0)).toBe(true);
    expect(
      await takeRateLimit(t.app.services, { bucket: 'test.other', limit: 1, windowMs: minute }, 'a', base),
    ).toBe(true);
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => take('c', 10_000, 5)));
    expect(concurrent.filter(Boolean)).toHaveLength(5);
  });
  it('tells how long to wait after a refusal (explicit vectors)', async () => {
    const rule = { bucket: 'test.retry', limit: 4, windowMs: minute };
    const hit = (at: number) => takeRateLimit(t.app.services, rule, 'r', base + at);
    const wait = (at: number) => rateLimitRetryAfter(t.app.services, rule, 'r', base + at);
    expect(await wait(0)).toBe(0);
    for (const at of [0, 1_000, 2_000, 3_000]) expect(await hit(at)).toBe(true);
    // Full window: the 4 hits weigh 4·(1 − x/60) ≤ 3 from x = 15 s into the next one: 30 + 45 = 75 s.
    expect(await hit(30_000)).toBe(false);
    expect(await wait(30_000)).toBe(45);
    expect(await hit(74_000)).toBe(false);
    expect(await hit(75_000)).toBe(true);
    // Now 1 hit in this window and the previous one weighing: 4·(1 − t/60) + 1 + 1 ≤ 4 from t = 30 s.
    expect(await hit(76_000)).toBe(false);
    expect(await wait(76_000)).toBe(14);
    expect(await hit(90_000)).toBe(true);
  });

  it('takes and inspects several limits in one statement', async () => {
    const ip = { bucket: 'test.multi.ip', limit: 2, windowMs: minute };
    const wrong = { bucket: 'test.multi.wrong', limit: 1, windowMs: minute };
    const check = (at: number, takeWrong = false) =>
      checkRateLimits(
        t.app.services,
        [
          { rule: ip, key: 'client', take: true },
          { rule: wrong, key: 'client code', take: takeWrong },
        ],
        { now: base + at },
      );
    const first = await check(0, true);
    expect(first).toEqual([
      { taken: true, retryAfterSeconds: 0 },
      // Taken now: the windows as they stood before it said one more was allowed.
      { taken: true, retryAfterSeconds: 0 },
    ]);
    // The wrong-guess limit (1) is full: looking at it says how long — this window and all of the next,
    // where its hit weighs 1·(1 − x/60) until x = 60 s; the address limit still allows a second hit.
    expect(await check(0)).toEqual([
      { taken: true, retryAfterSeconds: 0 },
      { taken: false, retryAfterSeconds: 120 },
    ]);
    // The third hit from the address is refused, with the wait the same windows give on their own,
    // and not counted.
    const third = await check(30_000);
    expect(third[0]).toEqual({
      taken: false,
      retryAfterSeconds: await rateLimitRetryAfter(t.app.services, ip, 'client', base + 30_000),
    });
    // The rest of this window (30 s) and half the next, where its 2 hits weigh 2·(1 − x/60) ≤ 1.
    expect(third[0].retryAfterSeconds).toBe(60);
    const rows = await t.sql<{ bucket: string; hits: number }>(
      `select bucket, hits from core_rate_limit where bucket like 'test.multi.%' order by bucket`,
    );
    expect(rows).toEqual([
      { bucket: 'test.multi.ip', hits: 2 },
      { bucket: 'test.multi.wrong', hits: 1 },
    ]);
  });

  it('weighs looks at the same windows of one key each against its own limit', async () => {
    const rule = { bucket: 'test.shared', limit: 3, windowMs: minute };
    await takeRateLimit(t.app.services, rule, 'k', base);
    const states = await checkRateLimits(
      t.app.services,
      [
        { rule, key: 'k' },
        { rule: { ...rule, limit: 1 }, key: 'k' },
        { rule, key: 'other' },
      ],
      { now: base + 1_000 },
    );
    // The same hit, weighed against each check's own limit.
    expect(states).toEqual([
      { taken: false, retryAfterSeconds: 0 },
      { taken: false, retryAfterSeconds: 119 },
      { taken: false, retryAfterSeconds: 0 },
    ]);
  });

  describe('with a read in the same statement', () => {
    const rule = { bucket: 'test.read', limit: 2, windowMs: minute };
    const readOf = (sql: string, values: unknown[] = []) => ({ sql, values });

    it('answers the rows of the read whatever the limits say, and an empty read as no rows', async () => {
      const take = () =>
        checkRateLimitsAndRead<{ n: number; missing: string | null }>(
          t.app.services,
          [{ rule, key: 'reader', take: true }],
          readOf('select n, null::text as missing from generate_series(1, ?::int) n order by n', [2]),
          { now: base },
        );
      expect(await take()).toEqual({
        states: [{ taken: true, retryAfterSeconds: 0 }],
        rows: [
          { n: 1, missing: null },
          { n: 2, missing: null },
        ],
      });
      await take();
      // Refused: the rows still come back; the caller decides not to use them.
      const refused = await take();
      expect(refused.states[0].taken).toBe(false);
      expect(refused.rows).toHaveLength(2);
      // A row whose every column is null is a row; no row is none.
      const nulls = await checkRateLimitsAndRead(
        t.app.services,
        [{ rule, key: 'nulls' }],
        readOf('select null::text as a'),
        { now: base },
      );
      expect(nulls.rows).toEqual([{ a: null }]);
      const none = await checkRateLimitsAndRead(
        t.app.services,
        [{ rule, key: 'none' }],
        readOf('select 1 as a where false'),
        { now: base },
      );
      expect(none).toEqual({ states: [{ taken: false, retryAfterSeconds: 0 }], rows: [] });
    });

    it('runs the read before it waits for a limit row another statement holds', async () => {
      await t.sql('create sequence if not exists test_read_probe');
      const key = 'held';
      await takeRateLimit(t.app.services, rule, key, base);
      const [{ before }] = await t.sql<{ before: string }>(
        `select (case when is_called then last_value else 0 end)::text as before from test_read_probe`,
      );
      // Another connection holds the row of `key` in this window.
      const holder = new Client({ connectionString: t.databaseUrl });
      await holder.connect();
      try {
        await holder.query('begin');
        await holder.query(
          `update core_rate_limit set hits = hits where bucket = 'test.read' and window_start = $1`,
          [new Date(base)],
        );
        const pending = checkRateLimitsAndRead<{ probe: string }>(
          t.app.services,
          [{ rule, key, take: true }],
          readOf(`select nextval('test_read_probe')::text as probe`),
          { now: base },
        );
        // The read has run (a sequence moves outside transactions) while the take waits.
        let seen = before;
        for (let i = 0; i < 100 && seen === before; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          [{ seen }] = await t.sql<{ seen: string }>(
            `select (case when is_called then last_value else 0 end)::text as seen from test_read_probe`,
          );
        }
        expect(Number(seen)).toBeGreaterThan(Number(before));
        const [{ waiting }] = await t.sql<{ waiting: number }>(
          `select count(*)::int as waiting from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
        );
        expect(waiting).toBe(1);
        await holder.query('rollback');
        const done = await pending;
        expect(done.states[0].taken).toBe(true);
        expect(done.rows).toEqual([{ probe: seen }]);
      } finally {
        await holder.end();
      }
    });
  });
});
