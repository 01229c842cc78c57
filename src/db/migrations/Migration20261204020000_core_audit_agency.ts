import { Migration } from '@mikro-orm/migrations';

/**
 * The agency an audited record belongs to, beside its unit: an auditor whose role is held over an
 * agency reads that agency's entries, not those of every agency of its unit.
 */
export class Migration20261204020000_core_audit_agency extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table core_audit_entry add column agency_id text null`);
    this.addSql(
      `create index core_audit_entry_agency_idx on core_audit_entry (agency_id, at desc) where agency_id is not null`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table core_audit_entry drop column agency_id`);
  }
}
