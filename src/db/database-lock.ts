import { Client } from 'pg';
import type { Logger } from '../logging';

/**
 * The advisory lock key every platform process takes around migrations and seeds (an arbitrary
 * constant: "chinh-quyen" start-up). Processes started together on an empty database then migrate
 * one after the other; the later ones find nothing left to do.
 */
export const STARTUP_LOCK_KEY = 7_163_020_261_122n;

/**
 * Runs `work` while holding a session-level PostgreSQL advisory lock on a connection of its own. The
 * lock is tied to that connection: it is released when the work ends, and by the server if this
 * process dies. Needs a real session (not a PgBouncer transaction-pooling connection).
 */
export async function withDatabaseLock<T>(
  connectionString: string,
  logger: Logger,
  what: string,
  work: () => Promise<T>,
  key: bigint = STARTUP_LOCK_KEY,
): Promise<T> {
  const client = new Client({ connectionString, application_name: 'platform-lock' });
  // An error on the idle lock connection (the server restarting) must not crash the process; the
  // work itself will fail on its own connections.
  client.on('error', (error) => logger.warn({ err: error }, 'lost the connection holding the start-up lock'));
  await client.connect();
  try {
    const taken = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [
      key.toString(),
    ]);
    if (!taken.rows[0].locked) {
      logger.info({ what }, 'another process holds the start-up lock; waiting for it');
      await client.query('select pg_advisory_lock($1)', [key.toString()]);
    }
    try {
      return await work();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key.toString()]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
