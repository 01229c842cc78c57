import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { StaffTypes, type UnitRecord } from '../../staff';
import { Device } from '../entities/device.entity';
import { CameraStreamProtocol, DeviceType } from '../entities/enums';
import type { DeskEquipmentRow } from '../services/coverage.service';

@ObjectType({ description: "A device's QR label: it leads to <PUBLIC_URL>/thiet-bi/<asset tag>" })
export class DeviceLabel {
  @Field() url!: string;
  @Field({ description: 'PNG, 256 px, as a data: URL' }) png!: string;
  @Field({ description: 'SVG document' }) svg!: string;
}

@ObjectType({ description: 'A short-lived signed permission to watch one camera, for the stream gateway' })
export class RequestCameraViewingGrantPayload {
  @Field({ description: 'cvg1.<payload>.<HMAC-SHA256>; see the cameras README for verification' })
  token!: string;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => Device) camera!: Device;
  @Field() streamUrl!: string;
  @Field(() => CameraStreamProtocol) streamProtocol!: CameraStreamProtocol;
  @Field({ description: 'Whether the gateway may pass sound on' }) audio!: boolean;
}

@ObjectType()
export class CoverageRatio {
  @Field(() => Int) covered!: number;
  @Field(() => Int) total!: number;
  @Field(() => Float, { nullable: true, description: 'covered / total (0..1); null when total is 0' }) rate!:
    number | null;
  @Field(() => Int, { nullable: true, description: 'Rounded percentage, e.g. 15/17 -> 88' }) percent!:
    number | null;
}

@ObjectType()
export class OfflineCamera {
  @Field(() => Device) camera!: Device;
  @Field(() => Date, { nullable: true, description: 'First failed probe of the outage' }) since!: Date | null;
  @Field(() => Date, { nullable: true }) lastSeenAt!: Date | null;
  @Field(() => Int, { nullable: true }) offlineSeconds!: number | null;
}

@ObjectType()
export class EquipmentCount {
  @Field(() => DeviceType) type!: DeviceType;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class EquipmentShortfall {
  @Field(() => DeviceType) type!: DeviceType;
  @Field(() => Int) required!: number;
  @Field(() => Int) present!: number;
}

@ObjectType({
  description: 'In-service equipment of a desk against the desk standard (CAMERAS_DESK_STANDARD)',
})
export class DeskEquipment {
  @Field(() => ID) deskId!: string;
  unitId!: string;
  desk!: DeskEquipmentRow['desk'];
  @Field(() => [EquipmentCount]) items!: EquipmentCount[];
  @Field(() => [EquipmentShortfall]) missing!: EquipmentShortfall[];
  @Field() complete!: boolean;
}

@ObjectType({ description: 'Camera and equipment coverage of a unit and every unit below it' })
export class CameraCoverage {
  @Field(() => StaffTypes.AdministrativeUnit) unit!: UnitRecord;
  @Field(() => Date) generatedAt!: Date;
  @Field(() => CoverageRatio, { description: 'Desks (in operation) watched by an online, in-service camera' })
  desks!: CoverageRatio;
  @Field(() => CoverageRatio, {
    description: 'Communes (level 3, valid today) with an online camera at a one-stop desk',
  })
  communes!: CoverageRatio;
  @Field(() => [StaffTypes.AdministrativeUnit]) uncoveredCommunes!: UnitRecord[];
  @Field(() => Int) camerasInService!: number;
  @Field(() => Int) camerasOnline!: number;
  @Field(() => [OfflineCamera], {
    description: 'In-service cameras offline now, longest outage first (at most 100)',
  })
  offlineCameras!: OfflineCamera[];
  @Field(() => Int, { description: 'Devices (not retired) whose warranty has ended' })
  outOfWarrantyCount!: number;
  /** The first 100 of them (the outOfWarranty field, read only when asked for). */
  outOfWarrantyIds!: string[];
  @Field(() => [EquipmentCount], { description: 'The desk standard in force' })
  deskStandard!: EquipmentCount[];
  /** Computed on first use by the deskEquipment field (most callers never ask for it), then shared by its aliases. */
  deskEquipmentRows?: Promise<DeskEquipmentRow[]>;
  /** Read on first use by the outOfWarranty field, then shared by its aliases. */
  outOfWarrantyDevices?: Promise<Device[]>;
}

@ObjectType()
export class DeviceImportError {
  @Field(() => Int, { description: 'Line of the CSV (header = 1); 0 for the whole file' }) line!: number;
  @Field(() => String, { nullable: true }) assetTag!: string | null;
  @Field(() => String, { nullable: true }) field!: string | null;
  @Field() message!: string;
}

@ObjectType({ description: 'What an import of devices checked and wrote' })
export class ImportDevicesPayload {
  @Field() dryRun!: boolean;
  @Field({ description: 'True when the rows were written (no error, not a dry run)' }) applied!: boolean;
  @Field(() => Int) total!: number;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => [DeviceImportError]) errors!: DeviceImportError[];
}

@ObjectType({ description: 'The probe round requestDeviceProbe queued' })
export class RequestDeviceProbePayload {
  @Field(() => Int, {
    description: 'Devices the round will probe: in service, with a host or a stream URL, as of the request',
  })
  deviceCount!: number;
}
