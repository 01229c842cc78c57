import { BadInputError, ForbiddenError, isLocalDate, type RequestContext } from '../../../src';
import { directory } from '../../staff';

export function sql<T = Record<string, unknown>>(ctx: RequestContext, text: string, params: unknown[] = []) {
  return ctx.em.execute(text, params) as Promise<T[]>;
}

export function requireDate(value: string | null | undefined, field: string): string {
  if (!value || !isLocalDate(value))
    throw new BadInputError(
      { vi: `${field} không phải là ngày (YYYY-MM-DD)`, en: `${field} is not a date (YYYY-MM-DD)` },
      { field },
    );
  return value;
}

/** Who acts, for the "by" columns: the official's name, else the token's. */
export async function actorName(ctx: RequestContext): Promise<string | null> {
  const actor = await directory.actor(ctx).catch(() => null);
  return actor?.name ?? ctx.user?.name ?? ctx.user?.username ?? (ctx.isSystem ? 'system' : null);
}

/** A unit's subtree with the older units it replaced (2025 reform), so history counts under today's units. */
export async function unitsWithHistory(ctx: RequestContext, unitId: string): Promise<string[]> {
  const subtree = await directory.descendantIds(ctx, [unitId], true);
  const older = await directory.predecessorIds(ctx, subtree);
  return [...new Set([...subtree, ...older])];
}

/** FORBIDDEN unless the caller holds `permission` over the unit (or the agency, in its unit). */
export async function requireOver(
  ctx: RequestContext,
  permission: string,
  owner: { unitId: string; agencyId?: string | null },
): Promise<void> {
  ctx.require(permission);
  if (!(await ctx.can(permission, owner)))
    throw new ForbiddenError({
      vi: 'Nằm ngoài phạm vi quản lý hành chính của bạn',
      en: 'Outside your administrative scope',
    });
}
