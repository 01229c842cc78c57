import { Entity, Enum, ManyToOne, Property, Unique, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { VersionedEntity } from '../../../src';
import { AddressRule } from './enums';
import type { Mailbox } from './mailbox.entity';

/** A mail domain of an agency (halong.quangninh.gov.vn) with its limits and policies. */
@ObjectType({ description: 'A mail domain of an agency, with its limits and policies' })
@Entity({ tableName: 'email_accounts_domain' })
export class MailDomain extends VersionedEntity {
  [OptionalProps]?: 'active';

  @Field({ description: 'Domain name, lower case, e.g. halong.quangninh.gov.vn' })
  @Property({ type: 'text' })
  @Unique()
  name!: string;

  /** The agency the domain belongs to (a plain id of staff's record). */
  @Property({ type: 'uuid' })
  agencyId!: string;

  /** Denormalised from the agency: what scope checks are made against. */
  @Property({ type: 'uuid' })
  unitId!: string;

  @Field(() => AddressRule)
  @Enum({ items: () => AddressRule, nativeEnumName: 'email_accounts_address_rule' })
  addressRule: AddressRule = AddressRule.GIVEN_INITIALS;

  @Field(() => Int, { description: 'Most mailboxes (not deleted) the domain may hold' })
  @Property({ type: 'int' })
  maxMailboxes!: number;

  @Field(() => Int, { description: 'Quota of a new mailbox, in MiB' })
  @Property({ type: 'int' })
  defaultQuotaMb!: number;

  @Field(() => Int, { description: 'Largest quota an admin may give, in MiB' })
  @Property({ type: 'int' })
  maxQuotaMb!: number;

  @Field({ description: 'Agency policy: an official who joins the agency gets a mailbox' })
  @Property({ type: 'boolean' })
  createOnJoin: boolean = false;

  /** The unit mailbox that receives the mail of officials who left. */
  @ManyToOne('Mailbox', { ref: true, nullable: true, deleteRule: 'set null' })
  leaverMailbox: Ref<Mailbox> | null = null;

  @Field(() => Int, { description: 'Days a deleted mailbox is kept before it is purged' })
  @Property({ type: 'int' })
  retentionDays: number = 30;

  @Field(() => Int, { description: 'Usage (percent of quota) that triggers a warning' })
  @Property({ type: 'int' })
  quotaWarningPercent: number = 90;

  @Field()
  @Property({ type: 'boolean' })
  active: boolean = true;
}
