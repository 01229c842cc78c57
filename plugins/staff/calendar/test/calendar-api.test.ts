import { createTestApp, TestApp } from '../../../../test/harness';
import { definePlugin, GLOBAL_SCOPE, GrantedUnitScope } from '../../../../src';
import {
  calendarEntities,
  calendarMigrations,
  calendarPermissions,
  calendarResolvers,
  calendarSeeds,
  calendarService,
  setAgencyUnitLookup,
} from '../index';

const AGENCY = '6f1c1d7e-3b0a-4c55-9d1e-2a7f00000001';
const OTHER_COMMUNE_AGENCY = '6f1c1d7e-3b0a-4c55-9d1e-2a7f00000003';

/** A tiny local plugin carrying only the calendar, as the staff plugin will. */
const calendarTestPlugin = definePlugin({
  id: 'calendar-test',
  entities: () => calendarEntities,
  resolvers: () => calendarResolvers,
  migrations: () => calendarMigrations,
  permissions: calendarPermissions,
  seeds: calendarSeeds,
  roles: { 'it-admin': ['staff.calendar.manage'] },
  // Stand-ins for what the staff plugin provides: unit scope (a commune IT admin sees unit U1 only)
  // and the unit of each agency.
  register(ctx) {
    ctx.provideScopeResolver({
      async resolve(c) {
        if (c.user?.username !== 'commune-admin') return GLOBAL_SCOPE;
        return new GrantedUnitScope([{ unitIds: ['U1'], permissions: c.user.permissions }]);
      },
      async locate(_c, ref) {
        return 'unitId' in ref ? { unitId: ref.unitId, agencyId: null } : null;
      },
    });
  },
  onBootstrap({ app }) {
    setAgencyUnitLookup(
      app,
      async (_ctx, agencyId) =>
        (({ [AGENCY]: 'U1', [OTHER_COMMUNE_AGENCY]: 'U2' }) as Record<string, string>)[agencyId] ?? null,
    );
  },
});

const YEAR = `query($year: Int!, $agencyId: ID) {
  workingCalendar(year: $year, agencyId: $agencyId) {
    year agencyId workingDayCount
    officeHours { origin cutoffHour days { weekday ranges { start end } } makeupDay { start end } }
    entries { date kind name agencyId source }
  }
}`;
const DUE = `query($input: ComputeDueTimeInput!) { computeDueTime(input: $input) { countingStartsAt dueAt dueAtLocal } }`;
const SET_ENTRY = `mutation($input: SetCalendarEntryInput!) { setCalendarEntry(input: $input) { id date kind name agencyId source } }`;
const REMOVE_ENTRY = `mutation($input: RemoveCalendarEntryInput!) { removeCalendarEntry(input: $input) { deletedId } }`;
const SET_HOURS = `mutation($input: SetOfficeHoursInput!) { setOfficeHours(input: $input) { officeHours { agencyId origin cutoffHour days { weekday ranges { start end } } } } }`;

const STD = [
  { start: '07:00', end: '11:30' },
  { start: '13:30', end: '17:00' },
];

describe('working calendar API (real PostgreSQL, real tokens)', () => {
  let t: TestApp;
  let admin: string;
  let officer: string;

  beforeAll(async () => {
    t = await createTestApp({ plugins: [calendarTestPlugin] });
    admin = t.token('admin', ['it-admin']);
    officer = t.token('officer', ['one-stop-officer']);
  });
  afterAll(() => t?.close());

  it('the seed pre-fills 2024-2030: holidays, art. 111(3) compensatory days and the announced days, once', async () => {
    expect(await t.app.runSeeds({ demo: false })).toEqual(['staff.statutory-holidays']);
    expect(await t.app.runSeeds({ demo: false })).toEqual([]);
    const perYear = await t.sql(`select extract(year from date)::int as year, count(*)::int as n
      from staff_calendar_entry group by 1 order by 1`);
    expect(perYear.map((r: any) => [r.year, r.n])).toEqual([
      [2024, 15],
      [2025, 13],
      [2026, 16],
      [2027, 14],
      [2028, 15],
      [2029, 13],
      [2030, 14],
    ]);
    const announced = await t.sql(
      `select to_char(date, 'YYYY-MM-DD') as date, kind, basis from staff_calendar_entry where source = 'ANNOUNCED' order by date`,
    );
    expect(announced.map((r: any) => `${r.date} ${r.kind}`)).toEqual([
      '2024-02-08 HOLIDAY',
      '2024-02-14 HOLIDAY',
      '2024-04-29 HOLIDAY',
      '2024-05-04 MAKEUP_WORKDAY',
      '2025-04-26 MAKEUP_WORKDAY',
      '2025-05-02 HOLIDAY',
      '2026-01-02 HOLIDAY',
      '2026-01-10 MAKEUP_WORKDAY',
      '2026-08-22 MAKEUP_WORKDAY',
      '2026-08-31 HOLIDAY',
    ]);
    expect(announced[0].basis).toContain('5015/TB-LĐTBXH');
  });

  it('any signed-in user reads a year: Tết 2026 is 16-20 Feb, default hours, 250 working days', async () => {
    const { workingCalendar: cal } = await t.query(YEAR, { year: 2026 }, { token: officer });
    expect(cal.year).toBe(2026);
    expect(cal.agencyId).toBeNull();
    expect(cal.entries.map((e: any) => e.date)).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-01-10',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-26',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      '2026-08-22',
      '2026-08-31',
      '2026-09-01',
      '2026-09-02',
    ]);
    expect(cal.entries[3]).toEqual({
      date: '2026-02-16',
      kind: 'HOLIDAY',
      name: 'Tết Nguyên đán',
      agencyId: null,
      source: 'STATUTORY',
    });
    expect(cal.officeHours.origin).toBe('BUILT_IN');
    expect(cal.officeHours.days[0]).toEqual({ weekday: 1, ranges: STD });
    expect(cal.officeHours.days[5]).toEqual({ weekday: 6, ranges: [] });
    // 261 weekdays in 2026, minus the 13 days off on weekdays (26 Apr is a Sunday, 27 Apr its
    // compensatory day), plus the make-up Saturdays 10 Jan and 22 Aug.
    expect(cal.workingDayCount).toBe(250);
    const anonymous = await t.request(YEAR, { year: 2026 });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('computeDueTime previews an appointment across Tết 2026', async () => {
    const { computeDueTime } = await t.query(
      DUE,
      {
        input: { start: '2026-02-13T03:00:00.000Z', amount: 3, unit: 'WORKING_DAYS' },
      },
      { token: officer },
    );
    expect(computeDueTime).toEqual({
      countingStartsAt: '2026-02-13T03:00:00.000Z',
      dueAt: '2026-02-25T03:00:00.000Z',
      dueAtLocal: '2026-02-25T10:00:00+07:00',
    });
  });

  it('computeDueTime honours a make-up Saturday, a cut-off and pauses', async () => {
    const makeup = await t.query(
      DUE,
      { input: { start: '2025-04-25T09:00:00.000Z', amount: 1, unit: 'WORKING_DAYS' } },
      { token: officer },
    );
    expect(makeup.computeDueTime.dueAtLocal).toBe('2025-04-26T16:00:00+07:00');
    const cutoff = await t.query(
      DUE,
      { input: { start: '2026-03-02T08:20:00.000Z', amount: 2, unit: 'WORKING_DAYS', cutoffHour: 15 } },
      { token: officer },
    );
    expect(cutoff.computeDueTime).toMatchObject({
      countingStartsAt: '2026-03-03T00:00:00.000Z',
      dueAtLocal: '2026-03-04T17:00:00+07:00',
    });
    const paused = await t.query(
      DUE,
      {
        input: {
          start: '2026-03-02T02:00:00.000Z',
          amount: 5,
          unit: 'WORKING_DAYS',
          pauses: [{ from: '2026-03-05T08:00:00.000Z', to: '2026-03-10T03:00:00.000Z' }],
        },
      },
      { token: officer },
    );
    expect(paused.computeDueTime.dueAtLocal).toBe('2026-03-11T16:00:00+07:00');
    const bad = await t.request(
      DUE,
      { input: { start: '2026-03-02T02:00:00.000Z', amount: -1, unit: 'HOURS' } },
      { token: officer },
    );
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('mutations need staff.calendar.manage', async () => {
    const input = { date: '2026-06-01', kind: 'HOLIDAY', name: 'Thử' };
    const anonymous = await t.request(SET_ENTRY, { input });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forbidden = await t.request(SET_ENTRY, { input }, { token: officer });
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const hours = await t.request(
      SET_HOURS,
      { input: { days: [{ weekday: 1, ranges: STD }] } },
      { token: officer },
    );
    expect(hours.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await t.sql(`select 1 from staff_calendar_entry where date = '2026-06-01'`)).toEqual([]);
  });

  it('an admin adds a swap (make-up Saturday + weekday off); due times follow; the audit trail records it', async () => {
    // Hypothetical swap: Friday 4 Sep 2026 off, Saturday 12 Sep 2026 worked.
    const off = await t.query(
      SET_ENTRY,
      { input: { date: '2026-09-04', kind: 'HOLIDAY', name: 'Nghỉ hoán đổi' } },
      { token: admin },
    );
    expect(off.setCalendarEntry).toMatchObject({
      date: '2026-09-04',
      kind: 'HOLIDAY',
      agencyId: null,
      source: 'MANUAL',
    });
    await t.query(
      SET_ENTRY,
      { input: { date: '2026-09-12', kind: 'MAKEUP_WORKDAY', name: 'Làm bù cho thứ Sáu 04/9' } },
      { token: admin },
    );

    // Thu 3 Sep 16:00 + 1 working day: 1 h Thursday, Friday off, Saturday 12 is worked only a week later:
    // Mon 7 Sep 07:00 + 7 h = 16:00.
    const d1 = await t.query(
      DUE,
      { input: { start: '2026-09-03T09:00:00.000Z', amount: 1, unit: 'WORKING_DAYS' } },
      { token: officer },
    );
    expect(d1.computeDueTime.dueAtLocal).toBe('2026-09-07T16:00:00+07:00');
    // Fri 11 Sep 16:00 + 1 working day: the make-up Saturday counts.
    const d2 = await t.query(
      DUE,
      { input: { start: '2026-09-11T09:00:00.000Z', amount: 1, unit: 'WORKING_DAYS' } },
      { token: officer },
    );
    expect(d2.computeDueTime.dueAtLocal).toBe('2026-09-12T16:00:00+07:00');

    // Setting the same date again replaces the entry (one entry per date).
    const renamed = await t.query(
      SET_ENTRY,
      { input: { date: '2026-09-04', kind: 'HOLIDAY', name: 'Nghỉ hoán đổi dịp Quốc khánh' } },
      { token: admin },
    );
    expect(renamed.setCalendarEntry.id).toBe(off.setCalendarEntry.id);

    const audit = await t.sql(
      `select action, actor_name, before, after from core_audit_entry where action like 'staff.calendar.%' order by at, action`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'staff.calendar.statutory.fill',
      'staff.calendar.entry.set',
      'staff.calendar.entry.set',
      'staff.calendar.entry.set',
    ]);
    expect(audit[3]).toMatchObject({
      actor_name: 'admin',
      before: { name: 'Nghỉ hoán đổi' },
      after: { name: 'Nghỉ hoán đổi dịp Quốc khánh', date: '2026-09-04' },
    });
  });

  it('removing an entry brings back the weekly hours; removing a missing one is NOT_FOUND', async () => {
    const [entry] = await t.sql<{ id: string }>(
      `select id from staff_calendar_entry where date = '2026-09-12' and agency_id is null`,
    );
    const removed = await t.query(REMOVE_ENTRY, { input: { date: '2026-09-12' } }, { token: admin });
    expect(removed.removeCalendarEntry).toEqual({ deletedId: entry.id });
    const d2 = await t.query(
      DUE,
      { input: { start: '2026-09-11T09:00:00.000Z', amount: 1, unit: 'WORKING_DAYS' } },
      { token: officer },
    );
    expect(d2.computeDueTime.dueAtLocal).toBe('2026-09-14T16:00:00+07:00');
    const again = await t.request(REMOVE_ENTRY, { input: { date: '2026-09-12' } }, { token: admin });
    expect(again.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const audit = await t.sql(
      `select after from core_audit_entry where action = 'staff.calendar.entry.remove'`,
    );
    expect(audit).toEqual([{ after: null }]);
  });

  it("an agency's office hours, cut-off and own entries override the platform's for that agency only", async () => {
    const set = await t.query(
      SET_HOURS,
      {
        input: {
          agencyId: AGENCY,
          cutoffHour: 15.5,
          days: [1, 2, 3, 4, 5]
            .map((weekday) => ({ weekday, ranges: STD }))
            .concat([{ weekday: 6, ranges: [{ start: '07:30', end: '11:30' }] }]),
        },
      },
      { token: admin },
    );
    expect(set.setOfficeHours.officeHours).toMatchObject({
      agencyId: AGENCY,
      origin: 'AGENCY',
      cutoffHour: 15.5,
    });
    expect(set.setOfficeHours.officeHours.days[5]).toEqual({
      weekday: 6,
      ranges: [{ start: '07:30', end: '11:30' }],
    });

    // The agency works the platform holiday of 4 Sep 2026 (its own entry replaces the platform's).
    await t.query(
      SET_ENTRY,
      { input: { date: '2026-09-04', kind: 'MAKEUP_WORKDAY', name: 'Trực hành chính', agencyId: AGENCY } },
      { token: admin },
    );

    // Thu 3 Sep 2026 15:40 at the agency: after its 15:30 cut-off -> counting from Fri 4 Sep 07:00;
    // 8 h = Fri 07:00-17:00, due Fri 17:00. On the platform calendar: 1.33 h Thu, Fri off, Mon 7 Sep 13:40.
    const agencyDue = await t.query(
      DUE,
      { input: { agencyId: AGENCY, start: '2026-09-03T08:40:00.000Z', amount: 1, unit: 'WORKING_DAYS' } },
      { token: officer },
    );
    expect(agencyDue.computeDueTime).toMatchObject({
      countingStartsAt: '2026-09-04T00:00:00.000Z',
      dueAtLocal: '2026-09-04T17:00:00+07:00',
    });
    const platformDue = await t.query(
      DUE,
      { input: { start: '2026-09-03T08:40:00.000Z', amount: 1, unit: 'WORKING_DAYS' } },
      { token: officer },
    );
    expect(platformDue.computeDueTime.dueAtLocal).toBe('2026-09-07T15:40:00+07:00');
    // An explicit null cut-off ignores the agency default.
    const noCutoff = await t.query(
      DUE,
      {
        input: {
          agencyId: AGENCY,
          start: '2026-09-03T08:40:00.000Z',
          amount: 1,
          unit: 'WORKING_DAYS',
          cutoffHour: null,
        },
      },
      { token: officer },
    );
    expect(noCutoff.computeDueTime.dueAtLocal).toBe('2026-09-04T15:40:00+07:00');
    // Saturday morning opening: Fri 11 Sep 16:00 + 2 h = 17:00 Fri (1 h) + Sat 07:30-08:30.
    const hours = await t.query(
      DUE,
      {
        input: {
          agencyId: AGENCY,
          start: '2026-09-11T09:00:00.000Z',
          amount: 2,
          unit: 'HOURS',
          cutoffHour: null,
        },
      },
      { token: officer },
    );
    expect(hours.computeDueTime.dueAtLocal).toBe('2026-09-12T08:30:00+07:00');

    const { workingCalendar: cal } = await t.query(
      YEAR,
      { year: 2026, agencyId: AGENCY },
      { token: officer },
    );
    expect(cal.officeHours.origin).toBe('AGENCY');
    expect(cal.entries.filter((e: any) => e.date.startsWith('2026-09'))).toEqual([
      {
        date: '2026-09-01',
        kind: 'HOLIDAY',
        name: 'Quốc khánh (2/9 và 1 ngày liền kề)',
        agencyId: null,
        source: 'STATUTORY',
      },
      {
        date: '2026-09-02',
        kind: 'HOLIDAY',
        name: 'Quốc khánh (2/9 và 1 ngày liền kề)',
        agencyId: null,
        source: 'STATUTORY',
      },
      {
        date: '2026-09-04',
        kind: 'MAKEUP_WORKDAY',
        name: 'Trực hành chính',
        agencyId: AGENCY,
        source: 'MANUAL',
      },
    ]);
    const platform = await t.query(YEAR, { year: 2026 }, { token: officer });
    expect(platform.workingCalendar.officeHours.origin).toBe('BUILT_IN');
  });

  it('the platform default office hours apply to agencies without their own', async () => {
    await t.query(
      SET_HOURS,
      {
        input: {
          days: [1, 2, 3, 4, 5].map((weekday) => ({
            weekday,
            ranges: [
              { start: '07:30', end: '11:30' },
              { start: '13:00', end: '17:00' },
            ],
          })),
        },
      },
      { token: admin },
    );
    const other = '6f1c1d7e-3b0a-4c55-9d1e-2a7f00000002';
    const { workingCalendar: cal } = await t.query(YEAR, { year: 2026, agencyId: other }, { token: officer });
    expect(cal.officeHours.origin).toBe('PLATFORM');
    // Received 12:30 (lunch under the new hours) -> 13:00; 1 h -> 14:00.
    const due = await t.query(
      DUE,
      { input: { agencyId: other, start: '2026-03-02T05:30:00.000Z', amount: 1, unit: 'HOURS' } },
      { token: officer },
    );
    expect(due.computeDueTime).toMatchObject({
      countingStartsAt: '2026-03-02T06:00:00.000Z',
      dueAtLocal: '2026-03-02T14:00:00+07:00',
    });
  });

  it("agency entries are checked against the editor's unit scope; platform entries need a platform-wide scope", async () => {
    const communeAdmin = t.token('commune-admin', ['it-admin']);
    const own = await t.query(
      SET_ENTRY,
      { input: { date: '2026-10-10', kind: 'HOLIDAY', name: 'Lễ hội địa phương', agencyId: AGENCY } },
      { token: communeAdmin },
    );
    expect(own.setCalendarEntry).toMatchObject({ agencyId: AGENCY, date: '2026-10-10' });
    const other = await t.request(
      SET_ENTRY,
      { input: { date: '2026-10-10', kind: 'HOLIDAY', name: 'x', agencyId: OTHER_COMMUNE_AGENCY } },
      { token: communeAdmin },
    );
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const platform = await t.request(
      SET_ENTRY,
      { input: { date: '2026-10-10', kind: 'HOLIDAY', name: 'x' } },
      { token: communeAdmin },
    );
    expect(platform.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const unknown = await t.request(
      SET_ENTRY,
      {
        input: {
          date: '2026-10-10',
          kind: 'HOLIDAY',
          name: 'x',
          agencyId: '6f1c1d7e-3b0a-4c55-9d1e-2a7f0000ffff',
        },
      },
      { token: communeAdmin },
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const audit = await t.sql(
      `select unit_id from core_audit_entry where action = 'staff.calendar.entry.set' and after->>'date' = '2026-10-10'`,
    );
    expect(audit).toEqual([{ unit_id: 'U1' }]);
  });

  it('refuses bad input with BAD_USER_INPUT', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      [
        SET_HOURS,
        {
          input: {
            days: [
              {
                weekday: 1,
                ranges: [
                  { start: '07:00', end: '12:00' },
                  { start: '11:00', end: '17:00' },
                ],
              },
            ],
          },
        },
      ],
      [SET_HOURS, { input: { days: [{ weekday: 8, ranges: STD }] } }],
      [SET_HOURS, { input: { days: [{ weekday: 1, ranges: [{ start: '7h', end: '17:00' }] }] } }],
      [SET_HOURS, { input: { days: [{ weekday: 1, ranges: STD }], cutoffHour: 30 } }],
      [SET_ENTRY, { input: { date: '2026-06-01', kind: 'HOLIDAY', name: '  ' } }],
      [SET_ENTRY, { input: { date: '2026-06-01', kind: 'HOLIDAY', name: 'x', agencyId: 'not-a-uuid' } }],
    ];
    for (const [query, variables] of cases) {
      const result = await t.request(query, variables, { token: admin });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('the service caches one calendar per request and serves other plugins', async () => {
    const ctx = t.app.systemContext();
    const a = await calendarService.calendarFor(ctx, AGENCY);
    expect(await calendarService.calendarFor(ctx, AGENCY)).toBe(a);
    const due = await calendarService.computeDue(ctx, {
      agencyId: null,
      start: new Date('2026-02-13T03:00:00Z'),
      amount: 3,
      unit: 'WORKING_DAYS',
    });
    expect(due.toISOString()).toBe('2026-02-25T03:00:00.000Z');
    const ms = await calendarService.workingTimeBetween(
      ctx,
      null,
      new Date('2026-02-13T00:00:00Z'),
      new Date('2026-02-23T00:00:00Z'),
    );
    expect(ms).toBe(8 * 3_600_000);
  });
});
