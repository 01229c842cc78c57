import type { SeedDefinition } from '../../../src';
import { calendarService } from './calendar.service';

/** First and last year the seed pre-fills; later years: the fillStatutoryHolidays mutation. */
export const SEEDED_YEARS = { from: 2024, to: 2030 } as const;

/** Statutory holidays (with the lunar ones) and the announced swaps of 2024-2030, platform-wide. */
export const statutoryHolidaysSeed: SeedDefinition = {
  name: 'staff.statutory-holidays',
  async run(ctx) {
    await calendarService.fillStatutoryHolidays(ctx, SEEDED_YEARS.from, SEEDED_YEARS.to);
  },
};

export const calendarSeeds: SeedDefinition[] = [statutoryHolidaysSeed];
