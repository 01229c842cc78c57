import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

/** One change: who did what to which record, when, with the values before and after. */
@ObjectType({ description: 'An entry of the append-only audit trail' })
@Entity({ tableName: 'core_audit_entry' })
export class AuditEntry {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  at: Date = new Date();

  @Field()
  @Property({ type: 'text' })
  requestId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Keycloak subject of the actor; null for the platform itself',
  })
  @Property({ type: 'text', nullable: true })
  actorSubject: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  actorName: string | null = null;

  @Field({ description: 'What happened, `<plugin>.<entity>.<verb>`' })
  @Property({ type: 'text' })
  action!: string;

  @Field()
  @Property({ type: 'text' })
  entityType!: string;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'text', nullable: true })
  entityId: string | null = null;

  @Field(() => ID, {
    nullable: true,
    description: 'Administrative unit the record belongs to, for scoping',
  })
  @Property({ type: 'text', nullable: true })
  unitId: string | null = null;

  @Field(() => ID, {
    nullable: true,
    description: 'Agency the record belongs to, when one owns it, for scoping',
  })
  @Property({ type: 'text', nullable: true })
  agencyId: string | null = null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @Property({ type: 'json', nullable: true })
  before: Record<string, unknown> | null = null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @Property({ type: 'json', nullable: true })
  after: Record<string, unknown> | null = null;
}
