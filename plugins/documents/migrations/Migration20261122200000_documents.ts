import { Migration } from '@mikro-orm/migrations';

/** Registers, documents (incoming and outgoing), handlers, trace, recipients, attachments, signatures. */
export class Migration20261122200000_documents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type documents_direction as enum ('INCOMING', 'OUTGOING')`);
    this
      .addSql(`create type documents_type as enum ('RESOLUTION', 'DECISION', 'DIRECTIVE', 'REGULATION', 'RULES', 'COMMUNIQUE', 'NOTICE',
      'GUIDANCE', 'PROGRAMME', 'PLAN', 'SCHEME', 'PROPOSAL_SCHEME', 'PROJECT', 'REPORT', 'MINUTES', 'SUBMISSION', 'CONTRACT',
      'OFFICIAL_LETTER', 'TELEGRAM', 'MEMORANDUM', 'AGREEMENT', 'AUTHORISATION', 'INVITATION', 'INTRODUCTION', 'LEAVE_PERMIT',
      'DISPATCH_SLIP', 'TRANSFER_SLIP', 'NOTIFICATION_SLIP', 'PUBLIC_LETTER', 'OTHER')`);
    this.addSql(`create type documents_urgency as enum ('NORMAL', 'URGENT', 'VERY_URGENT', 'FLASH')`);
    this.addSql(
      `create type documents_confidentiality as enum ('NORMAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET')`,
    );
    this
      .addSql(`create type documents_status as enum ('DRAFT', 'SUBMITTED', 'REJECTED', 'APPROVED', 'NUMBERED', 'SIGNED', 'ISSUED',
      'REGISTERED', 'ASSIGNED', 'IN_PROGRESS', 'RETURNED', 'COMPLETED', 'RECALLED')`);
    this.addSql(`create type documents_handler_role as enum ('LEAD', 'CO_HANDLER')`);
    this.addSql(
      `create type documents_handler_status as enum ('ACTIVE', 'COMPLETED', 'RETURNED', 'REMOVED')`,
    );
    this.addSql(`create type documents_recipient_kind as enum ('INTERNAL', 'EXTERNAL')`);
    this.addSql(
      `create type documents_recipient_status as enum ('PENDING', 'DELIVERED', 'SENT', 'NOT_SENT', 'RECALLED')`,
    );
    this
      .addSql(`create type documents_trace_action as enum ('REGISTERED', 'RECEIVED', 'SUBMITTED_TO_LEADER', 'ASSIGNED', 'REASSIGNED',
      'PROGRESS', 'COMPLETED_PART', 'COMPLETED', 'RETURNED', 'DRAFTED', 'UPDATED', 'SUBMITTED', 'APPROVED', 'REJECTED', 'NUMBERED',
      'SIGNED', 'ISSUED', 'DELIVERED', 'ATTACHED', 'RECALLED', 'WITHDRAWN')`);

    // The counter of a register is its last_number, changed only by one upsert-and-increment statement.
    this.addSql(`create table documents_register (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      agency_id uuid not null references staff_agency (id) on update cascade on delete restrict,
      unit_id uuid not null, direction documents_direction not null, year int not null check (year between 1900 and 2199),
      confidential boolean not null default false, name text not null, last_number int not null default 0 check (last_number >= 0),
      constraint documents_register_agency_direction_year_confidential_unique unique (agency_id, direction, year, confidential))`);
    this.addSql(`create index documents_register_unit_idx on documents_register (unit_id)`);

    this.addSql(`create table documents_document (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      direction documents_direction not null,
      agency_id uuid not null references staff_agency (id) on update cascade on delete restrict,
      unit_id uuid not null,
      register_id uuid null references documents_register (id) on update cascade on delete restrict,
      register_number int null, registered_at timestamptz null,
      document_type documents_type not null, number text null, notation text null,
      issuer_agency_id uuid null references staff_agency (id) on update cascade on delete set null,
      issuer_electronic_id text null, issuer_name text not null, issue_date date null,
      subject text not null, body text null,
      signer_name text null, signer_title text null,
      signer_official_id uuid null references staff_official (id) on update cascade on delete set null,
      urgency documents_urgency not null default 'NORMAL', confidentiality documents_confidentiality not null default 'NORMAL',
      due_date date null, status documents_status not null, dedup_key text null, attachment_text text null,
      created_by_id uuid null references staff_official (id) on update cascade on delete set null,
      created_by_name text not null,
      drafting_department_id uuid null references staff_department (id) on update cascade on delete set null,
      submitted_to_id uuid null references staff_official (id) on update cascade on delete set null,
      approved_by_id uuid null references staff_official (id) on update cascade on delete set null,
      approved_at timestamptz null, decision_note text null, issued_at timestamptz null,
      recalled_at timestamptz null, recall_reason text null,
      source_document_id uuid null references documents_document (id) on update cascade on delete set null,
      source_recipient_id uuid null,
      assigned_by_id uuid null references staff_official (id) on update cascade on delete set null,
      assigned_at timestamptz null, direction_note text null, handling_due_at timestamptz null,
      completed_at timestamptz null, completion_note text null,
      search tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, core_search_key(coalesce(number, '') || ' ' || coalesce(notation, '') || ' ' || subject)), 'A') ||
        setweight(to_tsvector('simple'::regconfig, core_search_key(coalesce(body, '') || ' ' || coalesce(attachment_text, ''))), 'B')) stored,
      check ((register_id is null) = (register_number is null)))`);
    // A number is never given twice in a register.
    this.addSql(
      `create unique index documents_document_register_number_uq on documents_document (register_id, register_number) where register_id is not null`,
    );
    this.addSql(
      `create index documents_document_agency_direction_status_index on documents_document (agency_id, direction, status)`,
    );
    this.addSql(
      `create index documents_document_unit_idx on documents_document (unit_id, direction, registered_at)`,
    );
    this.addSql(
      `create index documents_document_dedup_idx on documents_document (agency_id, dedup_key) where dedup_key is not null`,
    );
    this.addSql(`create index documents_document_issuer_agency_idx on documents_document (issuer_agency_id)`);
    this.addSql(`create index documents_document_source_idx on documents_document (source_document_id)`);
    this.addSql(`create index documents_document_type_idx on documents_document (document_type)`);
    this.addSql(`create index documents_document_created_by_idx on documents_document (created_by_id)`);
    this.addSql(`create index documents_document_submitted_to_idx on documents_document (submitted_to_id)`);
    this.addSql(
      `create index documents_document_due_idx on documents_document (handling_due_at) where status in ('ASSIGNED', 'IN_PROGRESS')`,
    );
    this.addSql(`create index documents_document_search_idx on documents_document using gin (search)`);

    this.addSql(`create table documents_handler (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      document_id uuid not null references documents_document (id) on update cascade on delete cascade,
      role documents_handler_role not null,
      official_id uuid null references staff_official (id) on update cascade on delete set null,
      department_id uuid null references staff_department (id) on update cascade on delete set null,
      report_department_id uuid null,
      status documents_handler_status not null default 'ACTIVE',
      assigned_at timestamptz not null, due_at timestamptz null, completed_at timestamptz null, note text null)`);
    this.addSql(`create index documents_handler_document_idx on documents_handler (document_id)`);
    this.addSql(
      `create index documents_handler_official_status_index on documents_handler (official_id, status)`,
    );
    this.addSql(
      `create index documents_handler_department_status_index on documents_handler (department_id, status)`,
    );
    this.addSql(
      `create index documents_handler_report_idx on documents_handler (report_department_id, assigned_at)`,
    );

    this.addSql(`create table documents_trace (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      document_id uuid not null references documents_document (id) on update cascade on delete cascade,
      at timestamptz not null, action documents_trace_action not null,
      actor_official_id uuid null, actor_name text not null, agency_name text null, summary text null, note text null)`);
    this.addSql(`create index documents_trace_document_idx on documents_trace (document_id, at)`);

    this.addSql(`create table documents_recipient (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      document_id uuid not null references documents_document (id) on update cascade on delete cascade,
      kind documents_recipient_kind not null,
      agency_id uuid null references staff_agency (id) on update cascade on delete restrict,
      electronic_id text null, name text not null, email text null,
      status documents_recipient_status not null default 'PENDING',
      incoming_document_id uuid null references documents_document (id) on update cascade on delete set null,
      arrival_number int null, received_at timestamptz null, sent_at timestamptz null, recalled_at timestamptz null,
      check (kind = 'EXTERNAL' or agency_id is not null))`);
    this.addSql(`create index documents_recipient_document_idx on documents_recipient (document_id)`);
    this.addSql(`create index documents_recipient_agency_id_index on documents_recipient (agency_id)`);
    this.addSql(
      `create index documents_recipient_incoming_idx on documents_recipient (incoming_document_id)`,
    );

    this.addSql(`create table documents_attachment (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      document_id uuid not null references documents_document (id) on update cascade on delete cascade,
      file_name text not null, mime_type text not null, size int not null check (size >= 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'), storage_key text not null, uploaded_by_name text not null)`);
    this.addSql(`create index documents_attachment_document_idx on documents_attachment (document_id)`);
    this.addSql(`create index documents_attachment_sha256_idx on documents_attachment (sha256)`);

    this.addSql(`create table documents_signature (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      document_id uuid not null references documents_document (id) on update cascade on delete cascade,
      signer_official_id uuid null, signer_name text not null, signer_title text null, signed_at timestamptz not null,
      certificate_serial text not null, certificate_issuer text not null, certificate_subject text null,
      certificate_valid_to timestamptz null, recorded_by_name text not null)`);
    this.addSql(`create index documents_signature_document_idx on documents_signature (document_id)`);

    // Who may see a confidential document besides its handlers: see services/visibility.ts.
    this.addSql(`create table documents_access (
      document_id uuid not null references documents_document (id) on update cascade on delete cascade,
      official_id uuid not null references staff_official (id) on update cascade on delete cascade,
      reason text not null, granted_at timestamptz not null default now(),
      primary key (document_id, official_id, reason))`);
    this.addSql(`create index documents_access_official_idx on documents_access (official_id)`);

    // Deadline reminders already sent: the reminder job sends each one once.
    this.addSql(`create table documents_reminder (
      handler_id uuid not null references documents_handler (id) on update cascade on delete cascade,
      kind text not null check (kind in ('APPROACHING', 'OVERDUE')), due_at timestamptz not null,
      sent_at timestamptz not null default now(),
      primary key (handler_id, kind, due_at))`);
  }

  override async down(): Promise<void> {
    for (const table of [
      'reminder',
      'access',
      'signature',
      'attachment',
      'recipient',
      'trace',
      'handler',
      'document',
      'register',
    ]) {
      this.addSql(`drop table if exists documents_${table}`);
    }
    for (const type of [
      'trace_action',
      'recipient_status',
      'recipient_kind',
      'handler_status',
      'handler_role',
      'status',
      'confidentiality',
      'urgency',
      'type',
      'direction',
    ]) {
      this.addSql(`drop type if exists documents_${type}`);
    }
  }
}
