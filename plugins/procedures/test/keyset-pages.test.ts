import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { documentsPlugin } from '../../documents';
import { proceduresPlugin } from '..';

/**
 * The lists read with SQL (the procedure catalogue, the dossier register, the documents) page by
 * keyset like every other list: each order the client may pick walks every row once forward and
 * backward, a row added before the cursor neither repeats nor skips one on the next page, and a
 * cursor of another list or order is BAD_USER_INPUT naming the argument. The expected order is
 * computed here by PostgreSQL from the same rule (the sort expression, then the id).
 */
describe('keyset pages of the procedures, dossiers and documents lists', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin, documentsPlugin] });
    await t.app.runSeeds({ demo: true });
    admin = t.token('root', ['platform-admin']);
  }, 600_000);
  afterAll(() => t.close());

  interface Page {
    nodes: Array<{ id: string }>;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
    totalCount: number;
  }
  interface List {
    name: 'procedures' | 'dossiers' | 'documents';
    table: string;
    where: string;
    orders: Record<string, string[]>;
  }
  const LISTS: List[] = [
    {
      name: 'procedures',
      table: 'procedures_procedure d',
      where: 'd.active',
      orders: { FIELD_AND_CODE: ['d.field', 'd.code'], CODE: ['d.code'], NAME: ['d.name'] },
    },
    {
      name: 'dossiers',
      table: 'procedures_dossier d',
      where: 'true',
      orders: {
        RECEIVED_AT: ['coalesce(d.received_at, d.submitted_at)'],
        CODE: ['d.code'],
        APPOINTMENT_AT: [`coalesce(d.appointment_at, 'infinity')`],
      },
    },
    {
      name: 'documents',
      table: 'documents_document d',
      // What the caller may see (a confidential document only when given to them), not recalled.
      where: `d.status <> 'RECALLED' and d.id = any($1)`,
      orders: { REGISTERED_AT: ['coalesce(d.registered_at, d.created_at)'] },
    },
  ];

  const page = async (list: string, args: Record<string, unknown>): Promise<Page> => {
    const result = await t.request(
      `query($first: Int, $after: String, $last: Int, $before: String, $orderBy: ${orderType(list)}) {
        ${list}(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
          nodes { id } totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      args,
      { token: admin },
    );
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data![list];
  };
  const orderType = (list: string) =>
    ({ procedures: 'ProcedureOrder', dossiers: 'DossierOrder', documents: 'DocumentOrder' })[list];
  const refusal = async (list: string, args: Record<string, unknown>) =>
    (
      await t.request(
        `query($first: Int, $after: String, $last: Int, $before: String, $orderBy: ${orderType(list)}) {
          ${list}(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) { totalCount } }`,
        args,
        { token: admin },
      )
    ).errors?.[0]?.extensions;
  const ids = (p: Page) => p.nodes.map((n) => n.id);
  const expected = async (list: List, field: string, direction: 'ASC' | 'DESC') => {
    const visible = list.where.includes('$1') ? [ids(await page(list.name, { first: 100 }))] : [];
    return (
      await t.sql<{ id: string }>(
        `select d.id from ${list.table} where ${list.where}
         order by ${[...list.orders[field], 'd.id'].map((e) => `${e} ${direction}`).join(', ')}`,
        visible,
      )
    ).map((r) => r.id);
  };

  it('walks every list forward and backward in every order it offers, a row at a time by the id', async () => {
    for (const list of LISTS) {
      for (const field of Object.keys(list.orders)) {
        for (const direction of ['ASC', 'DESC'] as const) {
          const orderBy = { field, direction };
          const all = await expected(list, field, direction);
          expect(all.length).toBeGreaterThanOrEqual(5);
          const size = Math.max(2, Math.ceil(all.length / 4));
          const forward: string[] = [];
          let after: string | undefined;
          for (let i = 0; i < 10; i++) {
            const p = await page(list.name, { first: size, after, orderBy });
            forward.push(...ids(p));
            expect(p.pageInfo.hasPreviousPage).toBe(i > 0);
            if (!p.pageInfo.hasNextPage) break;
            after = p.pageInfo.endCursor;
          }
          expect({ list: list.name, field, direction, ids: forward }).toEqual({
            list: list.name,
            field,
            direction,
            ids: all,
          });
          const backward: string[] = [];
          let before: string | undefined;
          for (let i = 0; i < 10; i++) {
            const p = await page(list.name, { last: size, before, orderBy });
            backward.unshift(...ids(p));
            if (!p.pageInfo.hasPreviousPage) break;
            before = p.pageInfo.startCursor;
          }
          expect(backward).toEqual(all);
        }
      }
    }
  });

  it('keeps the next page exact when a row is added before the cursor (no repeat, no skip)', async () => {
    const firstPage = await page('dossiers', { first: 5 });
    const rest = await page('dossiers', { first: 100, after: firstPage.pageInfo.endCursor });
    // A copy of the latest received dossier, received a day later, sorts first in the default order (newest
    // first): with offsets, the next page would start one row too early.
    const columns = (
      await t.sql<{ name: string }>(
        `select column_name as name from information_schema.columns
         where table_name = 'procedures_dossier' and is_generated = 'NEVER' order by ordinal_position`,
      )
    ).map((c) => c.name);
    await t.sql(
      `insert into procedures_dossier (${columns.join(', ')})
       select ${columns.map((c) => `r.${c}`).join(', ')}
       from procedures_dossier d, jsonb_populate_record(null::procedures_dossier, to_jsonb(d) || jsonb_build_object(
         'id', gen_random_uuid(), 'code', d.code || '-KEYSET', 'received_at', now() + interval '1 day',
         'appointment_at', now() + interval '10 days', 'rating_token_hash', null)) r
       where d.id = (select id from procedures_dossier where received_at is not null order by received_at desc limit 1)`,
    );
    const after = await page('dossiers', { first: 5 });
    expect(ids(after).slice(1)).toEqual(ids(firstPage).slice(0, 4));
    expect(ids(await page('dossiers', { first: 100, after: firstPage.pageInfo.endCursor }))).toEqual(
      ids(rest),
    );
    await t.sql(`delete from procedures_dossier where code like '%-KEYSET'`);
  });

  it('sorts documents by relevance when searching, and refuses RELEVANCE without a search', async () => {
    const searched = async (args: Record<string, unknown>) => {
      const result = await t.request(
        `query($first: Int, $after: String) { documents(first: $first, after: $after, filter: { search: "ubnd" }) {
          nodes { id } pageInfo { hasNextPage endCursor } } }`,
        args,
        { token: admin },
      );
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data!.documents as Page;
    };
    const all = ids(await searched({ first: 100 }));
    expect(all.length).toBeGreaterThanOrEqual(3);
    const byRank = await t.sql<{ id: string }>(
      `select d.id from documents_document d where d.id = any($1)
       order by ts_rank(d.search, plainto_tsquery('simple', core_search_key($2))) desc,
                coalesce(d.registered_at, d.created_at) desc, d.id desc`,
      [all, 'ubnd'],
    );
    expect(all).toEqual(byRank.map((r) => r.id));
    const paged: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 100; i++) {
      const p = await searched({ first: 2, after });
      paged.push(...ids(p));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(paged).toEqual(all);
    expect(
      await refusal('documents', { first: 1, orderBy: { field: 'RELEVANCE', direction: 'DESC' } }),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'orderBy.field' });
  });

  it('refuses a cursor of another list or order, a forged cursor, too many rows and first with last', async () => {
    const procedures = await page('procedures', { first: 1 });
    const byCode = await page('dossiers', { first: 1, orderBy: { field: 'CODE', direction: 'ASC' } });
    expect(await refusal('dossiers', { first: 1, after: procedures.pageInfo.endCursor })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
    expect(await refusal('dossiers', { last: 1, before: byCode.pageInfo.endCursor })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'before',
    });
    // The cursor of another order of the same list
    expect(
      await refusal('dossiers', {
        first: 1,
        after: byCode.pageInfo.endCursor,
        orderBy: { field: 'CODE', direction: 'DESC' },
      }),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    // A cursor whose values were tampered with (an offset, say) is refused, never run as SQL.
    const forged = Buffer.from(`DossierOrder:CODE:ASC|${Buffer.from('[1]').toString('base64url')}`).toString(
      'base64url',
    );
    expect(
      await refusal('dossiers', { first: 1, after: forged, orderBy: { field: 'CODE', direction: 'ASC' } }),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(await refusal('documents', { first: 1, after: 'b2Zmc2V0OjQ' })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
    expect(await refusal('procedures', { first: 10_000 })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
    expect(await refusal('documents', { last: 10_000 })).toEqual({ code: 'BAD_USER_INPUT', field: 'last' });
    expect(await refusal('dossiers', { first: 1, last: 1 })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'last',
    });
  });
});
