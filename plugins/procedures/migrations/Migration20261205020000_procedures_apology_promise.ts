import { Migration } from '@mikro-orm/migrations';

/**
 * An apology (Mẫu 04) records a promised date beside the legal appointment instead of replacing it.
 * Existing apologised dossiers: the promise moves to promised_at, the appointment goes back to the
 * one on the first receipt (pauses after the apology were applied to the promise, so later pauses
 * are not re-applied here), and the verdict of resolved ones is taken again against it.
 */
export class Migration20261205020000_procedures_apology_promise extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table procedures_dossier add column promised_at timestamptz null`);
    this.addSql(`update procedures_dossier set promised_at = appointment_at,
        appointment_at = coalesce(original_appointment_at, appointment_at)
      where appointment_rescheduled`);
    this.addSql(`update procedures_dossier set timeliness = (case
        when procedures_local_date(resolved_at) < procedures_local_date(appointment_at) then 'EARLY'
        when procedures_local_date(resolved_at) = procedures_local_date(appointment_at) then 'ON_TIME'
        else 'LATE' end)::procedures_timeliness
      where promised_at is not null and resolved_at is not null and appointment_at is not null`);
    this.addSql(`alter table procedures_dossier drop column appointment_rescheduled`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table procedures_dossier add column appointment_rescheduled boolean not null default false`,
    );
    this.addSql(`update procedures_dossier set appointment_rescheduled = true, appointment_at = promised_at
      where promised_at is not null`);
    this.addSql(`alter table procedures_dossier drop column promised_at`);
  }
}
