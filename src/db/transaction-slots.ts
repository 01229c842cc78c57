import pLimit from 'p-limit';

/** Runs `work` once a transaction slot is free, and frees it when `work` settles. */
export type TransactionSlots = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * The transactions this process may have open at once: one fewer than the ORM's pool has
 * connections, so one connection always stays out of their reach.
 *
 * A transaction sometimes needs a second connection while it holds its own: a statement that must
 * stand whatever becomes of the transaction runs on a pooled connection of its own (a rate limit
 * counts an attempt that fails afterwards). Were every pooled connection held by such a transaction,
 * each would wait for another's until the pool's acquire timeout: forty concurrent anonymous online
 * submissions stalled that way with the default pool of 10. With one connection kept back, such a
 * statement always gets one, since it is a single statement that waits on nothing a transaction holds;
 * a transaction past the slots waits for a slot before it takes a connection, not while it holds one.
 * Reads outside a transaction need no slot: they hold one connection and wait for nothing.
 */
export function transactionSlots(poolMax: number): TransactionSlots {
  if (poolMax < 2) throw new Error('transactionSlots: the pool needs at least 2 connections');
  const limit = pLimit(poolMax - 1);
  return (work) => limit(work);
}
