import { ancestorIds, officials, type Official } from '../../staff';
import { pgArray, type RequestContext } from '../../../src';

const cache = new WeakMap<RequestContext, Promise<Official | null>>();

/** The signed-in user's official record (null for system work and users without one), once per request. */
export function currentOfficial(ctx: RequestContext): Promise<Official | null> {
  if (ctx.isSystem || !ctx.user) return Promise.resolve(null);
  let found = cache.get(ctx);
  if (!found) {
    found = officials.me(ctx);
    cache.set(ctx, found);
  }
  return found;
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
  return ctx.em.execute(text, params as never[]) as Promise<T[]>;
}

/** The unit and its ancestors (staff's ancestorIds reads with ctx.em: in the request's transaction). */
export async function unitAndAncestors(ctx: RequestContext, unitId: string): Promise<string[]> {
  return [unitId, ...(await ancestorIds(ctx.em, unitId))];
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
  const units = await unitAndAncestors(ctx, unitId);
  const rows = await sql(
    ctx,
    `select 1 from staff_role_assignment ra
       join staff_official o on o.id = ra.official_id
       left join staff_agency a on a.id = ra.agency_id
      where ra.official_id = ? and o.status = 'ACTIVE' and ra.role = any(?::text[]) and coalesce(ra.unit_id, a.unit_id) = any(?::uuid[])
      limit 1`,
    [officialId, pgArray(rolesGranting(ctx, permission)), pgArray(units)],
  );
  return rows.length > 0;
}

/** Active officials posted at the agency who hold `permission` over it (e.g. its records clerks). */
export async function officialsOfAgencyWith(
  ctx: RequestContext,
  agencyId: string,
  unitId: string,
  permission: string,
): Promise<string[]> {
  const units = await unitAndAncestors(ctx, unitId);
  const rows = await sql<{ id: string }>(
    ctx,
    `select distinct o.id from staff_official o
       join staff_assignment sa on sa.official_id = o.id and sa.agency_id = ? and (sa.ends_on is null or sa.ends_on > current_date)
       join staff_role_assignment ra on ra.official_id = o.id
       left join staff_agency a on a.id = ra.agency_id
      where o.status = 'ACTIVE' and ra.role = any(?::text[]) and coalesce(ra.unit_id, a.unit_id) = any(?::uuid[])`,
    [agencyId, pgArray(rolesGranting(ctx, permission)), pgArray(units)],
  );
  return rows.map((r) => r.id);
}

/** Whether the official is currently posted at the agency. */
export async function isPostedAt(
  ctx: RequestContext,
  officialId: string,
  agencyId: string,
): Promise<boolean> {
  const rows = await sql(
    ctx,
    `select 1 from staff_assignment where official_id = ? and agency_id = ? and (ends_on is null or ends_on > current_date) limit 1`,
    [officialId, agencyId],
  );
  return rows.length > 0;
}

/** The department of the official's current posting at the agency, if any. */
export async function departmentOfOfficial(
  ctx: RequestContext,
  officialId: string,
  agencyId: string,
): Promise<string | null> {
  const rows = await sql<{ department_id: string | null }>(
    ctx,
    `select department_id from staff_assignment where official_id = ? and agency_id = ? and (ends_on is null or ends_on > current_date)
      order by "primary" desc, department_id nulls last limit 1`,
    [officialId, agencyId],
  );
  return rows[0]?.department_id ?? null;
}
