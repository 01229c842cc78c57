import fs from 'node:fs';
import { freePort } from './harness/free-port';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { STARTUP_LOCK_KEY } from '../src/db/database-lock';
import { createTestDatabase, type TestDatabase } from './harness';
import { builtMain, productionEnv, startAppProcess, type AppProcess } from './harness/built-app';

/**
 * The built app as a real process: it listens before the start-up seeds (the statutory calendar)
 * are in, and /readyz must say "starting" until they are, so that a load balancer sends no request
 * to a process whose calendar is still empty. The seeds wait for the start-up lock, which this test
 * holds: the process is caught listening with its seeds not yet run, every time.
 */
jest.setTimeout(300_000);

let main: string;
let db: TestDatabase;
let dataDir: string;
let proc: AppProcess | undefined;
let lock: Client | undefined;

beforeAll(async () => {
  main = await builtMain();
  db = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-readyz-'));
});

afterAll(async () => {
  await proc?.stop();
  await lock?.end().catch(() => undefined);
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Waits until another session waits for an advisory lock (the process's start-up lock request). */
async function queuedLockRequest(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const waiting = await lock!.query(
      `select 1 from pg_locks
        where locktype = 'advisory' and not granted and pid <> pg_backend_pid()
          and database = (select oid from pg_database where datname = current_database())`,
    );
    if (waiting.rowCount) return;
    if (Date.now() > deadline) throw new Error('the process never asked for the start-up lock');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('/readyz answers 503 "starting" while the start-up seeds wait, and 200 once they are in', async () => {
  const port = await freePort();
  const { env } = productionEnv(db.url, dataDir, { PORT: String(port), CAMERAS_PROBE_SCHEDULE: 'off' });
  const key = STARTUP_LOCK_KEY.toString();
  lock = new Client({ connectionString: db.url });
  await lock.connect();
  await lock.query('select pg_advisory_lock($1)', [key]);
  proc = startAppProcess(main, env);
  const waitingFor = (what: string) =>
    proc!.waitForLine(
      (l) => l.msg === 'another process holds the start-up lock; waiting for it' && l.what === what,
    );
  // Let the migrations through and queue behind them (PostgreSQL grants a lock to its waiters in
  // turn): the seeds, asked for after the server listens, then wait for this test.
  await waitingFor('migrations');
  // The process logs before it sends its lock request: hand the lock over only once that request is
  // queued at the server, or this test would take the lock back first and both would wait forever.
  await queuedLockRequest();
  await lock.query(`select pg_advisory_unlock(${key}); select pg_advisory_lock(${key})`);
  await waitingFor('seeds');

  const starting = await fetch(`http://127.0.0.1:${port}/readyz`);
  expect({ status: starting.status, body: await starting.json() }).toEqual({
    status: 503,
    body: { status: 'starting' },
  });
  const seeded = () =>
    lock!.query<{ name: string }>(`select name from core_seed where name = 'staff.statutory-holidays'`);
  expect((await seeded()).rows).toEqual([]);

  await lock.query('select pg_advisory_unlock($1)', [key]);
  await proc.waitForLine((l) => typeof l.msg === 'string' && l.msg.startsWith('GraphQL ready at '));
  const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
  expect({ status: ready.status, body: await ready.json() }).toEqual({
    status: 200,
    body: { status: 'ready' },
  });
  expect((await seeded()).rows).toEqual([{ name: 'staff.statutory-holidays' }]);
});
