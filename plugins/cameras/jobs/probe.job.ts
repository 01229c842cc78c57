import { defineJob } from '../../../src';
import { health } from '../services';

export const PROBE_JOB = 'cameras.probe';

/**
 * Probes every in-service camera and networked device. Scheduled by CAMERAS_PROBE_SCHEDULE (set on
 * this definition at start-up by the plugin's register hook); runs one at a time (own queue), so a
 * slow round never overlaps the next. The payload is empty: nothing secret travels through the queue.
 */
export const probeJob = defineJob<Record<string, never>>({
  name: PROBE_JOB,
  queue: PROBE_JOB,
  pool: 'probes',
  maxAttempts: 3,
  async handler(_payload, ctx) {
    const summary = await health.probeAll(ctx);
    ctx.logger.info(
      {
        probed: summary.probed,
        online: summary.online,
        failed: summary.failed,
        wentOffline: summary.wentOffline.length,
        cameBack: summary.cameBack.length,
      },
      'devices probed',
    );
  },
});
