import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { createTestDatabase, type TestDatabase } from './harness';
import { builtMain, productionEnv, startAppProcess, waitReady, type AppProcess } from './harness/built-app';
import { freePort } from './harness/free-port';

/**
 * The built app (`node dist/src/main.js`, production mode) as a real child process on the test
 * PostgreSQL, stopped with a real SIGTERM while requests and jobs are running. Mail jobs go to a
 * real SMTP server in this process that answers slowly (the jobs are busy when the signal comes) or
 * never (they outlive the grace period and must be released, not left locked).
 */
jest.setTimeout(300_000);

let main: string;
beforeAll(async () => {
  main = await builtMain();
});

/** An SMTP server that holds each message `delayMs` before accepting it (Infinity: never). */
async function slowSmtp(delayMs: number) {
  let connections = 0;
  let accepted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        if (Number.isFinite(delayMs))
          setTimeout(() => {
            accepted++;
            callback();
          }, delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    connections: () => connections,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Connections held open by a message that is never answered.
        for (const socket of (server as unknown as { connections: Set<{ close(): void }> }).connections ?? [])
          socket.close();
      }),
  };
}

/** An OTLP endpoint that takes requests and never answers (a collector that hangs). */
async function silentCollector() {
  let requests = 0;
  const server = http.createServer(() => {
    requests++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function sql<R = Record<string, unknown>>(url: string, text: string, params: unknown[] = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as R[];
  } finally {
    await client.end();
  }
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Keeps `parallel` clients sending GraphQL requests until stopped; records every outcome. */
function load(baseUrl: string, parallel: number) {
  const outcomes: Array<number | string> = [];
  let running = true;
  const loops = Array.from({ length: parallel }, async () => {
    while (running) {
      try {
        const response = await fetch(`${baseUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        await response.text();
        outcomes.push(response.status);
      } catch (error) {
        // After the listener closed: refused or reset, never a wrong answer.
        const cause = (error as { cause?: { code?: string } }).cause;
        outcomes.push(cause?.code ?? 'network');
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

describe('stopping the built app with SIGTERM', () => {
  let db: TestDatabase;
  let dataDir: string;
  let proc: AppProcess | undefined;
  beforeEach(async () => {
    db = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-shutdown-'));
  });
  afterEach(async () => {
    await proc?.stop();
    proc = undefined;
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const enqueueMail = (count: number) =>
    sql(
      db.url,
      `select graphile_worker.add_job('core.send-mail', json_build_object('to', 'citizen' || n || '@example.vn', 'subject', 'Thông báo ' || n, 'text', 'x'), max_attempts => 5)
         from generate_series(1, $1) n`,
      [count],
    );
  const lockedJobs = () =>
    sql<{ count: string }>(
      db.url,
      `select count(*)::text as count from graphile_worker.jobs where locked_at is not null or locked_by is not null`,
    ).then((rows) => Number(rows[0].count));

  it('starts on an empty database with the statutory calendar, then drains requests and lets running jobs finish', async () => {
    const smtp = await slowSmtp(1500);
    try {
      const { env } = productionEnv(db.url, dataDir, {
        SMTP_URL: smtp.url,
        SHUTDOWN_TIMEOUT_SECONDS: '8',
        JOBS_CONCURRENCY: '3',
        JOBS_POLL_INTERVAL_MS: '100',
        CAMERAS_PROBE_SCHEDULE: 'off',
      });
      proc = startAppProcess(main, env);
      const baseUrl = await waitReady(proc);
      expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);

      // Production loads no demo data, but the platform's seeds are there: the statutory holidays.
      const [calendar] = await sql<{ count: string }>(
        db.url,
        `select count(*)::text as count from staff_calendar_entry where agency_id is null`,
      );
      expect(Number(calendar.count)).toBeGreaterThan(10);
      const [{ count: demoOfficials }] = await sql<{ count: string }>(
        db.url,
        `select count(*)::text as count from staff_official`,
      );
      expect(demoOfficials).toBe('0');

      await enqueueMail(3);
      const traffic = load(baseUrl, 8);
      await until(() => smtp.connections() >= 3, 30_000, 'the mail jobs to be sending');
      await until(() => traffic.outcomes.length > 20, 30_000, 'requests to flow');

      const signalled = Date.now();
      proc.child.kill('SIGTERM');
      const code = await proc.exited;
      const elapsed = Date.now() - signalled;
      await traffic.stop();

      expect({ code, output: code === 0 ? '' : proc.output().slice(-3000) }).toEqual({ code: 0, output: '' });
      expect(elapsed).toBeLessThan(8000);
      // The running jobs finished (the SMTP server accepted their messages) and none stays locked.
      expect(smtp.accepted()).toBe(3);
      expect(await lockedJobs()).toBe(0);
      const [{ count: left }] = await sql<{ count: string }>(
        db.url,
        `select count(*)::text as count from graphile_worker.jobs`,
      );
      expect(left).toBe('0');
      // Every request the server took got a full answer. The only failures are at the connection level
      // after the signal: new connections refused, or an idle keep-alive socket closed by the drain
      // just as the client reused it (the request never reached the server; clients retry these).
      const statuses = traffic.outcomes.filter((o) => typeof o === 'number');
      expect(statuses.length).toBeGreaterThan(20);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      expect(
        traffic.outcomes.filter(
          (o) => typeof o === 'string' && !['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(o),
        ),
      ).toEqual([]);
      const messages = proc.lines.map((l) => l.msg);
      expect(messages).toContain('shutting down: draining requests and jobs');
      expect(messages).toContain('stopped');
    } finally {
      await smtp.close();
    }
  });

  it.each([
    ['tracing off', false],
    ['tracing on, exporting to a collector that never answers', true],
  ])(
    'releases jobs that outlive the grace period instead of leaving them locked (%s)',
    async (_, tracing) => {
      const smtp = await slowSmtp(Number.POSITIVE_INFINITY);
      const collector = await silentCollector();
      try {
        const { env } = productionEnv(db.url, dataDir, {
          SMTP_URL: smtp.url,
          SHUTDOWN_TIMEOUT_SECONDS: '3',
          JOBS_CONCURRENCY: '2',
          JOBS_POLL_INTERVAL_MS: '100',
          CAMERAS_PROBE_SCHEDULE: 'off',
          ...(tracing
            ? {
                TRACING_ENABLED: 'true',
                OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.url,
                OTEL_BSP_SCHEDULE_DELAY: '100',
              }
            : {}),
        });
        proc = startAppProcess(main, env);
        const baseUrl = await waitReady(proc);
        // Spans waiting to be sent when the signal comes (with tracing on).
        for (let i = 0; i < 5; i++) await fetch(`${baseUrl}/graphql?query=%7B__typename%7D`);
        await enqueueMail(2);
        await until(() => smtp.connections() >= 2, 30_000, 'the mail jobs to be sending');
        await until(async () => (await lockedJobs()) === 2, 10_000, 'both jobs to be locked');

        const signalled = Date.now();
        proc.child.kill('SIGTERM');
        const code = await proc.exited;
        const elapsed = Date.now() - signalled;

        expect({ code, output: code === 0 ? '' : proc.output().slice(-3000) }).toEqual({
          code: 0,
          output: '',
        });
        expect(elapsed).toBeLessThan(3000);
        expect(await lockedJobs()).toBe(0);
        // Still queued, for another worker to send.
        const [{ count }] = await sql<{ count: string }>(
          db.url,
          `select count(*)::text as count from graphile_worker.jobs where task_identifier = 'core.send-mail'`,
        );
        expect(count).toBe('2');
        expect(proc.lines.map((l) => l.msg)).toContain(
          'jobs still running at the end of the shutdown grace period: releasing them for another worker',
        );
        if (tracing) {
          // The exporter did try, and its unanswered request did not hold the process.
          expect(collector.requests()).toBeGreaterThan(0);
          expect(proc.lines.map((l) => l.msg)).toContain(
            'traces still buffered at the end of the shutdown grace period: dropped',
          );
        }
      } finally {
        await smtp.close();
        await collector.close();
      }
    },
  );

  it('stops cleanly when the signal comes during start-up', async () => {
    const { env } = productionEnv(db.url, dataDir, { CAMERAS_PROBE_SCHEDULE: 'off' });
    proc = startAppProcess(main, env);
    await proc.waitForLine((l) => l.msg === 'starting');
    proc.child.kill('SIGTERM');
    const code = await proc.exited;
    expect({ code, output: code === 0 ? '' : proc.output().slice(-3000) }).toEqual({ code: 0, output: '' });
    const messages = proc.lines.map((l) => l.msg);
    expect(messages).toContain('stopped');
    expect(messages.some((m) => String(m).startsWith('GraphQL ready at'))).toBe(false);
  });
});

describe('stopping the development start (embedded PostgreSQL) with SIGTERM', () => {
  let dataDir: string;
  let proc: AppProcess | undefined;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-embedded-shutdown-'));
    // Run as root, the embedded PostgreSQL runs as an unprivileged user that creates its cluster here.
    fs.chmodSync(dataDir, 0o777);
  });
  afterEach(async () => {
    await proc?.stop();
    proc = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets running jobs finish before its own PostgreSQL stops, and then stops it', async () => {
    const smtp = await slowSmtp(1500);
    try {
      const pgPort = await freePort();
      proc = startAppProcess(main, {
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        EMBEDDED_POSTGRES_PORT: String(pgPort),
        SEED_DEMO: 'false',
        LOG_LEVEL: 'info',
        SMTP_URL: smtp.url,
        SHUTDOWN_TIMEOUT_SECONDS: '8',
        JOBS_CONCURRENCY: '3',
        JOBS_POLL_INTERVAL_MS: '100',
        CAMERAS_PROBE_SCHEDULE: 'off',
      });
      await waitReady(proc);
      const url = `postgres://postgres:postgres@127.0.0.1:${pgPort}/platform`;
      await sql(
        url,
        `select graphile_worker.add_job('core.send-mail', json_build_object('to', 'citizen' || n || '@example.vn', 'subject', 'Thông báo ' || n, 'text', 'x'), max_attempts => 5)
           from generate_series(1, 3) n`,
      );
      await until(() => smtp.connections() >= 3, 30_000, 'the mail jobs to be sending');

      proc.child.kill('SIGTERM');
      const code = await proc.exited;
      expect({ code, output: code === 0 ? '' : proc.output().slice(-3000) }).toEqual({ code: 0, output: '' });
      // The jobs kept their database until they finished: no connection was cut under them.
      expect(smtp.accepted()).toBe(3);
      expect(proc.output()).not.toContain('terminating connection due to administrator command');
      expect(proc.lines.filter((l) => l.level !== undefined && Number(l.level) >= 50)).toEqual([]);
      expect(proc.lines.map((l) => l.msg)).toContain('stopped');
      // And the process did stop its PostgreSQL on the way out.
      await expect(sql(url, 'select 1')).rejects.toThrow();
    } finally {
      await smtp.close();
    }
  });
});
