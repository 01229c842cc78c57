import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../../src';
import { Device } from './device.entity';
import { HealthState } from './enums';

/**
 * What the probe knows about a networked device. Kept apart from the device row so probes every
 * minute do not bump the device's optimistic-lock version under people editing it.
 */
@ObjectType({ description: 'Reachability of a networked device, from the scheduled probe' })
@Entity({ tableName: 'cameras_device_health' })
export class DeviceHealth {
  [OptionalProps]?: 'consecutiveFailures';

  @PrimaryKey({ type: 'uuid' })
  deviceId!: string;

  @Field(() => HealthState, { nullable: true, description: 'Null until the probe has decided' })
  @Enum({ items: () => HealthState, nativeEnumName: 'cameras_health_state', nullable: true })
  state: HealthState | null = null;

  @Field(() => Date, {
    nullable: true,
    description: 'Since when in this state (for OFFLINE: the first failed probe of the streak)',
  })
  @Property({ type: 'timestamptz', nullable: true })
  stateSince: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'Last successful probe' })
  @Property({ type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  lastProbeAt: Date | null = null;

  @Field(() => Int)
  @Property({ type: 'integer' })
  consecutiveFailures: number = 0;

  /** First failed probe of the current streak of failures. */
  @Property({ type: 'timestamptz', nullable: true })
  failingSince: Date | null = null;

  /** Set when an offline alert went out; a recovery mail follows only then. */
  @Property({ type: 'timestamptz', nullable: true })
  alertSentAt: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Why the last probe failed' })
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;
}

/** An online/offline transition, as the probe saw it. */
@ObjectType({ description: 'A change of a device between online and offline' })
@Entity({ tableName: 'cameras_health_transition' })
export class HealthTransition extends BaseEntity {
  @ManyToOne(() => Device, { ref: true, deleteRule: 'cascade' })
  device!: Ref<Device>;

  @Field(() => HealthState, { nullable: true, description: 'Null: the first decision about this device' })
  @Enum({ items: () => HealthState, nativeEnumName: 'cameras_health_state', nullable: true })
  fromState: HealthState | null = null;

  @Field(() => HealthState)
  @Enum({ items: () => HealthState, nativeEnumName: 'cameras_health_state' })
  toState!: HealthState;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  at: Date = new Date();

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  detail: string | null = null;
}
