import { optionsOf, type RequestContext } from '../../../src';
import type { StaffOptions } from '../options';

/** After the current transaction commits, forget cached scopes (roles, postings or units changed). */
export function invalidateScopes(ctx: RequestContext): void {
  const { scopeResolver } = optionsOf<StaffOptions>(ctx.app, 'staff');
  ctx.afterCommit(() => scopeResolver.invalidate());
}
