import { Migration } from '@mikro-orm/migrations';

/** Working calendar: holidays / make-up working days, and office hours per agency. */
export class Migration20261122100000_calendar extends Migration {
  override async up(): Promise<void> {
    // agency_id has no foreign key on purpose: the calendar is usable before (and without) agencies,
    // and the agency table belongs to another part of the staff plugin.
    this.addSql(`create table staff_calendar_entry (
      id uuid primary key,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      date date not null,
      kind text not null check (kind in ('HOLIDAY', 'MAKEUP_WORKDAY')),
      name text not null,
      agency_id uuid null,
      source text not null default 'MANUAL' check (source in ('STATUTORY', 'ANNOUNCED', 'MANUAL'))
    )`);
    // One entry per date for the platform, and one per date per agency.
    this.addSql(
      `create unique index staff_calendar_entry_platform_date_uq on staff_calendar_entry (date) where agency_id is null`,
    );
    this.addSql(
      `create unique index staff_calendar_entry_agency_date_uq on staff_calendar_entry (agency_id, date) where agency_id is not null`,
    );

    this.addSql(`create table staff_calendar_office_hours (
      id uuid primary key,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      agency_id uuid null,
      week jsonb not null,
      makeup_day jsonb null,
      cutoff_minutes integer null check (cutoff_minutes > 0 and cutoff_minutes < 1440)
    )`);
    this.addSql(
      `create unique index staff_calendar_office_hours_platform_uq on staff_calendar_office_hours ((true)) where agency_id is null`,
    );
    this.addSql(
      `create unique index staff_calendar_office_hours_agency_uq on staff_calendar_office_hours (agency_id) where agency_id is not null`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists staff_calendar_office_hours`);
    this.addSql(`drop table if exists staff_calendar_entry`);
  }
}
