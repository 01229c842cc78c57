import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import type { RequestContext } from '../context';

/**
 * Every top-level mutation field runs in one database transaction.
 *
 * The user's unit scope is resolved first, outside the transaction: the scope resolver reads on a
 * pooled connection of its own, and doing that while the transaction already holds one can exhaust
 * the pool under concurrent mutations (every transaction waiting for a second connection).
 *
 * Applied to the Mutation type's fields of the built schema only (not as a type-graphql global
 * middleware, which would wrap every field of every type in promises to test the parent type).
 */
export function wrapMutationsInTransactions(schema: GraphQLSchema): void {
  const mutation = schema.getMutationType();
  if (!mutation) return;
  for (const field of Object.values(mutation.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (root, args, context: RequestContext, info) => {
      if (context.user && !context.em.isInTransaction()) await context.scope();
      return context.transactional(async () => resolve(root, args, context, info));
    };
  }
}
