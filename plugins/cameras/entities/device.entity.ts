import { Entity, Enum, Property, Unique, OptionalProps } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { VersionedEntity, DateScalar } from '../../../src';
import { CameraStreamProtocol, DeviceStatus, DeviceType } from './enums';

/**
 * A piece of equipment with an asset tag, placed in a unit (and optionally an agency, one-stop centre
 * and desk). `unit` is denormalised from the placement so lists filter by unit scope directly.
 * Cameras also carry their stream endpoint and encrypted credentials (never a GraphQL field).
 */
@ObjectType({ description: 'Thiết bị: a device at a one-stop desk (computer, scanner, camera …)' })
@Entity({ tableName: 'cameras_device' })
export class Device extends VersionedEntity {
  [OptionalProps]?: 'status' | 'recordsAudio';

  @Field({ description: 'Asset tag printed on the QR label (unique, upper case)' })
  @Property({ type: 'text' })
  @Unique({ name: 'cameras_device_asset_tag_unique' })
  assetTag!: string;

  @Field(() => DeviceType)
  @Enum({ items: () => DeviceType, nativeEnumName: 'cameras_device_type' })
  type!: DeviceType;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  serial: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  vendor: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  model: string | null = null;

  @Field(() => DateScalar, { nullable: true, description: 'YYYY-MM-DD' })
  @Property({ type: 'date', columnType: 'date', nullable: true })
  purchaseDate: string | null = null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the warranty, YYYY-MM-DD' })
  @Property({ type: 'date', columnType: 'date', nullable: true })
  warrantyEndsOn: string | null = null;

  @Field(() => DeviceStatus)
  @Enum({ items: () => DeviceStatus, nativeEnumName: 'cameras_device_status' })
  status: DeviceStatus = DeviceStatus.IN_STOCK;

  @Field(() => String, {
    nullable: true,
    description: 'Network address of a networked device (probed with a TCP connect)',
  })
  @Property({ type: 'text', nullable: true })
  host: string | null = null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  port: number | null = null;

  // Placement and custodian are plain ids of staff's records (staff's directory answers for them);
  // the database keeps the foreign keys to staff's tables.

  /** The administrative unit it stands in. */
  @Property({ type: 'uuid' })
  unitId!: string;

  @Property({ type: 'uuid', nullable: true })
  agencyId: string | null = null;

  /** The one-stop centre. */
  @Property({ type: 'uuid', nullable: true })
  centreId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  deskId: string | null = null;

  /** Official responsible for the device (người quản lý, sử dụng). */
  @Property({ type: 'uuid', nullable: true })
  custodianId: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  @Field(() => CameraStreamProtocol, { nullable: true, description: 'Cameras: how the stream is reached' })
  @Enum({ items: () => CameraStreamProtocol, nativeEnumName: 'cameras_stream_protocol', nullable: true })
  streamProtocol: CameraStreamProtocol | null = null;

  @Field(() => String, { nullable: true, description: 'Cameras: stream endpoint without credentials' })
  @Property({ type: 'text', nullable: true })
  streamUrl: string | null = null;

  @Field({ description: 'Cameras: whether it records sound (some places forbid it)' })
  @Property({ type: 'boolean' })
  recordsAudio: boolean = false;

  /** Cameras: the desk it watches; null means the desk it is placed at. */
  @Property({ type: 'uuid', nullable: true })
  watchedDeskId: string | null = null;

  /** AES-256-GCM ciphertext of the stream credentials. Lazy: loaded only when asked for; never a GraphQL field. */
  @Property({ type: 'text', nullable: true, lazy: true, hidden: true })
  credentialsCipher: string | null = null;

  @Field(() => Date, {
    nullable: true,
    description: 'Cameras: when stream credentials were last set (null: none stored)',
  })
  @Property({ type: 'timestamptz', nullable: true })
  credentialsSetAt: Date | null = null;
}
