import { defineJob } from '../../../src';
import { KEYCLOAK_RECONCILE_JOB } from '../services/provisioning';
import { keycloakReconciliation } from '../keycloak/reconcile-service';

/**
 * Compares all officials with Keycloak users and stores a drift report; with `repair`, queues a sync
 * for every drifted official in the requester's scope. Runs nightly at 02:00 Vietnam time (19:00
 * UTC; KEYCLOAK_RECONCILE_NIGHTLY=false turns the nightly run off) and on `reconcileKeycloak`.
 */
export const keycloakReconcileJob = defineJob<{ reportId?: string; _cron?: unknown }>({
  name: KEYCLOAK_RECONCILE_JOB,
  maxAttempts: 5,
  schedule: '0 19 * * *',
  pool: 'keycloak',
  async handler(payload, ctx, run) {
    // On the last attempt a failure is final: the report ends FAILED with the reason, never PENDING.
    await keycloakReconciliation.run(ctx, payload.reportId ?? null, run.attempt >= run.maxAttempts);
  },
  // A last attempt that timed out or lost its connection never reached run()'s catch.
  onGiveUp: (payload, ctx, error) => keycloakReconciliation.giveUp(ctx, payload.reportId ?? null, error),
});
