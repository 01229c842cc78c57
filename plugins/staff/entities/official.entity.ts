import { Collection, Entity, Enum, OneToMany, Property, Unique, OptionalProps } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { VersionedEntity, DateScalar } from '../../../src';
import type { Assignment } from './assignment.entity';
import type { RoleAssignment } from './role-assignment.entity';

export enum OfficialStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  LEFT = 'LEFT',
}
registerEnumType(OfficialStatus, { name: 'OfficialStatus' });

export enum Position {
  LEADER = 'LEADER',
  ONE_STOP_OFFICER = 'ONE_STOP_OFFICER',
  SPECIALIST = 'SPECIALIST',
  RECORDS_CLERK = 'RECORDS_CLERK',
  IT_ADMIN = 'IT_ADMIN',
  OTHER = 'OTHER',
}
registerEnumType(Position, { name: 'Position', description: 'Chức vụ / vị trí việc làm' });

/** Cán bộ, công chức, viên chức: a person working for one or more agencies. */
@ObjectType({ description: 'An official (cán bộ, công chức, viên chức)' })
@Entity({ tableName: 'staff_official' })
export class Official extends VersionedEntity {
  [OptionalProps]?: 'status' | 'statusSince';

  @Field({ description: 'Full Vietnamese name, e.g. "Nguyễn Văn Hùng"' })
  @Property({ type: 'text' })
  fullName!: string;

  @Field({ description: 'Sign-in name, also the Keycloak username' })
  @Property({ type: 'text' })
  @Unique()
  username!: string;

  @Field(() => Position)
  @Enum({ items: () => Position, nativeEnumName: 'staff_position' })
  position!: Position;

  @Field(() => String, {
    nullable: true,
    description: 'Job title as written on documents, e.g. "Phó Chủ tịch UBND"',
  })
  @Property({ type: 'text', nullable: true })
  title: string | null = null;

  @Field(() => String, { nullable: true, description: 'Official (work) email address' })
  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Field(() => String, { nullable: true, description: 'Personal address where credentials are delivered' })
  @Property({ type: 'text', nullable: true })
  personalEmail: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Field(() => OfficialStatus)
  @Enum({ items: () => OfficialStatus, nativeEnumName: 'staff_official_status' })
  status: OfficialStatus = OfficialStatus.ACTIVE;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  statusSince: Date = new Date();

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', columnType: 'date', nullable: true })
  joinedOn: string | null = null;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', columnType: 'date', nullable: true })
  leftOn: string | null = null;

  /** Keycloak user id once provisioned (the token's `sub`). */
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  @Unique()
  keycloakUserId: string | null = null;

  @OneToMany('Assignment', 'official')
  assignments = new Collection<Assignment>(this);

  @OneToMany('RoleAssignment', 'official')
  roleAssignments = new Collection<RoleAssignment>(this);
}
