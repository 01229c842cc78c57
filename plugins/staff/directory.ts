import {
  pgArray,
  readEntitiesWhere,
  UUID_PATTERN as UUID,
  type BaseEntity,
  type RequestContext,
} from '../../src';
import { officialAccountSql } from './services/account-link';
import { AdministrativeUnit } from './entities/administrative-unit.entity';
import { Agency } from './entities/agency.entity';
import { Department } from './entities/department.entity';
import { Desk } from './entities/desk.entity';
import { OneStopCentre } from './entities/one-stop-centre.entity';
import { Official, OfficialStatus } from './entities/official.entity';
import { ancestorIds, currentSuccessorIds, descendantIds, predecessorIds } from './services/unit-tree';
import { deskPlaceLoader, type DeskPlace } from './directory-desk-place';
import { departmentPlaceLoader, type DepartmentPlace } from './directory-department-place';

import type {
  UnitRecord,
  AgencyRecord,
  DepartmentRecord,
  CentreRecord,
  DeskRecord,
  OfficialRecord,
  Posting,
  RoleGrant,
} from './directory-records';

export type { DeskPlace, DepartmentPlace };
export type * from './directory-records';

/**
 * The staff directory: everything other plugins may ask staff about people and places, and the only
 * way they reach staff's records. Other plugins keep plain ids (`agencyId`, `officialId`, …) and ask
 * here; their set-based SQL reads staff's public views (README, "Public SQL surface"), never its
 * tables. Records come back read-only: staff alone changes them, through its own services.
 *
 * Look-ups by id are per-request DataLoaders (one query per kind and tick, whatever the number of
 * callers); a malformed id finds nothing (null), like an unknown one.
 */

type EntityClass<T> = { new (...args: never[]): T };

/** A per-request loader of one kind of staff record by id. */
function byId<T extends BaseEntity>(ctx: RequestContext, entity: EntityClass<T>, key: string) {
  return ctx.loader<string, T | null>(`staff.directory.${key}`, async (ids) => {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    // Read-only entities (the records are read-only to every caller): no query builder, no unit of
    // work registration per row; the table name and columns are the entity's own.
    const found = valid.length
      ? await readEntitiesWhere(ctx.em, entity, 'r', 'where r.id = any(?::uuid[])', [pgArray(valid)])
      : [];
    const map = new Map(found.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

async function many<T>(
  loader: { loadMany(keys: readonly string[]): Promise<Array<T | null | Error>> },
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, T>> {
  const unique = [...new Set([...ids].filter((id): id is string => !!id))];
  const loaded = await loader.loadMany(unique);
  const map = new Map<string, T>();
  loaded.forEach((value, i) => {
    if (value instanceof Error) throw value;
    if (value) map.set(unique[i], value);
  });
  return map;
}

function rowToPosting(r: PostingRow): Posting {
  return {
    officialId: r.official_id,
    agencyId: r.agency_id,
    unitId: r.unit_id,
    departmentId: r.department_id,
    deskId: r.desk_id,
    primary: r.primary,
    startsOn: r.starts_on instanceof Date ? r.starts_on.toISOString().slice(0, 10) : String(r.starts_on),
  };
}

interface PostingRow {
  official_id: string;
  agency_id: string;
  unit_id: string;
  department_id: string | null;
  desk_id: string | null;
  primary: boolean;
  starts_on: string | Date;
}

const postingColumns = (p = '') =>
  `${p}official_id, ${p}agency_id, ${p}unit_id, ${p}department_id, ${p}desk_id, ${p}"primary", ${p}starts_on::text as starts_on`;

export const directory = {
  // --- who is acting ------------------------------------------------------------------------------

  /**
   * The signed-in user's official record, whatever its status (null for system work, anonymous
   * requests and users without one). Found by the token's subject (the Keycloak user id stored on the
   * official) and, where AUTH_USERNAME_FALLBACK allows, else by username; resolved once per request.
   */
  actingOfficial(ctx: RequestContext): Promise<OfficialRecord | null> {
    const user = ctx.user;
    if (!user) return Promise.resolve(null);
    return ctx
      .loader<string, Official | null>('staff.directory.acting-official', async (keys) => {
        // By the linked account; by username only where configured, and only an official linked
        // to no account (officialAccountSql): the linked one first. Read-only, like every record here.
        const account = officialAccountSql(user, 'o');
        const [official] = await readEntitiesWhere(
          ctx.em,
          Official,
          'o',
          `where ${account.sql} order by o.keycloak_user_id is null limit 1`,
          account.params,
        );
        return keys.map(() => official ?? null);
      })
      .load('me');
  },

  /** The acting official when ACTIVE (suspended and departed officials act as nobody). */
  async activeActingOfficial(ctx: RequestContext): Promise<OfficialRecord | null> {
    const official = await directory.actingOfficial(ctx);
    return official?.status === OfficialStatus.ACTIVE ? official : null;
  },

  /** Who is acting, for traces and "done by" fields: the official, else the token's name. */
  async actor(ctx: RequestContext): Promise<{ officialId: string | null; name: string | null }> {
    if (!ctx.user) return { officialId: null, name: ctx.isSystem ? 'Hệ thống' : null };
    const official = await directory.actingOfficial(ctx);
    return {
      officialId: official?.id ?? null,
      name: official?.fullName ?? ctx.user.name ?? ctx.user.username,
    };
  },

  // --- records by id (per-request DataLoaders) ----------------------------------------------------

  unit: (ctx: RequestContext, id: string): Promise<UnitRecord | null> =>
    byId(ctx, AdministrativeUnit, 'unit').load(id),
  units: (ctx: RequestContext, ids: Iterable<string | null | undefined>): Promise<Map<string, UnitRecord>> =>
    many(byId(ctx, AdministrativeUnit, 'unit'), ids),
  agency: (ctx: RequestContext, id: string): Promise<AgencyRecord | null> =>
    byId(ctx, Agency, 'agency').load(id),
  agencies: (
    ctx: RequestContext,
    ids: Iterable<string | null | undefined>,
  ): Promise<Map<string, AgencyRecord>> => many(byId(ctx, Agency, 'agency'), ids),
  department: (ctx: RequestContext, id: string): Promise<DepartmentRecord | null> =>
    byId(ctx, Department, 'department').load(id),
  departments: (
    ctx: RequestContext,
    ids: Iterable<string | null | undefined>,
  ): Promise<Map<string, DepartmentRecord>> => many(byId(ctx, Department, 'department'), ids),
  centre: (ctx: RequestContext, id: string): Promise<CentreRecord | null> =>
    byId(ctx, OneStopCentre, 'centre').load(id),
  desk: (ctx: RequestContext, id: string): Promise<DeskRecord | null> => byId(ctx, Desk, 'desk').load(id),
  desks: (ctx: RequestContext, ids: Iterable<string | null | undefined>): Promise<Map<string, DeskRecord>> =>
    many(byId(ctx, Desk, 'desk'), ids),
  official: (ctx: RequestContext, id: string): Promise<OfficialRecord | null> =>
    byId(ctx, Official, 'official').load(id),
  officials: (
    ctx: RequestContext,
    ids: Iterable<string | null | undefined>,
  ): Promise<Map<string, OfficialRecord>> => many(byId(ctx, Official, 'official'), ids),

  /** The unit an agency belongs to (null for an unknown agency). */
  async agencyUnitId(ctx: RequestContext, agencyId: string): Promise<string | null> {
    return (await directory.agency(ctx, agencyId))?.unit.id ?? null;
  },

  /** The desk with its one-stop centre and the centre's agency (one statement, DataLoader). */
  placeOfDesk: (ctx: RequestContext, deskId: string): Promise<DeskPlace | null> =>
    deskPlaceLoader(ctx).load(deskId),
  /** The places of several desks, by desk id (labels of desks with their agency). */
  placesOfDesks: (
    ctx: RequestContext,
    deskIds: Iterable<string | null | undefined>,
  ): Promise<Map<string, DeskPlace>> => many(deskPlaceLoader(ctx), deskIds),

  /** The department with its agency (one statement, DataLoader). */
  placeOfDepartment: (ctx: RequestContext, departmentId: string): Promise<DepartmentPlace | null> =>
    departmentPlaceLoader(ctx).load(departmentId),

  // --- records by their natural keys (imports, seeds) ---------------------------------------------

  async agencyByElectronicId(ctx: RequestContext, electronicId: string): Promise<AgencyRecord | null> {
    return ctx.em.findOne(Agency, { electronicId });
  },

  async officialByUsername(ctx: RequestContext, username: string): Promise<OfficialRecord | null> {
    return ctx.em.findOne(Official, { username });
  },

  /** The unit carrying `code` on the day `validOn` (default: any current unit with that code). */
  async unitByCode(ctx: RequestContext, code: string, validOn?: string): Promise<UnitRecord | null> {
    const on = validOn ?? null;
    const found = await ctx.em.find(
      AdministrativeUnit,
      on
        ? {
            code,
            $and: [
              { $or: [{ validFrom: null }, { validFrom: { $lte: on } }] },
              { $or: [{ validTo: null }, { validTo: { $gt: on } }] },
            ],
          }
        : { code, validTo: null },
      { limit: 1, orderBy: { level: 'asc' } },
    );
    return found[0] ?? null;
  },

  /** The active departments, one-stop centres and desks of an agency. */
  async structureOf(
    ctx: RequestContext,
    agencyId: string,
  ): Promise<{ departments: DepartmentRecord[]; centres: CentreRecord[]; desks: DeskRecord[] }> {
    if (!UUID.test(agencyId)) return { departments: [], centres: [], desks: [] };
    const [departments, centres] = await Promise.all([
      ctx.em.find(Department, { agency: agencyId, active: true }, { orderBy: { name: 'asc' } }),
      ctx.em.find(OneStopCentre, { agency: agencyId, active: true }, { orderBy: { name: 'asc' } }),
    ]);
    const desks = centres.length
      ? await ctx.em.find(
          Desk,
          { centre: { $in: centres.map((c) => c.id) }, active: true },
          { orderBy: { code: 'asc' } },
        )
      : [];
    return { departments, centres, desks };
  },

  // --- postings -----------------------------------------------------------------------------------

  /** The official's current postings (primary first), per-request DataLoader. */
  currentPostings(ctx: RequestContext, officialId: string): Promise<Posting[]> {
    return ctx
      .loader<string, Posting[]>('staff.directory.postings', async (ids) => {
        const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
        const rows = valid.length
          ? await ctx.em.execute<PostingRow[]>(
              `select ${postingColumns()} from staff_current_posting_v where official_id = any(?::uuid[])
                order by "primary" desc, starts_on, created_at`,
              [pgArray(valid)],
            )
          : [];
        const byOfficial = new Map<string, Posting[]>();
        for (const row of rows) {
          const list = byOfficial.get(row.official_id) ?? [];
          list.push(rowToPosting(row));
          byOfficial.set(row.official_id, list);
        }
        return ids.map((id) => byOfficial.get(id) ?? []);
      })
      .load(officialId);
  },

  /** Whether the official is currently posted at the agency (and in that department, when given). */
  async isPostedAt(
    ctx: RequestContext,
    officialId: string,
    place: string | { agencyId?: string; departmentId?: string },
  ): Promise<boolean> {
    const { agencyId, departmentId } =
      typeof place === 'string' ? { agencyId: place, departmentId: undefined } : place;
    return (await directory.currentPostings(ctx, officialId)).some(
      (p) => (!agencyId || p.agencyId === agencyId) && (!departmentId || p.departmentId === departmentId),
    );
  },

  /**
   * Current postings at these places (any of the agencies, departments or desks given), optionally
   * only of ACTIVE officials: who works at a department, a desk, an agency.
   */
  async postingsAt(
    ctx: RequestContext,
    at: { agencyIds?: string[]; departmentIds?: string[]; deskIds?: string[]; activeOnly?: boolean },
  ): Promise<Posting[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    for (const [column, ids] of [
      ['agency_id', at.agencyIds],
      ['department_id', at.departmentIds],
      ['desk_id', at.deskIds],
    ] as const) {
      const valid = (ids ?? []).filter((id) => UUID.test(id));
      if (!valid.length) continue;
      clauses.push(`p.${column} = any(?::uuid[])`);
      params.push(pgArray(valid));
    }
    if (!clauses.length) return [];
    const rows = await ctx.em.execute<PostingRow[]>(
      `select ${postingColumns('p.')}
         from staff_current_posting_v p ${at.activeOnly ? `join staff_official o on o.id = p.official_id and o.status = 'ACTIVE'` : ''}
        where (${clauses.join(' or ')})
        order by p."primary" desc, p.starts_on, p.created_at`,
      params,
    );
    return rows.map(rowToPosting);
  },

  // --- roles --------------------------------------------------------------------------------------

  /**
   * Officials (ACTIVE ones) holding one of `roles` over one of `unitIds` (a role over an agency counts
   * at the agency's unit); with `postedAt`, only those currently posted at that agency.
   */
  async officialsHolding(
    ctx: RequestContext,
    query: { roles: string[]; unitIds: string[]; postedAt?: string; officialId?: string },
  ): Promise<string[]> {
    if (!query.roles.length || !query.unitIds.length) return [];
    const params: unknown[] = [pgArray(query.roles), pgArray(query.unitIds)];
    let extra = '';
    if (query.postedAt) {
      extra += ` and exists (select 1 from staff_current_posting_v p where p.official_id = g.official_id and p.agency_id = ?)`;
      params.push(query.postedAt);
    }
    if (query.officialId) {
      extra += ` and g.official_id = ?`;
      params.push(query.officialId);
    }
    const rows = await ctx.em.execute<Array<{ official_id: string }>>(
      `select distinct g.official_id from staff_role_grant_v g
        where g.official_status = 'ACTIVE' and g.role = any(?::text[]) and g.unit_id = any(?::uuid[])${extra}`,
      params,
    );
    return rows.map((r) => r.official_id);
  },

  /** The roles an official holds, wherever (for demo data and reports). */
  async rolesOf(ctx: RequestContext, officialId: string): Promise<RoleGrant[]> {
    if (!UUID.test(officialId)) return [];
    const rows = await ctx.em.execute<
      Array<{ official_id: string; role: string; unit_id: string; agency_id: string | null }>
    >(
      `select official_id, role, unit_id, agency_id from staff_role_grant_v where official_id = ? order by role`,
      [officialId],
    );
    return rows.map((r) => ({
      officialId: r.official_id,
      role: r.role,
      unitId: r.unit_id,
      agencyId: r.agency_id,
    }));
  },

  // --- the unit tree ------------------------------------------------------------------------------

  /** The units and every unit below them (with themselves unless `includeSelf` is false). */
  descendantIds: (ctx: RequestContext, unitIds: string[], includeSelf = true): Promise<string[]> =>
    descendantIds(
      ctx.em,
      unitIds.filter((id) => UUID.test(id)),
      includeSelf,
    ),

  /** The unit's ancestors from the root down, without itself. */
  ancestorIds: (ctx: RequestContext, unitId: string): Promise<string[]> =>
    UUID.test(unitId) ? ancestorIds(ctx.em, unitId) : Promise.resolve([]),

  /** The unit and its ancestors. */
  async unitAndAncestorIds(ctx: RequestContext, unitId: string): Promise<string[]> {
    return [unitId, ...(await directory.ancestorIds(ctx, unitId))];
  },

  /** Old units these units were formed from, transitively (after a reform: the old communes). */
  predecessorIds: (ctx: RequestContext, unitIds: string[]): Promise<string[]> =>
    predecessorIds(
      ctx.em,
      unitIds.filter((id) => UUID.test(id)),
    ),

  /** Units an old unit became, following successions to the units that exist today (2025 reform). */
  currentSuccessors: (ctx: RequestContext, unitId: string): Promise<Array<{ id: string; kind: string }>> =>
    UUID.test(unitId) ? currentSuccessorIds(ctx.em, unitId) : Promise.resolve([]),

  /** Whether `unitId` is `ancestorId` or lies below it. */
  async contains(ctx: RequestContext, ancestorId: string, unitId: string): Promise<boolean> {
    if (ancestorId === unitId) return UUID.test(unitId);
    const unit = await directory.unit(ctx, unitId);
    return !!unit && unit.path.includes(`/${ancestorId}/`);
  },
};

export type StaffDirectory = typeof directory;
