import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../../src';
import { Official } from './official.entity';
import { AdministrativeUnit } from './administrative-unit.entity';
import { Agency } from './agency.entity';

/**
 * A role held over a scope: a unit (and its sub-units) or an agency (and its unit's sub-units).
 * The role name is a Keycloak realm role; plugins declare which permissions it grants.
 */
@ObjectType({ description: 'A role held by an official over a unit or agency and everything below it' })
@Entity({ tableName: 'staff_role_assignment' })
export class RoleAssignment extends BaseEntity {
  @ManyToOne(() => Official, { ref: true, deleteRule: 'cascade' })
  official!: Ref<Official>;

  @Field({ description: 'Keycloak realm role, e.g. leader, one-stop-officer' })
  @Property({ type: 'text' })
  role!: string;

  @ManyToOne(() => AdministrativeUnit, { ref: true, nullable: true, deleteRule: 'restrict' })
  unit: Ref<AdministrativeUnit> | null = null;

  @ManyToOne(() => Agency, { ref: true, nullable: true, deleteRule: 'cascade' })
  agency: Ref<Agency> | null = null;
}
