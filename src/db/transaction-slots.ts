import { POOL_ACQUIRE_TIMEOUT_MS } from './orm';

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
 * wait for a connection is refused, so a request's wait stays bounded. `/metrics` shows them
 * (`platform_transaction_slots`).
 */
export class TransactionSlots {
  /** Slots in all: one fewer than the pool's connections. */
  readonly size: number;
  private readonly waitMs: number;
  private free: number;
  private readonly waiting: Array<{ take(): void }> = [];

  constructor(poolMax: number, options: { waitMs?: number } = {}) {
    if (!Number.isInteger(poolMax) || poolMax < 2)
      throw new Error(`TransactionSlots: the pool needs at least 2 connections, got ${poolMax}`);
    this.size = poolMax - 1;
    this.free = this.size;
    this.waitMs = options.waitMs ?? POOL_ACQUIRE_TIMEOUT_MS;
  }

  /** Runs `work` once a slot is free, and frees the slot when `work` settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await this.slot();
    try {
      return await work();
    } finally {
      // The slot goes straight to the next waiter, so a newcomer cannot take it first.
      const next = this.waiting.shift();
      if (next) next.take();
      else this.free++;
    }
  }

  /** Slots taken and transactions waiting for one, now. */
  state(): { open: number; waiting: number } {
    return { open: this.size - this.free, waiting: this.waiting.length };
  }

  private slot(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        take() {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(new Error(`no transaction slot of the ${this.size} became free within ${this.waitMs} ms`));
      }, this.waitMs);
      timer.unref(); // a waiting request keeps the process up by its socket, not by this timer
      this.waiting.push(waiter);
    });
  }
}
