import { defineJob } from '../../../src';
import { KEYCLOAK_SYNC_JOB, KEYCLOAK_SYNC_QUEUE } from '../services/provisioning';
import { keycloakClientFor, provisioningSettings } from '../keycloak/client-registry';
import { KeycloakError } from '../keycloak/admin-client';
import { recordNotConfigured, recordSyncFailure, syncOfficial } from '../keycloak/provisioner';

/**
 * Brings the official's Keycloak user in line with the staff register (idempotent). While Keycloak
 * is unreachable or failing (network, 5xx) the job throws and graphile-worker retries it with
 * exponential backoff; nothing is lost. A permanent refusal (another 4xx) is recorded on the
 * official's provisioning state, shows in the drift report, and ends the job: retrying the same
 * request would not help, and the reconcile job repairs it once the cause is fixed.
 */
export const keycloakSyncJob = defineJob<{ officialId: string; sendSetPassword: boolean }>({
  name: KEYCLOAK_SYNC_JOB,
  maxAttempts: 25,
  queue: KEYCLOAK_SYNC_QUEUE,
  pool: 'keycloak',
  async handler(payload, ctx, run) {
    const client = keycloakClientFor(ctx.app);
    if (!client) {
      // Not a silent no-op: the official's account shows NOT_CONFIGURED, and start-up queues them
      // again once Keycloak is configured.
      await recordNotConfigured(ctx, payload.officialId);
      ctx.logger.warn(
        { officialId: payload.officialId },
        'Keycloak provisioning is not configured: the official has no account (state NOT_CONFIGURED)',
      );
      return;
    }
    try {
      const outcome = await syncOfficial(ctx, client, payload.officialId, {
        sendSetPassword: payload.sendSetPassword ?? false,
        settings: provisioningSettings(ctx.app),
      });
      if (outcome.problems.length)
        ctx.logger.warn(
          { officialId: payload.officialId, problems: outcome.problems },
          'Keycloak sync finished with problems',
        );
      else
        ctx.logger.info(
          { officialId: payload.officialId, created: outcome.created, changes: outcome.changes },
          'Keycloak user in line with the register',
        );
    } catch (error) {
      ctx.em.clear();
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof KeycloakError && !error.retryable) {
        await recordSyncFailure(ctx, payload.officialId, message, true);
        ctx.logger.warn(
          { officialId: payload.officialId, status: error.status, error: message },
          'Keycloak refused the sync; recorded as drift, not retried',
        );
        return;
      }
      await recordSyncFailure(ctx, payload.officialId, `attempt ${run.attempt}: ${message}`, false).catch(
        () => {},
      );
      throw error;
    }
  },
});
