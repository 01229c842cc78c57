import { Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../../src';
import { Device } from './device.entity';
import { PlacementReason } from './enums';

/**
 * One move of a device: where it was, where it went, who moved it and when. Append-only; the place
 * ids are kept as plain ids (no foreign keys) so history survives desks and agencies being removed.
 */
@ObjectType({ description: 'A move of a device from one place to another' })
@Entity({ tableName: 'cameras_placement' })
export class DevicePlacement extends BaseEntity {
  @ManyToOne(() => Device, { ref: true, deleteRule: 'cascade' })
  device!: Ref<Device>;

  @Field(() => PlacementReason)
  @Enum({ items: () => PlacementReason, nativeEnumName: 'cameras_placement_reason' })
  reason!: PlacementReason;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  at: Date = new Date();

  @Property({ type: 'uuid', nullable: true }) fromUnitId: string | null = null;
  @Property({ type: 'uuid', nullable: true }) fromAgencyId: string | null = null;
  @Property({ type: 'uuid', nullable: true }) fromCentreId: string | null = null;
  @Property({ type: 'uuid', nullable: true }) fromDeskId: string | null = null;
  @Property({ type: 'uuid' }) toUnitId!: string;
  @Property({ type: 'uuid', nullable: true }) toAgencyId: string | null = null;
  @Property({ type: 'uuid', nullable: true }) toCentreId: string | null = null;
  @Property({ type: 'uuid', nullable: true }) toDeskId: string | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'Keycloak subject of who moved it; null for the platform itself',
  })
  @Property({ type: 'text', nullable: true })
  actorSubject: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  actorName: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}
