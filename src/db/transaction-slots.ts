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
 *
 * Written here rather than taken from p-limit: its CommonJS release runs queued work in the async
 * context of the task that freed the slot, so a waiting request would have run with another
 * request's AsyncLocalStorage (its language). Here the waiter resumes in its own context. Slots are
 * handed over in arrival order.
 */
export function transactionSlots(poolMax: number): TransactionSlots {
  if (!Number.isInteger(poolMax) || poolMax < 2)
    throw new Error(`transactionSlots: the pool needs at least 2 connections, got ${poolMax}`);
  let free = poolMax - 1;
  const waiting: Array<() => void> = [];
  return async (work) => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot goes straight to the next waiter, so a newcomer cannot take it first.
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}
