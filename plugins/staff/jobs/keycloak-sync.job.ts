import { defineJob, optionsOf } from '../../../src';
import type { StaffOptions } from '../options';
import { KEYCLOAK_SYNC_JOB } from '../services/provisioning';

/** Brings the official's Keycloak user in line with the staff register (idempotent). */
export const keycloakSyncJob = defineJob<{ officialId: string; sendSetPassword: boolean }>({
  name: KEYCLOAK_SYNC_JOB,
  maxAttempts: 25,
  async handler(payload, ctx) {
    const { keycloak } = optionsOf<StaffOptions>(ctx.app, 'staff');
    if (!keycloak.url || !keycloak.clientSecret) {
      ctx.logger.info({ officialId: payload.officialId }, 'Keycloak provisioning is not configured; skipping');
      return;
    }
    throw new Error('Keycloak provisioning client not wired yet');
  },
});
