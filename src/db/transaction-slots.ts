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
 * handed over in arrival order, and a transaction that waits longer than the pool would have let it
 * wait for a connection is refused, so a request's wait stays bounded.
 */
export function transactionSlots(poolMax: number, options: { waitMs?: number } = {}): TransactionSlots {
  if (!Number.isInteger(poolMax) || poolMax < 2)
    throw new Error(`transactionSlots: the pool needs at least 2 connections, got ${poolMax}`);
  // As long as the pool would have let it wait for a connection (knex's acquire timeout).
  const waitMs = options.waitMs ?? 60_000;
  let free = poolMax - 1;
  const waiting: Array<{ take(): void }> = [];
  const slot = () =>
    new Promise<void>((resolve, reject) => {
      const waiter = {
        take() {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(waiter), 1);
        reject(new Error(`no transaction slot of the ${poolMax - 1} became free within ${waitMs} ms`));
      }, waitMs);
      timer.unref(); // a waiting request keeps the process up by its socket, not by this timer
      waiting.push(waiter);
    });
  return async (work) => {
    if (free > 0) free--;
    else await slot();
    try {
      return await work();
    } finally {
      // The slot goes straight to the next waiter, so a newcomer cannot take it first.
      const next = waiting.shift();
      if (next) next.take();
      else free++;
    }
  };
}
