import net from 'node:net';
import { Writable } from 'node:stream';
import { createTestApp, type TestApp } from './harness';
import { probePlugin } from './fixtures/probe.plugin';

/**
 * The limits that keep one slow client or one runaway statement from holding the server: the
 * database's statement_timeout (DATABASE_STATEMENT_TIMEOUT_MS) and the HTTP server's headers,
 * request and keep-alive timeouts, with their defaults and configured small, over real sockets.
 */
jest.setTimeout(60_000);

/** A raw TCP client: what it received, and when the server closed the connection. */
function rawClient(baseUrl: string) {
  const url = new URL(baseUrl);
  const socket = net.connect(Number(url.port), url.hostname);
  let received = '';
  const opened = Date.now();
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - opened)));
  return {
    socket,
    received: () => received,
    closed,
    connected: new Promise((r) => socket.once('connect', r)),
  };
}

/** Writes `piece` every `everyMs` until the socket closes (a slowloris). */
function dribble(socket: net.Socket, piece: string, everyMs: number) {
  const timer = setInterval(() => {
    if (!socket.destroyed && socket.writable) socket.write(piece);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
  return () => clearInterval(timer);
}

describe('with the defaults', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [probePlugin] });
  });
  afterAll(() => t?.close());

  it("sets the request's database session statement_timeout to 30 s", async () => {
    const data = await t.query(`{ probeDatabaseSetting(name: "statement_timeout") }`);
    expect(data.probeDatabaseSetting).toBe('30s');
  });

  it('closes an idle keep-alive connection after 5 s, not before', async () => {
    const client = rawClient(t.baseUrl);
    await client.connected;
    client.socket.write('GET /livez HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n\r\n');
    const elapsed = await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(client.received()).toMatch(/keep-alive: timeout=5/i);
    expect(elapsed).toBeGreaterThanOrEqual(4500);
    expect(elapsed).toBeLessThan(8000);
  });
});

describe('configured small', () => {
  let t: TestApp;
  const logLines: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    t = await createTestApp({
      plugins: [probePlugin],
      env: {
        DATABASE_STATEMENT_TIMEOUT_MS: '500',
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_REQUEST_TIMEOUT_MS: '2000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '600',
        LOG_LEVEL: 'warn',
      },
      logDestination: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
            logLines.push(JSON.parse(line) as Record<string, unknown>);
          callback();
        },
      }),
    });
  });
  afterAll(() => t?.close());

  it('cancels a statement past DATABASE_STATEMENT_TIMEOUT_MS: REQUEST_TIMEOUT, logged as such, and the pool keeps working', async () => {
    expect((await t.query(`{ probeDatabaseSetting(name: "statement_timeout") }`)).probeDatabaseSetting).toBe(
      '500ms',
    );
    const started = Date.now();
    const res = await t.request(`{ probeDatabaseSleep(seconds: 5.25) }`);
    const took = Date.now() - started;
    expect(res.errors?.[0]).toMatchObject({
      path: ['probeDatabaseSleep'],
      extensions: { code: 'REQUEST_TIMEOUT' },
    });
    expect(res.errors?.[0].message).toMatch(/statement timeout/);
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(3000);
    // Within the limit it runs; the connection that was cancelled is usable again.
    for (let i = 0; i < 3; i++)
      expect((await t.query(`{ probeDatabaseSleep(seconds: 0.05) }`)).probeDatabaseSleep).toBe(true);
    const warning = logLines.find((l) => l.msg === 'statement cancelled by the statement timeout');
    expect(warning).toBeDefined();
    // Neither the statement's values nor an "unexpected error".
    expect(JSON.stringify(warning)).not.toContain('5.25');
    expect(logLines.some((l) => l.msg === 'unexpected error in GraphQL operation')).toBe(false);
  });

  it('answers 408 and closes a client that never finishes its headers, at HTTP_HEADERS_TIMEOUT_MS', async () => {
    const client = rawClient(t.baseUrl);
    await client.connected;
    client.socket.write('POST /graphql HTTP/1.1\r\nHost: test\r\n');
    // A header line every 200 ms, never the blank line that ends them.
    dribble(client.socket, 'X-Slow: a\r\n', 200);
    const elapsed = await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    // Node checks its limits on an interval (30 s unless set): the server sets it from the limit.
    expect(elapsed).toBeLessThan(3000);
  });

  it('answers 408 and closes a client that sends its body too slowly, at HTTP_REQUEST_TIMEOUT_MS', async () => {
    const client = rawClient(t.baseUrl);
    await client.connected;
    client.socket.write(
      'POST /graphql HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{',
    );
    dribble(client.socket, ' ', 200);
    const elapsed = await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(4500);
  });

  it('closes an idle keep-alive connection after HTTP_KEEP_ALIVE_TIMEOUT_MS', async () => {
    const client = rawClient(t.baseUrl);
    await client.connected;
    client.socket.write('GET /livez HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n\r\n');
    const elapsed = await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(elapsed).toBeGreaterThanOrEqual(500);
    expect(elapsed).toBeLessThan(2500);
  });
});
