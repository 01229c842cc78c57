import 'reflect-metadata';
import { loadConfig } from './config/config';
import { ConfigError } from './config/env-reader';
import { createLogger } from './logging';
import { discoverPlugins } from './plugin/discovery';
import { createApp } from './app';

/** `npm start`: read config, start the app with the plugins under plugins/, stop cleanly on signals. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await createApp({ config, plugins: discoverPlugins(), logger });
  if (config.seedDemo) {
    const seeded = await app.runSeeds({ demo: true });
    if (seeded.length) logger.info({ seeds: seeded }, 'demo data loaded');
  }
  logger.info({ url: app.url, plugins: app.plugins.map((p) => p.id) }, `GraphQL ready at ${app.url}`);
  if (!config.auth.keycloakUrl) {
    logger.info(
      `get a token: npm run token -- --user admin --roles platform-admin   then send "Authorization: Bearer <token>"`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests and jobs');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 30 s; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    await app.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
