import type { MiddlewareFn } from 'type-graphql';
import type { RequestContext } from '../context';

/** Every top-level mutation field runs in one database transaction. */
export const mutationTransaction: MiddlewareFn<RequestContext> = async ({ info, context }, next) => {
  if (info.parentType.name !== 'Mutation') return next();
  return context.transactional(() => next());
};
