import { Migration } from '@mikro-orm/migrations';

/**
 * Postfix's smtpd_sender_login_maps: which signed-in users may send as an address. A mailbox sends
 * as itself; the delegates of a shared mailbox send as it (signed in as themselves); the mailboxes an
 * alias (not a list) delivers to may send as the alias. Anything else is refused by
 * `reject_authenticated_sender_login_mismatch`.
 */
export class Migration20261204040000_email_accounts_sender_logins extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create view email_accounts_postfix_sender_login as
      select m.address, m.address as login
        from email_accounts_mailbox m join email_accounts_domain d on d.id = m.domain_id and d.active
       where m.state = 'ACTIVE'
      union
      select s.address, o.address as login
        from email_accounts_mailbox_delegate g
        join email_accounts_mailbox s on s.id = g.mailbox_id and s.kind = 'SHARED' and s.state = 'ACTIVE'
        join email_accounts_domain sd on sd.id = s.domain_id and sd.active
        join email_accounts_mailbox o on o.official_id = g.official_id and o.kind = 'PERSONAL' and o.state = 'ACTIVE'
      union
      select a.address, tm.address as login
        from email_accounts_alias a
        join email_accounts_domain d on d.id = a.domain_id and d.active
        join email_accounts_alias_target t on t.alias_id = a.id
        join email_accounts_mailbox tm on tm.id = t.mailbox_id and tm.state = 'ACTIVE'
       where a.active and a.kind = 'ALIAS'`);
    this.addSql(`grant select on email_accounts_postfix_sender_login to email_accounts_postfix`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop view if exists email_accounts_postfix_sender_login`);
  }
}
