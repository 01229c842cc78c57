import type { MiddlewareFn } from 'type-graphql';
import type { RequestContext } from '../context';

/**
 * Every top-level mutation field runs in one database transaction.
 *
 * The user's unit scope is resolved first, outside the transaction: the scope resolver reads on a
 * pooled connection of its own, and doing that while the transaction already holds one can exhaust
 * the pool under concurrent mutations (every transaction waiting for a second connection).
 */
export const mutationTransaction: MiddlewareFn<RequestContext> = async ({ info, context }, next) => {
  if (info.parentType.name !== 'Mutation') return next();
  if (context.user && !context.em.isInTransaction()) await context.scope();
  return context.transactional(() => next());
};
