import { ArgsType, Field, Int, ObjectType, ClassType } from 'type-graphql';
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
