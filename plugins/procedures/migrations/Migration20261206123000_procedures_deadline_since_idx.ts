import { Migration } from '@mikro-orm/migrations';

/**
 * The leader's dashboard counts "overdue now" from the daily roll-up (overdue at the start of today)
 * and re-judges only the dossiers whose answer may have changed since that midnight: received or
 * finished today, or with an appointment-history row that started today. The last are found by the
 * history row's start, which nothing indexed (the history's index leads with the dossier).
 */
export class Migration20261206123000_procedures_deadline_since_idx extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index if not exists procedures_dossier_deadline_since_idx on procedures_dossier_deadline (since)`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists procedures_dossier_deadline_since_idx`);
  }
}
