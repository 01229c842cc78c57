import { Migration } from '@mikro-orm/migrations';

/**
 * "Overdue" written once: procedures_dossier_overdue_at(dossier, at). The dossier list filter, the
 * `overdue` field, the statistics and the register book all call it.
 *
 * A dossier is overdue at an instant when it is open then (received before it, not yet resolved or
 * ended: the interval (received_at, finished_at]) and its due date is over, judged on the
 * appointment as it stood at that instant (procedures_dossier_deadline): while the clock is stopped
 * (a supplement, a financial obligation, and a withdrawal request made during one) the appointment
 * is judged as it stood when the clock stopped, so a dossier already late when it was paused stays
 * overdue, and one paused in time does not become overdue by waiting. The status is not consulted:
 * a withdrawal request (status 7) neither stops nor restarts the clock, the history says which.
 * Rows without a history (arranged by bulk loads) fall back to the current appointment. Local dates
 * (Asia/Ho_Chi_Minh): due on the appointment's date, overdue from the next day.
 */
export class Migration20261205210000_procedures_overdue extends Migration {
  override async up(): Promise<void> {
    this
      .addSql(`create or replace function procedures_dossier_overdue_at(d procedures_dossier, at timestamptz)
      returns boolean language sql stable as $$
      select d.received_at is not null and d.received_at < at and (d.finished_at is null or d.finished_at >= at)
         and coalesce(
           (select case when h.paused then procedures_local_date(h.since) > procedures_local_date(h.due_at)
                        else procedures_local_date(at) > procedures_local_date(h.due_at) end
              from procedures_dossier_deadline h
             where h.dossier_id = d.id and h.since < at
             order by h.since desc, h.id desc limit 1),
           procedures_local_date(at) > procedures_local_date(d.appointment_at),
           false)
    $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists procedures_dossier_overdue_at(procedures_dossier, timestamptz)`);
  }
}
