import { Migration } from '@mikro-orm/migrations';

/** staff_local_today (the public name other plugins' SQL uses) is core's local date, not a copy of it. */
export class Migration20261206190100_staff_local_today extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function staff_local_today(instant timestamptz default now()) returns date
      language sql stable parallel safe
      as $$ select core_local_date(instant) $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function staff_local_today(instant timestamptz default now()) returns date
      language sql stable parallel safe
      as $$ select (instant at time zone 'Asia/Ho_Chi_Minh')::date $$`);
  }
}
