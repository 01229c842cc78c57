import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config';
import { createLogger } from '../logging';
import { discoverPlugins } from '../plugin/discovery';
import { createApp } from '../app';
import { parseArgs } from './args';

/**
 * `npm run migration:create -- <plugin> [--name what]`: migrates the development database, compares
 * the plugin's entities with it, and writes the difference as a new migration of that plugin.
 * Review the SQL, then add the class to the plugin's migrations/index.ts.
 */
async function main(): Promise<void> {
  const { flags, positional } = parseArgs(process.argv.slice(2));
  const pluginId = positional[0];
  if (!pluginId) {
    process.stderr.write('usage: npm run migration:create -- <plugin-id> [--name short_name]\n');
    process.exit(2);
  }
  const base = loadConfig();
  const config = { ...base, jobs: { ...base.jobs, runWorker: false } };
  const app = await createApp({
    config,
    plugins: discoverPlugins(),
    logger: createLogger('warn'),
    listen: false,
  });
  try {
    const plugin = app.plugins.find((p) => p.id === pluginId);
    if (!plugin) throw new Error(`Plugin "${pluginId}" is not enabled`);
    const tables = new Set(
      app.orm.getMetadata().getAll() &&
        Object.values(app.orm.getMetadata().getAll())
          .filter((meta) =>
            (plugin.entities?.() ?? []).some((e) => typeof e === 'function' && meta.class === e),
          )
          .map((meta) => meta.tableName),
    );
    const sql = await app.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: false });
    const statements = sql
      .split(/;\n/)
      .map((s) => s.trim())
      .filter(Boolean)
      .filter(
        (statement) =>
          [...tables].some((table) => statement.includes(`"${table}"`)) ||
          // Native enum types are named after the plugin too (nativeEnumName: '<plugin>_...').
          new RegExp(`^create type "${pluginId.replace(/-/g, '_')}_`).test(statement),
      );
    if (!statements.length) {
      process.stdout.write(`No differences between the entities of "${pluginId}" and the database.\n`);
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const suffix = typeof flags.name === 'string' ? `_${flags.name.replace(/\W/g, '_')}` : '';
    const className = `Migration${stamp}${suffix}`;
    const dir = path.resolve(process.cwd(), 'plugins', pluginId, 'migrations');
    fs.mkdirSync(dir, { recursive: true });
    const body = statements.map((s) => `    this.addSql(${JSON.stringify(s.replace(/;$/, ''))});`).join('\n');
    fs.writeFileSync(
      path.join(dir, `${className}.ts`),
      `import { Migration } from '@mikro-orm/migrations';\n\nexport class ${className} extends Migration {\n  override async up(): Promise<void> {\n${body}\n  }\n}\n`,
    );
    process.stdout.write(
      `wrote plugins/${pluginId}/migrations/${className}.ts — review it and add ${className} to plugins/${pluginId}/migrations/index.ts\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
