import { BigIntType, Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { BaseEntity, DateScalar } from '../../../src';
import { Device } from './device.entity';

/** One entry of a device's maintenance log: the fault, what was done, by whom and for how much. */
@ObjectType({ description: 'Nhật ký bảo trì: a fault and its repair' })
@Entity({ tableName: 'cameras_maintenance' })
export class MaintenanceRecord extends BaseEntity {
  @ManyToOne(() => Device, { ref: true, deleteRule: 'cascade' })
  device!: Ref<Device>;

  @Field(() => DateScalar, { description: 'Day of the repair (or of the report), YYYY-MM-DD' })
  @Property({ type: 'date', columnType: 'date' })
  performedOn!: string;

  @Field()
  @Property({ type: 'text' })
  fault!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  repair: string | null = null;

  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Cost in Vietnamese đồng (VND, no decimals)' })
  @Property({ type: new BigIntType('number'), nullable: true })
  costVnd: number | null = null;

  @Field(() => String, { nullable: true, description: 'Repair vendor (đơn vị sửa chữa)' })
  @Property({ type: 'text', nullable: true })
  vendor: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  recordedBy: string | null = null;
}
