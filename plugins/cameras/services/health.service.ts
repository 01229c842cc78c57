import { createHash } from 'node:crypto';
import {
  BadInputError,
  ForbiddenError,
  formatLocalDateTime,
  getOrThrow,
  NotFoundError,
  optionsOf,
  pgArray,
  scopeFilterSql,
  StandardRoles,
  type RequestContext,
} from '../../../src';
import { directory } from '../../staff';
import { CamerasPermissions } from '../permissions';
import { CamerasRecords } from '../errors';
import { ownerOf } from './devices.service';
import { DeviceHealth, HealthTransition } from '../entities/health.entity';
import { Device } from '../entities/device.entity';
import { HealthState } from '../entities/enums';
import type { CamerasOptions } from '../options';
import { mapBounded, probe, probeTargetOf, type ProbeResult, type ProbeTarget } from './probe';
import { decryptWithAnyKey, type CameraCredentials } from './credentials';
import { labelUrl } from './labels';

/** The job this service enqueues (run by jobs/probe.job.ts); the service owns its name and payload. */
export const PROBE_JOB = 'cameras.probe';

/**
 * Which devices a probe round covers: empty (the schedule, or a platform-wide administrator) for
 * every device; the devices an administrator named (checked against their scope when they asked);
 * otherwise the units and agencies of the administrator who asked (their scope when they asked).
 * Only ids travel through the queue, nothing secret.
 */
export interface ProbePayload {
  deviceIds?: string[];
  unitIds?: string[];
  agencyIds?: string[];
}

export interface ProbeOutcome {
  deviceId: string;
  result: ProbeResult;
}

export interface ProbeSummary {
  probed: number;
  online: number;
  failed: number;
  wentOffline: string[];
  cameBack: string[];
}

interface DeviceRow {
  id: string;
  asset_tag: string;
  type: string;
  host: string | null;
  port: number | null;
  stream_url: string | null;
  credentials_cipher: string | null;
}

/** The most devices one requestDeviceProbe may name. */
const MAX_PROBE_DEVICES = 500;

function keyOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/**
 * The devices a round probes: in service, with a stream URL or a host, within the payload's devices
 * (if named) or units and agencies (if named; none named is every device).
 */
function probeTargetsSql(payload: ProbePayload): { sql: string; params: unknown[] } {
  const probeable = `status = 'IN_SERVICE' and (stream_url is not null or host is not null)`;
  if (payload.deviceIds)
    return { sql: `${probeable} and id = any(?::uuid[])`, params: [pgArray(payload.deviceIds)] };
  const scoped = payload.unitIds || payload.agencyIds;
  const within = scopeFilterSql(
    scoped
      ? { unitIds: payload.unitIds ?? [], agencyIds: payload.agencyIds ?? [], agencyUnitIds: [] }
      : 'all',
    'unit_id',
    'agency_id',
  );
  return { sql: `${probeable} and ${within.sql}`, params: within.params };
}

/**
 * Reachability of cameras and networked devices: probes over raw sockets, the online/offline state
 * machine with its transitions, and alert and recovery mails to the IT contacts of the device's unit.
 */
export class HealthService {
  /**
   * Queues a probe round now (besides the schedule): of the devices named (each managed by the
   * caller), else of every device for a platform-wide `cameras.manage` scope and of the caller's
   * units and agencies otherwise. Answers how many devices the round will probe.
   */
  async requestProbe(ctx: RequestContext, deviceIds: string[] | null | undefined): Promise<number> {
    let payload: ProbePayload;
    let jobKey: string;
    if (deviceIds != null) {
      if (!deviceIds.length || deviceIds.length > MAX_PROBE_DEVICES)
        throw new BadInputError(
          {
            vi: `deviceIds phải có từ 1 đến ${MAX_PROBE_DEVICES} thiết bị`,
            en: `deviceIds must name 1 to ${MAX_PROBE_DEVICES} devices`,
          },
          { field: 'deviceIds' },
        );
      const ids = [...new Set(deviceIds)].sort();
      for (const [i, id] of deviceIds.entries()) {
        const device = await getOrThrow(ctx.em, Device, id, CamerasRecords.device, {
          field: `deviceIds[${i}]`,
        });
        if (!(await ctx.can(CamerasPermissions.manage, ownerOf(device))))
          throw new NotFoundError(CamerasRecords.device, id);
      }
      payload = { deviceIds: ids };
      jobKey = `${PROBE_JOB}:devices:${keyOf(ids)}`;
    } else {
      const scope = await ctx.scopeFilter(CamerasPermissions.manage);
      if (scope === 'all') {
        // Same key as the scheduled runs: a request while a run waits replaces it instead of adding one.
        payload = {};
        jobKey = PROBE_JOB;
      } else {
        if (!scope.unitIds.length && !scope.agencyIds.length) throw new ForbiddenError();
        // A ward's IT admin probes the ward's devices only: a platform-wide round is a platform-wide
        // act (it reaches every device and sends offline alerts everywhere).
        const unitIds = [...scope.unitIds].sort();
        const agencyIds = [...scope.agencyIds].sort();
        payload = { unitIds, agencyIds };
        jobKey = `${PROBE_JOB}:${keyOf([unitIds, agencyIds])}`;
      }
    }
    await ctx.enqueue(PROBE_JOB, payload, { jobKey });
    const where = probeTargetsSql(payload);
    const [{ count }] = await ctx.em.execute<Array<{ count: number }>>(
      `select count(*)::int as count from cameras_device where ${where.sql}`,
      where.params,
    );
    return count;
  }

  /** Probes in-service cameras and networked devices, then records what changed in one transaction. */
  async probeAll(ctx: RequestContext, scope: ProbePayload = {}): Promise<ProbeSummary> {
    const {
      probe: settings,
      credentialsKey,
      previousCredentialsKeys,
    } = optionsOf<CamerasOptions>(ctx.app, 'cameras');
    const where = probeTargetsSql(scope);
    const rows = await ctx.em.execute<DeviceRow[]>(
      `select id, asset_tag, type, host, port, stream_url, credentials_cipher from cameras_device
        where ${where.sql} order by asset_tag`,
      where.params,
    );
    // Credentials stay in this process's memory for the round; they never reach a log or a result.
    const credentialsOf = (row: DeviceRow): CameraCredentials | null => {
      if (!row.credentials_cipher) return null;
      try {
        return decryptWithAnyKey(
          { current: credentialsKey, previous: previousCredentialsKeys },
          row.id,
          row.credentials_cipher,
        ).credentials;
      } catch {
        return null; // a changed key: probed without them, the 401 names the problem
      }
    };
    const targets = rows
      .map((row) => {
        const target: ProbeTarget | null = probeTargetOf({
          host: row.host,
          port: row.port,
          streamUrl: row.stream_url,
        });
        if (target?.kind === 'rtsp') target.credentials = credentialsOf(row);
        return { row, target };
      })
      .filter((t): t is { row: DeviceRow; target: ProbeTarget } => t.target !== null);
    const outcomes = await mapBounded(targets, settings.concurrency, async ({ row, target }) => ({
      deviceId: row.id,
      result: await probe(target, settings.timeoutMs),
    }));
    return ctx.transactional(() => this.record(ctx, outcomes, new Date()));
  }

  /**
   * Applies probe outcomes: a success makes a device ONLINE at once; `failureThreshold` failures in
   * a row make it OFFLINE (dated from the first failure) and alert its IT contacts; coming back after
   * an alert sends a recovery mail. Every change of state is a transition row.
   */
  async record(ctx: RequestContext, outcomes: ProbeOutcome[], now: Date): Promise<ProbeSummary> {
    const { probe: settings } = optionsOf<CamerasOptions>(ctx.app, 'cameras');
    const summary: ProbeSummary = {
      probed: outcomes.length,
      online: 0,
      failed: 0,
      wentOffline: [],
      cameBack: [],
    };
    if (!outcomes.length) return summary;
    const ids = outcomes.map((o) => o.deviceId);
    const known = new Map(
      (await ctx.em.find(DeviceHealth, { deviceId: { $in: ids } })).map((h) => [h.deviceId, h]),
    );
    const alerts: Array<{ deviceId: string; kind: 'offline' | 'recovered'; health: DeviceHealth }> = [];
    for (const { deviceId, result } of outcomes) {
      let health = known.get(deviceId);
      if (!health) {
        health = ctx.em.create(DeviceHealth, { deviceId }, { persist: true });
        known.set(deviceId, health);
      }
      health.lastProbeAt = now;
      if (result.ok) {
        summary.online++;
        health.lastSeenAt = now;
        health.consecutiveFailures = 0;
        health.failingSince = null;
        health.lastError = null;
        if (health.state !== HealthState.ONLINE) {
          this.transition(ctx, deviceId, health.state, HealthState.ONLINE, now, null);
          health.state = HealthState.ONLINE;
          health.stateSince = now;
          if (health.alertSentAt) {
            alerts.push({ deviceId, kind: 'recovered', health });
            health.alertSentAt = null;
            summary.cameBack.push(deviceId);
          }
        }
      } else {
        summary.failed++;
        health.consecutiveFailures++;
        health.failingSince ??= now;
        health.lastError = result.detail;
        if (health.consecutiveFailures >= settings.failureThreshold && health.state !== HealthState.OFFLINE) {
          this.transition(
            ctx,
            deviceId,
            health.state,
            HealthState.OFFLINE,
            now,
            `${health.consecutiveFailures} failed probes; last: ${result.detail}`,
          );
          health.state = HealthState.OFFLINE;
          health.stateSince = health.failingSince;
          summary.wentOffline.push(deviceId);
          alerts.push({ deviceId, kind: 'offline', health });
        }
      }
    }
    await ctx.em.flush();
    for (const alert of alerts) {
      const sent = await this.mailContacts(ctx, alert.deviceId, alert.kind, alert.health);
      if (alert.kind === 'offline' && sent) alert.health.alertSentAt = now;
    }
    await ctx.em.flush();
    return summary;
  }

  private transition(
    ctx: RequestContext,
    deviceId: string,
    from: HealthState | null,
    to: HealthState,
    at: Date,
    detail: string | null,
  ): void {
    ctx.em.create(
      HealthTransition,
      { device: ctx.em.getReference(Device, deviceId), fromState: from, toState: to, at, detail },
      { persist: true },
    );
    ctx.logger.info({ deviceId, from, to, detail }, 'device health changed');
  }

  /**
   * IT contacts of a unit: active officials holding the it-admin role over the unit or a unit above
   * it (directly or through an agency of such a unit), with a work email.
   */
  async itContacts(ctx: RequestContext, unitId: string): Promise<string[]> {
    const rows = await ctx.em.execute<Array<{ email: string }>>(
      `select distinct lower(o.email) as email
         from staff_role_grant_v g
         join staff_official_v o on o.id = g.official_id
         join staff_unit_v u on u.id = ?
        where g.role = ? and g.official_status = 'ACTIVE' and o.email is not null and o.email <> ''
          and u.path like '%/' || g.unit_id::text || '/%'
        order by 1`,
      [unitId, StandardRoles.itAdmin],
    );
    return rows.map((r) => r.email);
  }

  /** Queues the alert or recovery mail (job queue, same transaction); false when nobody can be told. */
  private async mailContacts(
    ctx: RequestContext,
    deviceId: string,
    kind: 'offline' | 'recovered',
    health: DeviceHealth,
  ): Promise<boolean> {
    const device = await ctx.em.findOneOrFail(Device, { id: deviceId });
    const to = await this.itContacts(ctx, device.unitId);
    if (!to.length) {
      ctx.logger.warn(
        { deviceId, assetTag: device.assetTag, unitId: device.unitId },
        'no IT contact with an email for this unit: health alert not sent',
      );
      return false;
    }
    const [desk, centre, agency, unit] = await Promise.all([
      device.deskId ? directory.desk(ctx, device.deskId) : null,
      device.centreId ? directory.centre(ctx, device.centreId) : null,
      device.agencyId ? directory.agency(ctx, device.agencyId) : null,
      directory.unit(ctx, device.unitId),
    ]);
    const unitName = unit?.name ?? '';
    const place = [desk?.name, centre?.name, agency?.name, unitName].filter(Boolean).join(', ');
    const what = `${device.type === 'CAMERA' ? 'Camera' : 'Thiết bị'} ${device.assetTag}${device.model ? ` (${device.model})` : ''}`;
    const link = labelUrl(ctx.config.publicUrl, device.assetTag);
    const at = (d: Date | null) => (d ? formatLocalDateTime(d) : 'chưa từng');
    const message =
      kind === 'offline'
        ? {
            subject: `[Cảnh báo] ${what} mất kết nối – ${unitName}`,
            text: [
              `${what} tại ${place} không phản hồi từ ${at(health.stateSince)}.`,
              `Số lần kiểm tra thất bại liên tiếp: ${health.consecutiveFailures}. Lỗi gần nhất: ${health.lastError ?? 'không rõ'}.`,
              `Lần cuối kết nối được: ${at(health.lastSeenAt)}.`,
              '',
              `Hồ sơ thiết bị: ${link}`,
            ].join('\n'),
          }
        : {
            subject: `[Khôi phục] ${what} đã kết nối lại – ${unitName}`,
            text: [
              `${what} tại ${place} đã phản hồi trở lại lúc ${at(health.stateSince)}.`,
              '',
              `Hồ sơ thiết bị: ${link}`,
            ].join('\n'),
          };
    await ctx.sendMail({ to, ...message });
    ctx.logger.info(
      { deviceId, assetTag: device.assetTag, kind, recipients: to.length },
      'device health mail queued',
    );
    return true;
  }

  async transitions(ctx: RequestContext, deviceId: string, limit: number): Promise<HealthTransition[]> {
    return ctx.em.find(
      HealthTransition,
      { device: deviceId },
      { orderBy: { at: 'desc', createdAt: 'desc' }, limit },
    );
  }

  /** Health rows of many devices at once, for field resolvers (one query per request and batch). */
  healthLoader(ctx: RequestContext) {
    return ctx.loader<string, DeviceHealth | null>('cameras.health', async (ids) => {
      const found = await ctx.em.find(DeviceHealth, { deviceId: { $in: [...ids] } });
      const byId = new Map(found.map((h) => [h.deviceId, h]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }
}
