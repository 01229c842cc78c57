import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config';
import { createLogger } from '../logging';
import { discoverPlugins } from '../plugin/discovery';
import { createApp } from '../app';
import { parseArgs } from './args';

/**
 * `npm run migration:create -- <plugin> [--name what] [--all]`: migrates the development database,
 * compares the plugin's entities with it, and writes what they add as a new migration of that plugin.
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
    const differences = sql
      .split(/;\n/)
      .map((s) => s.trim())
      .filter(Boolean)
      .filter(
        (statement) =>
          [...tables].some((table) => statement.includes(`"${table}"`)) ||
          // Native enum types are named after the plugin too (nativeEnumName: '<plugin>_...').
          new RegExp(`^create type "${pluginId.replace(/-/g, '_')}_`).test(statement),
      );
    // Migrations here are written by hand: checks, foreign keys to other plugins' tables, generated
    // columns, defaults and views the entities do not model. The ORM's diff would drop them, so a
    // draft holds only what entities add (tables, columns, indexes, enum values) unless --all.
    const all = flags.all === true;
    const statements = all ? differences : differences.filter(isAddition);
    const leftOut = differences.length - statements.length;
    if (!statements.length) {
      process.stdout.write(
        `No additions between the entities of "${pluginId}" and the database` +
          (leftOut
            ? ` (${leftOut} other differences left out: constraints, defaults and columns the entities do not model; --all lists them).\n`
            : '.\n'),
      );
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
      `wrote plugins/${pluginId}/migrations/${className}.ts — review it and add ${className} to plugins/${pluginId}/migrations/index.ts` +
        (leftOut ? ` (${leftOut} other differences left out; --all includes them)` : '') +
        '\n',
    );
  } finally {
    await app.close();
  }
}

/** What an entity change adds: a table, a column, an index, an enum type or value. */
function isAddition(statement: string): boolean {
  return /^(create table|create (unique )?index|create type|alter type \S+ add value|alter table \S+ add column)\b/i.test(
    statement,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
