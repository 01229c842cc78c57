import type { RequestContext } from '../context';
import { pgArray } from '../db/sql';

/**
 * What something belongs to, for scope checks: its administrative unit and, when an agency owns it
 * (a dossier, a document, a device at a desk, a mail domain), that agency.
 */
export interface ScopeOwner {
  unitId: string | null | undefined;
  agencyId?: string | null;
  /**
   * The check is about the unit as a whole (editing the unit, granting a role over it, creating an
   * agency in it): only a grant over the unit (or an ancestor) covers it, never one over an agency.
   */
  wholeUnit?: boolean;
}

/**
 * Which units and agencies a list may show for one permission ('all' when unrestricted): things in
 * `unitIds`, things owned by `agencyIds`, and things owned by no agency in `agencyUnitIds` (the own
 * units of the agencies granted, as covers() without an agency).
 */
export type ScopeFilter = 'all' | { unitIds: string[]; agencyIds: string[]; agencyUnitIds: string[] };

/**
 * Which administrative units (and agencies) a user may act on, per permission. Units and agencies are
 * opaque ids to the core; the staff plugin knows the tree and provides the resolver.
 *
 * Two kinds of grant: over a unit (everything that belongs to the unit and its sub-units) and over
 * an agency (what that agency owns). An agency grant says nothing about the other agencies of the
 * same unit nor about the units below it, so a check that knows the owning agency passes it.
 */
export interface UnitScope {
  /** Platform-wide: every unit, for every permission the user holds. */
  readonly global: boolean;
  /**
   * Whether the scope lets the user use `permission` on something owned by `unitId` (and, when given,
   * by `agencyId`). Without an agency, an agency grant covers its agency's own unit, not the units below.
   */
  covers(permission: string, unitId: string, agencyId?: string | null, wholeUnit?: boolean): boolean;
  /** Units where `permission` applies ('all' when unrestricted), for filtering lists that know no agency. */
  unitsFor(permission: string): 'all' | string[];
  /** Units wholly covered and agencies covered, for filtering lists of agency-owned things precisely. */
  filterFor(permission: string): ScopeFilter;
}

/** A unit, or an agency and its own unit: what a place-wide view (the leader's dashboard) is about. */
export interface Place {
  unitId: string;
  agencyId: string | null;
}

export interface ScopeResolver {
  resolve(ctx: RequestContext): Promise<UnitScope>;
  /**
   * The place a unit id or an agency id names (an agency with its own unit); null when no such unit
   * or agency exists. Only the plugin that knows the units can tell.
   */
  locate(ctx: RequestContext, ref: { unitId: string } | { agencyId: string }): Promise<Place | null>;
}

export const GLOBAL_SCOPE: UnitScope = {
  global: true,
  covers: () => true,
  unitsFor: () => 'all',
  filterFor: () => 'all',
};
export const EMPTY_SCOPE: UnitScope = {
  global: false,
  covers: () => false,
  unitsFor: () => [],
  filterFor: () => ({ unitIds: [], agencyIds: [], agencyUnitIds: [] }),
};

/** One grant: permissions held over whole units, or over agencies (and, for unit-only checks, their own units). */
export type ScopeGrant =
  | { unitIds: Iterable<string>; permissions: Iterable<string> }
  | { agencyIds: Iterable<string>; agencyUnitIds: Iterable<string>; permissions: Iterable<string> };

/** Scope from explicit grants. */
export class GrantedUnitScope implements UnitScope {
  readonly global = false;
  private readonly units = new Map<string, Set<string>>();
  private readonly agencies = new Map<string, Set<string>>();
  private readonly agencyUnits = new Map<string, Set<string>>();

  constructor(grants: ScopeGrant[]) {
    for (const grant of grants) {
      for (const perm of grant.permissions) {
        if ('agencyIds' in grant) {
          add(this.agencies, perm, grant.agencyIds);
          add(this.agencyUnits, perm, grant.agencyUnitIds);
        } else {
          add(this.units, perm, grant.unitIds);
        }
      }
    }
  }

  covers(permission: string, unitId: string, agencyId?: string | null, wholeUnit = false): boolean {
    if (this.units.get(permission)?.has(unitId)) return true;
    if (wholeUnit) return false;
    if (agencyId) return this.agencies.get(permission)?.has(agencyId) ?? false;
    return this.agencyUnits.get(permission)?.has(unitId) ?? false;
  }

  unitsFor(permission: string): string[] {
    return [...new Set([...(this.units.get(permission) ?? []), ...(this.agencyUnits.get(permission) ?? [])])];
  }

  filterFor(permission: string): { unitIds: string[]; agencyIds: string[]; agencyUnitIds: string[] } {
    return {
      unitIds: [...(this.units.get(permission) ?? [])],
      agencyIds: [...(this.agencies.get(permission) ?? [])],
      agencyUnitIds: [...(this.agencyUnits.get(permission) ?? [])],
    };
  }
}

function add(map: Map<string, Set<string>>, key: string, ids: Iterable<string>): void {
  const set = map.get(key) ?? new Set<string>();
  for (const id of ids) set.add(id);
  map.set(key, set);
}

/**
 * Without a plugin that knows the unit tree, a permission held is held everywhere: scoping by unit
 * is the staff plugin's job.
 */
export const permissionOnlyScopeResolver: ScopeResolver = {
  async resolve(ctx) {
    return ctx.user || ctx.isSystem ? GLOBAL_SCOPE : EMPTY_SCOPE;
  },
  // Without the unit register every unit id stands for itself, and no agency can be placed.
  async locate(_ctx, ref) {
    return 'unitId' in ref ? { unitId: ref.unitId, agencyId: null } : null;
  },
};

/** Whether a scope filter covers something held by any of these units or agencies (in-memory twin of a list's SQL). */
export function filterCovers(
  filter: ScopeFilter,
  unitIds: Iterable<string | null | undefined>,
  agencyIds: Iterable<string | null | undefined>,
): boolean {
  if (filter === 'all') return true;
  for (const id of unitIds) if (id && filter.unitIds.includes(id)) return true;
  for (const id of agencyIds) if (id && filter.agencyIds.includes(id)) return true;
  return false;
}

/**
 * The SQL twin of a scope filter for rows that carry their unit and owning agency: a condition with
 * `?` placeholders and its parameters ('true' when unrestricted, 'false' when nothing is in scope).
 */
export function scopeFilterSql(
  filter: ScopeFilter,
  unitColumn: string,
  agencyColumn: string,
): { sql: string; params: unknown[] } {
  if (filter === 'all') return { sql: 'true', params: [] };
  if (!filter.unitIds.length && !filter.agencyIds.length) return { sql: 'false', params: [] };
  return {
    sql: `(${unitColumn} = any(?::uuid[]) or ${agencyColumn} = any(?::uuid[]))`,
    params: [pgArray(filter.unitIds), pgArray(filter.agencyIds)],
  };
}
