import { DomainError, filterCovers, NotFoundError, type RequestContext } from '../../../src';
import { StaffErrorCodes } from '../errors';
import { StaffPermissions } from '../permissions';
import { enqueueKeycloakSync, KEYCLOAK_RECONCILE_JOB } from '../services/provisioning';
import { keycloakClientFor, provisioningSettings } from './client-registry';
import { KeycloakError } from './admin-client';
import { KeycloakDriftReport, type DriftItem } from './entities/keycloak-drift-report.entity';
import { applyResult, findDrift } from './reconcile';
import { StaffRecords } from '../errors';

/** A drift report as one viewer may see it: only items of officials in their scope. */
export interface VisibleDriftReport {
  report: KeycloakDriftReport;
  items: DriftItem[];
}

export class KeycloakReconciliation {
  /** Queues a reconcile run (mutation `reconcileKeycloak`); the report is PENDING until the job ran. */
  async request(ctx: RequestContext, input: { repair?: boolean | null }): Promise<VisibleDriftReport> {
    ctx.require(StaffPermissions.keycloakManage);
    if (!keycloakClientFor(ctx.app)) {
      throw new DomainError(
        StaffErrorCodes.KEYCLOAK_NOT_CONFIGURED,
        'Keycloak provisioning is not configured (KEYCLOAK_ADMIN_URL and KEYCLOAK_PROVISIONER_SECRET)',
      );
    }
    const scope = await ctx.scopeFilter(StaffPermissions.keycloakManage);
    const report = ctx.em.create(KeycloakDriftReport, {
      trigger: 'MANUAL',
      repair: input.repair ?? false,
      requestedBy: ctx.user?.username ?? (ctx.isSystem ? 'system' : null),
      repairUnitIds: scope === 'all' ? null : scope.unitIds,
      repairAgencyIds: scope === 'all' ? null : scope.agencyIds,
    });
    await ctx.em.flush();
    await ctx.enqueue(KEYCLOAK_RECONCILE_JOB, { reportId: report.id });
    ctx.audit({
      action: 'staff.keycloak.reconcile',
      entityType: 'KeycloakDriftReport',
      entityId: report.id,
      after: { repair: report.repair },
    });
    return { report, items: [] };
  }

  /** The report with this id, or the latest one; items filtered to the viewer's scope. */
  async get(ctx: RequestContext, id: string | null): Promise<VisibleDriftReport | null> {
    ctx.require(StaffPermissions.keycloakManage);
    const report = id
      ? await ctx.em.findOne(KeycloakDriftReport, { id })
      : ((
          await ctx.em.find(KeycloakDriftReport, {}, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 1 })
        )[0] ?? null);
    if (!report) {
      if (id) throw new NotFoundError(StaffRecords.driftReport, id);
      return null;
    }
    // An item is seen by whoever holds the permission over one of the official's units, or over one of their agencies.
    const scope = await ctx.scopeFilter(StaffPermissions.keycloakManage);
    const items = report.items.filter((item) => filterCovers(scope, item.unitIds, item.agencyIds ?? []));
    return { report, items };
  }

  /** The job: runs the comparison for a requested report, or a scheduled one. */
  async run(ctx: RequestContext, reportId: string | null, lastAttempt = false): Promise<void> {
    const client = keycloakClientFor(ctx.app);
    const settings = client ? provisioningSettings(ctx.app) : null;
    let report: KeycloakDriftReport | null;
    if (reportId) {
      report = await ctx.em.findOne(KeycloakDriftReport, { id: reportId });
      if (!report || report.status === 'COMPLETED' || report.status === 'FAILED') return;
    } else {
      if (!client || !settings?.reconcileNightly) return;
      report = ctx.em.create(KeycloakDriftReport, {
        trigger: 'SCHEDULE',
        repair: false,
      });
    }
    if (!client) {
      report.status = 'FAILED';
      report.error = 'Keycloak provisioning is not configured';
      report.finishedAt = new Date();
      await ctx.em.flush();
      return;
    }
    report.status = 'RUNNING';
    report.startedAt = new Date();
    await ctx.em.flush();
    try {
      const result = await findDrift(ctx, client);
      applyResult(report, result);
      if (report.repair) {
        const units = report.repairUnitIds;
        const agencies = report.repairAgencyIds ?? [];
        const inScope = (officialId: string) =>
          units === null ||
          result.items.some(
            (i) =>
              i.officialId === officialId &&
              (i.unitIds.some((u) => units.includes(u)) ||
                (i.agencyIds ?? []).some((a) => agencies.includes(a))),
          );
        const toRepair = result.driftedOfficialIds.filter(inScope);
        for (const officialId of toRepair) await enqueueKeycloakSync(ctx, officialId);
        report.repairsQueued = toRepair.length;
      }
      report.status = 'COMPLETED';
      report.error = null;
      report.finishedAt = new Date();
      await ctx.em.flush();
      ctx.logger.info(
        { reportId: report.id, drift: report.items.length, repairsQueued: report.repairsQueued },
        'Keycloak reconcile finished',
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A requested run is retried while attempts remain; a scheduled one just fails (tomorrow's run
      // tries again); the last attempt's failure is final, with its reason.
      const retry =
        reportId !== null && !lastAttempt && (!(error instanceof KeycloakError) || error.retryable);
      report.status = retry ? 'PENDING' : 'FAILED';
      report.error = retry || !lastAttempt ? message : `Gave up after the last attempt: ${message}`;
      if (!retry) report.finishedAt = new Date();
      await ctx.em.flush();
      if (retry) throw error;
    }
  }

  /**
   * The job's last attempt failed outside run()'s own handling (its time limit, a lost connection):
   * the requested report ends FAILED with the reason instead of staying RUNNING.
   */
  async giveUp(ctx: RequestContext, reportId: string | null, error: Error): Promise<void> {
    if (!reportId) return;
    const report = await ctx.em.findOne(KeycloakDriftReport, { id: reportId });
    if (!report || report.status === 'COMPLETED' || report.status === 'FAILED') return;
    report.status = 'FAILED';
    report.error = `Gave up after the last attempt: ${error.message}`;
    report.finishedAt = new Date();
    await ctx.em.flush();
  }
}

export const keycloakReconciliation = new KeycloakReconciliation();
