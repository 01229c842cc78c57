import { Entity, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../../src';

/**
 * A ticket kiosk (máy lấy số): a device of the cameras inventory registered with its own credential.
 * Only the SHA-256 of the credential is kept (it is 32 random bytes, so a plain hash suffices); the
 * credential itself is shown once, when registered.
 */
@ObjectType({ description: 'Máy lấy số: a registered kiosk device of a centre' })
@Entity({ tableName: 'queue_kiosk' })
export class QueueKiosk extends BaseEntity {
  @Field(() => ID, { description: 'The device in the cameras inventory' })
  @Property({ type: 'uuid' })
  @Unique()
  deviceId!: string;

  @Field(() => ID)
  @Property({ type: 'uuid' })
  centreId!: string;

  @Property({ type: 'uuid' })
  agencyId!: string;

  @Property({ type: 'uuid' })
  unitId!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  /** SHA-256 (hex) of the credential; never a GraphQL field. */
  @Property({ type: 'text' })
  secretHash!: string;

  @Field(() => Date, { nullable: true, description: 'Null while the kiosk may issue tickets' })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}
