import type { AppServices, Logger } from '../../../src';
import { KEYCLOAK_SYNC_JOB, keycloakSyncKeys, officialJobScope } from '../services/provisioning';
import { keycloakClientFor } from './client-registry';

/**
 * At start-up: without provisioning, say so loudly (officials get no Keycloak account and show
 * NOT_CONFIGURED); with it, queue a sync for every official a sync found unconfigured before.
 */
export async function announceProvisioning(app: AppServices, logger: Logger): Promise<void> {
  if (!keycloakClientFor(app)) {
    logger.warn(
      { provisioning: 'NOT_CONFIGURED' },
      '!!! Keycloak provisioning is NOT configured (set KEYCLOAK_ADMIN_URL and KEYCLOAK_PROVISIONER_SECRET): ' +
        'officials get no Keycloak account; their account state shows NOT_CONFIGURED !!!',
    );
    return;
  }
  const em = app.orm.em.fork();
  const waiting = await em.execute<Array<{ official_id: string }>>(
    `select official_id from staff_keycloak_account where not_configured`,
  );
  for (const { official_id: officialId } of waiting) {
    await app.jobs.enqueue(
      em,
      KEYCLOAK_SYNC_JOB,
      { officialId, sendSetPassword: true },
      { jobKey: keycloakSyncKeys(officialId)[1], scope: await officialJobScope(em, officialId) },
    );
  }
  if (waiting.length)
    logger.info(
      { officials: waiting.length },
      'Keycloak provisioning is configured: queued officials never provisioned',
    );
}
