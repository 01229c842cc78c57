import { BigIntType, Entity, Enum, ManyToOne, Property, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { VersionedEntity } from '../../../src';
import { MailboxKind, MailboxState, Suspension } from './enums';
import { MailDomain } from './mail-domain.entity';

/** A mailbox on the agency's mail server. The password hash is never a GraphQL field. */
@ObjectType({ description: 'Hộp thư điện tử công vụ: a personal or shared (unit) mailbox' })
@Entity({ tableName: 'email_accounts_mailbox' })
export class Mailbox extends VersionedEntity {
  [OptionalProps]?: 'stateSince' | 'usedBytes' | 'mustChangePassword';

  @ManyToOne(() => MailDomain, { ref: true, deleteRule: 'restrict' })
  domain!: Ref<MailDomain>;

  /** Denormalised from the domain: what scope checks are made against. */
  @Property({ type: 'uuid' })
  unitId!: string;

  @Field({ description: 'The address, lower case' })
  @Property({ type: 'text' })
  address!: string;

  @Field(() => MailboxKind)
  @Enum({ items: () => MailboxKind, nativeEnumName: 'email_accounts_mailbox_kind' })
  kind!: MailboxKind;

  /** The owner of a personal mailbox (a plain id of staff's record). */
  @Property({ type: 'uuid', nullable: true })
  officialId: string | null = null;

  @Field({ description: 'Name shown to recipients, with diacritics' })
  @Property({ type: 'text' })
  displayName!: string;

  @Field(() => MailboxState)
  @Enum({ items: () => MailboxState, nativeEnumName: 'email_accounts_mailbox_state' })
  state: MailboxState = MailboxState.REQUESTED;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  stateSince: Date = new Date();

  @Field(() => Suspension, { nullable: true })
  @Enum({ items: () => Suspension, nativeEnumName: 'email_accounts_suspension', nullable: true })
  suspension: Suspension | null = null;

  @Field(() => Date, { nullable: true, description: 'When a deleted mailbox is purged' })
  @Property({ type: 'timestamptz', nullable: true })
  deleteAfter: Date | null = null;

  @Field(() => Int, { description: 'Quota in MiB' })
  @Property({ type: 'int' })
  quotaMb!: number;

  @Field(() => Float, { description: 'Bytes used, as last reported (recordMailboxUsage)' })
  @Property({ type: new BigIntType('number') })
  usedBytes: number = 0;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  usageUpdatedAt: Date | null = null;

  /** Highest warning level (percent) already sent for the current usage. */
  @Property({ type: 'int', nullable: true })
  quotaWarnedPercent: number | null = null;

  /** `$argon2id$…` (Dovecot reads it with the {ARGON2ID} prefix). Never exposed. */
  @Property({ type: 'text', nullable: true, hidden: true, lazy: true })
  passwordHash: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  passwordSetAt: Date | null = null;

  @Field({ description: 'The password was generated and sent by mail: the owner should change it' })
  @Property({ type: 'boolean' })
  mustChangePassword: boolean = true;

  /** Where mail to this address goes instead (set when the owner left). */
  @ManyToOne(() => Mailbox, {
    ref: true,
    nullable: true,
    deleteRule: 'set null',
    fieldName: 'forward_to_mailbox_id',
  })
  forwardTo: Ref<Mailbox> | null = null;
}
