import type { EntityManager } from '@mikro-orm/postgresql';
import { OrderDirection, paginateKeysetSql, type SqlOrder } from '../src';
import { createTestApp, TestApp } from './harness';

/**
 * paginateKeysetSql against the real PostgreSQL: pages follow the order of the sort values
 * themselves (numbers as numbers, not as the text a cursor carries), forward and backward.
 */
describe('paginateKeysetSql', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [] });
  });
  afterAll(() => t.close());

  const em = () => t.app.services.orm.em.fork() as EntityManager;
  // 1…25; as text, 9 would come before 25 going down.
  const list = { from: 'generate_series(1, 25) as g(n)', where: [] as string[], params: [] as unknown[] };
  const order = (direction: OrderDirection): SqlOrder => ({
    field: 'N',
    key: `Numbers:N:${direction}`,
    direction,
    expressions: [{ sql: 'g.n' }, { sql: 'g.n::text' }],
  });
  const load = (ids: string[]) => Promise.resolve(ids.map((id) => ({ id })));
  const page = (
    args: { first?: number; after?: string; last?: number; before?: string },
    d: OrderDirection,
  ) => paginateKeysetSql(em(), list, args, order(d), 100, load);
  const numbers = (nodes: Array<{ id: string }>) => nodes.map((n) => Number(n.id));

  it('orders numbers by value going down, and the next page starts after the cursor', async () => {
    const first = await page({ first: 10 }, OrderDirection.DESC);
    expect(numbers(first.nodes)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page({ first: 10, after: first.pageInfo.endCursor! }, OrderDirection.DESC);
    expect(numbers(second.nodes)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
    const last = await page({ first: 10, after: second.pageInfo.endCursor! }, OrderDirection.DESC);
    expect(numbers(last.nodes)).toEqual([5, 4, 3, 2, 1]);
    expect(last.pageInfo.hasNextPage).toBe(false);
  });

  it('orders numbers by value going up, and reads backward from a cursor', async () => {
    const first = await page({ first: 12 }, OrderDirection.ASC);
    expect(numbers(first.nodes)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const before = await page({ last: 3, before: first.pageInfo.endCursor! }, OrderDirection.ASC);
    expect(numbers(before.nodes)).toEqual([9, 10, 11]);
    expect(before.pageInfo.hasPreviousPage).toBe(true);
  });
});
