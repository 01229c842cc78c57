import type { EntityManager } from '@mikro-orm/postgresql';
import {
  GLOBAL_SCOPE,
  EMPTY_SCOPE,
  GrantedUnitScope,
  preparedRows,
  RoleMap,
  type RequestContext,
  type Place,
  type ScopeGrant,
  type ScopeResolver,
  type UnitScope,
} from '../../../src';
import { descendantIds, predecessorIds } from './unit-tree';
import { directory } from '../directory';

interface CachedScope {
  scope: UnitScope;
  at: number;
  generation: number;
}

/**
 * Fills the core's unit scope from the staff register. A role held over a unit covers that unit, its
 * sub-units, and the old units they succeeded (so history stays visible after a reorganisation). A
 * role held over an agency covers that agency's things (checks that pass the owning agency) and, for
 * things known only by unit, the agency's own unit and its history. Permissions are those the role grants.
 *
 * Resolved scopes are cached per user for a short time; any change to roles, postings or units made
 * through any process bumps a generation counter (through the core notifications) and so invalidates
 * them at once.
 */
export class StaffScopeResolver implements ScopeResolver {
  private readonly cache = new Map<string, CachedScope>();
  private generation = 0;

  constructor(private readonly ttlMs: number) {}

  /** Called by every staff write that can change someone's scope. */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
  }

  async resolve(ctx: RequestContext): Promise<UnitScope> {
    if (ctx.isSystem) return GLOBAL_SCOPE;
    const user = ctx.user;
    if (!user) return EMPTY_SCOPE;
    if (user.roles.includes(RoleMap.ADMIN_ROLE)) return GLOBAL_SCOPE;
    const cached = this.cache.get(user.subject);
    if (cached && cached.generation === this.generation && Date.now() - cached.at < this.ttlMs)
      return cached.scope;
    const generation = this.generation;
    // Only ACTIVE officials have a scope; the acting official is the directory's, once per request.
    const official = await directory.activeActingOfficial(ctx);
    const scope = official ? await this.load(ctx.em, official.id, ctx.app.roles) : EMPTY_SCOPE;
    if (generation === this.generation) this.cache.set(user.subject, { scope, at: Date.now(), generation });
    return scope;
  }

  async locate(ctx: RequestContext, ref: { unitId: string } | { agencyId: string }): Promise<Place | null> {
    if ('unitId' in ref) {
      const unit = await directory.unit(ctx, ref.unitId);
      return unit ? { unitId: unit.id, agencyId: null } : null;
    }
    const agency = await directory.agency(ctx, ref.agencyId);
    return agency ? { unitId: agency.unit.id, agencyId: agency.id } : null;
  }

  private async load(em: EntityManager, officialId: string, roles: RoleMap): Promise<UnitScope> {
    const rows = await preparedRows<{
      role: string;
      unit_id: string | null;
      agency_id: string | null;
      agency_unit_id: string | null;
    }>(
      em,
      `select ra.role, ra.unit_id, ra.agency_id, a.unit_id as agency_unit_id
         from staff_role_assignment ra
         left join staff_agency a on a.id = ra.agency_id
        where ra.official_id = ?`,
      [officialId],
    );
    if (!rows.length) return EMPTY_SCOPE;
    const overUnits = new Map<string, string[]>();
    const overAgencies = new Map<string, Array<{ agencyId: string; unitId: string }>>();
    for (const row of rows) {
      if (row.agency_id && row.agency_unit_id) {
        overAgencies.set(row.role, [
          ...(overAgencies.get(row.role) ?? []),
          { agencyId: row.agency_id, unitId: row.agency_unit_id },
        ]);
      } else if (row.unit_id) {
        overUnits.set(row.role, [...(overUnits.get(row.role) ?? []), row.unit_id]);
      }
    }
    const grants: ScopeGrant[] = [];
    for (const [role, unitIds] of overUnits) {
      const covered = await descendantIds(em, unitIds);
      const history = await predecessorIds(em, covered);
      grants.push({ unitIds: [...covered, ...history], permissions: roles.permissionsOfRole(role) });
    }
    // A role over an agency covers what the agency owns (its departments, desks, dossiers, …), and for
    // things known only by unit, the agency's own unit and the old units it succeeded, never the
    // units below it: an officer of a provincial department does not act on the communes' affairs.
    for (const [role, held] of overAgencies) {
      const ownUnits = [...new Set(held.map((h) => h.unitId))];
      const history = await predecessorIds(em, ownUnits);
      grants.push({
        agencyIds: held.map((h) => h.agencyId),
        agencyUnitIds: [...ownUnits, ...history],
        permissions: roles.permissionsOfRole(role),
      });
    }
    return new GrantedUnitScope(grants);
  }
}
