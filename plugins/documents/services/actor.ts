import { directory, type OfficialRecord } from '../../staff';
import type { RequestContext } from '../../../src';

/** The signed-in user's official record (null for system work and users without one), once per request. */
export function currentOfficial(ctx: RequestContext): Promise<OfficialRecord | null> {
  if (ctx.isSystem) return Promise.resolve(null);
  return directory.actingOfficial(ctx);
}

export interface Actor {
  officialId: string | null;
  name: string;
}

/** Who is acting, for traces and "registered by" fields. */
export async function currentActor(ctx: RequestContext): Promise<Actor> {
  if (ctx.isSystem) return { officialId: null, name: 'Hệ thống' };
  const official = await currentOfficial(ctx);
  return {
    officialId: official?.id ?? null,
    name: official?.fullName ?? ctx.user?.name ?? ctx.user?.username ?? 'Không rõ',
  };
}

/** Raw SQL in the request's transaction (knex placeholders `?`; arrays as pgArray). */
export function sql<T = Record<string, unknown>>(
  ctx: RequestContext,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return ctx.em.execute(text, params) as Promise<T[]>;
}

/** The unit and its ancestors. */
export function unitAndAncestors(ctx: RequestContext, unitId: string): Promise<string[]> {
  return directory.unitAndAncestorIds(ctx, unitId);
}

/** Roles of the role map that grant a permission (platform-admin grants all). */
export function rolesGranting(ctx: RequestContext, permission: string): string[] {
  return ctx.app.roles.roles.filter((role) => ctx.app.roles.permissionsOfRole(role).includes(permission));
}

/**
 * Whether another official (not the signed-in user) holds `permission` over `unitId`, through a role
 * they hold over that unit, an ancestor, or an agency of one of them. Active officials only.
 */
export async function officialCan(
  ctx: RequestContext,
  officialId: string,
  permission: string,
  unitId: string,
): Promise<boolean> {
  const holders = await directory.officialsHolding(ctx, {
    roles: rolesGranting(ctx, permission),
    unitIds: await unitAndAncestors(ctx, unitId),
    officialId,
  });
  return holders.length > 0;
}

/** Active officials posted at the agency who hold `permission` over it (e.g. its records clerks). */
export async function officialsOfAgencyWith(
  ctx: RequestContext,
  agencyId: string,
  unitId: string,
  permission: string,
): Promise<string[]> {
  return directory.officialsHolding(ctx, {
    roles: rolesGranting(ctx, permission),
    unitIds: await unitAndAncestors(ctx, unitId),
    postedAt: agencyId,
  });
}

/** Whether the official is currently posted at the agency. */
export function isPostedAt(ctx: RequestContext, officialId: string, agencyId: string): Promise<boolean> {
  return directory.isPostedAt(ctx, officialId, agencyId);
}

/** The department of the official's current posting at the agency, if any. */
export async function departmentOfOfficial(
  ctx: RequestContext,
  officialId: string,
  agencyId: string,
): Promise<string | null> {
  const postings = (await directory.currentPostings(ctx, officialId)).filter((p) => p.agencyId === agencyId);
  // Primary first, then one with a department (the order the register always used).
  postings.sort(
    (a, b) =>
      Number(b.primary) - Number(a.primary) ||
      Number(!a.departmentId) - Number(!b.departmentId) ||
      ((a.departmentId ?? '') < (b.departmentId ?? '')
        ? -1
        : (a.departmentId ?? '') > (b.departmentId ?? '')
          ? 1
          : 0),
  );
  return postings[0]?.departmentId ?? null;
}
