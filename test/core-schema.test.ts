import fs from 'node:fs';
import path from 'node:path';
import { discoverPlugins } from '../src/plugin/discovery';
import { resolvePlugins } from '../src/plugin/registry';
import { corePlugin } from '../src/core.plugin';
import { buildPlatformSchema, printSortedSchema } from '../src/graphql/schema';

/**
 * schema/schema.graphql is the committed contract with front-ends. It is built exactly as
 * `npm run schema` (src/cli/emit-schema.ts) builds it: core plus every plugin under plugins/.
 */
const SCHEMA_FILE = path.resolve(__dirname, '../schema/schema.graphql');
const FIX = 'Run `npm run schema` and commit schema/schema.graphql with your change.';

/** Lines only in one of the two texts, in order, marked - (committed) and + (built). */
function lineDiff(committed: string, built: string, max = 40): string {
  const a = committed.split('\n');
  const b = built.split('\n');
  const inA = new Set(a);
  const inB = new Set(b);
  const lines = [
    ...a.filter((l) => !inB.has(l)).map((l) => `- ${l}`),
    ...b.filter((l) => !inA.has(l)).map((l) => `+ ${l}`),
  ];
  const shown = lines.slice(0, max).join('\n');
  return lines.length > max ? `${shown}\n  ... and ${lines.length - max} more lines` : shown;
}

describe('the committed GraphQL schema', () => {
  it('matches the schema built from core and every plugin under plugins/', async () => {
    const plugins = resolvePlugins([corePlugin, ...discoverPlugins()], null);
    const built = printSortedSchema(await buildPlatformSchema(plugins));

    if (!fs.existsSync(SCHEMA_FILE)) {
      throw new Error(`schema/schema.graphql does not exist. ${FIX}`);
    }
    const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
    if (committed !== built) {
      throw new Error(
        `schema/schema.graphql differs from the schema the plugins build (plugins: ${plugins.map((p) => p.id).join(', ')}).\n` +
          `${FIX}\n\n${lineDiff(committed, built) || '(only whitespace or line order differs)'}`,
      );
    }
  });
});
