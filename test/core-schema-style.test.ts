import fs from 'node:fs';
import path from 'node:path';
import {
  GraphQLField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';

/**
 * The API style guide (docs/api-style.md), checked over the committed schema where a rule can be
 * checked mechanically. core-schema.test.ts proves the committed file is the built schema, so
 * checking the file checks what the plugins build. Each rule lists its offences; an allow-list entry
 * needs its reason next to it.
 */
/**
 * Offences still being fixed, rule by rule, while the renames land in slices. A rule's list must
 * match exactly: a new offence fails, and a fixed one must be taken off. Empty when done.
 */
const PENDING: Record<string, string[]> = {};

function expectOnlyPending(rule: string, offences: string[]): void {
  expect(offences.sort()).toEqual((PENDING[rule] ?? []).sort());
}

const schema: GraphQLSchema = buildSchema(
  fs.readFileSync(path.resolve(__dirname, '../schema/schema.graphql'), 'utf8'),
);

/** Every (type, field) pair of object and input types, with the arguments of object fields. */
function allFields() {
  const out: Array<{
    owner: GraphQLNamedType;
    name: string;
    type: GraphQLOutputType | GraphQLInputType;
    args: Array<{ name: string; type: GraphQLInputType }>;
  }> = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        out.push({ owner: type, name: field.name, type: field.type, args: [...field.args] });
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        out.push({ owner: type, name: field.name, type: field.type, args: [] });
    }
  }
  return out;
}

const queryFields = (): GraphQLField<unknown, unknown>[] => Object.values(schema.getQueryType()!.getFields());
const mutationFields = (): GraphQLField<unknown, unknown>[] =>
  Object.values(schema.getMutationType()!.getFields());

/** An object type with `id: ID!` is a record (an entity a client can fetch again). */
function isRecord(type: GraphQLNamedType): boolean {
  if (!isObjectType(type)) return false;
  const id = type.getFields().id;
  return !!id && isNonNullType(id.type) && getNamedType(id.type).name === 'ID';
}

describe('the API style (docs/api-style.md) over schema/schema.graphql', () => {
  it('versions are Int everywhere', () => {
    // PlatformInfo.version is the software's release, a string like 0.1.0, not a record's version.
    const offences = allFields()
      .filter((f) => isRecord(f.owner) || isInputObjectType(f.owner))
      .filter((f) => f.name === 'version' && getNamedType(f.type).name !== 'Int')
      .map((f) => `${f.owner.name}.${f.name}: ${String(f.type)}`);
    expect(offences).toEqual([]);
  });

  it('calendar dates use the Date scalar, never String', () => {
    // Names that mean a calendar day: issueDate, effectiveDate, validOn, joinedOn, endsOn, validFrom...
    const DATE_NAME = /^(on|date|from|to|day)$|Date$|On$|^valid(From|To)$|Day$/;
    const allowed: Record<string, string> = {
      'DossierTransition.to': 'the status a transition leads to, not a day',
      'PluginInfo.dependsOn': 'plugin ids',
    };
    const offences: string[] = [];
    for (const f of allFields()) {
      if (`${f.owner.name}.${f.name}` in allowed) continue;
      if (DATE_NAME.test(f.name) && getNamedType(f.type).name === 'String')
        offences.push(`${f.owner.name}.${f.name}`);
      for (const a of f.args)
        if (DATE_NAME.test(a.name) && getNamedType(a.type).name === 'String')
          offences.push(`${f.owner.name}.${f.name}(${a.name})`);
    }
    expect(offences).toEqual([]);
  });

  it('enum values are UPPER_CASE', () => {
    const offences: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isEnumType(type) || type.name.startsWith('__')) continue;
      for (const value of type.getValues())
        if (!/^[A-Z][A-Z0-9_]*$/.test(value.name)) offences.push(`${type.name}.${value.name}`);
    }
    expect(offences).toEqual([]);
  });

  it('every mutation is verb-first and takes exactly one non-null `input` argument', () => {
    const VERBS =
      /^(accept|add|apologise|apply|approve|assign|call|cancel|change|clear|complete|confirm|create|delete|fill|grant|import|issue|link|mark|move|number|provision|publish|rate|reactivate|recall|receive|replay|reconcile|record|refuse|register|reinstate|reissue|reject|remove|report|request|reset|restore|retry|return|revoke|rotate|send|set|skip|stop|submit|suspend|transfer|update|upload)[A-Z]/;
    const offences: string[] = [];
    for (const m of mutationFields()) {
      if (!VERBS.test(m.name)) offences.push(`${m.name}: does not start with a known verb`);
      const args = m.args.map((a) => a.name);
      if (args.length !== 1 || args[0] !== 'input') offences.push(`${m.name}(${args.join(', ')})`);
      else if (!isNonNullType(m.args[0].type) || !isInputObjectType(getNamedType(m.args[0].type)))
        offences.push(`${m.name}: input is not a non-null input object`);
    }
    expectOnlyPending('mutation-input', offences);
  });

  it('a mutation answers the record it changed, `<MutationName>Payload`, or DeletePayload for a delete', () => {
    const offences: string[] = [];
    for (const m of mutationFields()) {
      if (!isNonNullType(m.type) || isListType(m.type.ofType)) {
        offences.push(`${m.name}: ${String(m.type)} (must be one non-null object)`);
        continue;
      }
      const named = getNamedType(m.type);
      const payload = `${m.name[0].toUpperCase()}${m.name.slice(1)}Payload`;
      const deletes = /^(delete|remove|revoke)[A-Z]/.test(m.name);
      if (deletes) {
        if (named.name !== 'DeletePayload')
          offences.push(`${m.name}: ${named.name} (a delete answers DeletePayload)`);
      } else if (!(isRecord(named) || named.name === payload)) {
        offences.push(`${m.name}: ${named.name} (a record with id, or ${payload})`);
      }
    }
    expectOnlyPending('mutation-answer', offences);
  });

  it('DeletePayload is { deletedId: ID! }, and only deletes answer it', () => {
    const payload = schema.getType('DeletePayload');
    expect(payload && isObjectType(payload)).toBe(true);
    const fields = Object.values((payload as GraphQLObjectType).getFields()).map(
      (f) => `${f.name}: ${String(f.type)}`,
    );
    expect(fields).toEqual(['deletedId: ID!']);
    const others = mutationFields()
      .filter((m) => getNamedType(m.type).name === 'DeletePayload')
      .filter((m) => !/^(delete|remove|revoke)[A-Z]/.test(m.name))
      .map((m) => m.name);
    expect(others).toEqual([]);
  });

  it('payload types are only used as mutation answers, each by its own mutation', () => {
    const answers = new Map(mutationFields().map((m) => [getNamedType(m.type).name, m.name]));
    const offences = Object.keys(schema.getTypeMap())
      .filter((name) => name.endsWith('Payload') && name !== 'DeletePayload' && !answers.has(name))
      .map((name) => `${name} answers no mutation`);
    expect(offences).toEqual([]);
  });

  it('single-item queries are nullable: a miss is null, never an error that wipes a combined query', () => {
    const offences = queryFields()
      .filter((q) => !isListType(isNonNullType(q.type) ? q.type.ofType : q.type))
      .filter((q) => isRecord(getNamedType(q.type)))
      .filter((q) => isNonNullType(q.type))
      .map((q) => `${q.name}: ${String(q.type)}`);
    expectOnlyPending('single-item-nullable', offences);
  });

  it('`me` is nullable: null for an anonymous request', () => {
    const me = schema.getQueryType()!.getFields().me;
    expect(me && String(me.type)).toBe('Me');
  });

  it('there is one "who am I" query', () => {
    const whoAmI = queryFields()
      .map((q) => q.name)
      .filter((name) => ['me', 'viewer', 'currentUser', 'whoami', 'whoAmI', 'self'].includes(name));
    expectOnlyPending('who-am-i', [
      ...whoAmI.filter((name) => name !== 'me'),
      ...(whoAmI.includes('me') ? [] : ['no me']),
    ]);
  });

  it('every connection has filter, orderBy and forward and backward keyset arguments, and no others', () => {
    const offences: string[] = [];
    const connectionFields = allFields().filter(
      (f) => isObjectType(f.owner) && getNamedType(f.type).name.endsWith('Connection'),
    );
    expect(connectionFields.length).toBeGreaterThan(5);
    for (const f of connectionFields) {
      const args = new Map(f.args.map((a) => [a.name, a.type]));
      for (const [name, type] of [
        ['first', 'Int'],
        ['after', 'String'],
        ['last', 'Int'],
        ['before', 'String'],
      ] as const)
        if (!args.has(name) || String(args.get(name)) !== type)
          offences.push(`${f.owner.name}.${f.name}: ${name}: ${type}`);
      const orderBy = args.get('orderBy');
      const orderType = orderBy && getNamedType(orderBy);
      if (!orderType || !isInputObjectType(orderType)) {
        offences.push(`${f.owner.name}.${f.name}: orderBy`);
        continue;
      }
      const fields = (orderType as GraphQLInputObjectType).getFields();
      if (!fields.field || !isEnumType(getNamedType(fields.field.type)) || !fields.direction)
        offences.push(`${orderType.name}: needs field (an enum) and direction`);
    }
    // What narrows a list is one optional `filter` input (its fields combine with AND), so a list
    // gains a criterion without a new argument: `jobs(filter: { state: FAILED })`, not `jobs(state:)`.
    const paging = new Set(['first', 'after', 'last', 'before', 'orderBy', 'filter']);
    for (const f of connectionFields) {
      const filter = f.args.find((a) => a.name === 'filter');
      if (!filter || isNonNullType(filter.type) || !isInputObjectType(filter.type))
        offences.push(`${f.owner.name}.${f.name}: filter: an optional input`);
      for (const a of f.args)
        if (!paging.has(a.name)) offences.push(`${f.owner.name}.${f.name}(${a.name}): belongs in filter`);
    }
    expectOnlyPending('connection-args', offences);
  });

  it('top-level lists of records are connections', () => {
    // Bounded lists of few rows, answered whole; each says why.
    const allowed: Record<string, string> = {
      myMailboxes: 'the few mailboxes one official owns or uses',
      documentRegisters: 'the registers of an agency: a handful per year',
      currentUnitsOf: 'the successors of one unit: one to a few',
      roleDelegations: 'the delegation rules: one per realm role',
      serviceIndexCriteria: 'the criteria of the national service index in force: about fifteen',
    };
    const offences = queryFields()
      .filter((q) => {
        const inner = isNonNullType(q.type) ? q.type.ofType : q.type;
        return isListType(inner) && isRecord(getNamedType(q.type));
      })
      .filter((q) => !(q.name in allowed))
      .map((q) => `${q.name}: ${String(q.type)}`);
    expectOnlyPending('lists-are-connections', offences);
  });

  it('ids are ID and instants are DateTimeISO', () => {
    const offences: string[] = [];
    for (const f of allFields()) {
      const named = getNamedType(f.type).name;
      // Identifiers of outside systems are strings: electronic ids (QCVN 102:2016), Keycloak user
      // ids, request ids of the logs, plugin names.
      const outside =
        /(electronicId|ElectronicId|keycloakUserId|requestId)$/.test(f.name) || f.owner.name === 'PluginInfo';
      if (!outside && (f.name === 'id' || /[a-z]Ids?$/.test(f.name)) && named !== 'ID')
        offences.push(`${f.owner.name}.${f.name}: ${named}`);
      if (/At$/.test(f.name) && named !== 'DateTimeISO') offences.push(`${f.owner.name}.${f.name}: ${named}`);
    }
    expect(offences).toEqual([]);
  });
});
