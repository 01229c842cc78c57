import { Entity, Enum, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, DateScalar } from '../../../src';
import { AdministrativeUnit } from './administrative-unit.entity';

export enum SuccessionKind {
  /** The whole old unit went into the new one. */
  FULL = 'FULL',
  /** Only part of the old unit's territory went into the new one. */
  PARTIAL = 'PARTIAL',
}
registerEnumType(SuccessionKind, { name: 'SuccessionKind' });

/** Old unit -> new unit, from a reorganisation: lets history be read under today's units. */
@ObjectType({ description: 'An old unit merged (fully or partly) into a new one' })
@Entity({ tableName: 'staff_unit_succession' })
@Unique({ properties: ['predecessor', 'successor'] })
export class UnitSuccession extends BaseEntity {
  @ManyToOne(() => AdministrativeUnit, { ref: true, deleteRule: 'cascade' })
  predecessor!: Ref<AdministrativeUnit>;

  @ManyToOne(() => AdministrativeUnit, { ref: true, deleteRule: 'cascade' })
  successor!: Ref<AdministrativeUnit>;

  @Field(() => SuccessionKind)
  @Enum({ items: () => SuccessionKind, nativeEnumName: 'staff_succession_kind' })
  kind!: SuccessionKind;

  @Field(() => DateScalar, { description: 'Day the new unit took over' })
  @Property({ type: 'date', columnType: 'date' })
  effectiveDate!: string;
}
