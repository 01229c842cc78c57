import type { RequestContext } from '../context';

/**
 * Which administrative units a user may act on, per permission. Units are opaque ids to the core;
 * the staff plugin knows the tree and provides the resolver.
 */
export interface UnitScope {
  /** Platform-wide: every unit, for every permission the user holds. */
  readonly global: boolean;
  /** Whether the scope lets the user use `permission` on something owned by `unitId`. */
  covers(permission: string, unitId: string): boolean;
  /** The units where `permission` applies ('all' when unrestricted), for filtering lists. */
  unitsFor(permission: string): 'all' | string[];
}

export interface ScopeResolver {
  resolve(ctx: RequestContext): Promise<UnitScope>;
}

export const GLOBAL_SCOPE: UnitScope = { global: true, covers: () => true, unitsFor: () => 'all' };
export const EMPTY_SCOPE: UnitScope = { global: false, covers: () => false, unitsFor: () => [] };

/** Scope from explicit grants: each grant is a set of unit ids with the permissions held there. */
export class GrantedUnitScope implements UnitScope {
  readonly global = false;
  private readonly byPermission = new Map<string, Set<string>>();

  constructor(grants: Array<{ unitIds: Iterable<string>; permissions: Iterable<string> }>) {
    for (const grant of grants) {
      const units = [...grant.unitIds];
      for (const perm of grant.permissions) {
        const set = this.byPermission.get(perm) ?? new Set<string>();
        for (const unit of units) set.add(unit);
        this.byPermission.set(perm, set);
      }
    }
  }

  covers(permission: string, unitId: string): boolean {
    return this.byPermission.get(permission)?.has(unitId) ?? false;
  }

  unitsFor(permission: string): string[] {
    return [...(this.byPermission.get(permission) ?? [])];
  }
}

/**
 * Without a plugin that knows the unit tree, a permission held is held everywhere: scoping by unit
 * is the staff plugin's job.
 */
export const permissionOnlyScopeResolver: ScopeResolver = {
  async resolve(ctx) {
    return ctx.user || ctx.isSystem ? GLOBAL_SCOPE : EMPTY_SCOPE;
  },
};
