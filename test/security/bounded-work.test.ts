import { gzipSync } from 'node:zlib';
import { createTestApp, TestApp } from '../harness';
import { staffPlugin } from '../../plugins/staff';
import { proceduresPlugin } from '../../plugins/procedures';
import { camerasPlugin } from '../../plugins/cameras';
import { probePlugin } from '../fixtures/probe.plugin';

/**
 * Every request's work is bounded before it starts: the cost of an operation counts page sizes,
 * aliases and the declared price of costly fields (QR images, labels, reports), with a smaller budget
 * for anonymous callers; anonymous bodies are small, also after gzip inflation; a request that runs
 * too long is answered 503 REQUEST_TIMEOUT.
 */
describe('security: bounded work per request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin, camerasPlugin, probePlugin],
      env: {
        GRAPHQL_MAX_COST: '20000',
        GRAPHQL_ANONYMOUS_MAX_COST: '2000',
        HTTP_ANONYMOUS_BODY_LIMIT_KB: '64',
        HTTP_BODY_LIMIT_MB: '32',
        HTTP_RESPONSE_TIMEOUT_MS: '1500',
      },
    });
  });
  afterAll(() => t?.close());

  const aliases = (n: number, field: string) =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
  const QR_PAGE = 'procedures(first: 100) { nodes { qrCodePng qrCodeSvg } }';

  it("refuses the issue's anonymous QR request (20 aliases × 100 QR codes) before running it", async () => {
    const started = Date.now();
    const res = await t.request(aliases(20, QR_PAGE));
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxCost: 2000 });
    // Per alias: the connection, and per node the node itself, its PNG (10) and its SVG (5).
    expect(res.errors?.[0].extensions?.cost).toBe(20 * (1 + 100 * (1 + 10 + 5)));
    expect(res.data).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('lets an anonymous caller have one page of QR codes, and a signed-in one more', async () => {
    const one = await t.request(`{ ${QR_PAGE} }`);
    expect(one.errors).toBeUndefined();
    const two = await t.request(aliases(2, QR_PAGE));
    expect(two.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', cost: 3202 });
    const signedIn = await t.request(aliases(2, QR_PAGE), undefined, { token: t.token('lan', ['citizen']) });
    expect(signedIn.errors).toBeUndefined();
    const tooMuch = await t.request(aliases(20, QR_PAGE), undefined, { token: t.token('lan', ['leader']) });
    expect(tooMuch.errors?.[0].extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      maxCost: 20000,
    });
  });

  it('counts variables, fragments and the page cap when first is missing', async () => {
    const viaVariable = await t.request(
      `query($n: Int) { procedures(first: $n) { ...page } } fragment page on ProcedureConnection { nodes { qrCodePng } }`,
      { n: 100 },
    );
    expect(viaVariable.errors).toBeUndefined();
    const noFirst = await t.request(aliases(2, 'procedures { nodes { qrCodePng qrCodeSvg } }'));
    // Without first, the page cap (GRAPHQL_MAX_PAGE_SIZE, 100) is what the server may return.
    expect(noFirst.errors?.[0].extensions?.cost).toBe(3202);
  });

  it('prices device labels: ten aliases of a page of labels are refused even signed in', async () => {
    const res = await t.request(
      aliases(10, 'devices(first: 100) { nodes { label { png svg } } }'),
      undefined,
      { token: t.token('admin', ['platform-admin']) },
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(Number(res.errors?.[0].extensions?.cost)).toBeGreaterThan(20000);
  });

  const post = (body: Buffer | string, headers: Record<string, string> = {}) =>
    fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('reads at most 64 KiB of an anonymous body, and 32 MiB of a signed-in one', async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(200 * 1024) } });
    const anonymous = await post(big);
    expect(anonymous.status).toBe(413);
    expect(
      ((await anonymous.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions
        .code,
    ).toBe('BAD_REQUEST');
    const signedIn = await post(big, { authorization: `Bearer ${t.token('lan', ['citizen'])}` });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('stops a gzip bomb at the anonymous limit of inflated bytes', async () => {
    // 30 MB of JSON whitespace that compresses to about 30 KB.
    const inflated = Buffer.concat([
      Buffer.from('{"query":"{ __typename }"'),
      Buffer.alloc(30 * 1024 * 1024, 0x20),
      Buffer.from('}'),
    ]);
    const bomb = gzipSync(inflated);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const res = await post(bomb, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(Date.now() - started).toBeLessThan(2000);
    // The same small gzip body inflating to a small document is fine.
    const fine = await post(gzipSync(JSON.stringify({ query: '{ __typename }' })), {
      'content-encoding': 'gzip',
    });
    expect(await fine.json()).toEqual({ data: { __typename: 'Query' } });
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('answers 503 REQUEST_TIMEOUT when a request runs past HTTP_RESPONSE_TIMEOUT_MS, and keeps serving', async () => {
    const started = Date.now();
    const res = await t.request(`{ slowEcho(ms: 4000, text: "muộn") }`);
    const took = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.errors?.[0].extensions?.code).toBe('REQUEST_TIMEOUT');
    expect(took).toBeGreaterThanOrEqual(1400);
    expect(took).toBeLessThan(3500);
    // A quick one is not affected, and the late handler's answer is dropped without harm.
    expect((await t.query(`{ slowEcho(ms: 10, text: "kịp") }`)).slowEcho).toBe('kịp');
    await new Promise((r) => setTimeout(r, 3000));
    expect((await t.query(`{ slowEcho(ms: 10, text: "vẫn chạy") }`)).slowEcho).toBe('vẫn chạy');
  });
});
