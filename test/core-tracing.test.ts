import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './harness';
import { builtMain, productionEnv, startAppProcess, waitReady, type AppProcess } from './harness/built-app';

/**
 * OpenTelemetry tracing of the built app as a real child process (production mode, every plugin),
 * exporting over OTLP/HTTP to a receiver in this test: a stand-in for an OpenTelemetry collector (none
 * runs here) that accepts the exporter's JSON POSTs on /v1/traces as a collector does.
 */
jest.setTimeout(300_000);

interface ReceivedSpan {
  name: string;
  scope: string;
  service: string;
  attributes: Record<string, unknown>;
}

/** The collector stand-in: every span of every export request, flattened. */
async function otlpReceiver() {
  const spans: ReceivedSpan[] = [];
  /** Every export request as received, to search for values that must never leave the process. */
  const bodies: string[] = [];
  let posts = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      posts++;
      bodies.push(body);
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      type Value = { stringValue?: string; intValue?: string | number; boolValue?: boolean };
      const value = (v: Value) => v.stringValue ?? v.intValue ?? v.boolValue;
      const payload = JSON.parse(body) as {
        resourceSpans: Array<{
          resource: { attributes: Array<{ key: string; value: Value }> };
          scopeSpans: Array<{
            scope: { name: string };
            spans: Array<{ name: string; attributes?: Array<{ key: string; value: Value }> }>;
          }>;
        }>;
      };
      for (const resource of payload.resourceSpans) {
        const service = String(
          value(resource.resource.attributes.find((a) => a.key === 'service.name')?.value ?? {}),
        );
        for (const scope of resource.scopeSpans)
          for (const span of scope.spans)
            spans.push({
              name: span.name,
              scope: scope.scope.name,
              service,
              attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, value(a.value)])),
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    bodies,
    posts: () => posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let main: string;
let db: TestDatabase;
let dataDir: string;
let proc: AppProcess | undefined;
let receiver: Awaited<ReturnType<typeof otlpReceiver>>;

beforeAll(async () => {
  main = await builtMain();
  db = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-tracing-'));
  receiver = await otlpReceiver();
});
afterAll(async () => {
  await proc?.stop();
  await receiver?.close();
  await db?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function until(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('exports spans of an HTTP request, its GraphQL operation, its SQL and a job run, with no secret or SQL value in them', async () => {
  const { env, token } = productionEnv(db.url, dataDir, {
    TRACING_ENABLED: 'true',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url,
    OTEL_SERVICE_NAME: 'tracing-test-api',
    OTEL_BSP_SCHEDULE_DELAY: '200',
    JOBS_POLL_INTERVAL_MS: '200',
  });
  proc = startAppProcess(main, env);
  const baseUrl = await waitReady(proc);

  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query TracedUnits { administrativeUnits(first: 2) { totalCount } }',
    }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();
  // Polled paths are not traced.
  expect((await fetch(`${baseUrl}/livez`)).status).toBe(200);

  // Values that must never reach a span: a bearer token, a lookup's code and PIN (as variables and
  // written into the document), which MikroORM writes into its SQL text, and a download signature.
  const bearer = token('tracing.user', ['platform_admin']);
  const code = `ZZTRACE${randomBytes(6).toString('hex').toUpperCase()}`;
  const pin = String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000));
  const inlineCode = `ZZINLINE${randomBytes(6).toString('hex').toUpperCase()}`;
  const signature = `zzsig${randomBytes(12).toString('hex')}`;
  const secrets = { bearer, code, pin, inlineCode, signature };
  const gql = (query: string, variables?: unknown) =>
    fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query, variables }),
    }).then(
      (r) => r.json() as Promise<{ data?: unknown; errors?: Array<{ extensions?: { code?: string } }> }>,
    );
  const lookup = await gql(
    'query TracedLookup($input: LookupDossierInput!) { lookupDossier(input: $input) { status } }',
    { input: { code, secret: pin } },
  );
  expect(lookup.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  const inline = await gql(
    `query TracedInlineLookup { lookupDossier(input: { code: "${inlineCode}", secret: "${pin}" }) { status } }`,
  );
  expect(inline.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  const download = await fetch(
    `${baseUrl}/files/${randomUUID()}?expires=${Math.floor(Date.now() / 1000) + 600}&signature=${signature}`,
  );
  expect(download.status).toBe(403);

  // A job added as any process would add it; the child's worker runs it.
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(`select graphile_worker.add_job('core.files.sweep-orphans', '{}'::json)`);
  } finally {
    await client.end();
  }
  await until(
    () => receiver.spans.some((s) => s.name === 'job core.files.sweep-orphans'),
    30_000,
    'the job span',
  );
  // SIGTERM flushes what is still buffered.
  proc.child.kill('SIGTERM');
  expect(await proc.exited).toBe(0);

  const spans = receiver.spans;
  expect(spans.every((s) => s.service === 'tracing-test-api')).toBe(true);
  const httpSpan = spans.find(
    (s) => s.scope === '@opentelemetry/instrumentation-http' && /POST/.test(s.name),
  );
  expect(httpSpan).toBeDefined();
  expect(
    spans.some(
      (s) => s.scope === '@opentelemetry/instrumentation-http' && s.attributes['url.path'] === '/livez',
    ),
  ).toBe(false);
  const graphqlSpan = spans.find(
    (s) =>
      s.scope === '@opentelemetry/instrumentation-graphql' &&
      s.attributes['graphql.operation.name'] === 'TracedUnits',
  );
  expect(graphqlSpan).toBeDefined();
  const sqlSpans = spans.filter((s) => s.scope === '@opentelemetry/instrumentation-pg');
  const statement = (s: ReceivedSpan) =>
    String(s.attributes['db.statement'] ?? s.attributes['db.query.text'] ?? '');
  expect(sqlSpans.some((s) => /administrative_unit|staff_.*unit/i.test(statement(s)))).toBe(true);
  const jobSpan = spans.find((s) => s.name === 'job core.files.sweep-orphans');
  expect(jobSpan?.attributes['job.task']).toBe('core.files.sweep-orphans');
  expect(receiver.posts()).toBeGreaterThan(0);

  // Nowhere in anything exported: attributes, events, status messages, names.
  const exported = receiver.bodies.join('\n');
  expect(
    Object.entries(secrets).flatMap(([name, value]) => (exported.includes(value) ? [name] : [])),
  ).toEqual([]);
  // The lookups ran their SQL, and it was exported with its literals replaced.
  const lookupSql = sqlSpans.map(statement).filter((text) => /dossier/i.test(text) && /\?/.test(text));
  expect(lookupSql.length).toBeGreaterThan(0);
  expect(
    spans.some(
      (s) =>
        s.scope === '@opentelemetry/instrumentation-graphql' &&
        s.attributes['graphql.operation.name'] === 'TracedInlineLookup',
    ),
  ).toBe(true);
  const downloadSpan = spans.find(
    (s) =>
      s.scope === '@opentelemetry/instrumentation-http' && /\/files\//.test(JSON.stringify(s.attributes)),
  );
  expect(JSON.stringify(downloadSpan?.attributes)).toMatch(/signature=REDACTED/);
});

it('loads no OpenTelemetry SDK, exporter or instrumentation when tracing is off', () => {
  // @opentelemetry/api alone (a no-op facade) is loaded by prom-client for exemplars; everything that
  // records, patches or exports is what must stay out.
  const dist = path.dirname(main);
  const script = `
    require(${JSON.stringify(path.join(dist, 'tracing/start.js'))});
    require(${JSON.stringify(path.join(dist, 'app.js'))});
    require(${JSON.stringify(path.join(dist, 'plugin/discovery.js'))}).discoverPlugins();
    const loaded = Object.keys(require.cache).filter(
      (file) => file.includes('/@opentelemetry/') && !file.includes('/@opentelemetry/api/'),
    );
    process.stdout.write(JSON.stringify({ loaded, pg: Object.keys(require.cache).some((f) => /node_modules\\/pg\\//.test(f)) }));
  `;
  const run = (extra: Record<string, string>) => {
    const result = spawnSync(process.execPath, ['-e', script], {
      cwd: path.resolve(__dirname, '..'),
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', DATA_DIR: dataDir, ...extra },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    return JSON.parse(result.stdout) as { loaded: string[]; pg: boolean };
  };
  const off = run({});
  expect(off.pg).toBe(true);
  expect(off.loaded).toEqual([]);
  // The same script with tracing on does load them: the check above can see them.
  const on = run({ TRACING_ENABLED: 'true', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url });
  expect(on.loaded.length).toBeGreaterThan(0);
});
