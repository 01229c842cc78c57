import { Migration } from '@mikro-orm/migrations';

/**
 * Procedures' public SQL surface, for set-based reports of other plugins (the reform index): views
 * without personal data (no applicant, no comment, no secret), so a reader never touches the
 * tables and the tables may change behind the views.
 *
 * - procedures_daily_stat_v: the daily roll-up of Biểu II.06a counters per local day, competent unit
 *   and agency (unit_id, agency_id: who resolves), receiving unit and agency, and field.
 * - procedures_dossier_v: one row per dossier, its status, channel, timeline and digitisation flags;
 *   unit_id/agency_id are the competent ones (as in the roll-up), receiving_* the desk's.
 * - procedures_rating_v: one row per satisfaction rating, the grade only, by the competent unit and agency.
 * - procedures_procedure_version_v: the catalogue's versions, with their publishing decision and
 *   the day they were entered (published) in the catalogue.
 */
export class Migration20261205230000_procedures_public_views extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace view procedures_daily_stat_v as
      select day, unit_id, agency_id, receiving_unit_id, receiving_agency_id, field, field_key, received_online, received_direct, received_digitised,
             resolved_early, resolved_on_time, resolved_late, resolved_digitised, stopped, rating_count, rating_sum
        from procedures_daily_stat`);
    this.addSql(`create or replace view procedures_dossier_v as
      select id, code, procedure_id, field, channel::text as channel, status, competent_unit_id as unit_id,
             competent_agency_id as agency_id, unit_id as receiving_unit_id, agency_id as receiving_agency_id, submitted_at,
             received_at, appointment_at, resolved_at, timeliness::text as timeliness, components_digitised,
             result_digitised, ended_at, fee_total
        from procedures_dossier`);
    this.addSql(`create or replace view procedures_rating_v as
      select dossier_id, rating, rated_at, coalesce(competent_unit_id, unit_id) as unit_id,
             coalesce(competent_agency_id, agency_id) as agency_id, field from procedures_rating`);
    this.addSql(`create or replace view procedures_procedure_version_v as
      select v.id, v.procedure_id, v.version_no, v.code, v.name, v.field, v.online_level::text as online_level,
             v.decision_number, v.decision_date, v.effective_from, v.unit_id, v.created_at as published_at, p.active
        from procedures_procedure_version v join procedures_procedure p on p.id = v.procedure_id`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop view if exists procedures_procedure_version_v`);
    this.addSql(`drop view if exists procedures_rating_v`);
    this.addSql(`drop view if exists procedures_dossier_v`);
    this.addSql(`drop view if exists procedures_daily_stat_v`);
  }
}
