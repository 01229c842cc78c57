import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { discoverPlugins } from '../plugin/discovery';
import { resolvePlugins } from '../plugin/registry';
import { corePlugin } from '../core.plugin';
import { buildPlatformSchema, printSortedSchema } from '../graphql/schema';

/** `npm run schema`: writes schema/schema.graphql from every plugin (no database needed). */
async function main(): Promise<void> {
  const plugins = resolvePlugins([corePlugin, ...discoverPlugins()], null);
  const schema = await buildPlatformSchema(plugins);
  const file = path
    .resolve(__dirname, '../../schema/schema.graphql')
    .replace(`${path.sep}dist${path.sep}`, path.sep);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, printSortedSchema(schema));
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
