import type { FilterQuery } from '@mikro-orm/core';
import { DeviceOrder } from '../list-orders';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  localToday,
  NotFoundError,
  optionsOf,
  type RequestContext,
  type ScopeOwner,
  KeysetPageArgs,
  paginateKeyset,
  type OrderInput,
  escapeLike,
  isUuid,
  requireId,
} from '../../../src';
import { directory } from '../../staff';
import { Device } from '../entities/device.entity';
import { DevicePlacement } from '../entities/placement.entity';
import { MaintenanceRecord } from '../entities/maintenance.entity';
import {
  CameraStreamProtocol,
  DeviceStatus,
  DeviceType,
  HealthState,
  PlacementReason,
} from '../entities/enums';
import { CamerasPermissions } from '../permissions';
import type { CamerasOptions } from '../options';
import { decryptWithAnyKey, encryptCredentials, type CameraCredentials } from './credentials';
import {
  FieldProblem,
  normaliseAssetTag,
  normaliseDay,
  normaliseHost,
  normaliseStreamUrl,
  shownStreamUrl,
  optionalText,
  toBadInput,
} from './validation';
import { CamerasRecords } from '../errors';
import { StaffRecords } from '../../staff';

export interface PlacementInput {
  unitId?: string | null;
  agencyId?: string | null;
  centreId?: string | null;
  deskId?: string | null;
}

/** Where a device stands: always a unit, and as precisely as known an agency, centre and desk. */
export interface Placement {
  unitId: string;
  agencyId: string | null;
  centreId: string | null;
  deskId: string | null;
}

export interface CameraSettingsInput {
  protocol: CameraStreamProtocol;
  streamUrl: string;
  recordsAudio: boolean;
  watchedDeskId?: string | null;
}

export interface DeviceFields {
  serial?: string | null;
  vendor?: string | null;
  model?: string | null;
  purchaseDate?: string | null;
  warrantyEndsOn?: string | null;
  status?: DeviceStatus | null;
  host?: string | null;
  port?: number | null;
  custodianId?: string | null;
  notes?: string | null;
  camera?: CameraSettingsInput | null;
}

export interface CreateDeviceInput extends DeviceFields {
  assetTag: string;
  type: DeviceType;
  placement: PlacementInput;
}

export interface UpdateDeviceInput extends DeviceFields {
  id: string;
  version?: number | null;
  assetTag?: string | null;
}

export interface DeviceFilter {
  type?: DeviceType | null;
  types?: DeviceType[] | null;
  status?: DeviceStatus | null;
  /** Devices of this unit and every unit below it. */
  withinUnitId?: string | null;
  /** Devices placed at this agency (or one of its centres or desks). */
  agencyId?: string | null;
  deskId?: string | null;
  /** Devices whose warranty ends before this day (YYYY-MM-DD): "expiring before" / "expired by". */
  warrantyExpiringBefore?: string | null;
  /** Asset tag, serial, vendor or model contains (case ignored). */
  search?: string | null;
  /** What the probe last decided (devices never probed have no state and match neither). */
  health?: HealthState | null;
}

export interface MaintenanceInput {
  deviceId: string;
  performedOn?: string | null;
  fault: string;
  repair?: string | null;
  costVnd?: number | null;
  vendor?: string | null;
}

export function placementOf(device: Device): Placement {
  return {
    unitId: device.unitId,
    agencyId: device.agencyId,
    centreId: device.centreId,
    deskId: device.deskId,
  };
}

export function samePlacement(a: Placement, b: Placement): boolean {
  return (
    a.unitId === b.unitId && a.agencyId === b.agencyId && a.centreId === b.centreId && a.deskId === b.deskId
  );
}

/** What the audit trail keeps of a device: everything but its credentials. */
export function deviceSnapshot(device: Device): Record<string, unknown> {
  return {
    assetTag: device.assetTag,
    type: device.type,
    serial: device.serial,
    vendor: device.vendor,
    model: device.model,
    purchaseDate: device.purchaseDate,
    warrantyEndsOn: device.warrantyEndsOn,
    status: device.status,
    host: device.host,
    port: device.port,
    ...placementOf(device),
    custodianId: device.custodianId,
    notes: device.notes,
    streamProtocol: device.streamProtocol,
    streamUrl: shownStreamUrl(device.streamUrl),
    recordsAudio: device.recordsAudio,
    watchedDeskId: device.watchedDeskId,
    hasCredentials: device.credentialsSetAt !== null,
  };
}

/** The columns a placement sets on a device. */
export function placementColumns(placement: Placement) {
  return {
    unitId: placement.unitId,
    agencyId: placement.agencyId,
    centreId: placement.centreId,
    deskId: placement.deskId,
  };
}

/** Runs `work`, turning field problems into BAD_USER_INPUT with the field named. */
async function asInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toBadInput(error);
  }
}

/**
 * For scope checks: a device placed in an agency (its centre, a desk) is that agency's; one placed at
 * the unit level only (in stock at the commune, say) is the unit's, which a role over an agency of
 * that unit also reaches. A `Placement` ({ unitId, agencyId, … }) is its own scope owner.
 */
export function ownerOf(device: Device): ScopeOwner {
  return { unitId: device.unitId, agencyId: device.agencyId };
}

/** Devices within a scope filter, by the rule of ownerOf(). */
function inScope(scope: {
  unitIds: string[];
  agencyIds: string[];
  agencyUnitIds: string[];
}): FilterQuery<Device> {
  return {
    $or: [
      { unitId: { $in: scope.unitIds } },
      { agencyId: { $in: scope.agencyIds } },
      { agencyId: null, unitId: { $in: scope.agencyUnitIds } },
    ],
  };
}

/**
 * The inventory: devices, their placement (with history), custodian, maintenance log and camera
 * settings. Every method checks permission and unit scope; a device outside the caller's scope is
 * NOT_FOUND.
 */
export class DevicesService {
  /**
   * A device the caller may see with `permission` (NOT_FOUND otherwise, an unknown id too). A
   * malformed id is BAD_USER_INPUT naming `field`, the input field the client sent it in.
   */
  async get(
    ctx: RequestContext,
    id: string,
    { permission = CamerasPermissions.read, field = 'id' }: { permission?: string; field?: string } = {},
  ): Promise<Device> {
    ctx.require(permission);
    const device = await ctx.em.findOne(Device, { id: requireId(id, field) });
    if (!device || !(await ctx.can(permission, ownerOf(device))))
      throw new NotFoundError(CamerasRecords.device, id);
    return device;
  }

  async byAssetTag(ctx: RequestContext, assetTag: string): Promise<Device> {
    ctx.require(CamerasPermissions.read);
    const tag = assetTag.trim().toUpperCase();
    const device = await ctx.em.findOne(Device, { assetTag: tag });
    if (!device || !(await ctx.can(CamerasPermissions.read, ownerOf(device))))
      throw new NotFoundError(CamerasRecords.deviceByAssetTag, tag);
    return device;
  }

  /**
   * For changes: visible to the caller (else NOT_FOUND) and within their management scope (else
   * FORBIDDEN). A malformed id is BAD_USER_INPUT naming `field`, the input field it came in.
   */
  async getForManage(ctx: RequestContext, id: string, field = 'id'): Promise<Device> {
    ctx.require(CamerasPermissions.manage);
    const device = await ctx.em.findOne(Device, { id: requireId(id, field) });
    if (!device) throw new NotFoundError(CamerasRecords.device, id);
    if (!(await ctx.can(CamerasPermissions.manage, ownerOf(device)))) {
      if (await ctx.can(CamerasPermissions.read, ownerOf(device)))
        throw new ForbiddenError({
          vi: 'Thiết bị này nằm ngoài các đơn vị bạn quản lý',
          en: 'This device is outside the units you manage',
        });
      throw new NotFoundError(CamerasRecords.device, id);
    }
    return device;
  }

  async list(ctx: RequestContext, filter: DeviceFilter, page: KeysetPageArgs, orderBy?: OrderInput | null) {
    ctx.require(CamerasPermissions.read);
    const scope = await ctx.scopeFilter(CamerasPermissions.read);
    const and: FilterQuery<Device>[] = [];
    if (scope !== 'all') and.push(inScope(scope));
    if (filter.type) and.push({ type: filter.type });
    if (filter.types?.length) and.push({ type: { $in: filter.types } });
    if (filter.status) and.push({ status: filter.status });
    if (filter.withinUnitId) {
      const root = await directory.unit(ctx, requireId(filter.withinUnitId, 'withinUnitId'));
      if (!root) throw new NotFoundError(StaffRecords.unit, filter.withinUnitId);
      and.push({ unitId: { $in: await directory.descendantIds(ctx, [root.id]) } });
    }
    if (filter.agencyId) and.push({ agencyId: requireId(filter.agencyId, 'agencyId') });
    if (filter.health) {
      // Few devices are in one state worth filtering on (offline ones): their ids, then the scope.
      const rows = await ctx.em.execute<Array<{ device_id: string }>>(
        `select device_id from cameras_device_health where state = ?`,
        [filter.health],
      );
      and.push({ id: { $in: rows.map((r) => r.device_id) } });
    }
    if (filter.deskId) and.push({ deskId: requireId(filter.deskId, 'deskId') });
    if (filter.warrantyExpiringBefore) {
      const day = await asInput(async () =>
        normaliseDay(filter.warrantyExpiringBefore, 'warrantyExpiringBefore'),
      );
      and.push({ warrantyEndsOn: { $ne: null, $lt: day! } });
    }
    if (filter.search?.trim()) {
      const like = `%${escapeLike(filter.search.trim())}%`;
      and.push({
        $or: [
          { assetTag: { $ilike: like } },
          { serial: { $ilike: like } },
          { vendor: { $ilike: like } },
          { model: { $ilike: like } },
        ],
      });
    }
    const where: FilterQuery<Device> = and.length ? { $and: and } : {};
    return paginateKeyset(
      ctx.em,
      Device,
      where,
      page,
      DeviceOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
    );
  }

  /** Resolves a placement from its most precise part and checks the parts given agree. */
  async resolvePlacement(ctx: RequestContext, input: PlacementInput): Promise<Placement> {
    for (const field of ['unitId', 'agencyId', 'centreId', 'deskId'] as const) {
      if (input[field] && !isUuid(input[field]!))
        throw new FieldProblem(`placement.${field}`, `placement.${field} is not a valid id`);
    }
    let placement: Placement;
    if (input.deskId) {
      const found = await directory.placeOfDesk(ctx, input.deskId);
      if (!found) throw new FieldProblem('placement.deskId', `Desk ${input.deskId} does not exist`);
      placement = {
        unitId: found.agency.unit.id,
        agencyId: found.agency.id,
        centreId: found.centre.id,
        deskId: found.desk.id,
      };
    } else if (input.centreId) {
      const centre = await directory.centre(ctx, input.centreId);
      const agency = centre ? await directory.agency(ctx, centre.agency.id) : null;
      if (!centre || !agency)
        throw new FieldProblem('placement.centreId', `One-stop centre ${input.centreId} does not exist`);
      placement = { unitId: agency.unit.id, agencyId: agency.id, centreId: centre.id, deskId: null };
    } else if (input.agencyId) {
      const agency = await directory.agency(ctx, input.agencyId);
      if (!agency) throw new FieldProblem('placement.agencyId', `Agency ${input.agencyId} does not exist`);
      placement = { unitId: agency.unit.id, agencyId: agency.id, centreId: null, deskId: null };
    } else if (input.unitId) {
      placement = { unitId: input.unitId, agencyId: null, centreId: null, deskId: null };
    } else {
      throw new FieldProblem(
        'placement',
        'A placement names at least a unit, an agency, a one-stop centre or a desk',
      );
    }
    for (const field of ['unitId', 'agencyId', 'centreId'] as const) {
      if (input[field] && input[field] !== placement[field])
        throw new FieldProblem(
          `placement.${field}`,
          `placement.${field} does not match the rest of the placement`,
        );
    }
    const unit = await directory.unit(ctx, placement.unitId);
    if (!unit)
      throw new FieldProblem('placement.unitId', `Administrative unit ${placement.unitId} does not exist`);
    if (unit.validTo && unit.validTo <= localToday())
      throw new FieldProblem(
        'placement',
        `${unit.name} was closed on ${unit.validTo}; place the device in the unit that took over`,
      );
    return placement;
  }

  async create(ctx: RequestContext, input: CreateDeviceInput): Promise<Device> {
    ctx.require(CamerasPermissions.manage);
    return asInput(async () => {
      const placement = await this.resolvePlacement(ctx, input.placement);
      await ctx.requireIn(CamerasPermissions.manage, placement);
      const assetTag = normaliseAssetTag(input.assetTag);
      await this.assertAssetTagFree(ctx, assetTag);
      const device = ctx.em.create(Device, { assetTag, type: input.type, ...placementColumns(placement) });
      await this.applyFields(ctx, device, {
        ...input,
        status: input.status ?? (placement.deskId ? DeviceStatus.IN_SERVICE : DeviceStatus.IN_STOCK),
      });
      await ctx.em.flush();
      this.recordPlacement(ctx, device, null, placement, PlacementReason.CREATED, null);
      ctx.audit({
        action: 'cameras.device.create',
        entityType: 'Device',
        entityId: device.id,
        unitId: placement.unitId,
        agencyId: placement.agencyId,
        after: deviceSnapshot(device),
      });
      return device;
    });
  }

  async update(ctx: RequestContext, input: UpdateDeviceInput): Promise<Device> {
    const device = await this.getForManage(ctx, input.id);
    if (input.version !== undefined && input.version !== null && input.version !== device.version) {
      throw new ConflictError({
        vi: 'Thiết bị này vừa được người khác sửa; hãy tải lại và thử lại',
        en: 'This device was changed by someone else; reload and try again',
      });
    }
    return asInput(async () => {
      const before = deviceSnapshot(device);
      if (input.assetTag !== undefined && input.assetTag !== null) {
        const assetTag = normaliseAssetTag(input.assetTag);
        if (assetTag !== device.assetTag) await this.assertAssetTagFree(ctx, assetTag);
        device.assetTag = assetTag;
      }
      await this.applyFields(ctx, device, input);
      await ctx.em.flush();
      ctx.audit({
        action: 'cameras.device.update',
        entityType: 'Device',
        entityId: device.id,
        unitId: device.unitId,
        agencyId: device.agencyId,
        before,
        after: deviceSnapshot(device),
      });
      return device;
    });
  }

  /** Moves a device; the move is recorded in its placement history. A camera then watches its new desk. */
  async move(
    ctx: RequestContext,
    input: { id: string; placement: PlacementInput; note?: string | null },
  ): Promise<Device> {
    const device = await this.getForManage(ctx, input.id);
    return asInput(async () => {
      const to = await this.resolvePlacement(ctx, input.placement);
      await ctx.requireIn(CamerasPermissions.manage, to);
      const from = placementOf(device);
      if (samePlacement(from, to)) return device;
      const before = deviceSnapshot(device);
      this.applyPlacement(device, to);
      device.watchedDeskId = null;
      await ctx.em.flush();
      this.recordPlacement(ctx, device, from, to, PlacementReason.MOVED, optionalText(input.note));
      ctx.audit({
        action: 'cameras.device.move',
        entityType: 'Device',
        entityId: device.id,
        unitId: to.unitId,
        agencyId: to.agencyId,
        before,
        after: deviceSnapshot(device),
      });
      return device;
    });
  }

  async recordMaintenance(ctx: RequestContext, input: MaintenanceInput): Promise<MaintenanceRecord> {
    const device = await this.getForManage(ctx, input.deviceId, 'deviceId');
    return asInput(async () => {
      const fault = optionalText(input.fault, 2000);
      if (!fault) throw new FieldProblem('fault', 'Describe the fault');
      if (
        input.costVnd !== undefined &&
        input.costVnd !== null &&
        (!Number.isSafeInteger(input.costVnd) || input.costVnd < 0)
      ) {
        throw new FieldProblem('costVnd', 'costVnd is a whole, non-negative number of đồng');
      }
      const record = ctx.em.create(MaintenanceRecord, {
        device,
        performedOn: normaliseDay(input.performedOn, 'performedOn') ?? localToday(),
        fault,
        repair: optionalText(input.repair, 2000),
        costVnd: input.costVnd ?? null,
        vendor: optionalText(input.vendor),
        recordedBy: ctx.user?.name ?? ctx.user?.username ?? 'system',
      });
      await ctx.em.flush();
      ctx.audit({
        action: 'cameras.device.maintenance',
        entityType: 'Device',
        entityId: device.id,
        unitId: device.unitId,
        agencyId: device.agencyId,
        after: {
          maintenanceId: record.id,
          performedOn: record.performedOn,
          fault: record.fault,
          repair: record.repair,
          costVnd: record.costVnd,
          vendor: record.vendor,
        },
      });
      return record;
    });
  }

  /** Stores a camera's stream login encrypted; the audit trail says only that it changed. */
  async setCredentials(
    ctx: RequestContext,
    input: { cameraId: string } & CameraCredentials,
  ): Promise<Device> {
    const device = await this.getForManage(ctx, input.cameraId, 'cameraId');
    if (device.type !== DeviceType.CAMERA)
      throw new BadInputError(
        {
          vi: 'Chỉ camera mới có thông tin đăng nhập luồng hình',
          en: 'Only cameras have stream credentials',
        },
        { field: 'cameraId' },
      );
    const username = input.username.trim();
    if (!username || username.length > 128)
      throw new BadInputError(
        { vi: 'username phải có từ 1 đến 128 ký tự', en: 'username must have 1 to 128 characters' },
        { field: 'username' },
      );
    if (!input.password || input.password.length > 256)
      throw new BadInputError(
        { vi: 'password phải có từ 1 đến 256 ký tự', en: 'password must have 1 to 256 characters' },
        { field: 'password' },
      );
    const { credentialsKey } = optionsOf<CamerasOptions>(ctx.app, 'cameras');
    const cipher = encryptCredentials(credentialsKey, device.id, { username, password: input.password });
    return this.storeCredentials(ctx, device, cipher);
  }

  async clearCredentials(ctx: RequestContext, cameraId: string): Promise<Device> {
    const device = await this.getForManage(ctx, cameraId, 'cameraId');
    if (device.type !== DeviceType.CAMERA)
      throw new BadInputError(
        {
          vi: 'Chỉ camera mới có thông tin đăng nhập luồng hình',
          en: 'Only cameras have stream credentials',
        },
        { field: 'cameraId' },
      );
    return this.storeCredentials(ctx, device, null);
  }

  private async storeCredentials(
    ctx: RequestContext,
    device: Device,
    cipher: string | null,
  ): Promise<Device> {
    const hadCredentials = device.credentialsSetAt !== null;
    device.credentialsSetAt = cipher ? new Date() : null;
    await ctx.em.flush();
    // Written with SQL: the lazy ciphertext column never enters the identity map or a change set.
    await ctx.em.execute(`update cameras_device set credentials_cipher = ? where id = ?`, [
      cipher,
      device.id,
    ]);
    ctx.audit({
      action: cipher ? 'cameras.camera.credentials.set' : 'cameras.camera.credentials.clear',
      entityType: 'Device',
      entityId: device.id,
      unitId: device.unitId,
      agencyId: device.agencyId,
      before: { hasCredentials: hadCredentials },
      after: { hasCredentials: cipher !== null, credentialsChanged: true },
    });
    return device;
  }

  /**
   * The decrypted stream login, for a stream gateway running inside the platform (system context
   * only: no user, request or GraphQL field ever receives it). Null when none is stored.
   */
  async credentialsFor(ctx: RequestContext, cameraId: string): Promise<CameraCredentials | null> {
    if (!ctx.isSystem)
      throw new ForbiddenError({
        vi: 'Thông tin đăng nhập camera chỉ được trao cho chính nền tảng',
        en: 'Camera credentials are only handed to the platform itself',
      });
    const rows = await ctx.em.execute<Array<{ credentials_cipher: string | null }>>(
      `select credentials_cipher from cameras_device where id = ?`,
      [cameraId],
    );
    if (!rows.length) throw new NotFoundError(CamerasRecords.device, cameraId);
    if (!rows[0].credentials_cipher) return null;
    const options = optionsOf<CamerasOptions>(ctx.app, 'cameras');
    return decryptWithAnyKey(
      { current: options.credentialsKey, previous: options.previousCredentialsKeys },
      cameraId,
      rows[0].credentials_cipher,
    ).credentials;
  }

  async placementHistory(ctx: RequestContext, device: Device): Promise<DevicePlacement[]> {
    return ctx.em.find(
      DevicePlacement,
      { device: device.id },
      { orderBy: { at: 'desc', createdAt: 'desc' } },
    );
  }

  async maintenanceLog(ctx: RequestContext, device: Device): Promise<MaintenanceRecord[]> {
    return ctx.em.find(
      MaintenanceRecord,
      { device: device.id },
      { orderBy: { performedOn: 'desc', createdAt: 'desc' } },
    );
  }

  /** Appends to the placement history (flushed with the caller's transaction). */
  recordPlacement(
    ctx: RequestContext,
    device: Device,
    from: Placement | null,
    to: Placement,
    reason: PlacementReason,
    note: string | null,
  ): DevicePlacement {
    return ctx.em.create(
      DevicePlacement,
      {
        device,
        reason,
        at: new Date(),
        fromUnitId: from?.unitId ?? null,
        fromAgencyId: from?.agencyId ?? null,
        fromCentreId: from?.centreId ?? null,
        fromDeskId: from?.deskId ?? null,
        toUnitId: to.unitId,
        toAgencyId: to.agencyId,
        toCentreId: to.centreId,
        toDeskId: to.deskId,
        actorSubject: ctx.user?.subject ?? null,
        actorName: ctx.user?.name ?? ctx.user?.username ?? (ctx.isSystem ? 'system' : null),
        note,
      },
      { persist: true },
    );
  }

  applyPlacement(device: Device, placement: Placement): void {
    Object.assign(device, placementColumns(placement));
  }

  /** Applies optional fields: undefined leaves a value, null clears it. Throws FieldProblem. */
  async applyFields(ctx: RequestContext, device: Device, input: DeviceFields): Promise<void> {
    if (input.serial !== undefined) device.serial = optionalText(input.serial, 200);
    if (input.vendor !== undefined) device.vendor = optionalText(input.vendor, 200);
    if (input.model !== undefined) device.model = optionalText(input.model, 200);
    if (input.notes !== undefined) device.notes = optionalText(input.notes, 2000);
    if (input.purchaseDate !== undefined)
      device.purchaseDate = normaliseDay(input.purchaseDate, 'purchaseDate');
    if (input.warrantyEndsOn !== undefined)
      device.warrantyEndsOn = normaliseDay(input.warrantyEndsOn, 'warrantyEndsOn');
    if (device.purchaseDate && device.warrantyEndsOn && device.warrantyEndsOn < device.purchaseDate) {
      throw new FieldProblem('warrantyEndsOn', 'The warranty cannot end before the purchase');
    }
    if (input.status !== undefined && input.status !== null) device.status = input.status;
    if (input.host !== undefined || input.port !== undefined) {
      const address = normaliseHost(
        input.host === undefined ? device.host : input.host,
        input.port === undefined ? device.port : input.port,
      );
      device.host = address.host;
      device.port = address.port;
    }
    if (input.custodianId !== undefined) {
      if (
        input.custodianId &&
        (!isUuid(input.custodianId) || !(await directory.official(ctx, input.custodianId)))
      ) {
        throw new FieldProblem('custodianId', `Official ${input.custodianId} does not exist`);
      }
      device.custodianId = input.custodianId ?? null;
    }
    if (input.camera !== undefined) {
      if (device.type !== DeviceType.CAMERA) {
        if (input.camera !== null) throw new FieldProblem('camera', 'Only cameras have stream settings');
      } else if (input.camera === null) {
        device.streamProtocol = null;
        device.streamUrl = null;
        device.recordsAudio = false;
        device.watchedDeskId = null;
      } else {
        device.streamProtocol = input.camera.protocol;
        device.streamUrl = normaliseStreamUrl(input.camera.protocol, input.camera.streamUrl);
        device.recordsAudio = input.camera.recordsAudio;
        device.watchedDeskId = await this.watchedDesk(ctx, input.camera.watchedDeskId ?? null);
      }
    }
  }

  /** The desk a camera watches (its id), checked to exist and to be within the caller's management. */
  private async watchedDesk(ctx: RequestContext, deskId: string | null): Promise<string | null> {
    if (!deskId) return null;
    if (!isUuid(deskId))
      throw new FieldProblem('camera.watchedDeskId', 'camera.watchedDeskId is not a valid id');
    const place = await directory.placeOfDesk(ctx, deskId);
    if (!place) throw new FieldProblem('camera.watchedDeskId', `Desk ${deskId} does not exist`);
    await ctx.requireIn(CamerasPermissions.manage, {
      unitId: place.agency.unit.id,
      agencyId: place.agency.id,
    });
    return deskId;
  }

  private async assertAssetTagFree(ctx: RequestContext, assetTag: string): Promise<void> {
    if (await ctx.em.count(Device, { assetTag }))
      throw new ConflictError(
        { vi: `Mã tài sản ${assetTag} đã được dùng`, en: `Asset tag ${assetTag} is already used` },
        { field: 'assetTag' },
      );
  }
}
