import { Migration } from '@mikro-orm/migrations';

/** The procedures' local date and midnight are core's (core_local_date, core_local_midnight), not copies. */
export class Migration20261206190200_procedures_local_time extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function procedures_local_date(timestamptz) returns date
      language sql immutable parallel safe strict as $$ select core_local_date($1) $$`);
    this.addSql(`create or replace function procedures_local_midnight(d date) returns timestamptz
      language sql immutable parallel safe strict as $$ select core_local_midnight(d) $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function procedures_local_date(timestamptz) returns date
      language sql immutable parallel safe strict as $$ select (($1 at time zone 'UTC') + interval '7 hours')::date $$`);
    this.addSql(`create or replace function procedures_local_midnight(d date) returns timestamptz
      language sql immutable parallel safe strict as $$ select (d::timestamp - interval '7 hours') at time zone 'UTC' $$`);
  }
}
