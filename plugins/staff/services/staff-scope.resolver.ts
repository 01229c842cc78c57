import type { EntityManager } from '@mikro-orm/postgresql';
import { GLOBAL_SCOPE, EMPTY_SCOPE, GrantedUnitScope, RoleMap, type RequestContext, type ScopeResolver, type UnitScope } from '../../../src';
import { descendantIds, predecessorIds } from './unit-tree';

interface CachedScope {
  scope: UnitScope;
  at: number;
  generation: number;
}

/**
 * Fills the core's unit scope from the staff register: each role an official holds over a unit or
 * an agency covers that unit, its sub-units, and the old units they succeeded (so history stays
 * visible after a reorganisation). Permissions per unit are those the role grants.
 *
 * Resolved scopes are cached per user for a short time; any change to roles, postings or units made
 * through this process bumps a generation counter and so invalidates them at once.
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
    if (cached && cached.generation === this.generation && Date.now() - cached.at < this.ttlMs) return cached.scope;
    const generation = this.generation;
    const scope = await this.load(ctx.em, user.subject, user.username, ctx.app.roles);
    if (generation === this.generation) this.cache.set(user.subject, { scope, at: Date.now(), generation });
    return scope;
  }

  private async load(em: EntityManager, subject: string, username: string, roles: RoleMap): Promise<UnitScope> {
    const rows = await em.execute<Array<{ role: string; unit_id: string }>>(
      `select ra.role, coalesce(ra.unit_id, a.unit_id) as unit_id
         from staff_official o
         join staff_role_assignment ra on ra.official_id = o.id
         left join staff_agency a on a.id = ra.agency_id
        where (o.keycloak_user_id = ? or o.username = ?) and o.status = 'ACTIVE'`,
      [subject, username],
    );
    if (!rows.length) return EMPTY_SCOPE;
    const byRole = new Map<string, string[]>();
    for (const row of rows) byRole.set(row.role, [...(byRole.get(row.role) ?? []), row.unit_id]);
    const grants = [];
    for (const [role, unitIds] of byRole) {
      const covered = await descendantIds(em, unitIds);
      const history = await predecessorIds(em, covered);
      grants.push({ unitIds: [...covered, ...history], permissions: roles.permissionsOfRole(role) });
    }
    return new GrantedUnitScope(grants);
  }
}
