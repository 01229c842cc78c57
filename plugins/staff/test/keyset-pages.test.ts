import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '..';
import { arrangeStaffWorld, StaffWorld } from './fixtures';

/**
 * Lists page by keyset (Relay `first/after` forward, `last/before` backward) in the order the client
 * picks (`orderBy`): pages stay exact while rows are added, a cursor belongs to its list and order,
 * and bad paging arguments are BAD_USER_INPUT.
 */
describe('keyset pages of the officials list', () => {
  let t: TestApp;
  let w: StaffWorld;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin] });
    w = await arrangeStaffWorld(t);
  });
  afterAll(() => t.close());

  interface Page {
    nodes: Array<{ username: string }>;
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
    totalCount: number;
  }
  const page = async (args: string, vars: Record<string, unknown> = {}): Promise<Page> =>
    (
      await t.query<{ officials: Page }>(
        `query${definitions(args)} { officials(${args}) {
          nodes { username } totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
        vars,
        { token: w.adminToken },
      )
    ).officials;
  const usernames = (p: Page) => p.nodes.map((n) => n.username);
  /** The variable definitions an argument list uses ($after, $before). */
  const definitions = (args: string) => {
    const used = ['after', 'before'].filter((v) => args.includes(`$${v}`));
    return used.length ? `(${used.map((v) => `$${v}: String`).join(', ')})` : '';
  };

  it('walks forward and backward through every official, in the chosen order', async () => {
    const all = await page('first: 100, orderBy: { field: USERNAME }');
    const expected = (
      await t.sql<{ username: string }>(`select username from staff_official order by username, id`)
    ).map((r) => r.username);
    expect(usernames(all)).toEqual(expected);
    expect(all.totalCount).toBe(expected.length);
    expect(expected.length).toBeGreaterThanOrEqual(3);

    // Forward two at a time.
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const p: Page = await page('first: 2, after: $after, orderBy: { field: USERNAME }', { after });
      seen.push(...usernames(p));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);

    // Backward from the end: the last two, then the two before them.
    const last = await page('last: 2, orderBy: { field: USERNAME }');
    expect(usernames(last)).toEqual(expected.slice(-2));
    expect(last.pageInfo.hasPreviousPage).toBe(expected.length > 2);
    const before = await page('last: 2, before: $before, orderBy: { field: USERNAME }', {
      before: last.pageInfo.startCursor,
    });
    expect(usernames(before)).toEqual(expected.slice(-4, -2));
  });

  it('keeps the next page exact when a row is added before the cursor (no repeat, no skip)', async () => {
    const first = await page('first: 2, orderBy: { field: USERNAME }');
    const rest = (
      await page('first: 100, after: $after, orderBy: { field: USERNAME }', {
        after: first.pageInfo.endCursor,
      })
    ).nodes;
    // A new official whose username sorts first: an offset would shift the next page by one.
    await t.sql(
      `insert into staff_official (id, created_at, updated_at, version, full_name, username, position, status, status_since)
       values (gen_random_uuid(), now(), now(), 1, 'Á Đầu Tiên', '0000-first', 'SPECIALIST', 'ACTIVE', now())`,
    );
    const next = await page('first: 100, after: $after, orderBy: { field: USERNAME }', {
      after: first.pageInfo.endCursor,
    });
    expect(next.nodes).toEqual(rest);
    await t.sql(`delete from staff_official where username = '0000-first'`);
  });

  it('orders newest first on request, ties broken by id', async () => {
    const newest = await page('first: 100, orderBy: { field: CREATED_AT, direction: DESC }');
    const expected = (
      await t.sql<{ username: string }>(
        `select username from staff_official order by created_at desc, id desc`,
      )
    ).map((r) => r.username);
    expect(usernames(newest)).toEqual(expected);
  });

  it('refuses a cursor of another order, a forged cursor and first with last, naming the argument', async () => {
    const byName = await page('first: 1, orderBy: { field: FULL_NAME }');
    const refused = async (args: string, vars: Record<string, unknown> = {}) => {
      const result = await t.request(
        `query${definitions(args)} { officials(${args}) { totalCount } }`,
        vars,
        { token: w.adminToken },
      );
      return result.errors?.[0]?.extensions;
    };
    expect(
      await refused('first: 1, after: $after, orderBy: { field: USERNAME }', {
        after: byName.pageInfo.endCursor,
      }),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
    expect(await refused('first: 1, after: $after', { after: 'FULL_NAME_ASC.not-base64-json' })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
    expect(await refused('last: 1, before: $before', { before: 'garbage' })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'before',
    });
    expect(await refused('first: 1, last: 1')).toEqual({ code: 'BAD_USER_INPUT', field: 'last' });
  });
});
