import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '../../procedures';
import { reformIndexPlugin } from '..';
import { DossierArranger, vn } from './fixtures';
import { ServiceIndexDocument } from '../../../test/graphql/generated';

/**
 * The service index reads procedures' period roll-up (whole months from the monthly roll-up, the edge
 * days from the daily one). Here its figures are compared, for periods with every kind of edge, with
 * a live count over the dossiers and ratings themselves (procedures' public views, instants from
 * local midnight to local midnight), on generated dossiers clustered on the local instants around
 * month and year ends, then moved across month ends and deleted (the roll-ups follow by trigger).
 */

// Local instants on both sides of month and year ends, and of a mid-month day.
const EDGES = [
  '2025-11-30T23:59:59',
  '2025-12-01T00:00:00',
  '2025-12-31T23:59:59',
  '2026-01-01T00:00:00',
  '2026-01-14T23:59:59',
  '2026-01-15T00:00:00',
  '2026-01-31T23:59:59',
  '2026-02-01T00:00:00',
  '2026-02-28T23:59:59',
  '2026-03-01T00:00:00',
  '2026-03-31T23:59:59',
  '2026-04-01T00:00:00',
];

const PERIODS: Array<[string, string]> = [
  ['2026-01-01', '2026-12-31'], // a calendar year: whole months only
  ['2025-01-01', '2025-12-31'],
  ['2025-12-01', '2026-02-28'], // whole months across the year's end
  ['2025-12-15', '2026-03-14'], // edge days at both ends, whole months between
  ['2025-12-02', '2026-02-28'], // edge days at the start only
  ['2025-12-01', '2026-02-27'], // edge days at the end only
  ['2026-01-02', '2026-01-30'], // inside one month, no whole month
  ['2025-12-31', '2026-01-01'], // two days across the year's end
  ['2026-01-31', '2026-02-01'], // two days across a month's end
  ['2026-01-01', '2026-01-01'], // one day, a month's first
  ['2026-02-28', '2026-02-28'], // one day, a month's last
  ['2026-01-01', '2026-01-31'], // exactly one month
  ['2026-01-15', '2026-02-14'], // a month's length, no whole month
  ['2025-11-20', '2026-04-10'], // everything
];

/** A small deterministic generator (the data are the same on every run). */
function generator(seed: number) {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return { next, pick: <T>(xs: T[]) => xs[Math.floor(next() * xs.length)] };
}

/** Local wall time `YYYY-MM-DDTHH:mm:ss` plus some seconds. */
const plus = (local: string, seconds: number) =>
  new Date(new Date(`${local}Z`).getTime() + seconds * 1000).toISOString().slice(0, 19);

describe('service index: the period roll-up equals a live count at every edge', () => {
  let t: TestApp;
  let w: StaffWorld;
  let d: DossierArranger;

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin, reformIndexPlugin] });
    w = await arrangeStaffWorld(t);
    d = new DossierArranger(t);
    await d.init(w.adminToken);
    const g = generator(19);
    const places = [
      { agency: w.agencyA.id, unit: w.communeA.id },
      { agency: w.agencyB.id, unit: w.communeB.id },
    ];
    const instant = () =>
      g.next() < 0.6 ? g.pick(EDGES) : plus('2025-11-20T00:00:00', Math.floor(g.next() * 141 * 86400)); // 20/11/2025 – 9/4/2026
    for (let i = 0; i < 160; i++) {
      const received = instant();
      const resolvedAt =
        g.next() < 0.75
          ? g.next() < 0.5
            ? plus(received, Math.floor(g.next() * 40 * 86400))
            : g.pick(EDGES)
          : null;
      const resolved = resolvedAt && resolvedAt >= received ? resolvedAt : null;
      const rated =
        resolved && g.next() < 0.6
          ? g.next() < 0.5
            ? plus(resolved, Math.floor(g.next() * 3 * 86400))
            : g.pick(EDGES)
          : null;
      await d.dossier({
        ...g.pick(places),
        status: resolved ? 10 : 4,
        channel: g.pick(['ONLINE', 'ONLINE', 'COUNTER', 'POST'] as const),
        received,
        resolved: resolved ?? undefined,
        appointment: plus(received, 5 * 86400),
        timeliness: resolved ? g.pick(['EARLY', 'ON_TIME', 'LATE'] as const) : undefined,
        digitised: g.next() < 0.5,
        resultDigitised: resolved ? g.pick([true, false, undefined]) : undefined,
        rating: rated && rated >= resolved! ? [1 + Math.floor(g.next() * 5), rated] : undefined,
        code: `EDGE-${i}`,
      });
    }
    // Moves across month ends (the roll-ups follow by trigger), a change of channel, a deletion.
    await t.sql(
      `update procedures_dossier set received_at = $1 where code in ('EDGE-3', 'EDGE-17', 'EDGE-40')`,
      [vn('2026-01-31T23:59:59')],
    );
    await t.sql(
      `update procedures_dossier set resolved_at = $1 where code in ('EDGE-5', 'EDGE-50') and resolved_at is not null`,
      [vn('2026-03-01T00:00:00')],
    );
    await t.sql(
      `update procedures_dossier set channel = 'ONLINE', components_digitised = true where code = 'EDGE-8'`,
    );
    await t.sql(
      `update procedures_rating set rating = 1, rated_at = $1 where dossier_id in
      (select id from procedures_dossier where code in ('EDGE-11', 'EDGE-12', 'EDGE-13', 'EDGE-14'))`,
      [vn('2026-02-28T23:59:59')],
    );
    await t.sql(`delete from procedures_dossier where code in ('EDGE-21', 'EDGE-22')`);
  });
  afterAll(() => t.close());

  /** The counters a live computation gives, from the dossiers and ratings themselves. */
  async function live(subject: { unitIds?: string[]; agencyId?: string }, from: string, to: string) {
    const start = vn(`${from}T00:00:00`);
    const next = new Date(`${to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    const end = vn(`${next.toISOString().slice(0, 10)}T00:00:00`);
    const [who, param] = subject.agencyId
      ? ['agency_id = $3', subject.agencyId]
      : ['unit_id = any($3::uuid[])', `{${subject.unitIds!.join(',')}}`];
    const [row] = await t.sql(
      `select
         (select count(*) from procedures_dossier_v where received_at >= $1 and received_at < $2 and ${who})::int as received,
         (select count(*) from procedures_dossier_v where received_at >= $1 and received_at < $2 and channel = 'ONLINE' and ${who})::int as online,
         (select count(*) from procedures_dossier_v where received_at >= $1 and received_at < $2 and components_digitised and ${who})::int as digitised,
         (select count(*) from procedures_dossier_v where resolved_at >= $1 and resolved_at < $2 and received_at is not null and ${who})::int as resolved,
         (select count(*) from procedures_dossier_v where resolved_at >= $1 and resolved_at < $2 and received_at is not null
            and timeliness in ('EARLY', 'ON_TIME') and ${who})::int as in_time,
         (select count(*) from procedures_dossier_v where resolved_at >= $1 and resolved_at < $2 and received_at is not null
            and result_digitised and ${who})::int as result_digitised,
         (select count(*) from procedures_rating_v where rated_at >= $1 and rated_at < $2 and rating <= 2 and ${who})::int as dissatisfied`,
      [start, end, param],
    );
    return {
      '2.1': [row.in_time, row.resolved],
      '3.1': [row.result_digitised, row.resolved],
      '3.2': [row.digitised, row.received],
      '4.3': [row.online, row.received],
      '5.3': [Math.max(0, row.resolved - row.dissatisfied), row.resolved],
    } as Record<string, [number, number]>;
  }

  it.each(PERIODS)(
    '%s … %s: each computed criterion as counted live, for a unit and for an agency',
    async (from, to) => {
      const subjects = [
        {
          filter: { unitId: w.province.id },
          live: { unitIds: [w.province.id, w.communeA.id, w.communeB.id] },
        },
        { filter: { unitId: w.communeB.id }, live: { unitIds: [w.communeB.id] } },
        { filter: { agencyId: w.agencyA.id }, live: { agencyId: w.agencyA.id } },
      ];
      for (const subject of subjects) {
        const { serviceIndex } = await t.query(
          ServiceIndexDocument,
          { filter: { ...subject.filter, from, to }, shortfallFirst: 0 },
          { token: w.leaderP.token },
        );
        const expected = await live(subject.live, from, to);
        const got = Object.fromEntries(
          serviceIndex.criteria
            .filter((c: any) => c.criterion.code in expected)
            .map((c: any) => [c.criterion.code, [c.numerator, c.denominator]]),
        );
        expect({ subject: subject.filter, got }).toEqual({ subject: subject.filter, got: expected });
        // The drill-down (a live query over the dossiers) names exactly the dossiers the rate misses.
        for (const c of serviceIndex.criteria.filter((c: any) =>
          ['2.1', '3.1', '3.2', '4.3'].includes(c.criterion.code),
        ))
          expect([c.criterion.code, c.shortfall.totalCount]).toEqual([
            c.criterion.code,
            c.denominator! - c.numerator!,
          ]);
      }
    },
  );

  it('the generated data reach every edge: dossiers on both sides of each month end, in most periods', async () => {
    const [row] = await t.sql(
      `select count(distinct date_trunc('month', received_at at time zone 'Asia/Ho_Chi_Minh'))::int as months,
              count(*) filter (where received_at = $1)::int as new_year, count(*) filter (where received_at = $2)::int as old_year,
              count(*) filter (where resolved_at = $3)::int as resolved_march_first
         from procedures_dossier`,
      [vn('2026-01-01T00:00:00'), vn('2025-12-31T23:59:59'), vn('2026-03-01T00:00:00')],
    );
    expect(row.months).toBeGreaterThanOrEqual(5);
    expect(row.new_year).toBeGreaterThan(0);
    expect(row.old_year).toBeGreaterThan(0);
    expect(row.resolved_march_first).toBeGreaterThan(0);
    let empty = 0;
    for (const [from, to] of PERIODS) {
      const l = await live({ unitIds: [w.province.id, w.communeA.id, w.communeB.id] }, from, to);
      if (!l['4.3'][1] || !l['2.1'][1]) empty++;
    }
    expect(empty).toBeLessThanOrEqual(2); // 2025 as a year, and perhaps one single day
  });
});
