// First: tracing (when on) must patch http, express, graphql and pg before anything loads them.
import { stopTracing } from './tracing/start';
import 'reflect-metadata';
import v8 from 'node:v8';
import { loadConfig, type AppConfig } from './config/config';
import { ConfigError } from './config/env-reader';
import { createLogger } from './logging';
import { discoverPlugins } from './plugin/discovery';
import { createApp, type App } from './app';

/**
 * `npm start` / `node dist/src/main.js`: read config, start the app with the plugins under plugins/,
 * apply the seeds, and stop cleanly on SIGTERM or SIGINT.
 *
 * The process owns the signals (Apollo's own handlers are off) and installs them before anything
 * starts: a signal during start-up waits for the step in progress and then runs the same stop
 * sequence. The stop sequence runs once; if it outlasts SHUTDOWN_TIMEOUT_SECONDS the process exits
 * with status 1 anyway (a container runtime would kill it soon after).
 */
/**
 * Old-space growth capped at 1.3× the live heap after a full collection. V8's own factor goes up to
 * 4× while collection is cheap next to the work: on the benchmark (live heap ≈ 70 MB after a full
 * collection) the heap grew to 266 MB of mostly dead request objects before V8 collected, and the
 * process reached 330–430 MB resident. With the cap it stays near 200 MB, for a full collection of
 * ≈ 10 ms every second or two under load (bench/results/2026-12-06.md). `NODE_HEAP_GROWING_PERCENT`
 * sets another value; 0 leaves V8's default.
 */
const heapGrowingPercent = Number(process.env.NODE_HEAP_GROWING_PERCENT ?? 30);
if (Number.isInteger(heapGrowingPercent) && heapGrowingPercent > 0)
  v8.setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);

async function main(): Promise<void> {
  let config: AppConfig;
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
  // The last line of defence, not the fix: every known cause (the job runner's cron losing the
  // database, a hung outside system) is handled where it happens. Something missed is logged with
  // its stack and the server keeps serving; the process ends only when told to (SIGTERM, SIGINT).
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection; still running');
  });
  process.on('uncaughtException', (error, origin) => {
    logger.error({ err: error, origin }, 'uncaught exception; still running');
  });

  let app: App | undefined;
  let stopping: string | undefined;
  let startupDone: () => void = () => undefined;
  const startup = new Promise<void>((resolve) => (startupDone = resolve));
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = signal;
    const started = Date.now();
    logger.info({ signal }, 'shutting down: draining requests and jobs');
    const force = setTimeout(() => {
      logger.error(
        { timeoutSeconds: config.shutdownTimeoutMs / 1000 },
        'shutdown took longer than SHUTDOWN_TIMEOUT_SECONDS; exiting',
      );
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    // A signal during start-up lets the step in progress (a migration, a seed) finish or fail first.
    await startup;
    try {
      await app?.close();
      // Spans of the last requests and jobs, within what is left of the same grace period, less half
      // a second for the exit itself (on a loaded machine timers fire late and the exit takes time).
      const left = started + config.shutdownTimeoutMs - 500 - Date.now();
      const flushed = await stopTracing(left).catch((error) => {
        logger.warn({ err: error }, 'could not flush the traces');
        return true;
      });
      if (!flushed) logger.warn('traces still buffered at the end of the shutdown grace period: dropped');
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
    logger.info({ ms: Date.now() - started }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  logger.info({ pid: process.pid, node: process.version }, 'starting');

  try {
    app = await createApp({ config, plugins: discoverPlugins(), logger, deferReady: true });
    if (!stopping) {
      // Platform seeds (the statutory calendar) always, demo data when SEED_DEMO is on; /readyz says
      // "starting" until they are in.
      const seeded = await app.runSeeds({ demo: config.seedDemo });
      if (seeded.length) logger.info({ seeds: seeded }, 'seeds applied');
    }
  } catch (error) {
    // A step that failed while a stop was waiting for it: the stop goes on, with exit status 0.
    if (!stopping) throw error;
    logger.info({ err: error }, 'start-up interrupted by the signal');
  } finally {
    startupDone();
  }
  if (stopping || !app) return;
  app.markReady();
  logger.info({ url: app.url, plugins: app.plugins.map((p) => p.id) }, `GraphQL ready at ${app.url}`);
  if (!config.auth.keycloakUrl) {
    logger.info(
      `get a token: npm run token -- --user admin --roles platform-admin   then send "Authorization: Bearer <token>"`,
    );
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
