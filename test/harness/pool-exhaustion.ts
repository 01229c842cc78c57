import { Client } from 'pg';

/** Connections in the app's pool (src/db/orm.ts: pool.max). */
export const APP_POOL_SIZE = 10;

/**
 * Proves that a mutation's raw reads run on its own transaction's connection. `table` is locked from
 * outside; `count` (more than the app's pool) concurrent requests are sent, and the lock is released
 * once every pooled connection is a transaction waiting for it. A mutation that then asks the pool for
 * a second connection (`em.getConnection().execute(...)`) waits for one held by another waiting
 * transaction: the requests deadlock until the pool's acquire timeout. Resolves with the responses,
 * or with 'stuck' when they have not all come back within `withinMs`.
 */
export async function burstPastThePool<T>(
  databaseUrl: string,
  table: string,
  send: () => Promise<T>,
  options: { count?: number; withinMs?: number } = {},
): Promise<T[] | 'stuck'> {
  const lock = new Client({ connectionString: databaseUrl });
  lock.on('error', () => {});
  await lock.connect();
  try {
    await lock.query('begin');
    await lock.query(`lock table ${table} in access exclusive mode`);
    const pending = Array.from({ length: options.count ?? APP_POOL_SIZE + 4 }, send);
    for (let i = 0; i < 200; i++) {
      // pg_stat_activity is read once per transaction unless the snapshot is cleared.
      await lock.query('select pg_stat_clear_snapshot()');
      const { rows } = await lock.query(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (rows[0].n >= APP_POOL_SIZE) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await lock.query('commit');
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => {
      timer = setTimeout(() => resolve('stuck'), options.withinMs ?? 15_000);
    });
    try {
      return await Promise.race([Promise.all(pending), stuck]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await lock.end().catch(() => {});
  }
}
