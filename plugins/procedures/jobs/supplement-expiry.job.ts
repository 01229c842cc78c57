import { defineJob, RequestContext } from '../../../src';
import { lifecycle, SUPPLEMENT_EXPIRY_JOB } from '../services/lifecycle.service';

/**
 * Runs at a supplement's deadline (enqueued with the request, removed when the supplement arrives
 * or the dossier ends): a dossier still waiting for it ends (status 8, SUPPLEMENT_EXPIRED).
 * Idempotent: re-runs and early runs change nothing.
 */
export const supplementExpiryJob = defineJob<{ dossierId: string }>({
  name: SUPPLEMENT_EXPIRY_JOB,
  maxAttempts: 10,
  async handler(payload, ctx) {
    const expired = await ctx.transactional(() => lifecycle.expireSupplement(ctx, payload.dossierId));
    if (expired)
      ctx.logger.info({ dossierId: payload.dossierId }, 'supplement deadline passed: dossier stopped');
  },
});

/**
 * Every 10 minutes: ends every dossier whose supplement deadline has passed, in case a deadline job
 * was lost (e.g. a deadline changed in the database). One transaction per dossier.
 */
export const supplementSweepJob = defineJob<Record<string, never>>({
  name: 'procedures.supplement-sweep',
  schedule: '*/10 * * * *',
  maxAttempts: 3,
  async handler(_payload, ctx) {
    const rows = await ctx.em.execute<Array<{ dossier_id: string }>>(
      `select p.dossier_id from procedures_dossier_pause p join procedures_dossier d on d.id = p.dossier_id
        where p.ended_at is null and p.kind = 'SUPPLEMENT' and p.deadline_at <= now() and d.status = 5 limit 1000`,
    );
    for (const row of rows) {
      const child = new RequestContext(ctx.app, ctx.em.fork(), null, {
        isSystem: true,
        requestId: `${ctx.requestId}-${row.dossier_id}`,
      });
      await child.transactional(() => lifecycle.expireSupplement(child, row.dossier_id));
    }
    if (rows.length) ctx.logger.info({ count: rows.length }, 'supplement deadlines swept');
  },
});
