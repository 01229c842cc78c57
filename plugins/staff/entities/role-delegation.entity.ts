import { Entity, Enum, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../../src';

/** How far a delegated grant may reach, always inside the scope the granter's own role covers. */
export enum DelegationReach {
  /** Over any unit or agency the granter's role covers. */
  WITHIN_SCOPE = 'WITHIN_SCOPE',
  /** Only over agencies the granter's role covers (never over a whole unit). */
  AGENCIES_IN_SCOPE = 'AGENCIES_IN_SCOPE',
}
registerEnumType(DelegationReach, {
  name: 'DelegationReach',
  description: "How far a delegated grant may reach inside the granter's own scope",
});

/**
 * Data, not code: holders of `role` (over a unit or an agency) may grant and revoke `grantableRole`
 * inside what their role covers, as far as `reach` allows. Set by a platform administrator.
 */
@ObjectType({ description: 'Holders of a role may grant another role inside their own scope' })
@Entity({ tableName: 'staff_role_delegation' })
@Unique({ properties: ['role', 'grantableRole'] })
export class RoleDelegation extends BaseEntity {
  @Field({ description: 'The role whose holders may grant' })
  @Property({ type: 'text' })
  role!: string;

  @Field({ description: 'The role they may grant and revoke' })
  @Property({ type: 'text' })
  grantableRole!: string;

  @Field(() => DelegationReach)
  @Enum({ items: () => DelegationReach, type: 'text' })
  reach: DelegationReach = DelegationReach.WITHIN_SCOPE;
}
