import { createTestApp, TestApp } from './harness';
import { loadConfig } from '../src/config/config';
import { ConfigError } from '../src/config/env-reader';
import { notesPlugin } from './fixtures/notes.plugin';
import { probePlugin } from './fixtures/probe.plugin';

/**
 * /metrics scraped over HTTP, as Prometheus does, after real GraphQL requests, real job runs of the
 * worker, a real rate-limit refusal and a query holding a pooled connection: each listed series
 * must move.
 */
jest.setTimeout(120_000);

const TOKEN = 'metrics-test-token-0123456789';
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    plugins: [notesPlugin, probePlugin],
    env: { METRICS_TOKEN: TOKEN, FILES_ANONYMOUS_UPLOADS_PER_HOUR: '1' },
  });
});
afterAll(async () => t?.close());

/** One sample of a scrape: `name{a="b",…} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(await res.text());
}

/** The value of the sample with exactly these labels among its own (0 when absent). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.find(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return found?.value ?? 0;
}

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('/metrics', () => {
  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    const none = await fetch(`${t.baseUrl}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('platform_');
  });

  it('counts GraphQL operations by name, their latency and their errors', async () => {
    const before = await scrape();
    const ok = { operation: 'Echo', type: 'query' };
    await t.query(`query Echo { slowEcho(ms: 1, text: "a") }`);
    await t.query(`query Echo { slowEcho(ms: 1, text: "b") }`);
    // Refused for lack of a token: an error of a named mutation.
    const denied = await t.request(`mutation AddIt { addNote(input: { text: "x", unitId: "u" }) { id } }`);
    expect(denied.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // A document that does not validate resolves no operation.
    const invalid = await t.request(`query Broken { noSuchField }`);
    expect(invalid.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const after = await scrape();

    const requests = 'platform_graphql_requests_total';
    expect(value(after, requests, ok) - value(before, requests, ok)).toBe(2);
    expect(value(after, requests, { operation: 'AddIt', type: 'mutation' })).toBe(1);
    expect(value(after, requests, { operation: '(invalid)', type: 'unknown' })).toBe(1);
    const count = 'platform_graphql_request_duration_seconds_count';
    expect(value(after, count, ok) - value(before, count, ok)).toBe(2);
    expect(value(after, 'platform_graphql_request_duration_seconds_sum', ok)).toBeGreaterThan(0);
    expect(
      value(after, 'platform_graphql_errors_total', { operation: 'AddIt', code: 'UNAUTHENTICATED' }),
    ).toBe(1);
    expect(
      value(after, 'platform_graphql_errors_total', {
        operation: '(invalid)',
        code: 'GRAPHQL_VALIDATION_FAILED',
      }),
    ).toBe(1);
    expect(value(after, 'platform_graphql_errors_total', { operation: 'Echo' })).toBe(0);
  });

  it('counts job runs and failures and reads the queue depth from the database', async () => {
    const jobs = t.app.services.jobs;
    const em = t.app.orm.em.fork();
    const before = await scrape();
    await jobs.enqueue(em, 'notes.flaky', { failTimes: 0, marker: 'm-ok' });
    // One attempt only: its failure is final.
    await jobs.enqueue(em, 'notes.gated', { marker: 'm-closed' }, { maxAttempts: 1 });
    await jobs.enqueue(
      em,
      'notes.flaky',
      { failTimes: 0, marker: 'm-later' },
      { runAt: new Date(Date.now() + 3_600_000) },
    );
    const queued = await scrape();
    expect(value(queued, 'platform_jobs_queue_depth', { task: 'notes.flaky', state: 'pending' })).toBe(2);
    expect(value(queued, 'platform_jobs_queue_depth', { task: 'notes.gated', state: 'pending' })).toBe(1);

    await t.runJobs();
    const after = await scrape();
    const runs = 'platform_jobs_runs_total';
    const delta = (name: string, labels: Record<string, string>) =>
      value(after, name, labels) - value(before, name, labels);
    expect(delta(runs, { task: 'notes.flaky', outcome: 'success' })).toBe(1);
    expect(delta(runs, { task: 'notes.gated', outcome: 'error' })).toBe(1);
    expect(delta('platform_jobs_failed_total', { task: 'notes.gated' })).toBe(1);
    expect(delta('platform_job_duration_seconds_count', { task: 'notes.flaky' })).toBe(1);
    expect(value(after, 'platform_jobs_queue_depth', { task: 'notes.gated', state: 'failed' })).toBe(1);
    expect(value(after, 'platform_jobs_queue_depth', { task: 'notes.gated', state: 'pending' })).toBe(0);
    // The one left waiting for its time; the run one is gone from the table.
    expect(value(after, 'platform_jobs_queue_depth', { task: 'notes.flaky', state: 'pending' })).toBe(1);
  });

  it('counts rate-limit refusals by bucket', async () => {
    const bucket = { bucket: 'core.files.anonymous-upload' };
    const before = value(await scrape(), 'platform_rate_limit_refusals_total', bucket);
    const upload = () =>
      fetch(`${t.baseUrl}/files`, { method: 'POST', headers: { 'x-file-name': 'a.pdf' }, body: pdf });
    expect((await upload()).status).toBe(201);
    expect((await upload()).status).toBe(429);
    expect((await upload()).status).toBe(429);
    const after = value(await scrape(), 'platform_rate_limit_refusals_total', bucket);
    expect(after - before).toBe(2);
  });

  it('shows the pools and the transaction slots: size, and what is in use while statements run', async () => {
    const idle = await scrape();
    const poolMax = t.app.services.config.database.poolMax;
    expect(value(idle, 'platform_db_pool_connections', { pool: 'api', state: 'max' })).toBe(poolMax);
    expect(value(idle, 'platform_db_pool_connections', { pool: 'jobs', state: 'max' })).toBe(
      t.app.services.config.jobs.poolMax,
    );
    expect(value(idle, 'platform_db_pool_connections', { pool: 'api', state: 'used' })).toBe(0);
    // Three requests held in the database at once, each on its own pooled connection.
    const held = Promise.all(
      [1, 2, 3].map(() => t.app.orm.em.fork().getConnection().execute('select pg_sleep(1.5)')),
    );
    await new Promise((r) => setTimeout(r, 500));
    const busy = await scrape();
    expect(value(busy, 'platform_db_pool_connections', { pool: 'api', state: 'used' })).toBe(3);
    await held;
    const done = await scrape();
    expect(value(done, 'platform_db_pool_connections', { pool: 'api', state: 'used' })).toBe(0);
    expect(
      value(done, 'platform_db_pool_connections', { pool: 'api', state: 'idle' }),
    ).toBeGreaterThanOrEqual(3);
    // Transactions past the slots (the pool less one) wait for one, and the gauge says so.
    const slots = poolMax - 1;
    const transactions = Promise.all(
      Array.from({ length: slots + 2 }, () => {
        const ctx = t.app.systemContext();
        return ctx.transactional(() => ctx.em.execute('select pg_sleep(1.5)'));
      }),
    );
    await new Promise((r) => setTimeout(r, 500));
    const queued = await scrape();
    expect(value(queued, 'platform_transaction_slots', { state: 'max' })).toBe(slots);
    expect(value(queued, 'platform_transaction_slots', { state: 'open' })).toBe(slots);
    expect(value(queued, 'platform_transaction_slots', { state: 'waiting' })).toBe(2);
    await transactions;
    const drained = await scrape();
    expect(value(drained, 'platform_transaction_slots', { state: 'open' })).toBe(0);
    expect(value(drained, 'platform_transaction_slots', { state: 'waiting' })).toBe(0);
    // Node's own series come with it.
    expect(done.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);
  });
});

describe('metrics configuration', () => {
  const production = {
    NODE_ENV: 'production',
    KEYCLOAK_URL: 'https://sso.example.gov.vn',
    DATABASE_URL: 'postgres://u:p@db/platform',
    FILES_URL_KEY: Buffer.alloc(32, 7).toString('base64'),
  };

  it('is on outside production, and in production only with a token', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).metrics).toEqual({ enabled: true, token: null });
    expect(loadConfig(production).metrics).toEqual({ enabled: false, token: null });
    expect(loadConfig({ ...production, METRICS_TOKEN: TOKEN }).metrics).toEqual({
      enabled: true,
      token: TOKEN,
    });
    expect(loadConfig({ NODE_ENV: 'development', METRICS_ENABLED: 'false' }).metrics.enabled).toBe(false);
  });

  it('refuses an open /metrics in production and a short token', () => {
    expect(() => loadConfig({ ...production, METRICS_ENABLED: 'true' })).toThrow(
      /METRICS_ENABLED in production needs METRICS_TOKEN/,
    );
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_ENABLED: 'maybe' })).toThrow(/METRICS_ENABLED must be true or false/);
  });

  it('answers 404 at /metrics when off', async () => {
    const off = await createTestApp({ plugins: [], env: { METRICS_ENABLED: 'false' } });
    try {
      expect((await fetch(`${off.baseUrl}/metrics`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
