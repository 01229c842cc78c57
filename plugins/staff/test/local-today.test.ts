import { fakeDateOnly } from '../../../test/harness/clock';
import { CreateOfficialDocument, MarkOfficialLeftDocument } from '../../../test/graphql/generated';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '..';
import { arrangeStaffWorld, StaffWorld } from './fixtures';

/**
 * "Today" is the date in Vietnam (UTC+07:00). The app runs in-process with only `Date` faked, at
 * 01:00 local time on 15/04/2026 = 18:00 UTC on 14/04/2026, when the UTC date is still yesterday.
 */
const AT_01_00_LOCAL = new Date('2026-04-14T18:00:00Z');

describe('staff at 01:00 local time', () => {
  let t: TestApp;
  let w: StaffWorld;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin] });
    w = await arrangeStaffWorld(t);
    fakeDateOnly(AT_01_00_LOCAL);
  });
  afterAll(async () => {
    jest.useRealTimers();
    await t.close();
  });

  it('the clock really is 18:00 UTC the day before', () => {
    expect(new Date().toISOString()).toBe('2026-04-14T18:00:00.000Z');
  });

  it('a new official joins today and their posting starts today: the local date', async () => {
    const { createOfficial } = await t.query(
      CreateOfficialDocument,
      { input: { fullName: 'Lê Thị Sớm', position: 'SPECIALIST', postings: [{ agencyId: w.agencyA.id }] } },
      { token: w.adminToken },
    );
    expect(
      await t.sql(
        `select o.joined_on::text as joined_on, a.starts_on::text as starts_on
           from staff_official o join staff_assignment a on a.official_id = o.id where o.id = $1`,
        [createOfficial.id],
      ),
    ).toEqual([{ joined_on: '2026-04-15', starts_on: '2026-04-15' }]);
  });

  it('an official who leaves today leaves on the local date, and postings end on it', async () => {
    const { createOfficial } = await t.query(
      CreateOfficialDocument,
      {
        input: {
          fullName: 'Trần Văn Muộn',
          position: 'SPECIALIST',
          joinedOn: '2026-01-05',
          postings: [{ agencyId: w.agencyA.id, startsOn: '2026-01-05' }],
        },
      },
      { token: w.adminToken },
    );
    const { markOfficialLeft } = await t.query(
      MarkOfficialLeftDocument,
      { input: { officialId: createOfficial.id } },
      { token: w.adminToken },
    );
    expect(markOfficialLeft).toEqual({ status: 'LEFT', leftOn: '2026-04-15' });
    expect(
      await t.sql(`select ends_on::text as ends_on from staff_assignment where official_id = $1`, [
        createOfficial.id,
      ]),
    ).toEqual([{ ends_on: '2026-04-15' }]);
  });

  it('SQL has the same local date and midnight (core_local_date, core_local_midnight, staff_local_today)', async () => {
    // [instant, local date]: the last second of a local day, the first of the next, a year's edge.
    const vectors = [
      ['2026-04-14T16:59:59Z', '2026-04-14'],
      ['2026-04-14T17:00:00Z', '2026-04-15'],
      ['2025-12-31T16:59:59Z', '2025-12-31'],
      ['2025-12-31T17:00:00Z', '2026-01-01'],
    ];
    for (const [instant, date] of vectors)
      expect(
        await t.sql(
          `select core_local_date($1::timestamptz)::text as core, staff_local_today($1::timestamptz)::text as staff`,
          [instant],
        ),
      ).toEqual([{ core: date, staff: date }]);
    const [midnight] = await t.sql(
      `select to_char(core_local_midnight('2026-04-15') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as utc`,
    );
    expect(midnight.utc).toBe('2026-04-14T17:00:00');
    // Without an argument it is the local date of the database's own clock (not faked here).
    const [today] = await t.sql(`select staff_local_today() = core_local_date(now()) as same`);
    expect(today.same).toBe(true);
  });
});
