import fs from 'node:fs';
import path from 'node:path';
import type { PluginDefinition } from './plugin';

/**
 * Finds the plugins shipped in the `plugins/` folder: each sub-folder's index module exports its
 * definition as `plugin`. Loaded at run time by folder name, so the core never imports a plugin.
 */
export function discoverPlugins(pluginsDir = path.resolve(__dirname, '../../plugins')): PluginDefinition[] {
  if (!fs.existsSync(pluginsDir)) return [];
  const found: PluginDefinition[] = [];
  for (const entry of fs
    .readdirSync(pluginsDir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(pluginsDir, entry.name);
    if (!['index.ts', 'index.js'].some((file) => fs.existsSync(path.join(dir, file)))) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(dir) as { plugin?: PluginDefinition; default?: PluginDefinition };
    const definition = module.plugin ?? module.default;
    if (!definition?.id)
      throw new Error(`plugins/${entry.name}/index does not export a plugin definition as "plugin"`);
    if (definition.id !== entry.name)
      throw new Error(
        `plugins/${entry.name} declares id "${definition.id}"; the folder and the id must match`,
      );
    found.push(definition);
  }
  return found;
}
