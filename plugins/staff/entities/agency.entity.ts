import { Entity, Enum, ManyToOne, Property, Unique, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { VersionedEntity } from '../../../src';
import { AdministrativeUnit } from './administrative-unit.entity';

export enum AgencyKind {
  /** UBND: People's Committee of a province or commune (district before 2025). */
  PEOPLES_COMMITTEE = 'PEOPLES_COMMITTEE',
  /** Sở / ban ngành of a province. */
  PROVINCIAL_DEPARTMENT = 'PROVINCIAL_DEPARTMENT',
  /** Trung tâm (phục vụ) hành chính công. */
  PUBLIC_SERVICE_CENTRE = 'PUBLIC_SERVICE_CENTRE',
  OTHER = 'OTHER',
}
registerEnumType(AgencyKind, { name: 'AgencyKind' });

/** An agency attached to an administrative unit, e.g. UBND phường Hạ Long. */
@ObjectType({ description: 'Cơ quan: an agency attached to an administrative unit' })
@Entity({ tableName: 'staff_agency' })
export class Agency extends VersionedEntity {
  [OptionalProps]?: 'active';

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => AgencyKind)
  @Enum({ items: () => AgencyKind, nativeEnumName: 'staff_agency_kind' })
  kind!: AgencyKind;

  @Field({ description: 'Mã định danh điện tử (QCVN 102:2016), e.g. 000.00.12.H22' })
  @Property({ type: 'text' })
  @Unique()
  electronicId!: string;

  @ManyToOne(() => AdministrativeUnit, { ref: true, deleteRule: 'restrict' })
  unit!: Ref<AdministrativeUnit>;

  @ManyToOne(() => Agency, { nullable: true, ref: true, deleteRule: 'set null' })
  parentAgency: Ref<Agency> | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'Short code used in dossier codes; defaults to the electronic id',
  })
  @Property({ type: 'text', nullable: true })
  shortCode: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  address: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Field()
  @Property({ type: 'boolean' })
  active: boolean = true;
}
