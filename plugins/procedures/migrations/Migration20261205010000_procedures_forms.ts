import { Migration } from '@mikro-orm/migrations';

/**
 * Steps name the form they issued by kind (domain/forms.ts) instead of a number: the numbers are
 * data tied to their legal basis. The old '05' was a stop notice, which is not a one-stop form.
 */
export class Migration20261205010000_procedures_forms extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table procedures_dossier_step add column form text null check (form in
      ('RECEIPT', 'SUPPLEMENT_REQUEST', 'REFUSAL', 'APOLOGY', 'CONTROL_SLIP', 'DOSSIER_REGISTER'))`);
    this.addSql(`update procedures_dossier_step set form = case form_no
      when '01' then 'RECEIPT' when '02' then 'SUPPLEMENT_REQUEST' when '03' then 'REFUSAL'
      when '04' then 'APOLOGY' end where form_no is not null`);
    this.addSql(`alter table procedures_dossier_step drop column form_no`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table procedures_dossier_step add column form_no text null`);
    this.addSql(`update procedures_dossier_step set form_no = case form
      when 'RECEIPT' then '01' when 'SUPPLEMENT_REQUEST' then '02' when 'REFUSAL' then '03'
      when 'APOLOGY' then '04' end`);
    this.addSql(`alter table procedures_dossier_step drop column form`);
  }
}
