import { Entity, Enum, ManyToOne, Property, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../../src';
import { DeliveryKind, DeliveryState } from './enums';
import { Mailbox } from './mailbox.entity';

/**
 * A password to be generated and mailed to someone. The password exists only inside the delivery
 * job (generated, hashed, stored as a hash, mailed); this row records where and whether it went.
 */
@ObjectType({ description: 'A credential mail: a generated password sent to a personal address' })
@Entity({ tableName: 'email_accounts_credential_delivery' })
export class CredentialDelivery extends BaseEntity {
  [OptionalProps]?: 'state' | 'generation';

  @ManyToOne(() => Mailbox, { ref: true, deleteRule: 'cascade' })
  mailbox!: Ref<Mailbox>;

  @Field(() => DeliveryKind)
  @Enum({ items: () => DeliveryKind, nativeEnumName: 'email_accounts_delivery_kind' })
  kind!: DeliveryKind;

  @Field(() => DeliveryState)
  @Enum({ items: () => DeliveryState, nativeEnumName: 'email_accounts_delivery_state' })
  state: DeliveryState = DeliveryState.PENDING;

  @Field({ description: "Where the password goes (the official's personal address)" })
  @Property({ type: 'text' })
  recipient!: string;

  /** How many passwords this delivery generated (a retried send generates a new one). */
  @Field(() => Int)
  @Property({ type: 'int' })
  generation: number = 0;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  sentAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  requestedBy: string | null = null;
}
