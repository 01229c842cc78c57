import { Migration } from '@mikro-orm/migrations';

/**
 * Vietnam local time in SQL, the twin of src/time/local-time.ts: the local date of an instant and
 * the instant a local date starts. UTC+07:00 all year (no daylight saving since 1975), so plain
 * arithmetic, and immutable (usable in indexes, inlined by the planner). Plugins' own names for these
 * (staff_local_today, procedures_local_date, procedures_local_midnight) call them.
 */
export class Migration20261206190000_core_local_time extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function core_local_date(instant timestamptz) returns date
      language sql immutable parallel safe strict
      as $$ select ((instant at time zone 'UTC') + interval '7 hours')::date $$`);
    this.addSql(`create or replace function core_local_midnight(day date) returns timestamptz
      language sql immutable parallel safe strict
      as $$ select (day::timestamp - interval '7 hours') at time zone 'UTC' $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists core_local_midnight(date)`);
    this.addSql(`drop function if exists core_local_date(timestamptz)`);
  }
}
