import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A PostgreSQL array literal for one bind parameter (`= any(?::uuid[])`). Raw queries go through
 * knex, which would expand a JS array into a comma list; a literal keeps it one value of any size.
 */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/**
 * `text` as a literal inside a LIKE/ILIKE pattern: `%`, `_` and the escape character `\` (PostgreSQL's
 * default) match themselves, so a search for "50%" or "a_b" finds exactly that and a search of "%"
 * does not list everything. Every search that builds a pattern from client text goes through this:
 * `like '%' || ? || '%'` with `escapeLike(search)`.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

interface PgClient {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}
interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<unknown>;
}

/**
 * `em.execute` for a hot statement whose text is fixed (its values vary, its SQL does not): sent as a
 * named prepared statement with its values bound, on the request's connection (its transaction's,
 * inside one). PostgreSQL parses and plans it once per connection, and the values are not written
 * into the SQL: `em.execute` builds a new text with the values quoted in on every call and the
 * server plans each one; on the citizen lookup that was most of our CPU per request. `?` placeholders
 * as in `em.execute` (`\\?` is a literal `?`). With `ownConnection`, a pooled connection of its own
 * in autocommit, outside any transaction (from inside one, only for a single statement that waits on
 * no lock a transaction may hold: src/db/transaction-slots.ts keeps a connection free for it). Not
 * for a statement whose text depends on the input (optional filters: every text is kept prepared by
 * every connection), nor for one whose best plan depends on its values: after five runs PostgreSQL
 * may switch to a generic plan, which cannot use an index for `path like ?` (coverage's subtree read
 * took 7× longer that way).
 */
export async function preparedRows<T>(
  em: EntityManager,
  sql: string,
  values: readonly unknown[],
  options: { ownConnection?: boolean } = {},
): Promise<T[]> {
  const transaction = options.ownConnection ? undefined : em.getTransactionContext<{ client: KnexClient }>();
  const client = (transaction ?? em.getConnection().getKnex()).client as unknown as KnexClient;
  const connection = await client.acquireConnection();
  try {
    const { rows } = await connection.query({ ...prepared(sql), values });
    return rows as T[];
  } finally {
    // A transaction's connection is the transaction's to release.
    if (!transaction) await client.releaseConnection(connection);
  }
}

const preparedStatements = new Map<string, { name: string; text: string }>();

/** The statement's name (a hash of its text) and its text with `$1…` placeholders. */
function prepared(sql: string): { name: string; text: string } {
  let statement = preparedStatements.get(sql);
  if (!statement) {
    let n = 0;
    const text = sql.replace(/\\?\?/g, (match) => (match.length === 2 ? '?' : `$${++n}`));
    statement = { name: `s_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text };
    preparedStatements.set(sql, statement);
  }
  return statement;
}
