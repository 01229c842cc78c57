import type { EntityManager } from '@mikro-orm/postgresql';
import { preparedRows } from '../src';
import { createTestApp, TestApp } from './harness';
import { notesPlugin } from './fixtures/notes.plugin';

/**
 * preparedRows: a fixed statement sent as a named prepared statement with bound values, against the
 * real PostgreSQL; on the request's transaction when there is one, on a connection of its own when
 * asked, and never keeping a pooled connection after an error.
 */
describe('preparedRows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [notesPlugin] });
  });
  afterAll(() => t.close());

  const em = () => t.app.services.orm.em.fork() as EntityManager;

  it('binds the values of `?` placeholders (never written into the SQL) and keeps an escaped `\\?`', async () => {
    const rows = await preparedRows<{ a: number; b: string; c: string; q: string }>(
      em(),
      `select ?::int + 1 as a, ?::text as b, array_length(?::uuid[], 1)::text as c, '\\?' as q`,
      [41, "it's; drop table notes_note; --", '{00000000-0000-4000-8000-000000000001}'],
    );
    expect(rows).toEqual([{ a: 42, b: "it's; drop table notes_note; --", c: '1', q: '?' }]);
  });

  it('runs in the transaction of the entity manager it is given, and prepares the statement once there', async () => {
    const id = '00000000-0000-4000-8000-00000000f001';
    const sql = `select text from notes_note where id = ?`;
    await em()
      .transactional(async (tx) => {
        await tx.execute(
          `insert into notes_note (id, created_at, updated_at, text, unit_id) values (?, now(), now(), 'inside', 'u')`,
          [id],
        );
        expect(await preparedRows(tx, sql, [id])).toEqual([{ text: 'inside' }]);
        expect(await preparedRows(tx, sql, [id])).toEqual([{ text: 'inside' }]);
        // Outside the transaction the row does not exist yet.
        expect(await preparedRows(tx, sql, [id], { ownConnection: true })).toEqual([]);
        const [prepared] = await tx.execute<Array<{ n: string }>>(
          `select count(*)::text as n from pg_prepared_statements where statement = 'select text from notes_note where id = $1'`,
        );
        expect(prepared.n).toBe('1');
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await preparedRows(em(), sql, [id])).toEqual([]);
  });

  it('answers a failing statement with its error and gives the connection back to the pool', async () => {
    const pool = t.app.services.config.database.poolMax;
    for (let i = 0; i < pool + 2; i++)
      await expect(preparedRows(em(), `select 1 / ?::int as x`, [0])).rejects.toThrow(/division by zero/);
    expect(await preparedRows(em(), `select 1 / ?::int as x`, [1])).toEqual([{ x: 1 }]);
  });
});
