import type { PluginDefinition } from './plugin';

/** A plugin list that cannot start; the message names the plugin (and item) at fault. */
export class PluginRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginRegistryError';
  }
}

const PLUGIN_ID = /^[a-z][a-z0-9-]*$/;

/**
 * Checks the available plugins, keeps the enabled ones and orders them so every plugin comes
 * after the plugins it depends on (stable: ties keep the given order).
 *
 * @param enabled ids to enable; null enables every available plugin.
 */
export function resolvePlugins(available: PluginDefinition[], enabled: string[] | null): PluginDefinition[] {
  const byId = new Map<string, PluginDefinition>();
  for (const plugin of available) {
    if (!PLUGIN_ID.test(plugin.id)) {
      throw new PluginRegistryError(`Plugin id "${plugin.id}" must be lower-case letters, digits and dashes`);
    }
    if (byId.has(plugin.id)) throw new PluginRegistryError(`Plugin id "${plugin.id}" is registered twice`);
    byId.set(plugin.id, plugin);
  }
  const wanted = enabled ?? available.map((p) => p.id);
  for (const id of wanted) {
    if (!byId.has(id)) {
      throw new PluginRegistryError(
        `Plugin "${id}" is enabled in configuration but no such plugin exists (known: ${[...byId.keys()].join(', ') || 'none'})`,
      );
    }
  }
  const enabledSet = new Set(wanted);
  for (const id of wanted) {
    for (const dep of byId.get(id)!.dependsOn ?? []) {
      if (!byId.has(dep))
        throw new PluginRegistryError(`Plugin "${id}" depends on "${dep}", which does not exist`);
      if (!enabledSet.has(dep))
        throw new PluginRegistryError(
          `Plugin "${id}" depends on "${dep}", which is disabled; enable "${dep}" or disable "${id}"`,
        );
    }
  }

  const ordered: PluginDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      throw new PluginRegistryError(`Plugin dependency cycle: ${cycle.join(' -> ')}`);
    }
    state.set(id, 'visiting');
    for (const dep of byId.get(id)!.dependsOn ?? []) visit(dep, [...path, id]);
    state.set(id, 'done');
    ordered.push(byId.get(id)!);
  };
  for (const id of wanted) visit(id, []);

  assertUniqueAcrossPlugins(ordered, 'permission', (p) => (p.permissions ?? []).map((perm) => perm.name));
  assertUniqueAcrossPlugins(ordered, 'job', (p) => (p.jobs ?? []).map((job) => job.name));
  assertUniqueAcrossPlugins(ordered, 'seed', (p) => (p.seeds ?? []).map((seed) => seed.name));
  for (const plugin of ordered) {
    for (const perm of plugin.permissions ?? []) {
      if (!/^[a-z][a-z0-9-]*(\.[a-z][a-zA-Z0-9-]*)+$/.test(perm.name) || perm.name.includes(':')) {
        throw new PluginRegistryError(
          `Plugin "${plugin.id}" declares permission "${perm.name}": permissions are dot-named, e.g. "${plugin.id}.read"`,
        );
      }
    }
  }
  return ordered;
}

/** Fails when two plugins (or one plugin twice) declare the same name. */
export function assertUniqueAcrossPlugins(
  plugins: PluginDefinition[],
  kind: string,
  namesOf: (plugin: PluginDefinition) => string[],
): void {
  const owner = new Map<string, string>();
  for (const plugin of plugins) {
    for (const name of namesOf(plugin)) {
      const previous = owner.get(name);
      if (previous !== undefined) {
        const where =
          previous === plugin.id
            ? `twice by plugin "${plugin.id}"`
            : `by plugins "${previous}" and "${plugin.id}"`;
        throw new PluginRegistryError(`Duplicate ${kind} "${name}" declared ${where}`);
      }
      owner.set(name, plugin.id);
    }
  }
}
