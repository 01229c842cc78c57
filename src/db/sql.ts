import { createHash } from 'node:crypto';
import { ReferenceKind, wrap, type EntityData, type EntityMetadata, type Primary } from '@mikro-orm/core';
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

type EntityClass<T> = new (...args: never[]) => T;

const columnLists = new Map<string, string>();

/**
 * The columns MikroORM reads for an entity (every persisted scalar and owning relation; lazy ones
 * left out), quoted and prefixed with `alias.`, for a read that skips the query builder.
 */
export function entityColumns<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  alias: string,
): string {
  const key = `${entity.name} ${alias}`;
  let list = columnLists.get(key);
  if (list === undefined) {
    list = em
      .getMetadata()
      .get(entity.name)
      .props.filter(
        (p) =>
          p.persist !== false &&
          !p.lazy &&
          !p.formula &&
          (p.kind === ReferenceKind.SCALAR ||
            p.kind === ReferenceKind.MANY_TO_ONE ||
            (p.kind === ReferenceKind.ONE_TO_ONE && p.owner)),
      )
      .flatMap((p) => p.fieldNames)
      .map((column) => `${alias}."${column}"`)
      .join(', ');
    columnLists.set(key, list);
  }
  return list;
}

/**
 * Rows of `select entityColumns(...)` as entities to answer a query with, not to change: an entity
 * the request has loaded (in the unit of work, initialised) comes back as it is there, as `em.find`
 * would; any other is a new instance of the entity's class, filled in by MikroORM's own hydrator (the
 * same property values and conversions, relations as references) and nothing more. It is not
 * registered in the unit of work, so it costs no snapshot, validation or cascade and a flush never
 * writes it; and it has plain properties, not the change-tracking accessors MikroORM defines on each
 * managed instance (on the register's page, defining those was 14 % of the CPU, and the garbage they
 * leave as much again). A reference the unit of work holds but has not loaded is left as it is.
 * Use it only where nothing changes what it returns; a service that changes a row loads it with
 * `em.find…`. `readEntitiesWhere` is the usual way in.
 */
export function readEntities<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  rows: Array<Record<string, unknown>>,
): T[] {
  const meta = em.getMetadata().get<T>(entity.name);
  const [primaryKey] = meta.primaryKeys;
  const unitOfWork = em.getUnitOfWork();
  const factory = em.getEntityFactory();
  const hydrator = em.config.getHydrator(em.getMetadata());
  const driver = em.getDriver();
  return rows.map((row) => {
    const data = driver.mapResult(row as EntityData<T>, meta) as EntityData<T>;
    const managed = unitOfWork.getById<T>(entity.name, data[primaryKey] as Primary<T>);
    if (managed && wrap(managed, true).isInitialized()) return managed;
    const built = Object.create(readOnlyPrototype(meta)) as T;
    hydrator.hydrate(built, meta, data, factory, 'full', false, true);
    return built;
  });
}

const readOnlyPrototypes = new WeakMap<object, object>();

/**
 * The prototype of read-only instances: the entity's own, with each property whose setter there would
 * define change-tracking accessors on the instance (MikroORM's lazy set-up) shadowed by a plain
 * writable slot, so that hydrating an instance gives it plain properties.
 */
function readOnlyPrototype(meta: EntityMetadata): object {
  let prototype = readOnlyPrototypes.get(meta.prototype);
  if (!prototype) {
    const slots: PropertyDescriptorMap = {};
    for (const prop of meta.props) {
      if (Object.getOwnPropertyDescriptor(meta.prototype, prop.name)?.set)
        slots[prop.name] = { value: undefined, writable: true, configurable: true };
    }
    prototype = Object.create(meta.prototype, slots) as object;
    readOnlyPrototypes.set(meta.prototype, prototype);
  }
  return prototype;
}

/**
 * The hot read's one shape: read-only entities (`readEntities`) of `select <entityColumns> from
 * <the entity's table> <alias> <rest>`, sent by `preparedRows` (so `rest` must be fixed text).
 */
export async function readEntitiesWhere<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  alias: string,
  rest: string,
  values: readonly unknown[],
): Promise<T[]> {
  const table = em.getMetadata().get(entity.name).tableName;
  return readEntities(
    em,
    entity,
    await preparedRows<Record<string, unknown>>(
      em,
      `select ${entityColumns(em, entity, alias)} from ${table} ${alias} ${rest}`,
      values,
    ),
  );
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
 * in autocommit, outside any transaction. Not for a statement whose text depends on the input
 * (optional filters: every text is kept prepared by every connection), nor for one whose best plan
 * depends on its values: after five runs PostgreSQL may switch to a generic plan, which cannot use
 * an index for `path like ?` (coverage's subtree read took 7× longer that way).
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
