import { Migration } from '@mikro-orm/migrations';

/**
 * Thông tư 03/2025/TT-VPCP (from 15 Sep 2025) adds a notice of stopping (Mẫu 05) to the one-stop
 * forms: steps may name it, and the stops made since then issued it.
 */
export class Migration20261206070000_procedures_stop_notice extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table procedures_dossier_step drop constraint if exists procedures_dossier_step_form_check`,
    );
    this
      .addSql(`alter table procedures_dossier_step add constraint procedures_dossier_step_form_check check (form in
      ('RECEIPT', 'SUPPLEMENT_REQUEST', 'REFUSAL', 'APOLOGY', 'CONTROL_SLIP', 'DOSSIER_REGISTER', 'STOP_NOTICE'))`);
    this.addSql(`update procedures_dossier_step set form = 'STOP_NOTICE'
      where action = 'STOP' and form is null and given_at >= timestamptz '2025-09-15 00:00:00+07'`);
  }

  override async down(): Promise<void> {
    this.addSql(`update procedures_dossier_step set form = null where form = 'STOP_NOTICE'`);
    this.addSql(
      `alter table procedures_dossier_step drop constraint if exists procedures_dossier_step_form_check`,
    );
    this
      .addSql(`alter table procedures_dossier_step add constraint procedures_dossier_step_form_check check (form in
      ('RECEIPT', 'SUPPLEMENT_REQUEST', 'REFUSAL', 'APOLOGY', 'CONTROL_SLIP', 'DOSSIER_REGISTER'))`);
  }
}
