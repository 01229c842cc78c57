import { defineJob } from '../../../src';
import { health } from '../services';
import { PROBE_JOB, type ProbePayload } from '../services/health.service';

/**
 * Probes in-service cameras and networked devices. Scheduled by CAMERAS_PROBE_SCHEDULE (set on
 * this definition at start-up by the plugin's register hook); runs one at a time (own queue), so a
 * slow round never overlaps the next.
 */
export const probeJob = defineJob<ProbePayload>({
  name: PROBE_JOB,
  queue: PROBE_JOB,
  pool: 'probes',
  maxAttempts: 3,
  async handler(payload, ctx) {
    const summary = await health.probeAll(ctx, payload ?? {});
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
