import {
  BadInputError,
  ForbiddenError,
  RoleMap,
  UnauthenticatedError,
  type RequestContext,
  type ScopeOwner,
} from '../../../src';
import { DelegationReach, RoleDelegation } from '../entities/role-delegation.entity';
import { StaffPermissions } from '../permissions';
import { descendantIds, predecessorIds } from './unit-tree';
import { directory } from '../directory';

const policies = new WeakMap<RequestContext, DelegationPolicy>();

/** One role the signed-in official holds, with what it covers. */
interface HeldRole {
  role: string;
  /** Held over a unit: that unit, every unit below it and their predecessors. */
  unitIds: Set<string> | null;
  /** Held over an agency: that agency only. */
  agencyId: string | null;
}

/**
 * Role delegation: who may hand out which role, and where. A grant (or a revoke) of role T over a
 * unit or an agency X is allowed when
 *
 * 1. the granter holds a role R (in the token and in the register, as an ACTIVE official) whose
 *    scope covers X (a role over a unit covers its subtree and history; a role over an agency covers
 *    that agency only, never its unit as a whole), and a delegation R → T whose reach allows X (a
 *    reach of AGENCIES_IN_SCOPE never allows a unit);
 * 2. every role T may itself grant (T → U with its reach) the granter may also grant over X with at
 *    least that reach, transitively: nobody hands out a role that can hand out more than they can;
 * 3. it is not a grant to themselves (holding a role is never a way to get another one);
 * 4. platform-admin is made only by a platform admin (it is never a delegated role).
 *
 * A platform admin (and the system: jobs, seeds, the command line) may grant anything. This replaces
 * the earlier rule "you cannot grant a role carrying permissions you do not hold there", which kept
 * an IT admin from giving an official a working role at all.
 */
export class DelegationPolicy {
  private delegations?: Promise<RoleDelegation[]>;
  private held?: Promise<HeldRole[]>;

  private constructor(private readonly ctx: RequestContext) {}

  /** One policy per request: the delegations and the granter's roles are read once. */
  static of(ctx: RequestContext): DelegationPolicy {
    let policy = policies.get(ctx);
    if (!policy) {
      policy = new DelegationPolicy(ctx);
      policies.set(ctx, policy);
    }
    return policy;
  }

  /** Why the signed-in user may not grant or revoke `role` over `over`, or null when they may. */
  async refusal(role: string, over: ScopeOwner | null, officialId?: string): Promise<string | null> {
    const ctx = this.ctx;
    if (ctx.isSystem) return null;
    if (!ctx.user) throw new UnauthenticatedError();
    if (ctx.user.roles.includes(RoleMap.ADMIN_ROLE)) return null;
    if (role === RoleMap.ADMIN_ROLE) return 'Only a platform administrator makes platform administrators';
    if (!over) return `You cannot grant role ${role} without a unit or an agency`;
    if (officialId && (await this.isSelf(officialId)))
      return 'Nobody grants or revokes their own roles; ask another administrator';
    if (!(await this.may(role, over, null, new Set(), true))) {
      const direct = await this.may(role, over, null, new Set(), false);
      return direct
        ? `You cannot grant role ${role}: it may grant roles you may not grant there`
        : `You cannot grant role ${role} there: none of your roles delegates it over this ${over.agencyId ? 'agency' : 'unit'}`;
    }
    return null;
  }

  /** Throws FORBIDDEN with the refusal's reason. */
  async require(role: string, over: ScopeOwner | null, officialId?: string): Promise<void> {
    const reason = await this.refusal(role, over, officialId);
    if (reason) throw new ForbiddenError(reason);
  }

  /**
   * Whether the user may grant `role` over `over` (with `reach`: as far as a role granted there could
   * hand it on); with `deep`, also every role `role` delegates (a role already being checked is
   * assumed, the others decide).
   */
  private async may(
    role: string,
    over: ScopeOwner,
    reach: DelegationReach | null,
    checking: Set<string>,
    deep: boolean,
  ): Promise<boolean> {
    if (role === RoleMap.ADMIN_ROLE) return false;
    if (checking.has(role)) return true;
    const delegations = await this.allDelegations();
    const held = await this.heldRoles();
    const direct = held.some((h) =>
      delegations.some(
        (d) =>
          d.role === h.role &&
          d.grantableRole === role &&
          reachAllows(d.reach, reach, over) &&
          covers(h, over),
      ),
    );
    if (!direct || !deep) return direct;
    checking.add(role);
    for (const next of delegations.filter((d) => d.role === role))
      if (!(await this.may(next.grantableRole, over, next.reach, checking, true))) return false;
    checking.delete(role);
    return true;
  }

  private allDelegations(): Promise<RoleDelegation[]> {
    this.delegations ??= this.ctx.em.find(
      RoleDelegation,
      {},
      { orderBy: { role: 'asc', grantableRole: 'asc' } },
    );
    return this.delegations;
  }

  private heldRoles(): Promise<HeldRole[]> {
    this.held ??= (async () => {
      const user = this.ctx.user!;
      const official = await directory.activeActingOfficial(this.ctx);
      const rows = official
        ? await this.ctx.em.execute<
            Array<{ role: string; unit_id: string | null; agency_id: string | null }>
          >(
            `select ra.role, ra.unit_id, ra.agency_id from staff_role_assignment ra where ra.official_id = ?`,
            [official.id],
          )
        : [];
      const result: HeldRole[] = [];
      for (const row of rows) {
        // A role counts when the token carries it too, as for permissions (Keycloak is the other half).
        if (!user.roles.includes(row.role)) continue;
        if (row.unit_id) {
          const below = await descendantIds(this.ctx.em, [row.unit_id]);
          const history = await predecessorIds(this.ctx.em, below);
          result.push({ role: row.role, unitIds: new Set([...below, ...history]), agencyId: null });
        } else if (row.agency_id) {
          result.push({ role: row.role, unitIds: null, agencyId: row.agency_id });
        }
      }
      return result;
    })();
    return this.held;
  }

  private async isSelf(officialId: string): Promise<boolean> {
    return (await directory.actingOfficial(this.ctx))?.id === officialId;
  }
}

/**
 * Whether a delegation with reach `has` allows granting over `over` (`needed` null), or allows what a
 * role granted over `over` could hand on with reach `needed` (the transitive check).
 */
function reachAllows(has: DelegationReach, needed: DelegationReach | null, over: ScopeOwner): boolean {
  if (has === DelegationReach.WITHIN_SCOPE) return true;
  const overAgency = !!over.agencyId && !over.wholeUnit;
  // A role held over an agency hands on over that agency only, whatever its own reach says.
  if (needed === null || overAgency) return overAgency;
  return needed === DelegationReach.AGENCIES_IN_SCOPE;
}

/** Whether a held role's scope covers a grant over `over` (a unit as a whole, or an agency). */
function covers(held: HeldRole, over: ScopeOwner): boolean {
  if (held.unitIds) return !!over.unitId && held.unitIds.has(over.unitId);
  if (over.wholeUnit || !over.agencyId) return false;
  return held.agencyId === over.agencyId;
}

export interface DelegationInput {
  grantableRole: string;
  reach?: DelegationReach | null;
}

/** Reading and setting the delegations (a platform admin's decision). */
export class DelegationsService {
  async list(ctx: RequestContext, role?: string | null): Promise<RoleDelegation[]> {
    if (!ctx.user && !ctx.isSystem) throw new UnauthenticatedError();
    return ctx.em.find(RoleDelegation, role ? { role } : {}, {
      orderBy: { role: 'asc', grantableRole: 'asc' },
    });
  }

  /** Replaces what holders of `role` may grant. Platform-wide only: it changes every province's rules. */
  async set(ctx: RequestContext, role: string, input: DelegationInput[]): Promise<RoleDelegation[]> {
    ctx.require(StaffPermissions.delegationsManage);
    if (!(await ctx.can(StaffPermissions.delegationsManage, null)))
      throw new ForbiddenError('Role delegations are platform-wide: only a platform administrator sets them');
    const known = ctx.app.roles.roles;
    const check = (name: string, field: string) => {
      if (!known.includes(name))
        throw new BadInputError(`Unknown role "${name}" (known: ${known.join(', ')})`, { field });
      if (name === RoleMap.ADMIN_ROLE)
        throw new BadInputError('platform-admin is never delegated: it holds everything already', { field });
    };
    check(role, 'role');
    const seen = new Set<string>();
    for (const d of input) {
      check(d.grantableRole, 'grantableRole');
      if (seen.has(d.grantableRole))
        throw new BadInputError(`${d.grantableRole} is listed twice`, { field: 'grantableRole' });
      seen.add(d.grantableRole);
    }
    const current = await ctx.em.find(RoleDelegation, { role });
    const before = current.map((d) => ({ grantableRole: d.grantableRole, reach: d.reach }));
    for (const d of current) ctx.em.remove(d);
    await ctx.em.flush();
    const created = input.map((d) =>
      ctx.em.create(RoleDelegation, {
        role,
        grantableRole: d.grantableRole,
        reach: d.reach ?? DelegationReach.WITHIN_SCOPE,
      }),
    );
    await ctx.em.flush();
    ctx.audit({
      action: 'staff.role-delegation.set',
      entityType: 'RoleDelegation',
      entityId: role,
      before: { delegations: before },
      after: { delegations: created.map((d) => ({ grantableRole: d.grantableRole, reach: d.reach })) },
    });
    return created.sort((a, b) => a.grantableRole.localeCompare(b.grantableRole));
  }
}

export const delegations = new DelegationsService();
