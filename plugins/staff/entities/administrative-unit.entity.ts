import { Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { VersionedEntity, DateScalar } from '../../../src';
import { UnitType } from './unit-type';

/**
 * A province, district or commune for a period of time. The same GSO code may name different
 * units in different periods (the 2025 reform reused codes), so code + validity identify a unit.
 */
@ObjectType({ description: 'Đơn vị hành chính: an administrative unit valid for a period' })
@Entity({ tableName: 'staff_unit' })
export class AdministrativeUnit extends VersionedEntity {
  @Field({ description: 'GSO code: 2 digits (province), 3 (district), 5 (commune)' })
  @Property({ type: 'text' })
  code!: string;

  @Field({ description: 'Official name with its type prefix, e.g. "Phường Hạ Long"' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => UnitType)
  @Enum({ items: () => UnitType, nativeEnumName: 'staff_unit_type' })
  type!: UnitType;

  @Field(() => Int, { description: '1 province, 2 district, 3 commune' })
  @Property({ type: 'smallint' })
  level!: number;

  @ManyToOne(() => AdministrativeUnit, { nullable: true, ref: true, deleteRule: 'restrict' })
  parent: Ref<AdministrativeUnit> | null = null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'First day of validity; null when it predates the records',
  })
  @Property({ type: 'date', columnType: 'date', nullable: true })
  validFrom: string | null = null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'First day it no longer exists; null while current',
  })
  @Property({ type: 'date', columnType: 'date', nullable: true })
  validTo: string | null = null;

  /** Ids from the root to this unit, `/a/b/c/`: a subtree is a prefix match on an index. */
  @Property({ type: 'text' })
  path!: string;
}
