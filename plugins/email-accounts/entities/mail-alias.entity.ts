import { Entity, Enum, ManyToOne, Property, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, VersionedEntity } from '../../../src';
import { AliasKind, ListSource } from './enums';
import { MailDomain } from './mail-domain.entity';
import { Mailbox } from './mailbox.entity';

/** An alias or a distribution list: an address whose mail goes to its targets. */
@ObjectType({ description: 'An alias or a distribution list' })
@Entity({ tableName: 'email_accounts_alias' })
export class MailAlias extends VersionedEntity {
  [OptionalProps]?: 'source' | 'active';

  @ManyToOne(() => MailDomain, { ref: true, deleteRule: 'restrict' })
  domain!: Ref<MailDomain>;

  @Property({ type: 'uuid' })
  unitId!: string;

  @Field()
  @Property({ type: 'text' })
  address!: string;

  @Field(() => AliasKind)
  @Enum({ items: () => AliasKind, nativeEnumName: 'email_accounts_alias_kind' })
  kind!: AliasKind;

  @Field(() => String, { nullable: true, description: 'Name of a list, e.g. "Toàn thể UBND phường Hạ Long"' })
  @Property({ type: 'text', nullable: true })
  name: string | null = null;

  @Field(() => ListSource, { description: 'Who manages the targets: people, or the staff register' })
  @Enum({ items: () => ListSource, nativeEnumName: 'email_accounts_list_source' })
  source: ListSource = ListSource.MANUAL;

  /** The agency whose staff an automatic list follows (a plain id of staff's record). */
  @Property({ type: 'uuid', nullable: true })
  sourceAgencyId: string | null = null;

  /** The department whose staff an automatic list follows. */
  @Property({ type: 'uuid', nullable: true })
  sourceDepartmentId: string | null = null;

  /** Set on the aliases the platform keeps for an official posted in another domain's agency. */
  @Property({ type: 'uuid', nullable: true })
  officialId: string | null = null;

  @Field()
  @Property({ type: 'boolean' })
  active: boolean = true;
}

/** One target of an alias or list: a mailbox of the platform or an outside address. */
@ObjectType({ description: 'A target of an alias or list: a mailbox or an outside address' })
@Entity({ tableName: 'email_accounts_alias_target' })
export class MailAliasTarget extends BaseEntity {
  @ManyToOne(() => MailAlias, { ref: true, deleteRule: 'cascade' })
  alias!: Ref<MailAlias>;

  @ManyToOne(() => Mailbox, { ref: true, nullable: true, deleteRule: 'cascade' })
  mailbox: Ref<Mailbox> | null = null;

  @Field(() => String, { nullable: true, description: 'An outside address (not a mailbox of the platform)' })
  @Property({ type: 'text', nullable: true })
  externalAddress: string | null = null;

  @Field({ description: 'Kept by the platform from the staff register (agency or department lists)' })
  @Property({ type: 'boolean' })
  automatic: boolean = false;
}
