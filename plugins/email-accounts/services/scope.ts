import { ForbiddenError, NotFoundError, type RequestContext } from '../../../src';
import { EmailPermissions } from '../permissions';

/**
 * Scope rules shared by the services: a record belongs to the unit of its domain's agency. Outside
 * someone's read scope it does not exist (NOT_FOUND); inside read scope but outside manage scope,
 * changing it is FORBIDDEN.
 */
export async function requireVisible(ctx: RequestContext, unitId: string, what: string, id: string): Promise<void> {
  if (!(await ctx.can(EmailPermissions.read, unitId)) && !(await ctx.can(EmailPermissions.manage, unitId))) throw new NotFoundError(what, id);
}

export async function requireScoped(ctx: RequestContext, permission: string, unitId: string, what: string, id: string): Promise<void> {
  if (await ctx.can(permission, unitId)) return;
  if (await ctx.can(EmailPermissions.read, unitId)) throw new ForbiddenError(`Outside your administrative scope (${permission})`);
  throw new NotFoundError(what, id);
}

/** Units whose records a list may show: read or manage scope. */
export async function readableUnits(ctx: RequestContext): Promise<'all' | string[]> {
  const read = await ctx.unitsFor(EmailPermissions.read);
  const manage = await ctx.unitsFor(EmailPermissions.manage);
  if (read === 'all' || manage === 'all') return 'all';
  return [...new Set([...read, ...manage])];
}
