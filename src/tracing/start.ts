import { loadConfig } from '../config/config';

/**
 * Imported first by src/main.ts: starts OpenTelemetry tracing when TRACING_ENABLED, before the
 * instrumented modules (http, express, graphql, pg) are loaded. Without it the OpenTelemetry
 * packages are never required. A configuration error is left for main() to report.
 */
let shutdown: (() => Promise<void>) | null = null;

try {
  const { tracing } = loadConfig();
  if (tracing.enabled) {
    // Required here, not imported: loaded only when tracing is on.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startTracing } = require('./tracing') as typeof import('./tracing');
    shutdown = startTracing(tracing);
  }
} catch {
  // main() loads the configuration again and reports every problem.
}

/**
 * Flushes buffered spans and stops exporting (the end of the stop sequence), giving up after
 * `timeoutMs`: a collector that is down or slow (the exporter waits 10 s per request) must not hold
 * the process past its shutdown grace period. Resolves `false` when the spans were not all sent.
 */
export async function stopTracing(timeoutMs: number): Promise<boolean> {
  const stop = shutdown;
  shutdown = null;
  if (!stop) return true;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
    timer.unref();
  });
  try {
    return await Promise.race([stop().then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}
