import { Migration } from '@mikro-orm/migrations';

/** Limits per agency that a platform admin sets; IT admins manage domains within them. */
export class Migration20261205110000_email_accounts_agency_limits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table email_accounts_agency_limits (
      agency_id uuid primary key,
      max_domains int not null check (max_domains >= 0),
      max_mailboxes int not null check (max_mailboxes >= 0),
      max_quota_mb int not null check (max_quota_mb >= 0),
      set_by text null,
      updated_at timestamptz not null)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table email_accounts_agency_limits`);
  }
}
