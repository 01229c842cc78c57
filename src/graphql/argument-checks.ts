import type { GraphQLResolveInfo } from 'graphql';
import type { ResolverData } from 'type-graphql';
import { rejectMalformedIds } from './malformed-ids';
import { rejectNulCharacters } from './nul-characters';

/** Arguments objects already checked (a field with several `@Arg`s is checked once). */
const checked = new WeakSet<object>();

/**
 * What every field's arguments must satisfy before its resolver runs: no NUL character in a string,
 * no malformed id.
 *
 * type-graphql's argument validation hook (`validateFn`): it runs for fields that take arguments
 * only, after the permission check, before the resolver. (A global middleware did this before, but
 * it wrapped every field of every type, scalars included, in a chain of promises: most of the CPU
 * time of a list.)
 */
export function checkArguments(_value: unknown, _type: unknown, { args, info }: ResolverData): void {
  if (!args || checked.has(args)) return;
  checked.add(args);
  checkFieldArguments(args, info);
}

/** The same checks where type-graphql's hook does not run: when a client subscribes (src/live). */
export function checkFieldArguments(args: Record<string, unknown>, info: GraphQLResolveInfo): void {
  rejectNulCharacters(args);
  rejectMalformedIds(args, info);
}
