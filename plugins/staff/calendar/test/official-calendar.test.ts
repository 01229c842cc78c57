import { createTestApp, createTestDatabase, TestApp, TestDatabase } from '../../../../test/harness';
import { definePlugin } from '../../../../src';
import { staffPlugin } from '../../index';
import {
  calendarEntities,
  calendarResolvers,
  calendarSeeds,
  Migration20261122100000_calendar,
} from '../index';

/**
 * The official calendars of 2024-2026 (announcements with their documents) and the compensatory-day
 * rule of Labour Code 2019 art. 111(3), checked through computeDueTime as a client sees them: on a
 * fresh platform (migrations + the seed of `npm start`) and on a database seeded by the previous
 * version, corrected by the migration. Each vector is "1 working day from 16:00 on the day before":
 * the due time lands on the next working day at 16:00, so every day off in between shows.
 */
const DUE = `query($input: ComputeDueTimeInput!) { computeDueTime(input: $input) { dueAtLocal } }`;
const YEAR = `query($year: Int!) { workingCalendar(year: $year) { provisional sources workingDayCount
  entries { date kind source basis } } }`;

/** [received (local), due after 1 working day (local), what it shows] */
const VECTORS: Array<[string, string, string]> = [
  ['2024-02-07T16:00', '2024-02-15T16:00', 'Tết 2024: 8 Feb and 14 Feb off (compensatory), 15 Feb worked'],
  ['2024-04-26T16:00', '2024-05-02T16:00', '29 Apr 2024 off (swap), 30 Apr, 1 May'],
  ['2024-05-03T16:00', '2024-05-04T16:00', 'Saturday 4 May 2024 worked'],
  ['2025-12-31T16:00', '2026-01-05T16:00', '1 Jan and 2 Jan 2026 off'],
  ['2026-01-09T16:00', '2026-01-10T16:00', 'Saturday 10 Jan 2026 worked'],
  ['2026-04-24T16:00', '2026-04-28T16:00', 'Monday 27 Apr 2026 off (Giỗ Tổ on Sunday 26 Apr)'],
  ['2026-08-21T16:00', '2026-08-22T16:00', 'Saturday 22 Aug 2026 worked'],
  ['2026-08-28T16:00', '2026-09-03T16:00', '31 Aug 2026 off (swap), 1-2 Sep'],
  ['2025-02-07T16:00', '2025-02-10T16:00', 'no make-up Saturday 8 Feb 2025'],
  [
    '2030-01-31T16:00',
    '2030-02-08T16:00',
    'Tết 2030 from 1 Feb (mùng 1 = 2 Feb in Vietnam), 6-7 Feb compensatory',
  ],
];

async function checkVectors(t: TestApp, token: string) {
  for (const [start, expected, what] of VECTORS) {
    const { computeDueTime } = await t.query(
      DUE,
      { input: { start: new Date(`${start}:00+07:00`).toISOString(), amount: 1, unit: 'WORKING_DAYS' } },
      { token },
    );
    expect([what, computeDueTime.dueAtLocal]).toEqual([what, `${expected}:00+07:00`]);
  }
}

describe('official calendar 2024-2026 through computeDueTime', () => {
  it('on a fresh platform (migrations and the seeds of npm start)', async () => {
    const t = await createTestApp({ plugins: [staffPlugin] });
    try {
      await t.app.runSeeds({ demo: false });
      const token = t.token('officer', ['one-stop-officer']);
      await checkVectors(t, token);
      const y2026 = (await t.query(YEAR, { year: 2026 }, { token })).workingCalendar;
      expect(y2026.provisional).toBe(false);
      expect(y2026.sources.join(' ')).toContain('9441/TB-BNV');
      const monday = y2026.entries.find((e: any) => e.date === '2026-04-27');
      expect(monday).toEqual({
        date: '2026-04-27',
        kind: 'HOLIDAY',
        source: 'STATUTORY',
        basis: 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)',
      });
      const y2028 = (await t.query(YEAR, { year: 2028 }, { token })).workingCalendar;
      expect(y2028.provisional).toBe(true);
      expect(y2028.entries.map((e: any) => e.date)).toContain('2028-01-03');
    } finally {
      await t.close();
    }
  });

  describe('on a database seeded by the previous version', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
      // The previous version: the first calendar migration only, and its seed's data for 2024-2026
      // (11 rule-made holidays a year, 2025 Tết 28 Jan - 1 Feb, the 27 Jan / 8 Feb swap), plus a
      // local edit by an administrator that must survive.
      const old = definePlugin({
        id: 'staff',
        entities: () => calendarEntities,
        resolvers: () => calendarResolvers,
        migrations: () => [Migration20261122100000_calendar],
        seeds: calendarSeeds.slice(0, 0),
      });
      const before = await createTestApp({ plugins: [old], databaseUrl: db.url });
      const rows: Array<[string, string, string]> = [];
      const statutory = [
        '2024-01-01 2024-02-09 2024-02-10 2024-02-11 2024-02-12 2024-02-13 2024-04-18 2024-04-30 2024-05-01 2024-09-02 2024-09-03',
        '2025-01-01 2025-01-28 2025-01-29 2025-01-30 2025-01-31 2025-02-01 2025-04-07 2025-04-30 2025-05-01 2025-09-01 2025-09-02',
        '2026-01-01 2026-02-16 2026-02-17 2026-02-18 2026-02-19 2026-02-20 2026-04-26 2026-04-30 2026-05-01 2026-09-01 2026-09-02',
      ];
      for (const d of statutory.join(' ').split(' ')) rows.push([d, 'HOLIDAY', 'STATUTORY']);
      rows.push(['2025-01-27', 'HOLIDAY', 'ANNOUNCED'], ['2025-02-08', 'MAKEUP_WORKDAY', 'ANNOUNCED']);
      rows.push(['2025-04-26', 'MAKEUP_WORKDAY', 'ANNOUNCED'], ['2025-05-02', 'HOLIDAY', 'ANNOUNCED']);
      rows.push(['2026-12-31', 'HOLIDAY', 'MANUAL']);
      for (const [date, kind, source] of rows)
        await before.sql(
          `insert into staff_calendar_entry (id, created_at, updated_at, date, kind, name, agency_id, source)
           values (gen_random_uuid(), now(), now(), $1, $2, 'old', null, $3)`,
          [date, kind, source],
        );
      await before.close();
    });
    afterAll(() => db?.drop());

    it('the migration brings the days of 2024-2026 to the official calendar and keeps manual entries', async () => {
      const t = await createTestApp({ plugins: [staffPlugin], databaseUrl: db.url });
      try {
        const token = t.token('officer', ['one-stop-officer']);
        // Only the vectors of years that existed in the old data (2030 was not there).
        for (const [start, expected, what] of VECTORS.filter((v) => v[0] < '2027')) {
          const { computeDueTime } = await t.query(
            DUE,
            {
              input: {
                start: new Date(`${start}:00+07:00`).toISOString(),
                amount: 1,
                unit: 'WORKING_DAYS',
              },
            },
            { token },
          );
          expect([what, computeDueTime.dueAtLocal]).toEqual([what, `${expected}:00+07:00`]);
        }
        const manual = await t.sql(
          `select name, source from staff_calendar_entry where date = '2026-12-31' and agency_id is null`,
        );
        expect(manual).toEqual([{ name: 'old', source: 'MANUAL' }]);
        const gone = await t.sql(
          `select count(*)::int as n from staff_calendar_entry where date in ('2025-02-01', '2025-02-08')`,
        );
        expect(gone[0].n).toBe(0);
      } finally {
        await t.close();
      }
    });
  });
});
