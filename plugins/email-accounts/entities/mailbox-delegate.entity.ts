import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../src';
import { Mailbox } from './mailbox.entity';

/** An official allowed to use a shared (unit) mailbox with their own password. */
@Entity({ tableName: 'email_accounts_mailbox_delegate' })
export class MailboxDelegate extends BaseEntity {
  @ManyToOne(() => Mailbox, { ref: true, deleteRule: 'cascade' })
  mailbox!: Ref<Mailbox>;

  /** The delegate (a plain id of staff's record). */
  @Property({ type: 'uuid' })
  officialId!: string;
}
