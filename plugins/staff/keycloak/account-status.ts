import { filterCovers, type RequestContext } from '../../../src';
import { StaffPermissions } from '../permissions';
import { KEYCLOAK_SYNC_JOB, keycloakSyncKeys, officialJobScope } from '../services/provisioning';
import { keycloakClientFor } from './client-registry';
import { KeycloakAccount } from './entities/keycloak-account.entity';

export type AccountState = 'NOT_CONFIGURED' | 'PENDING' | 'SYNCED' | 'FAILED';

/** An official's Keycloak account as the provisioning jobs left it. */
export interface AccountStatus {
  state: AccountState;
  /** Why it is not SYNCED: the job's last error, a permanent refusal, or the missing configuration. */
  lastError: string | null;
  lastErrorAt: Date | null;
  /** When a failed attempt is tried again (PENDING after an error). */
  nextRetryAt: Date | null;
  lastSyncedAt: Date | null;
  attempts: number;
  /** The sync job waiting or failed, for `retryJobs`. */
  jobId: string | null;
}

export const NOT_CONFIGURED_MESSAGE =
  'Keycloak provisioning is not configured (KEYCLOAK_ADMIN_URL and KEYCLOAK_PROVISIONER_SECRET): no account is created';

/**
 * Derived, never stored twice: from the official's sync jobs (waiting, retrying, or failed after
 * their attempts) and the provisioning record the last sync left.
 *
 * - NOT_CONFIGURED: provisioning is not configured, so no job can create the account;
 * - FAILED: a sync job used up its attempts (with its last error; `retryJobs` re-runs it), or Keycloak
 *   refused permanently (a 4xx: fix the cause, then repair);
 * - PENDING: a sync is waiting (after an error: its last error and the next retry), or none ran yet;
 * - SYNCED: the last sync brought the account in line.
 */
export async function accountStatus(ctx: RequestContext, officialId: string): Promise<AccountStatus> {
  const status: AccountStatus = {
    state: 'PENDING',
    lastError: null,
    lastErrorAt: null,
    nextRetryAt: null,
    lastSyncedAt: null,
    attempts: 0,
    jobId: null,
  };
  const account = await ctx.em.findOne(KeycloakAccount, { officialId });
  status.lastSyncedAt = account?.lastSyncedAt ?? null;
  if (!keycloakClientFor(ctx.app)) {
    return { ...status, state: 'NOT_CONFIGURED', lastError: NOT_CONFIGURED_MESSAGE };
  }
  const jobs = await ctx.app.jobs.list(null, 10, KEYCLOAK_SYNC_JOB, 'all', keycloakSyncKeys(officialId));
  const failed = jobs.find((j) => j.attempts >= j.maxAttempts);
  const waiting = jobs.find((j) => j.attempts < j.maxAttempts);
  const job = failed ?? waiting;
  if (job) {
    return {
      ...status,
      state: failed ? 'FAILED' : 'PENDING',
      lastError: job.lastError,
      lastErrorAt: job.lastError ? (account?.lastErrorAt ?? null) : null,
      nextRetryAt: !failed && job.attempts > 0 ? job.runAt : null,
      attempts: job.attempts,
      jobId: job.id,
    };
  }
  if (!account) return status;
  if (account.lastError && account.errorPermanent)
    return { ...status, state: 'FAILED', lastError: account.lastError, lastErrorAt: account.lastErrorAt };
  if (account.notConfigured)
    // Recorded while provisioning was off; start-up queues these again once it is configured.
    return { ...status, lastError: NOT_CONFIGURED_MESSAGE };
  if (account.lastSyncedAt) return { ...status, state: 'SYNCED' };
  return status;
}

/** The official themselves, or whoever manages Keycloak accounts over one of their postings. */
export async function canSeeAccount(
  ctx: RequestContext,
  official: { id: string; username: string; keycloakUserId: string | null },
): Promise<boolean> {
  if (ctx.isSystem) return true;
  if (ctx.user && (official.keycloakUserId === ctx.user.subject || official.username === ctx.user.username))
    return true;
  const filter = await ctx.scopeFilter(StaffPermissions.keycloakManage);
  if (filter === 'all') return true;
  const scope = await officialJobScope(ctx.em, official.id);
  return filterCovers(filter, scope.unitIds, scope.agencyIds);
}
