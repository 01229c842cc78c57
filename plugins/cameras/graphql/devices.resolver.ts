import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Extensions,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { DeviceOrder } from '../list-orders';
import {
  ConnectionType,
  localToday,
  NotFoundError,
  nullIfNotFound,
  type RequestContext,
  KeysetPageArgs,
  type OrderInput,
} from '../../../src';
import { directory, officials, StaffTypes } from '../../staff';
import { Device } from '../entities/device.entity';
import { DevicePlacement } from '../entities/placement.entity';
import { MaintenanceRecord } from '../entities/maintenance.entity';
import { DeviceHealth, HealthTransition } from '../entities/health.entity';
import { DeviceType } from '../entities/enums';
import { CamerasPermissions } from '../permissions';
import { deviceImport, devices, health, watching } from '../services';
import { renderLabel } from '../services/labels';
import { shownStreamUrl } from '../services/validation';
import {
  ClearCameraCredentialsInput,
  CreateDeviceInput,
  DeviceFilterInput,
  ImportDevicesInput,
  MoveDeviceInput,
  RecordDeviceMaintenanceInput,
  RequestCameraViewingGrantInput,
  RequestDeviceProbeInput,
  SetCameraCredentialsInput,
  UpdateDeviceInput,
} from './devices.inputs';
import {
  DeviceLabel,
  ImportDevicesPayload,
  RequestCameraViewingGrantPayload,
  RequestDeviceProbePayload,
} from './devices.types';

const DeviceConnection = ConnectionType(Device);

/** A staff record by an optional id, through staff's directory (batched per request). */
export function staffRecord<T>(
  ctx: RequestContext,
  lookup: (ctx: RequestContext, id: string) => Promise<T | null>,
  id: string | null | undefined,
): Promise<T | null> {
  return id ? lookup(ctx, id) : Promise.resolve(null);
}

@Resolver(() => Device)
export class DevicesResolver {
  @Authorized(CamerasPermissions.read)
  @Query(() => DeviceConnection, { description: 'Devices of units in your scope' })
  devices(
    @Ctx() ctx: RequestContext,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => DeviceFilterInput, { nullable: true }) filter?: DeviceFilterInput,
    @Arg('orderBy', () => DeviceOrder.input, { nullable: true }) orderBy?: OrderInput | null,
  ) {
    return devices.list(ctx, filter ?? {}, page, orderBy);
  }

  @Authorized(CamerasPermissions.read)
  @Query(() => Device, { nullable: true, description: 'Null when it does not exist or is not in your scope' })
  device(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return nullIfNotFound(devices.get(ctx, id));
  }

  @Authorized(CamerasPermissions.read)
  @Query(() => Device, {
    nullable: true,
    description: 'The device a QR label leads to; null when not found or not visible',
  })
  deviceByAssetTag(@Ctx() ctx: RequestContext, @Arg('assetTag') assetTag: string) {
    return nullIfNotFound(devices.byAssetTag(ctx, assetTag));
  }

  @Authorized(CamerasPermissions.manage)
  @Mutation(() => Device)
  createDevice(@Ctx() ctx: RequestContext, @Arg('input', () => CreateDeviceInput) input: CreateDeviceInput) {
    return devices.create(ctx, input);
  }

  @Authorized(CamerasPermissions.manage)
  @Mutation(() => Device)
  updateDevice(@Ctx() ctx: RequestContext, @Arg('input', () => UpdateDeviceInput) input: UpdateDeviceInput) {
    return devices.update(ctx, input);
  }

  @Authorized(CamerasPermissions.manage)
  @Mutation(() => Device, { description: 'Moves a device; the move is kept in its placement history' })
  moveDevice(@Ctx() ctx: RequestContext, @Arg('input', () => MoveDeviceInput) input: MoveDeviceInput) {
    return devices.move(ctx, input);
  }

  @Authorized(CamerasPermissions.manage)
  @Mutation(() => MaintenanceRecord)
  recordDeviceMaintenance(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordDeviceMaintenanceInput) input: RecordDeviceMaintenanceInput,
  ) {
    return devices.recordMaintenance(ctx, input);
  }

  @Authorized(CamerasPermissions.manage)
  @Mutation(() => ImportDevicesPayload, {
    description: 'Imports devices from CSV: all rows are checked first; nothing is written when one fails',
  })
  importDevices(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ImportDevicesInput) input: ImportDevicesInput,
  ) {
    return deviceImport.importCsv(ctx, input.csv, { dryRun: input.dryRun });
  }

  @Authorized(CamerasPermissions.manage)
  @Mutation(() => Device, { description: "Stores a camera's stream login, encrypted; it is never returned" })
  setCameraCredentials(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetCameraCredentialsInput) input: SetCameraCredentialsInput,
  ) {
    return devices.setCredentials(ctx, input);
  }

  @Authorized(CamerasPermissions.manage)
  @Mutation(() => Device)
  clearCameraCredentials(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ClearCameraCredentialsInput) input: ClearCameraCredentialsInput,
  ) {
    return devices.clearCredentials(ctx, input.cameraId);
  }

  @Authorized(CamerasPermissions.manage)
  @Mutation(() => RequestDeviceProbePayload, {
    description:
      'Queues a probe now (besides the schedule) of the devices named, else of the cameras and networked devices you manage: every device for a platform-wide administrator, those of your units and agencies otherwise',
  })
  async requestDeviceProbe(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RequestDeviceProbeInput) input: RequestDeviceProbeInput,
  ): Promise<RequestDeviceProbePayload> {
    return { deviceCount: await health.requestProbe(ctx, input.deviceIds) };
  }

  @Authorized(CamerasPermissions.watch)
  @Mutation(() => RequestCameraViewingGrantPayload, {
    description:
      'A signed grant (about 5 minutes) to watch a camera in your scope; recorded in the audit trail',
  })
  async requestCameraViewingGrant(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RequestCameraViewingGrantInput) input: RequestCameraViewingGrantInput,
  ): Promise<RequestCameraViewingGrantPayload> {
    const grant = await watching.requestGrant(ctx, input.cameraId);
    return {
      token: grant.token,
      expiresAt: grant.expiresAt,
      camera: grant.camera,
      streamUrl: shownStreamUrl(grant.claims.url)!,
      streamProtocol: grant.camera.streamProtocol!,
      audio: grant.claims.audio,
    };
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Cameras: stream endpoint without credentials',
  })
  streamUrl(@Root() device: Device) {
    // A URL stored before the credential check knew all its parameter names is shown without them.
    return shownStreamUrl(device.streamUrl);
  }

  @FieldResolver(() => StaffTypes.AdministrativeUnit)
  unit(@Root() device: Device, @Ctx() ctx: RequestContext) {
    return directory.unit(ctx, device.unitId);
  }

  @FieldResolver(() => StaffTypes.Agency, { nullable: true })
  agency(@Root() device: Device, @Ctx() ctx: RequestContext) {
    return staffRecord(ctx, directory.agency, device.agencyId);
  }

  @FieldResolver(() => StaffTypes.OneStopCentre, { nullable: true, description: 'One-stop centre' })
  centre(@Root() device: Device, @Ctx() ctx: RequestContext) {
    return staffRecord(ctx, directory.centre, device.centreId);
  }

  @FieldResolver(() => StaffTypes.Desk, { nullable: true })
  desk(@Root() device: Device, @Ctx() ctx: RequestContext) {
    return staffRecord(ctx, directory.desk, device.deskId);
  }

  @FieldResolver(() => StaffTypes.Desk, {
    nullable: true,
    description: 'Cameras: the desk it watches (by default the desk it is placed at)',
  })
  watchedDesk(@Root() device: Device, @Ctx() ctx: RequestContext) {
    if (device.type !== DeviceType.CAMERA) return null;
    return staffRecord(ctx, directory.desk, device.watchedDeskId ?? device.deskId);
  }

  @FieldResolver(() => StaffTypes.Official, {
    nullable: true,
    description: 'Custodian; null when none, or when you may not see officials of that unit',
  })
  async custodian(@Root() device: Device, @Ctx() ctx: RequestContext) {
    if (!device.custodianId) return null;
    try {
      return await officials.get(ctx, device.custodianId);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  @FieldResolver({ description: 'Cameras: whether stream credentials are stored (they are never returned)' })
  hasCredentials(@Root() device: Device): boolean {
    return device.credentialsSetAt !== null;
  }

  @FieldResolver({ description: 'Whether the warranty has ended (false when unknown)' })
  warrantyExpired(@Root() device: Device): boolean {
    return device.warrantyEndsOn !== null && device.warrantyEndsOn < localToday();
  }

  @FieldResolver(() => DeviceHealth, { nullable: true, description: 'Null until the device has been probed' })
  health(@Root() device: Device, @Ctx() ctx: RequestContext) {
    return health.healthLoader(ctx).load(device.id);
  }

  @FieldResolver(() => [HealthTransition], { description: 'Online/offline changes, newest first' })
  healthTransitions(
    @Root() device: Device,
    @Ctx() ctx: RequestContext,
    @Arg('last', () => Int, { defaultValue: 20 }) last: number,
  ) {
    return health.transitions(ctx, device.id, Math.min(Math.max(last, 0), ctx.config.graphql.maxPageSize));
  }

  @FieldResolver(() => [DevicePlacement], { description: 'Every move, newest first' })
  placementHistory(@Root() device: Device, @Ctx() ctx: RequestContext) {
    return devices.placementHistory(ctx, device);
  }

  @FieldResolver(() => [MaintenanceRecord], { description: 'Maintenance log, newest first' })
  maintenanceLog(@Root() device: Device, @Ctx() ctx: RequestContext) {
    return devices.maintenanceLog(ctx, device);
  }

  @FieldResolver(() => DeviceLabel, { description: "QR label leading to the device's record" })
  @Extensions({ cost: 20 })
  label(@Root() device: Device, @Ctx() ctx: RequestContext) {
    return renderLabel(ctx.config.publicUrl, device.assetTag);
  }
}

@Resolver(() => DevicePlacement)
export class DevicePlacementResolver {
  @FieldResolver(() => StaffTypes.AdministrativeUnit, { nullable: true })
  fromUnit(@Root() p: DevicePlacement, @Ctx() ctx: RequestContext) {
    return staffRecord(ctx, directory.unit, p.fromUnitId);
  }

  @FieldResolver(() => StaffTypes.Agency, { nullable: true })
  fromAgency(@Root() p: DevicePlacement, @Ctx() ctx: RequestContext) {
    return staffRecord(ctx, directory.agency, p.fromAgencyId);
  }

  @FieldResolver(() => StaffTypes.OneStopCentre, { nullable: true })
  fromCentre(@Root() p: DevicePlacement, @Ctx() ctx: RequestContext) {
    return staffRecord(ctx, directory.centre, p.fromCentreId);
  }

  @FieldResolver(() => StaffTypes.Desk, { nullable: true })
  fromDesk(@Root() p: DevicePlacement, @Ctx() ctx: RequestContext) {
    return staffRecord(ctx, directory.desk, p.fromDeskId);
  }

  @FieldResolver(() => StaffTypes.AdministrativeUnit, {
    nullable: true,
    description: 'Null only if the unit was deleted since',
  })
  toUnit(@Root() p: DevicePlacement, @Ctx() ctx: RequestContext) {
    return staffRecord(ctx, directory.unit, p.toUnitId);
  }

  @FieldResolver(() => StaffTypes.Agency, { nullable: true })
  toAgency(@Root() p: DevicePlacement, @Ctx() ctx: RequestContext) {
    return staffRecord(ctx, directory.agency, p.toAgencyId);
  }

  @FieldResolver(() => StaffTypes.OneStopCentre, { nullable: true })
  toCentre(@Root() p: DevicePlacement, @Ctx() ctx: RequestContext) {
    return staffRecord(ctx, directory.centre, p.toCentreId);
  }

  @FieldResolver(() => StaffTypes.Desk, { nullable: true })
  toDesk(@Root() p: DevicePlacement, @Ctx() ctx: RequestContext) {
    return staffRecord(ctx, directory.desk, p.toDeskId);
  }
}
