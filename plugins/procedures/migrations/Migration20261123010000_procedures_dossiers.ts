import { Migration } from '@mikro-orm/migrations';

/** Dossiers, their components, steps (control slip), clock pauses, receipts, codes and deadlines. */
export class Migration20261123010000_procedures_dossiers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type procedures_channel as enum ('COUNTER', 'ONLINE', 'POST')`);
    this.addSql(`create type procedures_applicant_kind as enum ('CITIZEN', 'ORGANISATION')`);
    this.addSql(`create type procedures_result_delivery as enum ('AT_DESK', 'POST', 'ONLINE')`);
    this.addSql(`create type procedures_timeliness as enum ('EARLY', 'ON_TIME', 'LATE')`);
    this.addSql(
      `create type procedures_end_reason as enum ('REFUSED', 'STOPPED', 'WITHDRAWN', 'SUPPLEMENT_EXPIRED')`,
    );
    this.addSql(`create type procedures_digitisation as enum ('NOT_DIGITISED', 'DIGITISED', 'REUSED')`);
    this.addSql(`create type procedures_pause_kind as enum ('SUPPLEMENT', 'FINANCIAL_OBLIGATION')`);
    this.addSql(`create type procedures_sequence_reset as enum ('DAILY', 'MONTHLY', 'YEARLY')`);
    this
      .addSql(`create type procedures_action as enum ('SUBMIT_ONLINE', 'RECEIVE_AT_COUNTER', 'RECEIVE', 'REFUSE', 'TRANSFER', 'ACCEPT_TRANSFER',
      'REQUEST_SUPPLEMENT', 'RECEIVE_SUPPLEMENT', 'EXPIRE_SUPPLEMENT', 'APOLOGISE', 'REQUEST_FINANCIAL_OBLIGATION', 'CONFIRM_FINANCIAL_OBLIGATION',
      'REQUEST_WITHDRAWAL', 'ACCEPT_WITHDRAWAL', 'CANCEL_WITHDRAWAL', 'STOP', 'APPROVE', 'RECORD_RESULT', 'RETURN_RESULT')`);

    // Vietnamese local date of an instant (fixed UTC+07:00, as the working calendar counts).
    this.addSql(`create or replace function procedures_local_date(timestamptz) returns date
      language sql immutable parallel safe strict as $$ select (($1 at time zone 'UTC') + interval '7 hours')::date $$`);

    this.addSql(`create table procedures_code_pattern (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      agency_id uuid not null references staff_agency (id) on update cascade on delete cascade,
      pattern text not null, reset procedures_sequence_reset not null,
      constraint procedures_code_pattern_agency_id_unique unique (agency_id))`);
    // One row per agency and period; intake increments it with insert .. on conflict .. returning,
    // inside its transaction: the row lock serialises concurrent intakes of one agency.
    this.addSql(`create table procedures_code_counter (
      agency_id uuid not null references staff_agency (id) on update cascade on delete cascade,
      period text not null, value int not null, primary key (agency_id, period))`);

    this.addSql(`create table procedures_dossier (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      code text not null,
      procedure_id uuid not null references procedures_procedure (id) on update cascade on delete restrict,
      procedure_version_id uuid not null references procedures_procedure_version (id) on update cascade on delete restrict,
      case_code text not null, field text not null, channel procedures_channel not null,
      status smallint not null check (status between 1 and 10),
      status_before_supplement smallint null, status_before_withdrawal smallint null,
      agency_id uuid not null references staff_agency (id) on update cascade on delete restrict,
      unit_id uuid not null references staff_unit (id) on update cascade on delete restrict,
      desk_id uuid null references staff_desk (id) on update cascade on delete set null,
      received_by_id uuid null references staff_official (id) on update cascade on delete set null,
      received_by_name text null,
      holder_agency_id uuid not null references staff_agency (id) on update cascade on delete restrict,
      holder_department_id uuid null references staff_department (id) on update cascade on delete set null,
      holder_unit_id uuid not null,
      transfer_pending boolean not null default false,
      involved_unit_ids uuid[] not null default '{}',
      applicant_kind procedures_applicant_kind not null, applicant_name text not null, applicant_id_number text null,
      applicant_phone text null, applicant_email text null, applicant_address text null,
      authorised_name text null, authorised_id_number text null, authorised_phone text null, authorisation_document text null,
      result_delivery procedures_result_delivery not null default 'AT_DESK', note text null,
      submitted_at timestamptz not null, received_at timestamptz null,
      limit_amount double precision not null, limit_unit text not null check (limit_unit in ('WORKING_DAYS', 'CALENDAR_DAYS', 'HOURS')),
      cutoff_hour double precision null,
      appointment_at timestamptz null, original_appointment_at timestamptz null, appointment_rescheduled boolean not null default false,
      approved_at timestamptz null, approved_by_name text null,
      resolved_at timestamptz null, timeliness procedures_timeliness null,
      result_number text null, result_signer text null, result_digitised boolean null,
      returned_at timestamptz null,
      ended_at timestamptz null, end_reason procedures_end_reason null, end_note text null,
      finished_at timestamptz generated always as (coalesce(resolved_at, ended_at)) stored,
      components_digitised boolean not null default false, fee_total int not null default 0,
      pin_hash text null, rating_token_hash text null, receipt_id uuid null,
      constraint procedures_dossier_code_unique unique (code),
      -- Receiving a dossier without issuing a receipt is forbidden (Mẫu 01).
      constraint procedures_dossier_received_has_receipt check (received_at is null or receipt_id is not null),
      constraint procedures_dossier_received_has_appointment check (received_at is null or appointment_at is not null),
      constraint procedures_dossier_resolved_or_ended check (resolved_at is null or ended_at is null))`);
    // Statistics by unit and period, lists by agency and status, and the open register.
    this.addSql(
      `create index procedures_dossier_unit_received_idx on procedures_dossier (unit_id, received_at)`,
    );
    this.addSql(
      `create index procedures_dossier_unit_resolved_idx on procedures_dossier (unit_id, resolved_at) where resolved_at is not null`,
    );
    this.addSql(
      `create index procedures_dossier_unit_finished_idx on procedures_dossier (unit_id, finished_at) where finished_at is not null`,
    );
    this.addSql(
      `create index procedures_dossier_open_idx on procedures_dossier (unit_id, appointment_at) where received_at is not null and finished_at is null`,
    );
    this.addSql(
      `create index procedures_dossier_new_idx on procedures_dossier (agency_id, submitted_at) where status = 1`,
    );
    this.addSql(
      `create index procedures_dossier_agency_status_idx on procedures_dossier (agency_id, status)`,
    );
    this.addSql(
      `create index procedures_dossier_holder_idx on procedures_dossier (holder_agency_id, holder_department_id) where finished_at is null`,
    );
    this.addSql(
      `create index procedures_dossier_involved_idx on procedures_dossier using gin (involved_unit_ids)`,
    );
    this.addSql(`create index procedures_dossier_procedure_idx on procedures_dossier (procedure_id)`);
    this.addSql(`create index procedures_dossier_version_idx on procedures_dossier (procedure_version_id)`);
    this.addSql(
      `create index procedures_dossier_desk_idx on procedures_dossier (desk_id) where desk_id is not null`,
    );
    this.addSql(
      `create index procedures_dossier_received_by_idx on procedures_dossier (received_by_id) where received_by_id is not null`,
    );
    this.addSql(
      `create unique index procedures_dossier_rating_token_idx on procedures_dossier (rating_token_hash) where rating_token_hash is not null`,
    );
    this.addSql(
      `create index procedures_dossier_applicant_search_idx on procedures_dossier using gin (core_search_key(applicant_name) gin_trgm_ops)`,
    );

    this.addSql(`create table procedures_dossier_component (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      dossier_id uuid not null references procedures_dossier (id) on update cascade on delete cascade,
      code text null, name text not null, originals int not null default 0, copies int not null default 0,
      digitisation procedures_digitisation not null default 'NOT_DIGITISED', file_ref text null, position int not null default 0)`);
    this.addSql(
      `create index procedures_dossier_component_dossier_idx on procedures_dossier_component (dossier_id, position)`,
    );

    this.addSql(`create table procedures_dossier_step (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      dossier_id uuid not null references procedures_dossier (id) on update cascade on delete cascade,
      seq int not null, action procedures_action not null, handover boolean not null default false,
      from_status smallint null, to_status smallint not null,
      actor_id uuid null, actor_name text null,
      from_agency_id uuid null, from_department_id uuid null, to_agency_id uuid null, to_department_id uuid null,
      given_at timestamptz not null, received_at timestamptz null, due_at timestamptz null, finished_at timestamptz null,
      verdict procedures_timeliness null, budget_amount double precision null, budget_unit text null,
      form_no text null, note text null,
      constraint procedures_dossier_step_dossier_seq_unique unique (dossier_id, seq))`);

    this.addSql(`create table procedures_dossier_pause (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      dossier_id uuid not null references procedures_dossier (id) on update cascade on delete cascade,
      kind procedures_pause_kind not null, started_at timestamptz not null, ended_at timestamptz null,
      deadline_at timestamptz null, items jsonb not null default '[]', note text null,
      check (ended_at is null or ended_at >= started_at))`);
    this.addSql(
      `create index procedures_dossier_pause_dossier_idx on procedures_dossier_pause (dossier_id, started_at)`,
    );
    this.addSql(
      `create index procedures_dossier_pause_open_deadline_idx on procedures_dossier_pause (deadline_at) where ended_at is null and deadline_at is not null`,
    );

    this.addSql(`create table procedures_receipt (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      dossier_id uuid not null references procedures_dossier (id) on update cascade on delete cascade,
      issued_at timestamptz not null, issued_by_name text null, kind text not null check (kind in ('INTAKE', 'REISSUE')), data jsonb not null)`);
    this.addSql(`create index procedures_receipt_dossier_idx on procedures_receipt (dossier_id, issued_at)`);

    // The appointment as it stood over time, so a report can tell whether a dossier still open at
    // the end of a past period was then within its deadline or overdue (or paused: clock stopped).
    this.addSql(`create table procedures_dossier_deadline (
      id bigserial primary key,
      dossier_id uuid not null references procedures_dossier (id) on update cascade on delete cascade,
      since timestamptz not null, due_at timestamptz not null, paused boolean not null default false)`);
    this.addSql(
      `create index procedures_dossier_deadline_idx on procedures_dossier_deadline (dossier_id, since desc, id desc)`,
    );
  }

  override async down(): Promise<void> {
    for (const table of [
      'procedures_dossier_deadline',
      'procedures_receipt',
      'procedures_dossier_pause',
      'procedures_dossier_step',
      'procedures_dossier_component',
      'procedures_dossier',
      'procedures_code_counter',
      'procedures_code_pattern',
    ]) {
      this.addSql(`drop table if exists ${table}`);
    }
    this.addSql(`drop function if exists procedures_local_date(timestamptz)`);
    for (const type of [
      'procedures_action',
      'procedures_sequence_reset',
      'procedures_pause_kind',
      'procedures_digitisation',
      'procedures_end_reason',
      'procedures_timeliness',
      'procedures_result_delivery',
      'procedures_applicant_kind',
      'procedures_channel',
    ]) {
      this.addSql(`drop type if exists ${type}`);
    }
  }
}
