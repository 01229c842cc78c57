import type { RequestContext } from '../../../src';

export const KEYCLOAK_SYNC_JOB = 'staff.keycloak-sync-official';

/**
 * Queues the Keycloak update for an official in the current transaction. One pending sync per
 * official (job key): several changes in a row become one idempotent sync of the latest state.
 */
export async function enqueueKeycloakSync(
  ctx: RequestContext,
  officialId: string,
  options: { sendSetPassword?: boolean } = {},
): Promise<void> {
  await ctx.enqueue(
    KEYCLOAK_SYNC_JOB,
    { officialId, sendSetPassword: options.sendSetPassword ?? false },
    {
      jobKey: options.sendSetPassword
        ? `${KEYCLOAK_SYNC_JOB}:${officialId}:create`
        : `${KEYCLOAK_SYNC_JOB}:${officialId}`,
    },
  );
}

/** Compares all officials with Keycloak users and stores a drift report (nightly, or on request). */
export const KEYCLOAK_RECONCILE_JOB = 'staff.keycloak-reconcile';
/** Syncs run one at a time, in order: a later change never gets overwritten by an earlier one. */
export const KEYCLOAK_SYNC_QUEUE = 'staff.keycloak';
