import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionSlots } from '../src/db/transaction-slots';
import { createTestApp, TestApp } from './harness';
import { notesPlugin } from './fixtures/notes.plugin';

/**
 * The slots every top-level transaction of a process waits for (`ctx.transactional`): one fewer than
 * the pool's connections, handed over in arrival order, each piece of work run in its own caller's
 * async context, a slot freed whatever the work did, and a wait bounded.
 */
describe('transaction slots', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

  it('lets at most poolMax − 1 transactions run at once, the others in arrival order', async () => {
    const slots = new TransactionSlots(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const all = Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        slots.run(async () => {
          started.push(i);
          most = Math.max(most, ++running);
          await tick();
          running--;
        }),
      ),
    );
    expect(slots.state()).toEqual({ open: 2, waiting: 5 });
    await all;
    expect(slots.state()).toEqual({ open: 0, waiting: 0 });
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('runs work that waited for a slot in its own async context, not that of the work that freed it', async () => {
    const request = new AsyncLocalStorage<string>();
    const slots = new TransactionSlots(2);
    const seen = await Promise.all(
      ['vi', 'en', 'fr', 'de'].map((language) =>
        request.run(language, () =>
          slots.run(async () => {
            await tick();
            return request.getStore();
          }),
        ),
      ),
    );
    expect(seen).toEqual(['vi', 'en', 'fr', 'de']);
  });

  it('frees the slot of work that failed, and passes its error on', async () => {
    const slots = new TransactionSlots(2);
    await expect(slots.run(() => Promise.reject(new Error('rolled back')))).rejects.toThrow('rolled back');
    await expect(slots.run(async () => 'next')).resolves.toBe('next');
  });

  it('refuses work that waited longer than the pool would have, and gives the slot to the next', async () => {
    const slots = new TransactionSlots(2, { waitMs: 50 });
    let finish: () => void = () => {};
    const long = slots.run(() => new Promise<string>((resolve) => (finish = () => resolve('long'))));
    await expect(slots.run(async () => 'late')).rejects.toThrow(
      'no transaction slot of the 1 became free within 50 ms',
    );
    const next = slots.run(async () => 'next');
    finish();
    await expect(long).resolves.toBe('long');
    await expect(next).resolves.toBe('next');
  });

  it('refuses a pool that leaves no connection back', () => {
    expect(() => new TransactionSlots(1)).toThrow('the pool needs at least 2 connections, got 1');
  });
});

/**
 * `ctx.transactional` through the slots, in an app whose pool of two leaves one slot: the slot is
 * given back at commit, before the after-commit work runs, so that work may open a transaction of
 * its own (holding the slot through it, the inner transaction would wait out the slot's timeout).
 */
describe('transactions of one process with one slot', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [notesPlugin], env: { DATABASE_POOL_MAX: '2' } });
  });
  afterAll(() => t.close());

  it('runs after-commit work that opens its own transaction', async () => {
    expect(t.app.services.transactionSlots.size).toBe(1);
    const outer = t.app.systemContext();
    let inner: number | null = null;
    await outer.transactional(async () => {
      outer.afterCommit(async () => {
        const ctx = t.app.systemContext();
        const [row] = await ctx.transactional(() => ctx.em.execute<Array<{ n: number }>>('select 1 as n'));
        inner = row.n;
      });
    });
    expect(inner).toBe(1);
    expect(t.app.services.transactionSlots.state()).toEqual({ open: 0, waiting: 0 });
  }, 10_000);
});
