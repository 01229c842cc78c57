import { Client } from 'pg';
import { createTestApp, TestApp } from './harness';
import { notesPlugin } from './fixtures/notes.plugin';
import { probePlugin, probeState } from './fixtures/probe.plugin';

/**
 * GraphQL over HTTP as a client sees it (methods, status codes, media types, abuse limits,
 * pagination), health endpoints, request ids, and a shutdown that lets requests finish.
 */

const MAX_PAGE_SIZE = 5;

/** `{ probeTree { child { child ... { depth } } } }` with `levels` nested selections in all. */
function deepQuery(levels: number): string {
  let inner = 'depth';
  for (let i = 0; i < levels - 1; i++) inner = `child { ${inner} }`;
  return `{ probeTree { ${inner} } }`;
}

describe('GraphQL over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      plugins: [notesPlugin, probePlugin],
      env: {
        GRAPHQL_MAX_PAGE_SIZE: String(MAX_PAGE_SIZE),
        GRAPHQL_MAX_DEPTH: '12',
        GRAPHQL_MAX_ALIASES: '20',
        HTTP_BODY_LIMIT_MB: '1',
      },
    });
  });
  afterAll(() => t.close());

  const get = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}?query=${encodeURIComponent(query)}`, { headers });
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  describe('methods, status codes and media types', () => {
    it('answers a GET query (with a header that forces a CORS preflight)', async () => {
      const response = await get('{ platform { plugins { id } } }', { 'apollo-require-preflight': 'true' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({
        data: { platform: { plugins: [{ id: 'core' }, { id: 'notes' }, { id: 'probe' }] } },
      });
    });

    it('refuses a simple GET that a cross-site form could send (CSRF)', async () => {
      const response = await get('{ platform { version } }');
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/Cross-Site Request Forgery/);
    });

    it('refuses a mutation over GET with 405 and Allow: POST', async () => {
      const response = await get('mutation { retryJobs(input: { ids: [] }) { rescheduled } }', {
        'apollo-require-preflight': 'true',
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      const body: any = await response.json();
      expect(body.errors[0].message).toMatch(/only support query operations, not mutation/);
    });

    it('answers malformed JSON with 400 and a JSON error, without a stack trace', async () => {
      const response = await post('{"query": "{ platform { version } }"');
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }],
      });
      expect(text).not.toMatch(/at .*\.js|node_modules|SyntaxError: /);
    });

    it('answers a body over the size limit with 413 and a JSON error', async () => {
      const response = await post(
        JSON.stringify({ query: `{ platform { version } }`, variables: { pad: 'x'.repeat(1_100_000) } }),
      );
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({
        errors: [{ message: 'The request body is too large', extensions: { code: 'BAD_REQUEST' } }],
      });
    });

    it('never echoes the value of a variable that fails validation (it may be a password)', async () => {
      const response = await post(
        JSON.stringify({
          query: 'mutation($input: AddNoteInput!) { addNote(input: $input) { id } }',
          variables: { input: { text: 's3cr3t-passphrase', unitId: 5 } },
        }),
      );
      const body = (await response.json()) as { errors: Array<{ message: string }> };
      expect(body.errors[0].message).toBe(
        'Variable "$input" got an invalid value at "input.unitId"; String cannot represent a non string value.',
      );
      expect(JSON.stringify(body)).not.toContain('s3cr3t');
    });

    it('answers a POST without a query with 400', async () => {
      const response = await post('{"variables": {}}');
      expect(response.status).toBe(400);
    });

    it('uses application/graphql-response+json when the client accepts it, with 4xx for invalid operations', async () => {
      const accept = { accept: 'application/graphql-response+json, application/json;q=0.9' };
      const ok = await post(JSON.stringify({ query: '{ platform { version } }' }), accept);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');

      const invalid = await post(JSON.stringify({ query: '{ noSuchField }' }), accept);
      expect(invalid.status).toBe(400);
      expect(invalid.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
      expect(((await invalid.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

      const syntax = await post(JSON.stringify({ query: '{ platform { ' }), accept);
      expect(syntax.status).toBe(400);
      expect(((await syntax.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    });

    it('sends security headers and no X-Powered-By', async () => {
      const response = await post(JSON.stringify({ query: '{ platform { version } }' }));
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-powered-by')).toBeNull();
    });

    it('tells browsers and proxies never to store an answer, whether it succeeds or fails', async () => {
      const answers = [
        await post(JSON.stringify({ query: '{ platform { version } }' })),
        await post(JSON.stringify({ query: '{ nope }' })),
        await get('{ platform { version } }', { 'apollo-require-preflight': 'true' }),
      ];
      expect(answers.map((answer) => answer.headers.get('cache-control'))).toEqual([
        'no-store',
        'no-store',
        'no-store',
      ]);
    });

    it('answers a POST (served without Express) with the same headers as a GET through Express, and no ETag', async () => {
      const query = '{ platform { version } }';
      const headers = { origin: 'https://portal.example.vn', 'accept-language': 'en' };
      const viaPost = await post(JSON.stringify({ query }), headers);
      const viaGet = await get(query, { ...headers, 'apollo-require-preflight': 'true' });
      expect(viaPost.status).toBe(200);
      expect(await viaPost.json()).toEqual(await viaGet.json());
      for (const name of [
        'access-control-allow-origin',
        'cache-control',
        'content-language',
        'content-security-policy',
        'content-type',
        'cross-origin-opener-policy',
        'referrer-policy',
        'strict-transport-security',
        'vary',
        'x-content-type-options',
        'x-frame-options',
      ])
        expect([name, viaPost.headers.get(name)]).toEqual([name, viaGet.headers.get(name)]);
      expect(viaPost.headers.get('access-control-allow-origin')).toBe('https://portal.example.vn');
      expect(viaPost.headers.get('content-language')).toBe('en');
      expect(viaPost.headers.get('etag')).toBeNull();
      expect(Number(viaPost.headers.get('content-length'))).toBeGreaterThan(0);
    });
  });

  describe('limits against abusive queries', () => {
    it('answers a query within the depth limit', async () => {
      const data = await t.query(deepQuery(11));
      let node = data.probeTree;
      while (node.child) node = node.child;
      expect(node.depth).toBe(10);
    });

    it('refuses a query deeper than GRAPHQL_MAX_DEPTH', async () => {
      const result = await t.request(deepQuery(20));
      expect(result.status).toBe(400);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0].message).toMatch(/depth/i);
      expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('refuses more aliases than GRAPHQL_MAX_ALIASES', async () => {
      const aliases = (n: number) =>
        `{ ${Array.from({ length: n }, (_, i) => `a${i}: platform { version }`).join(' ')} }`;
      expect(Object.keys(await t.query(aliases(20)))).toHaveLength(20);
      const result = await t.request(aliases(21));
      expect(result.status).toBe(400);
      expect(result.errors?.[0].message).toMatch(/alias/i);
    });

    it('refuses a document with too many tokens as a parse error (400, not 500)', async () => {
      const fields = Array.from({ length: 10_100 }, () => '__typename').join(' ');
      // Signed in: this document (111 KB) is over the anonymous body limit.
      const result = await t.request(`{ ${fields} }`, undefined, { token: t.token('lan', ['citizen']) });
      expect(result.status).toBe(400);
      expect(result.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/contains more th\w+ 10000 tokens/),
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      });
    });

    it('refuses batched requests', async () => {
      const response = await post(
        JSON.stringify([{ query: '{ platform { version } }' }, { query: '{ platform { version } }' }]),
      );
      expect(response.status).toBe(400);
    });
  });

  describe('pagination', () => {
    const NOTES = `query($first: Int, $after: String) { notes(first: $first, after: $after) {
      totalCount edges { cursor node { text } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    let token: string;
    const texts = Array.from({ length: 12 }, (_, i) => `note ${String(i + 1).padStart(2, '0')}`);

    beforeAll(async () => {
      token = t.token('lan', ['leader']);
      for (const text of [...texts].reverse()) {
        await t.query(
          'mutation($input: AddNoteInput!) { addNote(input: $input) { id } }',
          { input: { text, unitId: 'u1' } },
          { token },
        );
      }
    });

    it('pages through every item with cursors', async () => {
      const seen: string[] = [];
      const pages: Array<{ hasNextPage: boolean; hasPreviousPage: boolean }> = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const data: any = await t.query(NOTES, { first: MAX_PAGE_SIZE, after }, { token });
        expect(data.notes.totalCount).toBe(12);
        seen.push(...data.notes.edges.map((e: any) => e.node.text));
        pages.push({
          hasNextPage: data.notes.pageInfo.hasNextPage,
          hasPreviousPage: data.notes.pageInfo.hasPreviousPage,
        });
        expect(data.notes.pageInfo.endCursor).toBe(data.notes.edges.at(-1).cursor);
        if (!data.notes.pageInfo.hasNextPage) break;
        after = data.notes.pageInfo.endCursor;
      }
      expect(seen).toEqual(texts);
      expect(pages).toEqual([
        { hasNextPage: true, hasPreviousPage: false },
        { hasNextPage: true, hasPreviousPage: true },
        { hasNextPage: false, hasPreviousPage: true },
      ]);
    });

    it('uses a default page size within the cap', async () => {
      const data = await t.query(NOTES, {}, { token });
      expect(data.notes.edges).toHaveLength(MAX_PAGE_SIZE);
    });

    it.each([
      [MAX_PAGE_SIZE + 1, `first may be at most ${MAX_PAGE_SIZE}`],
      [10_000, `first may be at most ${MAX_PAGE_SIZE}`],
      [-1, 'first must be a non-negative whole number'],
    ])('refuses first: %p with BAD_USER_INPUT', async (first, message) => {
      const result = await t.request(NOTES, { first }, { token });
      expect(result.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
    });

    it('refuses a forged cursor with BAD_USER_INPUT', async () => {
      const result = await t.request(NOTES, { first: 2, after: 'not-a-cursor' }, { token });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('health and request ids', () => {
    it('/livez answers 200 while the process runs', async () => {
      const response = await fetch(`${t.baseUrl}/livez`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it('/readyz answers 200 when the database is reachable and migrated, 503 while a migration is pending', async () => {
      const ready = await fetch(`${t.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });

      const [row] = await t.sql(
        `delete from core_migrations where name = 'notes/Migration20260101000000_notes' returning *`,
      );
      try {
        const pending = await fetch(`${t.baseUrl}/readyz`);
        expect(pending.status).toBe(503);
        expect(await pending.json()).toEqual({
          status: 'migrations pending',
          pending: ['notes/Migration20260101000000_notes'],
        });
      } finally {
        await t.sql('insert into core_migrations (id, name, executed_at) values ($1, $2, $3)', [
          row.id,
          row.name,
          row.executed_at,
        ]);
      }
      expect((await fetch(`${t.baseUrl}/readyz`)).status).toBe(200);
    });

    it('echoes a well-formed X-Request-Id and makes one up otherwise', async () => {
      const echoed = await post(JSON.stringify({ query: '{ platform { version } }' }), {
        'x-request-id': 'req-2026.11_abc',
      });
      expect(echoed.headers.get('x-request-id')).toBe('req-2026.11_abc');
      const replaced = await post(JSON.stringify({ query: '{ platform { version } }' }), {
        'x-request-id': 'bad id <script>',
      });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const made = await fetch(`${t.baseUrl}/livez`);
      expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});

describe('operations: database outage and graceful shutdown', () => {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [probePlugin] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('/readyz answers 503 while the database refuses connections, and recovers', async () => {
    const server = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await server.connect();
    const database = new URL(t!.databaseUrl).pathname.slice(1);
    try {
      await server.query(`alter database "${database}" with allow_connections false`);
      await server.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [database],
      );
      const down = await fetch(`${t!.baseUrl}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'database unreachable' });
      expect((await fetch(`${t!.baseUrl}/livez`)).status).toBe(200);
    } finally {
      await server.query(`alter database "${database}" with allow_connections true`);
      await server.end();
    }
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await fetch(`${t!.baseUrl}/readyz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });

  it('close() lets a request in flight finish, then stops accepting', async () => {
    const app = t!;
    const before = probeState.started;
    const slow = app.request<{ slowEcho: string }>(
      'query($ms: Int!, $text: String!) { slowEcho(ms: $ms, text: $text) }',
      { ms: 700, text: 'xin chào' },
    );
    while (probeState.started === before) await new Promise((r) => setTimeout(r, 5));

    const closeStarted = Date.now();
    const closing = app.close();
    t = undefined;
    const result = await slow;
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ slowEcho: 'xin chào' });
    await closing;
    // Busy keep-alive connections are ended when their response is sent: no waiting for client timeouts.
    expect(Date.now() - closeStarted).toBeLessThan(2000);
    expect(probeState.finished).toBe(probeState.started);
    await expect(fetch(`${app.baseUrl}/livez`)).rejects.toThrow();
  });
});
