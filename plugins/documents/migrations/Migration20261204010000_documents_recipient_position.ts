import { Migration } from '@mikro-orm/migrations';

/**
 * Nơi nhận keeps the order the drafter wrote it in (it is printed in that order on the document).
 * Before, recipients were listed by creation time, which is the same instant for a whole list.
 */
export class Migration20261204010000_documents_recipient_position extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table documents_recipient add column position int not null default 0`);
    this.addSql(`update documents_recipient r set position = n.position from (
        select id, (row_number() over (partition by document_id order by created_at, name))::int - 1 as position from documents_recipient) n
      where n.id = r.id`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table documents_recipient drop column position`);
  }
}
