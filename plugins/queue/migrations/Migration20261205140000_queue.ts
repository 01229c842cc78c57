import { Migration } from '@mikro-orm/migrations';

/** Services of a centre and their counters, kiosks, tickets and the daily number counters. */
export class Migration20261205140000_queue extends Migration {
  override async up(): Promise<void> {
    // Ids of staff, cameras and procedures records are plain ids (no foreign keys): each plugin owns
    // its tables, and a ticket's history outlives a removed desk.
    this.addSql(`create type queue_ticket_status as enum ('WAITING', 'CALLED', 'SERVED', 'SKIPPED')`);
    this.addSql(`create table queue_service (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      centre_id uuid not null, agency_id uuid not null, unit_id uuid not null,
      prefix text not null check (prefix ~ '^[A-Z]{1,3}$'), name text not null,
      procedure_field text null, procedure_id uuid null,
      desk_ids uuid[] not null default '{}', active boolean not null default true,
      constraint queue_service_what_check check ((procedure_field is null) <> (procedure_id is null)),
      constraint queue_service_centre_id_prefix_unique unique (centre_id, prefix))`);
    this.addSql(`create table queue_kiosk (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      device_id uuid not null constraint queue_kiosk_device_id_unique unique,
      centre_id uuid not null, agency_id uuid not null, unit_id uuid not null,
      name text not null, secret_hash text not null, revoked_at timestamptz null)`);
    this.addSql(`create table queue_ticket (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      centre_id uuid not null, agency_id uuid not null, unit_id uuid not null,
      service_id uuid not null references queue_service (id) on update cascade on delete restrict,
      kiosk_id uuid null references queue_kiosk (id) on update cascade on delete set null,
      day date not null, prefix text not null, seq int not null check (seq > 0), number text not null,
      status queue_ticket_status not null default 'WAITING',
      issued_at timestamptz not null, called_at timestamptz null, finished_at timestamptz null,
      desk_id uuid null, target_desk_id uuid null, called_by_id uuid null,
      recall_count int not null default 0, dossier_id uuid null,
      constraint queue_ticket_centre_id_prefix_day_seq_unique unique (centre_id, prefix, day, seq))`);
    this.addSql(
      `create index queue_ticket_centre_id_status_issued_at_index on queue_ticket (centre_id, status, issued_at)`,
    );
    this.addSql(
      `create index queue_ticket_service_finished_idx on queue_ticket (service_id, finished_at desc) where status = 'SERVED'`,
    );
    // One row per centre, prefix and local day: the day's last number. A new day has no row, so its
    // numbers start again at 1 (the reset rule); the upsert makes concurrent kiosks take distinct numbers.
    this.addSql(`create table queue_number (
      centre_id uuid not null, prefix text not null, day date not null, last int not null,
      primary key (centre_id, prefix, day))`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists queue_number`);
    this.addSql(`drop table if exists queue_ticket`);
    this.addSql(`drop table if exists queue_kiosk`);
    this.addSql(`drop table if exists queue_service`);
    this.addSql(`drop type if exists queue_ticket_status`);
  }
}
