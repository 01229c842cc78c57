import { Migration } from '@mikro-orm/migrations';
import { refreshGeneratedCalendar } from '../calendar.service';

/**
 * Compensatory days (Labour Code 2019 art. 111(3)) and the announcements of 2024-2026 with their
 * documents. Adds the `basis` column and brings the generated platform entries of every year that
 * already has some up to date (a database seeded before: 9 days of 2024-2026 were missing, and
 * 2025's Tết days and swaps were wrong). MANUAL entries are kept. On an empty table it does nothing;
 * the seed then writes the current data.
 */
export class Migration20261205000000_calendar_compensatory extends Migration {
  override async up(): Promise<void> {
    await this.execute(`alter table staff_calendar_entry add column if not exists basis text null`);
    const years = (await this.execute(
      `select distinct extract(year from date)::int as year from staff_calendar_entry
        where agency_id is null and source in ('STATUTORY', 'ANNOUNCED') order by 1`,
    )) as Array<{ year: number }>;
    for (const { year } of years) {
      await refreshGeneratedCalendar((sql, params) => this.execute(sql, params as unknown[]), year, year);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`alter table staff_calendar_entry drop column if exists basis`);
  }
}
