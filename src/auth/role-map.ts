import type { PluginDefinition } from '../plugin/plugin';

/** Holds every permission of the enabled plugins, and which Keycloak role grants which of them. */
export class RoleMap {
  /** The one role that holds every permission and a platform-wide scope. */
  static readonly ADMIN_ROLE = 'platform-admin';

  readonly permissions = new Map<string, { description: string; plugin: string }>();
  private readonly grants = new Map<string, Set<string>>();

  constructor(plugins: PluginDefinition[]) {
    for (const plugin of plugins) {
      for (const perm of plugin.permissions ?? [])
        this.permissions.set(perm.name, { description: perm.description, plugin: plugin.id });
    }
    for (const plugin of plugins) {
      for (const [role, perms] of Object.entries(plugin.roles ?? {})) {
        const set = this.grants.get(role) ?? new Set<string>();
        for (const perm of perms) {
          if (!this.permissions.has(perm)) {
            throw new Error(`Plugin "${plugin.id}" grants unknown permission "${perm}" to role "${role}"`);
          }
          set.add(perm);
        }
        this.grants.set(role, set);
      }
    }
  }

  /** Role names known to the platform, for the realm file and the admin UI. */
  get roles(): string[] {
    return [RoleMap.ADMIN_ROLE, ...[...this.grants.keys()].sort()];
  }

  permissionsOfRole(role: string): string[] {
    if (role === RoleMap.ADMIN_ROLE) return [...this.permissions.keys()];
    return [...(this.grants.get(role) ?? [])];
  }

  permissionsOf(roles: string[]): Set<string> {
    const result = new Set<string>();
    for (const role of roles) for (const perm of this.permissionsOfRole(role)) result.add(perm);
    return result;
  }
}
