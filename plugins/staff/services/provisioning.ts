import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobScope, RequestContext } from '../../../src';

export const KEYCLOAK_SYNC_JOB = 'staff.keycloak-sync-official';

/** The job keys of an official's pending sync (a plain change, and the first one that creates the account). */
export function keycloakSyncKeys(officialId: string): string[] {
  return [`${KEYCLOAK_SYNC_JOB}:${officialId}`, `${KEYCLOAK_SYNC_JOB}:${officialId}:create`];
}

/**
 * Queues the Keycloak update for an official in the current transaction. One pending sync per
 * official (job key): several changes in a row become one idempotent sync of the latest state. The
 * job carries the official's units and agencies as its scope, so IT admins of those see and re-run it.
 */
export async function enqueueKeycloakSync(
  ctx: RequestContext,
  officialId: string,
  options: { sendSetPassword?: boolean; flush?: boolean } = {},
): Promise<void> {
  const [create, plain] = [keycloakSyncKeys(officialId)[1], keycloakSyncKeys(officialId)[0]];
  await ctx.enqueue(
    KEYCLOAK_SYNC_JOB,
    { officialId, sendSetPassword: options.sendSetPassword ?? false },
    {
      jobKey: options.sendSetPassword ? create : plain,
      scope: await officialJobScope(ctx.em, officialId, options.flush ?? true),
    },
  );
}

/** The units and agencies of the official's current postings (the latest ones once they left). */
export async function officialJobScope(
  em: EntityManager,
  officialId: string,
  flush = true,
): Promise<JobScope> {
  // Postings written in this unit of work count (flush), except where the caller wrote them already.
  if (flush) await em.flush();
  const rows = await em.execute<Array<{ agency_id: string; unit_id: string }>>(
    `with p as (
       select a.agency_id, ag.unit_id, a.ends_on, exists (select 1 from staff_current_posting_v c where c.id = a.id) as current
         from staff_assignment a join staff_agency ag on ag.id = a.agency_id where a.official_id = ?)
     select distinct agency_id, unit_id from p
      where current or (not exists (select 1 from p where current) and ends_on = (select max(ends_on) from p))`,
    [officialId],
  );
  return {
    unitIds: [...new Set(rows.map((r) => r.unit_id))],
    agencyIds: [...new Set(rows.map((r) => r.agency_id))],
  };
}

/** Compares all officials with Keycloak users and stores a drift report (nightly, or on request). */
export const KEYCLOAK_RECONCILE_JOB = 'staff.keycloak-reconcile';
/** Syncs run one at a time, in order: a later change never gets overwritten by an earlier one. */
export const KEYCLOAK_SYNC_QUEUE = 'staff.keycloak';
