import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLResolveInfo,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import { requireId } from '../db/get-or-throw';

/**
 * Input positions typed `ID` that do not hold the platform's uuids, with why. Everything else typed
 * `ID` is a uuid the platform handed out.
 */
const NOT_UUIDS: Record<string, string> = {
  'RetryJobsInput.ids': "the job queue's own ids are whole numbers",
  'AuditFilterInput.entityId': "the audited record's key: a uuid, or a role's name for a delegation",
};

/** Whether any input position of `type` (lists and input objects included) is a uuid `ID`. */
function holdsIds(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (named.name === 'ID') return true;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some(
    (field) => !NOT_UUIDS[`${named.name}.${field.name}`] && holdsIds(field.type, seen),
  );
}

/** The fields of an input type that hold uuid ids (others are never walked). */
const fieldsWithIds = new WeakMap<GraphQLInputObjectType, GraphQLInputField[]>();

function idFields(type: GraphQLInputObjectType): GraphQLInputField[] {
  let found = fieldsWithIds.get(type);
  if (!found) {
    found = Object.values(type.getFields()).filter(
      (field) => !NOT_UUIDS[`${type.name}.${field.name}`] && holdsIds(field.type),
    );
    fieldsWithIds.set(type, found);
  }
  return found;
}

/** Fields whose arguments hold no `ID` are never walked. */
const argumentsWithIds = new WeakMap<GraphQLField<unknown, unknown>, GraphQLArgument[]>();

function idArguments(field: GraphQLField<unknown, unknown>): GraphQLArgument[] {
  let found = argumentsWithIds.get(field);
  if (!found) {
    found = field.args.filter((arg) => holdsIds(arg.type));
    argumentsWithIds.set(field, found);
  }
  return found;
}

/** Throws BAD_USER_INPUT naming the first malformed id of `value` (at `path`) by its type. */
function checkIds(type: GraphQLInputType, value: unknown, path: string, depth = 0): void {
  if (value === null || value === undefined || depth > 20) return;
  if (isNonNullType(type)) return checkIds(type.ofType, value, path, depth);
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => checkIds(type.ofType as GraphQLInputType, item, `${path}[${i}]`, depth + 1));
    return;
  }
  if (isInputObjectType(type)) {
    const fields = value as Record<string, unknown>;
    for (const field of idFields(type))
      checkIds(field.type, fields[field.name], path ? `${path}.${field.name}` : field.name, depth + 1);
    return;
  }
  if (type.name === 'ID') requireId(value as string, path);
}

/**
 * A malformed id is BAD_USER_INPUT naming its field, before any resolver runs (docs/api-style.md):
 * never NOT_FOUND, never a quiet null or an empty list, and never the database's refusal of a value
 * no service checked. Written once here, for every `ID` argument and input field of every query,
 * mutation and subscription. The field is named as services name it: an argument by its name
 * (`id`), a field of an input object without the argument's name (`dossierId`,
 * `postings[0].agencyId`).
 */
export function rejectMalformedIds(args: Record<string, unknown>, info: GraphQLResolveInfo): void {
  const field = info.parentType.getFields()[info.fieldName];
  if (!field) return;
  for (const arg of idArguments(field)) {
    const type = isNonNullType(arg.type) ? arg.type.ofType : arg.type;
    checkIds(arg.type, args[arg.name], isInputObjectType(type) ? '' : arg.name);
  }
}
