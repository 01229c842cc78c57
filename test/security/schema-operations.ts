import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
  isAbstractType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { createTestApp, type TestApp } from '../harness';
import { discoverPlugins } from '../../src/plugin/discovery';

/**
 * Operations generated from the emitted schema (schema/schema.graphql, checked against the code by
 * test/core-schema.test.ts), so that a new query or mutation enters the security suite without
 * anyone writing a case for it. Values for arguments come from a `ValueSource`: the authorization
 * matrix fills them with another commune's ids, the fuzz test with hostile values.
 */

export const SCHEMA: GraphQLSchema = buildSchema(
  fs.readFileSync(path.resolve(__dirname, '../../schema/schema.graphql'), 'utf8'),
);

/** What to put where a value is needed. `name` is the argument or input field being filled. */
export interface ValueSource {
  leaf(type: GraphQLNamedType, name: string, required: boolean): unknown;
  /** Whether an optional argument or input field is filled at all. */
  fillOptional(name: string, type: GraphQLInputType): boolean;
  /** How many items a list gets (0 allowed for optional lists). */
  listLength(name: string): number;
}

export interface GeneratedOperation {
  kind: 'query' | 'mutation';
  field: string;
  document: string;
  variables: Record<string, unknown>;
}

/** Fields that render images or files: priced separately and covered by bounded-work tests. */
const HEAVY_FIELD = /(png|svg|pdf|xlsx|qrCode|label|content)$/i;
const MAX_DEPTH = 3;

export function inputValue(type: GraphQLInputType, name: string, source: ValueSource, depth = 0): unknown {
  if (isNonNullType(type)) return inputValue(type.ofType, name, source, depth);
  if (isListType(type)) {
    const n = source.listLength(name);
    return Array.from({ length: n }, () => inputValue(type.ofType as GraphQLInputType, name, source, depth));
  }
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const required = isNonNullType(field.type) && field.defaultValue === undefined;
      if (!required && (depth > 2 || !source.fillOptional(field.name, field.type))) continue;
      out[field.name] = inputValue(field.type, field.name, source, depth + 1);
    }
    return out;
  }
  return source.leaf(type, name, false);
}

function selection(type: GraphQLNamedType, depth: number): string {
  if (isLeafType(type)) return '';
  if (isAbstractType(type)) {
    const parts = SCHEMA.getPossibleTypes(type).map((t) => {
      const inner = selection(t, depth);
      return inner ? `... on ${t.name} ${inner}` : '';
    });
    return `{ __typename ${parts.join(' ')} }`;
  }
  if (!isObjectType(type)) return '';
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (HEAVY_FIELD.test(field.name)) continue;
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (depth < MAX_DEPTH) {
      const inner = selection(named, depth + 1);
      if (inner) parts.push(`${field.name} ${inner}`);
    }
  }
  return parts.length ? `{ ${parts.join(' ')} }` : '';
}

/** One operation calling `field` with every required argument and, if `withOptional`, the optional ones the source fills. */
export function operationFor(
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  source: ValueSource,
  withOptional: boolean,
): GeneratedOperation {
  const variables: Record<string, unknown> = {};
  const declared: string[] = [];
  const passed: string[] = [];
  field.args.forEach((arg: GraphQLArgument, i) => {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    if (!required && !(withOptional && source.fillOptional(arg.name, arg.type))) return;
    const name = `v${i}`;
    declared.push(`$${name}: ${arg.type.toString()}`);
    passed.push(`${arg.name}: $${name}`);
    variables[name] = inputValue(arg.type, arg.name, source);
  });
  const named = getNamedType(field.type);
  const inner = isLeafType(named) ? '' : selection(named, 1) || '{ __typename }';
  const document =
    `${kind} Generated${declared.length ? `(${declared.join(', ')})` : ''} ` +
    `{ ${field.name}${passed.length ? `(${passed.join(', ')})` : ''} ${inner} }`;
  return { kind, field: field.name, document, variables };
}

/**
 * Real ids by kind of record, from every table with a uuid `id` (the table named without its plugin
 * prefix: procedures_dossier → dossier), and the kind an argument names (`dossierId`, or `id` of
 * `updateQueueKiosk`): so generated operations get past "not found" into the real work.
 */
export class RealIds {
  readonly all: string[] = [];
  private readonly byKind = new Map<string, string[]>();

  static async read(sql: <T>(text: string) => Promise<T[]>): Promise<RealIds> {
    const ids = new RealIds();
    const tables = await sql<{ table_name: string }>(
      `select table_name from information_schema.columns
        where table_schema = 'public' and column_name = 'id' and data_type = 'uuid'`,
    );
    for (const { table_name } of tables) {
      const rows = await sql<{ id: string }>(`select id from "${table_name}" order by id limit 2`);
      ids.all.push(...rows.filter((r) => !ids.all.includes(r.id)).map((r) => r.id));
      if (rows.length)
        ids.byKind.set(
          table_name.replace(/^[a-z]+_/, ''),
          rows.map((r) => r.id),
        );
    }
    return ids;
  }

  /** Ids of the kind the argument `name` of `field` names, if any table holds that kind. */
  ofKind(name: string, field: string): string[] | undefined {
    const key = (/^ids?$/i.test(name) ? field : name.replace(/Ids?$/, ''))
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase();
    const kinds = [...this.byKind.keys()].filter((kind) => key.endsWith(kind) || key.includes(kind));
    const best = kinds.sort((a, b) => b.length - a.length)[0];
    return best ? this.byKind.get(best) : undefined;
  }
}

/**
 * The generated suites' world: the platform with every plugin and the demo data, and the real ids of
 * every kind, for the suite that calls this in its `describe`: started before its tests, closed after
 * them. Read `t` and `ids` inside tests (they are set then).
 */
export function useDemoPlatform(): { t: TestApp; ids: RealIds } {
  const demo = {} as { t: TestApp; ids: RealIds };
  beforeAll(async () => {
    demo.t = await createTestApp({ plugins: discoverPlugins() });
    await demo.t.app.runSeeds({ demo: true });
    demo.ids = await RealIds.read((text) => demo.t.sql(text));
  }, 300_000);
  afterAll(async () => demo.t?.close());
  return demo;
}

export function rootFields(kind: 'query' | 'mutation'): Array<GraphQLField<unknown, unknown>> {
  const root = kind === 'query' ? SCHEMA.getQueryType() : SCHEMA.getMutationType();
  return Object.values(root!.getFields());
}
