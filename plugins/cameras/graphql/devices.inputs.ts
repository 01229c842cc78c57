import { Field, ID, InputType, Int } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { DateScalar } from '../../../src';
import { CameraStreamProtocol, DeviceStatus, DeviceType, HealthState } from '../entities/enums';

@InputType({
  description: 'Where a device stands: give the most precise part you know (desk, centre, agency or unit)',
})
export class DevicePlacementInput {
  @Field(() => ID, { nullable: true }) unitId?: string;
  @Field(() => ID, { nullable: true }) agencyId?: string;
  @Field(() => ID, { nullable: true, description: 'One-stop centre' }) centreId?: string;
  @Field(() => ID, { nullable: true }) deskId?: string;
}

@InputType({
  description: 'Stream settings of a camera. Credentials are set apart, with setCameraCredentials.',
})
export class CameraSettingsInput {
  @Field(() => CameraStreamProtocol) protocol!: CameraStreamProtocol;
  @Field({
    description: 'Stream endpoint WITHOUT user or password, e.g. rtsp://10.1.2.3:554/Streaming/Channels/101',
  })
  streamUrl!: string;
  @Field({ description: 'Whether the camera records sound; false where recording sound is forbidden' })
  recordsAudio!: boolean;
  @Field(() => ID, { nullable: true, description: 'Desk it watches; default the desk it is placed at' })
  watchedDeskId?: string;
}

@InputType()
export class CreateDeviceInput {
  @Field() assetTag!: string;
  @Field(() => DeviceType) type!: DeviceType;
  @Field(() => String, { nullable: true }) serial?: string | null;
  @Field(() => String, { nullable: true }) vendor?: string | null;
  @Field(() => String, { nullable: true }) model?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'YYYY-MM-DD' }) purchaseDate?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'YYYY-MM-DD' }) warrantyEndsOn?: string | null;
  @Field(() => DeviceStatus, {
    nullable: true,
    description: 'Default IN_SERVICE when placed at a desk, else IN_STOCK',
  })
  status?: DeviceStatus | null;
  @Field(() => String, { nullable: true }) host?: string | null;
  @Field(() => Int, { nullable: true }) port?: number | null;
  @Field(() => DevicePlacementInput) placement!: DevicePlacementInput;
  @Field(() => ID, { nullable: true }) custodianId?: string | null;
  @Field(() => String, { nullable: true }) notes?: string | null;
  @Field(() => CameraSettingsInput, { nullable: true }) camera?: CameraSettingsInput | null;
}

@InputType({ description: 'Fields left out keep their value; null clears an optional one' })
export class UpdateDeviceInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true, description: 'Version read; a stale one fails with CONFLICT' })
  version?: number | null;
  @Field(() => String, { nullable: true }) assetTag?: string | null;
  @Field(() => String, { nullable: true }) serial?: string | null;
  @Field(() => String, { nullable: true }) vendor?: string | null;
  @Field(() => String, { nullable: true }) model?: string | null;
  @Field(() => DateScalar, { nullable: true }) purchaseDate?: string | null;
  @Field(() => DateScalar, { nullable: true }) warrantyEndsOn?: string | null;
  @Field(() => DeviceStatus, { nullable: true }) status?: DeviceStatus | null;
  @Field(() => String, { nullable: true }) host?: string | null;
  @Field(() => Int, { nullable: true }) port?: number | null;
  @Field(() => ID, { nullable: true }) custodianId?: string | null;
  @Field(() => String, { nullable: true }) notes?: string | null;
  @Field(() => CameraSettingsInput, {
    nullable: true,
    description: 'Cameras: replaces the stream settings (null removes them)',
  })
  camera?: CameraSettingsInput | null;
}

@InputType()
export class MoveDeviceInput {
  @Field(() => ID) id!: string;
  @Field(() => DevicePlacementInput) placement!: DevicePlacementInput;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class RecordDeviceMaintenanceInput {
  @Field(() => ID) deviceId!: string;
  @Field(() => DateScalar, { nullable: true, description: 'YYYY-MM-DD; default today' }) performedOn?:
    string | null;
  @Field() fault!: string;
  @Field(() => String, { nullable: true }) repair?: string | null;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'VND' }) costVnd?: number | null;
  @Field(() => String, { nullable: true }) vendor?: string | null;
}

@InputType()
export class SetCameraCredentialsInput {
  @Field(() => ID) cameraId!: string;
  @Field() username!: string;
  @Field({ description: 'Stored encrypted (AES-256-GCM); never returned, logged or audited' })
  password!: string;
}

@InputType()
export class ClearCameraCredentialsInput {
  @Field(() => ID) cameraId!: string;
}

@InputType()
export class RequestDeviceProbeInput {
  @Field(() => [ID], {
    nullable: true,
    description: 'The devices to probe (1 to 500, each one you manage); left out, every device you manage',
  })
  deviceIds?: string[] | null;
}

@InputType()
export class RequestCameraViewingGrantInput {
  @Field(() => ID) cameraId!: string;
}

@InputType()
export class ImportDevicesInput {
  @Field({
    description:
      'CSV text with a header row (comma or semicolon separated); see the cameras README for the columns',
  })
  csv!: string;
  @Field({ defaultValue: false, description: 'Validate and count only; write nothing' }) dryRun!: boolean;
}

@InputType()
export class DeviceFilterInput {
  @Field(() => DeviceType, { nullable: true }) type?: DeviceType;
  @Field(() => [DeviceType], { nullable: true }) types?: DeviceType[];
  @Field(() => DeviceStatus, { nullable: true }) status?: DeviceStatus;
  @Field(() => ID, { nullable: true, description: 'Devices of this unit and every unit below it' })
  withinUnitId?: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Devices placed at this agency (or one of its centres or desks)',
  })
  agencyId?: string;
  @Field(() => ID, { nullable: true }) deskId?: string;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Warranty ends before this day (YYYY-MM-DD): today gives the devices out of warranty',
  })
  warrantyExpiringBefore?: string;
  @Field(() => String, { nullable: true, description: 'Asset tag, serial, vendor or model contains' })
  search?: string;
  @Field(() => HealthState, {
    nullable: true,
    description: 'What the probe last decided (devices never probed match neither state)',
  })
  health?: HealthState;
}
