import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createLogger } from '../logging';
import { discoverPlugins } from '../plugin/discovery';
import { createApp } from '../app';
import { parseArgs } from './args';

/**
 * `npm run migrate [-- --demo]`: the one-off deployment step. Applies pending migrations of core,
 * graphile-worker and every enabled plugin, then the platform seeds (the statutory calendar, ...),
 * and with `--demo` (or SEED_DEMO=true) the demo data; then exits. Runs under the same advisory lock
 * as the servers' start-up, so it is safe while servers are starting, and without a statement
 * timeout (a data migration may take long).
 */
async function main(): Promise<void> {
  const { flags } = parseArgs(process.argv.slice(2));
  const loaded = loadConfig();
  const config = {
    ...loaded,
    jobs: { ...loaded.jobs, runWorker: false },
    database: { ...loaded.database, statementTimeoutMs: 0 },
  };
  const logger = createLogger(config.logLevel);
  const app = await createApp({ config, plugins: discoverPlugins(), logger, listen: false });
  try {
    // (--seed, once needed for any seed, is accepted and changes nothing: platform seeds always run.)
    const demo = Boolean(flags.demo) || config.seedDemo;
    const seeds = await app.runSeeds({ demo });
    logger.info({ seeds, demo }, seeds.length ? 'seeds applied' : 'no seeds left to apply');
    logger.info('database is up to date');
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
