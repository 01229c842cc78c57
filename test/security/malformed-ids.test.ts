import {
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  isEnumType,
  isInputObjectType,
} from 'graphql';
import { useDemoPlatform, operationFor, RealIds, rootFields, ValueSource } from './schema-operations';

/**
 * docs/api-style.md: a malformed id is BAD_USER_INPUT naming its field, never NOT_FOUND and never a
 * quiet null or empty list (a client that sends a code where an id belongs must hear so, not be told
 * the record is missing). Generated from the schema: every query and mutation, once for each ID it
 * takes (arguments, and input fields two levels deep), with that one id malformed and every other id
 * a real one of its kind, asked by the platform admin so that no permission check stops it first.
 *
 * Every case must answer BAD_USER_INPUT whose `extensions.field` names the malformed argument or
 * input field (with its path: `postings[0].agencyId`): an answer without an error, NOT_FOUND, the
 * database's refusal with no field, or another field's error fails. The ids are checked before any
 * resolver runs (src/graphql/malformed-ids.ts), so nothing else can come first.
 */

const MALFORMED = 'not-an-id-7f3a';

/** IDs that are not the platform's uuids, by `field.argument`, with why. */
const NOT_PLATFORM_IDS: Record<string, string> = {
  'auditTrail.entityId': "the audited record's key: a uuid, or a role's name for a delegation",
};

/** Values good enough to reach the service, with the `target`-th ID malformed. */
function valuesWithMalformedId(
  ids: RealIds,
  field: string,
  target: number,
): ValueSource & { seen: number; malformed: string | null } {
  const source = {
    seen: 0,
    /** The name of the argument or input field made malformed. */
    malformed: null as string | null,
    leaf(type: GraphQLNamedType, name: string): unknown {
      if (isEnumType(type)) return type.getValues()[0].value;
      const realId = () => (ids.ofKind(name, field) ?? ids.all)[0];
      switch (type.name) {
        case 'ID':
          if (source.seen++ !== target) return realId();
          source.malformed = name;
          return MALFORMED;
        case 'String':
          return /id$/i.test(name) ? realId() : 'Thử';
        case 'Int':
        case 'Float':
          return 1;
        case 'Boolean':
          return false;
        case 'Date':
          return '2026-03-02';
        case 'DateTime':
        case 'DateTimeISO':
          return '2026-03-02T02:00:00.000Z';
        default:
          return 'Thử';
      }
    },
    // Every optional id is filled, in optional inputs too (a filter's id is an id); nothing else optional.
    fillOptional: (_name: string, type: GraphQLInputType) => {
      const named = getNamedType(type);
      return named.name === 'ID' || isInputObjectType(named);
    },
    listLength: () => 1,
  };
  return source;
}

describe('security: a malformed id is BAD_USER_INPUT, in every query and mutation', () => {
  const demo = useDemoPlatform();

  it('answers every malformed id with BAD_USER_INPUT naming it, never NOT_FOUND, null or an empty list', async () => {
    const { t, ids } = demo;
    const admin = t.token('root', ['platform-admin']);
    const failures: string[] = [];
    let cases = 0;
    const fields: Array<['query' | 'mutation', GraphQLField<unknown, unknown>]> = [
      ...rootFields('query').map((f) => ['query', f] as ['query', GraphQLField<unknown, unknown>]),
      ...rootFields('mutation').map((f) => ['mutation', f] as ['mutation', GraphQLField<unknown, unknown>]),
    ];
    for (const [kind, field] of fields) {
      for (let target = 0; ; target++) {
        const source = valuesWithMalformedId(ids, field.name, target);
        const op = operationFor(kind, field, source, true);
        if (source.seen <= target) break; // no id left to make malformed
        if (NOT_PLATFORM_IDS[`${field.name}.${source.malformed}`]) continue;
        cases++;
        const res = await t.request(op.document, op.variables, { token: admin });
        const first = res.errors?.[0];
        const refusedOn = typeof first?.extensions?.field === 'string' ? first.extensions.field : null;
        // `postings[0].agencyId` names `agencyId`, `deviceIds[0]` names `deviceIds`.
        const named = refusedOn
          ?.replace(/\[\d+\]/g, '')
          .split('.')
          .at(-1);
        if (first?.extensions?.code === 'BAD_USER_INPUT' && named === source.malformed) continue;
        failures.push(
          `${kind} ${field.name} ${JSON.stringify(op.variables).slice(0, 300)}: ` +
            (first
              ? `${first.extensions?.code} ${refusedOn ? `on ${refusedOn} ` : ''}${first.message}`
              : `answered ${JSON.stringify(res.data).slice(0, 120)}`),
        );
      }
    }
    process.stdout.write(
      `malformed ids: ${cases} cases over ${fields.length} root fields; ${failures.length} wrong\n`,
    );
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThan(100);
  }, 900_000);
});
