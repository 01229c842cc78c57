import type { EntityClass, EntityManager, FilterQuery, FindByCursorOptions } from '@mikro-orm/core';
import type { OrderDefinition } from '@mikro-orm/core';
import { ArgsType, Field, InputType, Int, ObjectType, ClassType, registerEnumType } from 'type-graphql';
import { BadInputError } from '../errors';

@ObjectType({ description: 'Relay page information' })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'Page size; capped by the server (GRAPHQL_MAX_PAGE_SIZE)',
  })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the previous page' })
  after?: string;
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

const CURSOR_PREFIX = 'offset:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null): number {
  if (!cursor) return 0;
  const text = Buffer.from(cursor, 'base64url').toString();
  const offset = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isInteger(offset) || offset < 0)
    throw new BadInputError('Invalid cursor');
  return offset + 1;
}

/** Page size asked for, defaulted and checked against the cap. */
export function pageSize(first: number | undefined | null, max: number, fallback = 20): number {
  if (first === undefined || first === null) return Math.min(fallback, max);
  if (!Number.isInteger(first) || first < 0)
    throw new BadInputError('first must be a non-negative whole number');
  if (first > max) throw new BadInputError(`first may be at most ${max}`);
  return first;
}

/**
 * Turns an offset query into a connection. `fetch` gets one extra row to know whether a next page
 * exists; `count` only runs when a client asks for totalCount.
 */
export async function paginate<T>(
  args: PageArgs,
  maxPageSize: number,
  fetch: (limit: number, offset: number) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<ConnectionShape<T>> {
  const limit = pageSize(args.first, maxPageSize);
  const offset = decodeCursor(args.after);
  const rows = limit === 0 ? [] : await fetch(limit + 1, offset);
  const page = rows.slice(0, limit);
  const edges = page.map((node, index) => ({ node, cursor: encodeCursor(offset + index) }));
  let counted: Promise<number> | undefined;
  const connection = {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  } as ConnectionShape<T>;
  Object.defineProperty(connection, 'totalCount', { enumerable: true, get: () => (counted ??= count()) });
  return connection;
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
  /** The sort (and the key its cursors carry) for what a client sent. */
  resolve(orderBy: OrderInput | null | undefined): { key: string; sort: OrderDefinition<T> };
}

export function defineListOrder<T extends object, K extends string>(
  name: string,
  fields: Record<K, Array<keyof T & string>>,
  defaultOrder: { field: NoInfer<K>; direction: OrderDirection },
  description: string,
): ListOrder<T> {
  const fieldEnum = Object.fromEntries(Object.keys(fields).map((k) => [k, k])) as Record<K, K>;
  registerEnumType(fieldEnum, { name: `${name}Field`, description: `What ${name} sorts on` });

  @InputType(name, {
    description: `${description}; default ${defaultOrder.field} ${defaultOrder.direction}, ties broken by id`,
  })
  class Order implements OrderInput {
    @Field(() => fieldEnum) field!: K;
    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction!: OrderDirection;
  }

  return {
    input: Order,
    defaultOrder,
    resolve(orderBy) {
      const field = (orderBy?.field ?? defaultOrder.field) as K;
      const direction = orderBy ? (orderBy.direction ?? OrderDirection.ASC) : defaultOrder.direction;
      const columns = fields[field] ?? fields[defaultOrder.field];
      const dir = direction === OrderDirection.DESC ? 'desc' : 'asc';
      const sort = Object.fromEntries([...columns, 'id'].map((column) => [column, dir]));
      return { key: `${field}_${direction}`, sort: sort as OrderDefinition<T> };
    },
  };
}

/**
 * One page of a list by keyset (the rows after or before a cursor in a fixed order), not by offset:
 * a page stays right while rows are added or removed, and a deep page costs what the first does.
 * A cursor carries the order it was issued for; given with another order it is refused.
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
  if (args.first != null && args.last != null)
    throw new BadInputError('Give first or last, not both', { field: 'last' });
  const backward = args.last != null || (args.before != null && args.first == null);
  const size = pageSize(backward ? args.last : args.first, maxPageSize);
  const unwrap = (cursor: string | undefined, field: string): string | undefined => {
    if (cursor == null) return undefined;
    const dot = cursor.indexOf('.');
    const inner = dot > 0 ? cursor.slice(dot + 1) : '';
    if (cursor.slice(0, dot) !== order.key || !inner)
      throw new BadInputError(`${field} is not a cursor of this list in this order`, { field });
    try {
      const values = JSON.parse(Buffer.from(inner, 'base64url').toString());
      if (!Array.isArray(values)) throw new Error('not a list');
    } catch {
      throw new BadInputError(`${field} is not a cursor of this list in this order`, { field });
    }
    return inner;
  };
  const after = unwrap(args.after, 'after');
  const before = unwrap(args.before, 'before');
  const wrap = (inner: string) => `${order.key}.${inner}`;
  if (size === 0) {
    const empty = { edges: [], nodes: [], pageInfo: emptyPageInfo() } as unknown as ConnectionShape<T>;
    Object.defineProperty(empty, 'totalCount', { enumerable: true, get: () => em.count(entity, where) });
    return empty;
  }
  const cursor = await em.findByCursor(entity, where, {
    ...(backward ? { last: size } : { first: size }),
    ...(after ? { after } : {}),
    ...(before ? { before } : {}),
    orderBy: order.sort,
    includeCount: false,
  } as FindByCursorOptions<T, never, '*', never, false>);
  const nodes = cursor.items as T[];
  const edges = nodes.map((node) => ({ node, cursor: wrap(cursor.from(node)) }));
  let counted: Promise<number> | undefined;
  const connection = {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: cursor.hasNextPage,
      hasPreviousPage: cursor.hasPrevPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  } as unknown as ConnectionShape<T>;
  Object.defineProperty(connection, 'totalCount', {
    enumerable: true,
    get: () => (counted ??= em.count(entity, where)),
  });
  return connection;
}

function emptyPageInfo(): PageInfo {
  return { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null };
}
