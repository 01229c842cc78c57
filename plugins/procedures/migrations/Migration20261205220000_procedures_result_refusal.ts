import { Migration } from '@mikro-orm/migrations';

/** A result may be a decision refusing what was asked: still a result (domain/endings.ts). */
export class Migration20261205220000_procedures_result_refusal extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table procedures_dossier add column result_refusal boolean null`);
    this.addSql(`update procedures_dossier set result_refusal = false where resolved_at is not null`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table procedures_dossier drop column if exists result_refusal`);
  }
}
