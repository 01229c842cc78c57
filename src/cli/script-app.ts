import { createApp, type App } from '../app';
import { loadConfig } from '../config/config';
import { createLogger } from '../logging';
import { discoverPlugins } from '../plugin/discovery';

/**
 * Boots the platform for a command-line script: every enabled plugin, migrations applied, no HTTP
 * port, no background worker (jobs the script enqueues run in the server), quieter logs. Runs
 * `work` and always closes the app, so scripts in plugins never reach into core internals.
 */
export async function withScriptApp<T>(work: (app: App) => Promise<T>): Promise<T> {
  const loaded = loadConfig();
  const config = { ...loaded, jobs: { ...loaded.jobs, runWorker: false } };
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const app = await createApp({ config, plugins: discoverPlugins(), logger, listen: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
