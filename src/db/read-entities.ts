import {
  Reference,
  ReferenceKind,
  wrap,
  type EntityData,
  type EntityMetadata,
  type EntityProperty,
  type Primary,
} from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { preparedRows } from './sql';

type EntityClass<T> = new (...args: never[]) => T;

const columnLists = new Map<string, string>();

/** A property a read-only read selects (persisted, not lazy). */
const isRead = (p: EntityProperty) => p.persist !== false && !p.lazy;
/** A relation whose foreign key is in the entity's row. */
const isToOne = (p: EntityProperty) =>
  p.kind === ReferenceKind.MANY_TO_ONE || (p.kind === ReferenceKind.ONE_TO_ONE && Boolean(p.owner));

/**
 * The columns MikroORM reads for an entity (every persisted scalar and owning relation; lazy ones
 * left out), quoted and prefixed with `alias.`, for a read that skips the query builder. With `as`,
 * each is named `<as><column>`, so that several entities' columns can share a row (`readJoined`).
 */
export function entityColumns<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  alias: string,
  as = '',
): string {
  const key = `${entity.name} ${alias} ${as}`;
  let list = columnLists.get(key);
  if (list === undefined) {
    list = em
      .getMetadata()
      .get(entity.name)
      .props.filter((p) => isRead(p) && !p.formula && (p.kind === ReferenceKind.SCALAR || isToOne(p)))
      .flatMap((p) => p.fieldNames)
      .map((column) => (as ? `${alias}."${column}" as "${as}${column}"` : `${alias}."${column}"`))
      .join(', ');
    columnLists.set(key, list);
  }
  return list;
}

/** Where a read-only instance keeps its request's entity manager and the ids its relations point to. */
const RELATIONS = Symbol('readOnlyRelations');
interface PendingRelations {
  em: EntityManager;
  ids: Record<string, unknown>;
}
type ReadOnly = { [RELATIONS]?: PendingRelations } & Record<string, unknown>;

/**
 * Rows of `select entityColumns(...)` as entities to answer a query with, not to change: an entity
 * the request has loaded (in the unit of work, initialised) comes back as it is there, as `em.find`
 * would; any other is a new instance of the entity's class, filled in by MikroORM's own hydrator (the
 * same property values and conversions) and nothing more. It is not registered in the unit of work,
 * so it costs no snapshot, validation or cascade and a flush never writes it; it has plain
 * properties, not the change-tracking accessors MikroORM defines on each managed instance (on the
 * register's page, defining those was 14 % of the CPU, and the garbage they leave as much again);
 * and a relation's reference is made when the relation is first read (a step's dossier reference
 * is a dossier's worth of those accessors; `relationId` reads the id without it). A reference the
 * unit of work holds but has not loaded is left as it is.
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
  const { prototype, relations } = readOnlyShape(meta);
  return rows.map((row) => {
    const data = driver.mapResult(row as EntityData<T>, meta) as Record<string, unknown>;
    const managed = unitOfWork.getById<T>(entity.name, data[primaryKey] as Primary<T>);
    if (managed && wrap(managed, true).isInitialized()) return managed;
    const built = Object.create(prototype) as ReadOnly;
    if (relations.length) {
      const ids: Record<string, unknown> = {};
      for (const prop of relations) {
        ids[prop.name] = data[prop.name];
        data[prop.name] = undefined; // the hydrator leaves it to the accessor
      }
      built[RELATIONS] = { em, ids };
    }
    hydrator.hydrate(built as T, meta, data as EntityData<T>, factory, 'full', false, true);
    return built as T;
  });
}

/**
 * The id a to-one relation of an entity points to (null: none), without making its reference: on a
 * read-only entity (`readEntities`) the reference is made when the relation is first read.
 */
export function relationId<T extends object>(entity: T, relation: keyof T & string): string | null {
  const pending = (entity as ReadOnly)[RELATIONS];
  if (pending && relation in pending.ids && !Object.hasOwn(entity, relation))
    return (pending.ids[relation] as string | null) ?? null;
  const value = entity[relation] as unknown;
  if (value == null) return null;
  if (typeof value !== 'object') return String(value); // mapped to its primary key
  return String(wrap(Reference.unwrapReference(value), true).getPrimaryKey());
}

interface ReadOnlyShape {
  prototype: object;
  /** To-one relations whose reference is made on first read. */
  relations: EntityProperty[];
}
const readOnlyShapes = new WeakMap<object, ReadOnlyShape>();

/**
 * The prototype of read-only instances: the entity's own, with each property whose setter there would
 * define change-tracking accessors on the instance (MikroORM's lazy set-up) shadowed by a plain
 * writable slot, so that hydrating an instance gives it plain properties; and for each to-one
 * relation, an accessor that makes the reference (as the hydrator would: in the request's unit of
 * work, not loaded) when it is first read, and keeps it on the instance.
 */
function readOnlyShape(meta: EntityMetadata): ReadOnlyShape {
  let shape = readOnlyShapes.get(meta.prototype);
  if (!shape) {
    const slots: PropertyDescriptorMap = {};
    const relations = meta.props.filter((p) => isRead(p) && isToOne(p) && !p.mapToPk);
    for (const prop of meta.props) {
      if (Object.getOwnPropertyDescriptor(meta.prototype, prop.name)?.set)
        slots[prop.name] = { value: undefined, writable: true, configurable: true };
    }
    const keep = (instance: object, name: string, value: unknown) =>
      Object.defineProperty(instance, name, { value, writable: true, enumerable: true, configurable: true });
    for (const prop of relations) {
      slots[prop.name] = {
        get(this: ReadOnly) {
          const pending = this[RELATIONS];
          const id = pending?.ids[prop.name];
          let value: unknown = id;
          if (pending && id != null) {
            const target = pending.em
              .getEntityFactory()
              .createReference(prop.type, id as Primary<object>, { merge: true, convertCustomTypes: true });
            value = prop.ref ? Reference.create(target) : target;
          }
          keep(this, prop.name, value);
          return value;
        },
        set(this: ReadOnly, value: unknown) {
          keep(this, prop.name, value);
        },
        configurable: true,
      };
    }
    shape = { prototype: Object.create(meta.prototype, slots) as object, relations };
    readOnlyShapes.set(meta.prototype, shape);
  }
  return shape;
}

const selects = new Map<string, string>();

/**
 * `select <entityColumns> from <the entity's table> <alias> <rest>`, made once per entity, alias and
 * `rest`: the text of the hot paths' prepared reads (`readEntitiesWhere`, `findManaged`).
 */
export function entitySelect<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  alias: string,
  rest: string,
): string {
  const key = `${entity.name} ${alias} ${rest}`;
  let sql = selects.get(key);
  if (sql === undefined) {
    const table = em.getMetadata().get(entity.name).tableName;
    sql = `select ${entityColumns(em, entity, alias)} from ${table} ${alias} ${rest}`;
    selects.set(key, sql);
  }
  return sql;
}

/**
 * The hot read's one shape: read-only entities (`readEntities`) of `entitySelect(…)`, sent by
 * `preparedRows` (so `rest` must be fixed text).
 */
export async function readEntitiesWhere<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  alias: string,
  rest: string,
  values: readonly unknown[],
): Promise<T[]> {
  return readEntities(
    em,
    entity,
    await preparedRows<Record<string, unknown>>(em, entitySelect(em, entity, alias, rest), values),
  );
}

type Instances<T extends readonly EntityClass<object>[]> = {
  [K in keyof T]: T[K] extends EntityClass<infer I> ? I : never;
};

/**
 * Several entities joined in one row, as tuples of read-only entities (`readEntities`): `select` each
 * one's columns (`entityColumns`, named `<alias>__<column>`) `<rest>`, where `rest` runs from `from`
 * on, names each entity's table by its alias, and is fixed text (`preparedRows`). Where a page needs a
 * record with the records it points to, one statement instead of one loader per entity in a row.
 */
export async function readJoined<const T extends readonly EntityClass<object>[]>(
  em: EntityManager,
  entities: T,
  aliases: { [K in keyof T]: string },
  rest: string,
  values: readonly unknown[],
): Promise<Array<Instances<T>>> {
  const columns = entities.map((entity, i) => entityColumns(em, entity, aliases[i], `${aliases[i]}__`));
  const rows = await preparedRows<Record<string, unknown>>(
    em,
    `select ${columns.join(', ')} ${rest}`,
    values,
  );
  const byEntity = entities.map((entity, i) => {
    const prefix = `${aliases[i]}__`;
    return readEntities(
      em,
      entity,
      rows.map((row) => {
        const own: Record<string, unknown> = {};
        for (const name in row) if (name.startsWith(prefix)) own[name.slice(prefix.length)] = row[name];
        return own;
      }),
    );
  });
  return rows.map((_, r) => byEntity.map((read) => read[r]) as Instances<T>);
}
