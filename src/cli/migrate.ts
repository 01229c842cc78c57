import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createLogger } from '../logging';
import { discoverPlugins } from '../plugin/discovery';
import { createApp } from '../app';
import { parseArgs } from './args';

/** `npm run migrate [-- --seed]`: applies pending migrations (and seeds) of the enabled plugins, then exits. */
async function main(): Promise<void> {
  const { flags } = parseArgs(process.argv.slice(2));
  const config = { ...loadConfig(), jobs: { ...loadConfig().jobs, runWorker: false } };
  const logger = createLogger(config.logLevel);
  const app = await createApp({ config, plugins: discoverPlugins(), logger, listen: false });
  try {
    if (flags.seed) {
      const seeds = await app.runSeeds({ demo: config.seedDemo });
      logger.info({ seeds }, 'seeds applied');
    }
    logger.info('database is up to date');
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
