import {
  NotFoundError,
  optionsOf,
  pgArray,
  readEntitiesWhere,
  type RequestContext,
  requireId,
} from '../../../src';
import { directory, type DeskRecord, type UnitRecord } from '../../staff';
import { Device } from '../entities/device.entity';
import { DeviceType } from '../entities/enums';
import { CamerasPermissions } from '../permissions';
import type { CamerasOptions, DeskStandardItem } from '../options';
import { StaffRecords } from '../../staff';

export interface Ratio {
  covered: number;
  total: number;
  /** covered / total, 0..1 rounded to 4 decimals; null when there is nothing to count. */
  rate: number | null;
  /** The rate as a whole percentage (15/17 -> 88); null when there is nothing to count. */
  percent: number | null;
}

export interface DeskEquipmentRow {
  desk: DeskRecord;
  unitId: string;
  items: Array<{ type: DeviceType; count: number }>;
  missing: Array<{ type: DeviceType; required: number; present: number }>;
  complete: boolean;
}

export interface Coverage {
  unit: UnitRecord;
  generatedAt: Date;
  desks: Ratio;
  communes: Ratio;
  uncoveredCommunes: UnitRecord[];
  camerasInService: number;
  camerasOnline: number;
  offlineCameras: Array<{
    camera: Device;
    since: Date | null;
    lastSeenAt: Date | null;
    offlineSeconds: number | null;
  }>;
  outOfWarrantyCount: number;
  /** The first COVERAGE_LIST_LIMIT of them; read as devices (outOfWarrantyDevices) only when asked for. */
  outOfWarrantyIds: string[];
  deskStandard: DeskStandardItem[];
}

/** Cap on device lists inside the coverage answer; the devices query pages through all of them. */
export const COVERAGE_LIST_LIMIT = 100;

export function ratio(covered: number, total: number): Ratio {
  if (!total) return { covered, total, rate: null, percent: null };
  return {
    covered,
    total,
    rate: Math.round((covered / total) * 10000) / 10000,
    percent: Math.round((covered / total) * 100),
  };
}

/** A camera "works" for a desk when it is in service, watches that desk and the probe says ONLINE. */
const ONLINE_CAMERA = `cam.type = 'CAMERA' and cam.status = 'IN_SERVICE' and h.state = 'ONLINE'`;
/** Desks of centres in operation (d) with their agency (a) and unit (u), from staff's public views. */
const DESKS = `staff_desk_v d
  join staff_agency_v a on a.id = d.agency_id and a.active and d.centre_active
  join staff_unit_v u on u.id = a.unit_id`;
/** Restricts DESKS to a unit subtree (one parameter: the subtree's path prefix). */
const IN_SUBTREE = `d.active and u.path like ?`;

/**
 * What leaders track, for a unit and everything below it: desks watched by a working camera, communes
 * with a working camera at their one-stop desk (the "15/17 = 88%" figure), cameras offline now,
 * devices out of warranty and desks missing standard equipment.
 */
export class CoverageService {
  async coverage(ctx: RequestContext, unitId: string): Promise<Coverage> {
    ctx.require(CamerasPermissions.coverageRead);
    requireId(unitId, 'unitId');
    const unit = await directory.unit(ctx, unitId);
    if (!unit) throw new NotFoundError(StaffRecords.unit, unitId);
    await ctx.requireIn(CamerasPermissions.coverageRead, unit.id);
    const subtree = `${unit.path}%`;
    const now = new Date();

    // The three counts in one statement (each was a round trip, and the desks came back row by row
    // only to be counted here).
    const [counts] = await ctx.em.execute<
      Array<{
        desks_total: number;
        desks_watched: number;
        communes_total: number;
        uncovered_ids: string[];
        in_service: number;
        online: number;
      }>
    >(
      `with desk as (
         select exists (
            select 1 from cameras_device cam join cameras_device_health h on h.device_id = cam.id
             where ${ONLINE_CAMERA} and coalesce(cam.watched_desk_id, cam.desk_id) = d.id) as watched
           from ${DESKS} where ${IN_SUBTREE}),
       commune as (
         select cu.id, exists (
            select 1 from ${DESKS} where d.active and a.unit_id = cu.id and exists (
              select 1 from cameras_device cam join cameras_device_health h on h.device_id = cam.id
               where ${ONLINE_CAMERA} and coalesce(cam.watched_desk_id, cam.desk_id) = d.id)) as covered
           from staff_unit_v cu
          where cu.path like ? and cu.level = 3
            and (cu.valid_from is null or cu.valid_from <= staff_local_today()) and (cu.valid_to is null or cu.valid_to > staff_local_today())),
       cam as (
         select count(*)::int as in_service, count(*) filter (where h.state = 'ONLINE')::int as online
           from cameras_device cam join staff_unit_v u on u.id = cam.unit_id
           left join cameras_device_health h on h.device_id = cam.id
          where u.path like ? and cam.type = 'CAMERA' and cam.status = 'IN_SERVICE')
       select (select count(*)::int from desk) as desks_total,
              (select count(*) filter (where watched)::int from desk) as desks_watched,
              (select count(*)::int from commune) as communes_total,
              (select coalesce(array_agg(id::text), '{}') from commune where not covered) as uncovered_ids,
              cam.in_service, cam.online
         from cam`,
      [subtree, subtree, subtree],
    );
    const uncoveredIds = counts.uncovered_ids;

    const offline = await ctx.em.execute<
      Array<{ id: string; state_since: Date | null; last_seen_at: Date | null }>
    >(
      `select cam.id, h.state_since, h.last_seen_at
         from cameras_device cam join cameras_device_health h on h.device_id = cam.id join staff_unit_v u on u.id = cam.unit_id
        where u.path like ? and cam.type = 'CAMERA' and cam.status = 'IN_SERVICE' and h.state = 'OFFLINE'
        order by h.state_since, cam.asset_tag limit ?`,
      [subtree, COVERAGE_LIST_LIMIT],
    );
    const offlineDevices = new Map(
      (
        await this.devices(
          ctx,
          offline.map((o) => o.id),
        )
      ).map((d) => [d.id, d]),
    );

    const warranty = await ctx.em.execute<Array<{ id: string; total: string }>>(
      `select dv.id, count(*) over ()::text as total
         from cameras_device dv join staff_unit_v u on u.id = dv.unit_id
        where u.path like ? and dv.status <> 'RETIRED' and dv.warranty_ends_on < staff_local_today()
        order by dv.warranty_ends_on, dv.asset_tag limit ?`,
      [subtree, COVERAGE_LIST_LIMIT],
    );

    return {
      unit,
      generatedAt: now,
      desks: ratio(counts.desks_watched, counts.desks_total),
      communes: ratio(counts.communes_total - uncoveredIds.length, counts.communes_total),
      uncoveredCommunes: [...(await directory.units(ctx, uncoveredIds)).values()].sort((a, b) =>
        a.name.localeCompare(b.name, 'vi'),
      ),
      camerasInService: counts.in_service,
      camerasOnline: counts.online,
      offlineCameras: offline.map((o) => ({
        camera: offlineDevices.get(o.id)!,
        since: o.state_since ? new Date(o.state_since) : null,
        lastSeenAt: o.last_seen_at ? new Date(o.last_seen_at) : null,
        offlineSeconds: o.state_since
          ? Math.max(0, Math.round((now.getTime() - new Date(o.state_since).getTime()) / 1000))
          : null,
      })),
      outOfWarrantyCount: Number(warranty[0]?.total ?? 0),
      outOfWarrantyIds: warranty.map((w) => w.id),
      deskStandard: optionsOf<CamerasOptions>(ctx.app, 'cameras').deskStandard,
    };
  }

  /**
   * In-service equipment per desk against the standard list (CAMERAS_DESK_STANDARD). A device placed
   * at a one-stop centre without a desk (a queue machine, a lookup kiosk) serves every desk of it;
   * a camera counts for the desk it watches. Only computed when asked for (the deskEquipment field),
   * for a unit whose scope the caller already checked (coverage()).
   */
  async deskEquipment(ctx: RequestContext, unit: UnitRecord): Promise<DeskEquipmentRow[]> {
    const subtree = `${unit.path}%`;
    const standard = optionsOf<CamerasOptions>(ctx.app, 'cameras').deskStandard;
    const deskRows = await ctx.em.execute<Array<{ desk_id: string; unit_id: string }>>(
      `select d.id as desk_id, a.unit_id from ${DESKS} where ${IN_SUBTREE}`,
      [subtree],
    );
    if (!deskRows.length) return [];
    // Two equi-joins (hash joins) instead of one join on an OR, which compared every desk with every
    // device (a province: 212 desks x 1,783 devices, 70 ms); a device matching both ways counts once.
    const counts = await ctx.em.execute<Array<{ desk_id: string; type: DeviceType; n: number }>>(
      `select x.desk_id, x.type, count(*)::int as n from (
         select d.id as desk_id, dv.type
           from ${DESKS}
           join cameras_device dv on dv.status = 'IN_SERVICE' and coalesce(dv.watched_desk_id, dv.desk_id) = d.id
          where ${IN_SUBTREE}
         union all
         select d.id, dv.type
           from ${DESKS}
           join cameras_device dv on dv.status = 'IN_SERVICE' and dv.desk_id is null and dv.centre_id = d.centre_id
            and (dv.watched_desk_id is null or dv.watched_desk_id <> d.id)
          where ${IN_SUBTREE}) x
        group by x.desk_id, x.type`,
      [subtree, subtree],
    );
    const byDesk = new Map<string, Map<DeviceType, number>>();
    for (const row of counts) {
      const types = byDesk.get(row.desk_id) ?? new Map<DeviceType, number>();
      types.set(row.type, row.n);
      byDesk.set(row.desk_id, types);
    }
    const desks = await directory.desks(
      ctx,
      deskRows.map((d) => d.desk_id),
    );
    return deskRows
      .map((row) => {
        const types = byDesk.get(row.desk_id) ?? new Map<DeviceType, number>();
        const missing = standard
          .filter((item) => (types.get(item.type) ?? 0) < item.count)
          .map((item) => ({ type: item.type, required: item.count, present: types.get(item.type) ?? 0 }));
        return {
          desk: desks.get(row.desk_id)!,
          unitId: row.unit_id,
          items: [...types]
            .map(([type, count]) => ({ type, count }))
            .sort((a, b) => a.type.localeCompare(b.type)),
          missing,
          complete: missing.length === 0,
        };
      })
      .sort((a, b) => a.unitId.localeCompare(b.unitId) || a.desk.code.localeCompare(b.desk.code));
  }

  /** The devices of `outOfWarrantyIds`, in that order (the field is rarely asked for: not read before). */
  outOfWarrantyDevices(ctx: RequestContext, coverage: Coverage): Promise<Device[]> {
    return this.devices(ctx, coverage.outOfWarrantyIds);
  }

  private async devices(ctx: RequestContext, ids: string[]): Promise<Device[]> {
    if (!ids.length) return [];
    // Read-only entities (a province's offline cameras are up to a hundred per request).
    const found = new Map(
      (await readEntitiesWhere(ctx.em, Device, 'dv', 'where dv.id = any(?::uuid[])', [pgArray(ids)])).map(
        (d) => [d.id, d],
      ),
    );
    return ids.map((id) => found.get(id)!).filter(Boolean);
  }
}
