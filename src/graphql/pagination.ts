import type { EntityClass, EntityManager, FilterQuery, FindByCursorOptions } from '@mikro-orm/core';
import type { OrderDefinition } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { ArgsType, Field, InputType, Int, ObjectType, ClassType, registerEnumType } from 'type-graphql';
import { BadInputError } from '../errors';

@ObjectType({ description: 'Relay page information' })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number | Promise<number>;
}

/** Builds `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string = nodeType.name) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => nodeType) node!: T;
    @Field() cursor!: string;
  }

  @ObjectType(`${name}Connection`)
  class Connection implements ConnectionShape<T> {
    @Field(() => [EdgeType]) edges!: Edge<T>[];
    @Field(() => [nodeType]) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int, { description: 'Total number of matching items' }) totalCount!:
      number | Promise<number>;
  }
  return Connection;
}

/** Page size asked for, defaulted and checked against the cap. */
export function pageSize(
  first: number | undefined | null,
  max: number,
  fallback = 20,
  field = 'first',
): number {
  if (first === undefined || first === null) return Math.min(fallback, max);
  if (!Number.isInteger(first) || first < 0)
    throw new BadInputError(
      { vi: `${field} phải là số nguyên không âm`, en: `${field} must be a non-negative whole number` },
      { field },
    );
  if (first > max)
    throw new BadInputError(
      { vi: `${field} tối đa là ${max}`, en: `${field} may be at most ${max}` },
      { field },
    );
  return first;
}

// --- keyset pagination ---------------------------------------------------------------------------

@ArgsType()
export class KeysetPageArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'Forward: the first items after `after` (page size capped by GRAPHQL_MAX_PAGE_SIZE)',
  })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the previous page' })
  after?: string;

  @Field(() => Int, { nullable: true, description: 'Backward: the last items before `before` (capped)' })
  last?: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge of the next page' })
  before?: string;
}

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection', description: 'Sort direction' });

/** What a client sends as `orderBy`: a field of the list's order enum and a direction. */
export interface OrderInput {
  field: string;
  direction?: OrderDirection | null;
}

/** The GraphQL `orderBy` input `<Name>` (`{ field: <Name>Field!, direction: OrderDirection }`). */
function orderInputType<K extends string>(
  name: string,
  fields: readonly K[],
  defaultOrder: { field: K; direction: OrderDirection },
  description: string,
): ClassType<OrderInput> {
  const fieldEnum = Object.fromEntries(fields.map((k) => [k, k])) as Record<K, K>;
  registerEnumType(fieldEnum, { name: `${name}Field`, description: `What ${name} sorts on` });

  @InputType(name, {
    description: `${description}; without orderBy: ${defaultOrder.field} ${defaultOrder.direction}; a direction left out is ASC; ties broken by id`,
  })
  class Order implements OrderInput {
    @Field(() => fieldEnum) field!: K;
    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction!: OrderDirection;
  }
  return Order;
}

/** The field and direction a client asked for, or the list's default. */
function chosen<K extends string>(
  orderBy: OrderInput | null | undefined,
  fields: Record<K, unknown>,
  defaultOrder: { field: K; direction: OrderDirection },
): { field: K; direction: OrderDirection } {
  const field = orderBy && orderBy.field in fields ? (orderBy.field as K) : defaultOrder.field;
  const direction = orderBy ? (orderBy.direction ?? OrderDirection.ASC) : defaultOrder.direction;
  return { field, direction };
}

/**
 * The orders a list offers: an input type `<Name>` (`{ field: <Name>Field!, direction: OrderDirection }`)
 * for its `orderBy` argument, each field a sort on one or more columns to which the id is added, so
 * the order is total and every row has one place (and a cursor one meaning).
 */
export interface ListOrder<T extends object> {
  /** The GraphQL input type of the `orderBy` argument. */
  input: ClassType<OrderInput>;
  /** The order used when a client gives none. */
  defaultOrder: { field: string; direction: OrderDirection };
  /** The sort (and the key its cursors carry: list, field, direction) for what a client sent. */
  resolve(orderBy: OrderInput | null | undefined): { key: string; sort: OrderDefinition<T> };
}

export function defineListOrder<T extends object, K extends string>(
  name: string,
  fields: Record<K, Array<keyof T & string>>,
  defaultOrder: { field: NoInfer<K>; direction: OrderDirection },
  description: string,
): ListOrder<T> {
  return {
    input: orderInputType(name, Object.keys(fields) as K[], defaultOrder, description),
    defaultOrder,
    resolve(orderBy) {
      const { field, direction } = chosen(orderBy, fields, defaultOrder);
      const dir = direction === OrderDirection.DESC ? 'desc' : 'asc';
      const sort = Object.fromEntries([...fields[field], 'id'].map((column) => [column, dir]));
      return { key: `${name}:${field}:${direction}`, sort: sort as OrderDefinition<T> };
    },
  };
}

// A cursor is opaque to clients: base64url of "<list>:<field>:<direction>|<the sort values>", so it
// names the list and order it belongs to and carries the edge's sort values, never an offset.

function wrapCursor(key: string, inner: string): string {
  return Buffer.from(`${key}|${inner}`).toString('base64url');
}

function notACursor(field: string): BadInputError {
  return new BadInputError(
    {
      vi: `${field} không phải con trỏ của danh sách này theo thứ tự này`,
      en: `${field} is not a cursor of this list in this order`,
    },
    { field },
  );
}

/** The sort values (base64url JSON array) a cursor carries, after checking its list and order. */
function unwrapCursor(cursor: string | null | undefined, key: string, field: string): string | undefined {
  if (cursor == null) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  const bar = text.indexOf('|');
  const inner = bar > 0 ? text.slice(bar + 1) : '';
  if (text.slice(0, bar) !== key || !inner) throw notACursor(field);
  try {
    const values = JSON.parse(Buffer.from(inner, 'base64url').toString());
    if (!Array.isArray(values)) throw new Error('not a list');
  } catch {
    throw notACursor(field);
  }
  return inner;
}

/** Which way to page and how many, with the Relay arguments checked. */
function direction(args: KeysetPageArgs, maxPageSize: number): { backward: boolean; size: number } {
  if (args.first != null && args.last != null)
    throw new BadInputError(
      { vi: 'Chỉ dùng first hoặc last, không dùng cả hai', en: 'Give first or last, not both' },
      { field: 'last' },
    );
  const backward = args.last != null || (args.before != null && args.first == null);
  const size = pageSize(backward ? args.last : args.first, maxPageSize, 20, backward ? 'last' : 'first');
  return { backward, size };
}

function lazyCount<T>(connection: Omit<ConnectionShape<T>, 'totalCount'>, count: () => Promise<number>) {
  let counted: Promise<number> | undefined;
  Object.defineProperty(connection, 'totalCount', { enumerable: true, get: () => (counted ??= count()) });
  return connection as ConnectionShape<T>;
}

/**
 * One page of a list by keyset (the rows after or before a cursor in a fixed order), not by offset:
 * a page stays right while rows are added or removed, and a deep page costs what the first does.
 * A cursor carries the list and order it was issued for; given to another it is refused.
 * `totalCount` is only counted when a client asks for it.
 */
export async function paginateKeyset<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  args: KeysetPageArgs,
  order: { key: string; sort: OrderDefinition<T> },
  maxPageSize: number,
): Promise<ConnectionShape<T>> {
  const { backward, size } = direction(args, maxPageSize);
  const after = unwrapCursor(args.after, order.key, 'after');
  const before = unwrapCursor(args.before, order.key, 'before');
  const count = () => em.count(entity, where);
  if (size === 0) return lazyCount({ edges: [], nodes: [], pageInfo: emptyPageInfo() }, count);
  const cursor = await em.findByCursor(entity, where, {
    ...(backward ? { last: size } : { first: size }),
    ...(after ? { after } : {}),
    ...(before ? { before } : {}),
    orderBy: order.sort,
    includeCount: false,
  } as FindByCursorOptions<T, never, '*', never, false>);
  const nodes = cursor.items as T[];
  const edges = nodes.map((node) => ({ node, cursor: wrapCursor(order.key, cursor.from(node)) }));
  return lazyCount(
    {
      edges,
      nodes,
      pageInfo: {
        hasNextPage: cursor.hasNextPage,
        hasPreviousPage: cursor.hasPrevPage,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    },
    count,
  );
}

// --- keyset pagination over SQL ------------------------------------------------------------------

/** A sort expression of a SQL list: never null (coalesce a nullable column), with its own parameters. */
export interface SqlSortExpression {
  sql: string;
  params?: unknown[];
}

/** The orders of a list read with SQL (filters too rich for a FilterQuery): sort expressions per field. */
export interface SqlListOrder<K extends string = string> {
  input: ClassType<OrderInput>;
  defaultOrder: { field: K; direction: OrderDirection };
  /** The sort for what a client sent: the field, its expressions (the id last) and the cursor key. */
  resolve(
    orderBy: OrderInput | null | undefined,
    fallback?: { field: K; direction: OrderDirection },
  ): SqlOrder<K>;
}

export interface SqlOrder<K extends string = string> {
  field: K;
  key: string;
  direction: OrderDirection;
  expressions: SqlSortExpression[];
}

/**
 * Like defineListOrder, for lists read with SQL: each field names SQL expressions over the list's
 * table (non-null: coalesce a nullable column), and `id` (the table's id column) breaks ties.
 */
export function defineSqlListOrder<K extends string>(
  name: string,
  fields: Record<K, string[]>,
  defaultOrder: { field: NoInfer<K>; direction: OrderDirection },
  description: string,
  id = 'id',
): SqlListOrder<K> {
  return {
    input: orderInputType(name, Object.keys(fields) as K[], defaultOrder, description),
    defaultOrder,
    resolve(orderBy, fallback) {
      const { field, direction } = chosen(orderBy, fields, fallback ?? defaultOrder);
      return {
        field,
        direction,
        key: `${name}:${field}:${direction}`,
        expressions: [...fields[field], id].map((sql) => ({ sql })),
      };
    },
  };
}

/**
 * One page of a SQL list by keyset. `from` and `where` (with `params`) select the rows; the order's
 * expressions (the id last) sort them, and a cursor carries their values as PostgreSQL prints them,
 * so a timestamp keeps its microseconds. `load` turns the page's ids into records (any order).
 */
export async function paginateKeysetSql<T extends { id: string }>(
  em: SqlEntityManager,
  list: { from: string; where: string[]; params: unknown[] },
  args: KeysetPageArgs,
  order: SqlOrder,
  maxPageSize: number,
  load: (ids: string[]) => Promise<T[]>,
): Promise<ConnectionShape<T>> {
  const { backward, size } = direction(args, maxPageSize);
  const values = (cursor: string | null | undefined, field: string): string[] | undefined => {
    const inner = unwrapCursor(cursor, order.key, field);
    if (inner === undefined) return undefined;
    const parsed = JSON.parse(Buffer.from(inner, 'base64url').toString()) as unknown[];
    if (parsed.length !== order.expressions.length || parsed.some((v) => typeof v !== 'string'))
      throw notACursor(field);
    return parsed as string[];
  };
  const after = values(args.after, 'after');
  const before = values(args.before, 'before');
  const where = list.where.length ? `where ${list.where.join(' and ')}` : '';
  const count = async () =>
    Number(
      (
        await em.execute<Array<{ n: string }>>(
          `select count(*)::text as n from ${list.from} ${where}`,
          list.params,
        )
      )[0].n,
    );
  if (size === 0) return lazyCount({ edges: [], nodes: [], pageInfo: emptyPageInfo() }, count);

  // The inner query computes the sort values once (k0, k1, ... and the id last); the outer one
  // compares them as a row with the cursor's, which is a total order because the id ends it. It
  // orders by `page.k0…`, the values themselves: a bare `k0` would name the output column, the
  // cursor's text, which sorts numbers wrongly and keeps PostgreSQL from reading an index in order
  // (the desk's register sorted every dossier of the agency, 17 ms, for a page of 20).
  const keys = order.expressions.map((_, i) => `k${i}`);
  const desc = order.direction === OrderDirection.DESC;
  const bounds: string[] = [];
  const boundParams: unknown[] = [];
  const bound = (cursorValues: string[], after: boolean) => {
    bounds.push(`(${keys.join(', ')}) ${after !== desc ? '>' : '<'} (${keys.map(() => '?').join(', ')})`);
    boundParams.push(...cursorValues);
  };
  if (after) bound(after, true);
  if (before) bound(before, false);
  const ascending = desc === backward; // reading backward walks the order the other way
  const sql = `select id, ${keys.map((k) => `${k}::text as ${k}`).join(', ')} from (
      select ${order.expressions.map((e, i) => `${e.sql} as k${i}`).join(', ')}, ${order.expressions[order.expressions.length - 1].sql} as id
        from ${list.from} ${where}) page
    ${bounds.length ? `where ${bounds.join(' and ')}` : ''}
    order by ${keys.map((k) => `page.${k} ${ascending ? 'asc' : 'desc'}`).join(', ')}
    limit ?`;
  const params = [
    ...order.expressions.flatMap((e) => e.params ?? []),
    ...list.params,
    ...boundParams,
    size + 1,
  ];
  const rows = await em.execute<Array<Record<string, string>>>(sql, params);
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  const loaded = new Map((await load(page.map((r) => r.id))).map((node) => [node.id, node]));
  const edges = page
    .filter((r) => loaded.has(r.id))
    .map((r) => ({
      node: loaded.get(r.id)!,
      cursor: wrapCursor(order.key, Buffer.from(JSON.stringify(keys.map((k) => r[k]))).toString('base64url')),
    }));
  return lazyCount(
    {
      edges,
      nodes: edges.map((e) => e.node),
      pageInfo: {
        hasNextPage: backward ? before !== undefined : more,
        hasPreviousPage: backward ? more : after !== undefined,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    },
    count,
  );
}

function emptyPageInfo(): PageInfo {
  return { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null };
}
