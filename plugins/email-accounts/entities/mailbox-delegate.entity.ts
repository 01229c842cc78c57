import { Entity, ManyToOne, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../src';
import { Official } from '../../staff';
import { Mailbox } from './mailbox.entity';

/** An official allowed to use a shared (unit) mailbox with their own password. */
@Entity({ tableName: 'email_accounts_mailbox_delegate' })
export class MailboxDelegate extends BaseEntity {
  @ManyToOne(() => Mailbox, { ref: true, deleteRule: 'cascade' })
  mailbox!: Ref<Mailbox>;

  @ManyToOne(() => Official, { ref: true, deleteRule: 'cascade' })
  official!: Ref<Official>;
}
