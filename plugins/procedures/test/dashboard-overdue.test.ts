import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createProcedure } from './helpers';
import {
  CreateOfficialDocument,
  DossiersDocument,
  DossierStatisticsDocument,
} from '../../../test/graphql/generated';

/**
 * The dashboard's `overdue` and `resolvedToday` (read from the roll-ups) equal the dossiers list's
 * `overdue: true` total and the one-day report's resolved total, on generated dossiers of the last 60
 * days with appointment histories and pauses, and with every way the answer at now can differ from
 * the answer at today's midnight: finished today while overdue, an appointment moved today (late at
 * midnight, in time now), a history row today with a past due date, received today already late.
 */
describe("the dashboard's overdue and resolved today equal the list and the report", () => {
  let t: TestApp;
  let w: StaffWorld;

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
    w = await arrangeStaffWorld(t);
    const p = await createProcedure(t, w.adminToken, {
      cases: [{ code: 'TH1', name: 'x', limits: [{ amount: 3, unit: 'WORKING_DAYS' }] }],
      fees: [],
      components: [{ code: 'TK', name: 'Tờ khai', originals: 1 }],
    });
    const [v] = await t.sql(`select id from procedures_procedure_version where procedure_id = $1`, [p.id]);
    await t.sql(
      `insert into procedures_dossier (id, created_at, updated_at, code, procedure_id, procedure_version_id, case_code, field, channel, status,
        agency_id, unit_id, competent_agency_id, competent_unit_id, holder_agency_id, holder_unit_id, involved_unit_ids, applicant_kind,
        applicant_name, submitted_at, received_at, limit_amount, limit_unit, appointment_at, resolved_at, timeliness, components_digitised, receipt_id)
      select gen_random_uuid(), now(), now(), 'GEN-' || g, $1, $2, 'TH1', 'Hộ tịch', 'COUNTER', case when g % 3 = 0 then 10 else 4 end,
             pl.agency, pl.unit, pl.agency, pl.unit, pl.agency, pl.unit, array[pl.unit], 'CITIZEN', 'Người nộp',
             r, r, 3, 'WORKING_DAYS', r + (g % 20) * interval '1 day',
             case when g % 3 = 0 then least(now() - interval '1 hour', r + (g % 25) * interval '1 day') end,
             case when g % 3 = 0 then 'LATE'::procedures_timeliness end, true, gen_random_uuid()
        from generate_series(1, 400) g
        cross join lateral (select now() - ((g * 37) % 60) * interval '1 day' - (g % 7) * interval '1 hour' as r) rr
        join (values (0, $3::uuid, $4::uuid), (1, $5::uuid, $6::uuid)) pl(n, agency, unit) on pl.n = g % 2`,
      [p.id, v.id, w.agencyA.id, w.communeA.id, w.agencyB.id, w.communeB.id],
    );
    await t.sql(`insert into procedures_dossier_deadline (dossier_id, since, due_at, paused)
      select id, received_at, appointment_at, false from procedures_dossier where substr(code, 5)::int % 2 = 0`);
    await t.sql(`insert into procedures_dossier_deadline (dossier_id, since, due_at, paused)
      select id, received_at + interval '1 day', appointment_at, true from procedures_dossier where substr(code, 5)::int % 5 = 1`);
    // Today's instants: a minute ago, never before today's local midnight.
    const today = `greatest(now() - interval '1 minute', procedures_local_midnight(procedures_local_date(now())))`;
    // Finished today while overdue, in both places (odd codes are agencyB's, even ones agencyA's). The
    // generated resolutions above are an hour old, so in the first local hour of a day they fall on
    // yesterday: these rows are what make "resolved today" non-zero at every time of day.
    await t.sql(`update procedures_dossier set resolved_at = ${today}, timeliness = 'LATE', status = 10
      where finished_at is null and procedures_dossier_overdue_at(procedures_dossier, now())
        and (substr(code, 5)::int % 4 = 1 or substr(code, 5)::int % 8 = 4)`);
    // The appointment moved today: late at midnight, in time now.
    await t.sql(`insert into procedures_dossier_deadline (dossier_id, since, due_at, paused)
      select id, ${today}, now() + interval '5 days', false from procedures_dossier
       where finished_at is null and procedures_dossier_overdue_at(procedures_dossier, now()) and substr(code, 5)::int % 4 = 2`);
    // A history row today with a due date already past: in time at midnight, late now.
    await t.sql(`insert into procedures_dossier_deadline (dossier_id, since, due_at, paused)
      select id, ${today}, now() - interval '3 days', false from procedures_dossier
       where finished_at is null and not procedures_dossier_overdue_at(procedures_dossier, now()) and substr(code, 5)::int % 2 = 1`);
    // Received today, already late.
    await t.sql(`update procedures_dossier set received_at = ${today}, submitted_at = ${today}, appointment_at = now() - interval '2 days'
      where code in ('GEN-7', 'GEN-8')`);
  }, 120_000);
  afterAll(() => t?.close());

  /** A leader whose grant is over one agency (its dashboard reads the roll-ups by receiving agency). */
  const agencyLeader = async (agencyId: string): Promise<string> => {
    const created = (
      await t.query(
        CreateOfficialDocument,
        {
          input: {
            fullName: 'Đỗ Thị Hạnh',
            position: 'LEADER',
            personalEmail: 'lanhdao@example.org',
            postings: [{ agencyId }],
            roles: [{ role: 'leader', agencyId }],
          },
        },
        { token: w.adminToken },
      )
    ).createOfficial;
    return t.token(created.username, ['leader']);
  };

  it('has dossiers whose answer now differs from the one at midnight, both ways', async () => {
    const [c] = await t.sql(`select
        count(*) filter (where procedures_dossier_overdue_at(d, now()) and not coalesce(o.days @> procedures_local_date(now()), false))::int as late_now,
        count(*) filter (where not procedures_dossier_overdue_at(d, now()) and coalesce(o.days @> procedures_local_date(now()), false))::int as late_then
      from procedures_dossier d left join procedures_dossier_overdue o on o.dossier_id = d.id`);
    expect(c.late_now).toBeGreaterThan(2);
    expect(c.late_then).toBeGreaterThan(2);
  });

  /** The dashboard of a unit or an agency, and the list's and the report's totals for the same place. */
  const compare = async (place: { unitId: string } | { agencyId: string }, token: string) => {
    const dash = (
      await t.query(
        `query($u: ID, $a: ID) { dashboard(unitId: $u, agencyId: $a) { day dossiers { overdue resolvedToday } } }`,
        { u: 'unitId' in place ? place.unitId : null, a: 'agencyId' in place ? place.agencyId : null },
        { token },
      )
    ).dashboard;
    const overdue = await t.query(
      DossiersDocument,
      { filter: { ...place, overdue: true }, first: 0 },
      { token },
    );
    const stats = await t.query(
      DossierStatisticsDocument,
      { filter: { ...place, from: dash.day, to: dash.day, view: 'RECEIVING_AGENCY', groupBy: 'NONE' } },
      { token },
    );
    expect(dash.dossiers).toEqual({
      overdue: overdue.dossiers.totalCount,
      resolvedToday: stats.dossierStatistics.total.resolved.total,
    });
    return dash.dossiers;
  };

  it.each(['province', 'communeA', 'communeB'] as const)('for %s', async (unit) => {
    const counts = await compare({ unitId: w[unit].id }, w.leaderP.token);
    expect(counts.overdue).toBeGreaterThan(10);
    expect(counts.resolvedToday).toBeGreaterThan(0);
  });

  it.each([
    ['agencyA', 'its own leader'],
    ['agencyB', 'its own leader'],
    ['agencyA', 'the province leader'],
  ] as const)('for %s, seen by %s', async (agency, who) => {
    const agencyId = w[agency].id;
    const token = who === 'its own leader' ? await agencyLeader(agencyId) : w.leaderP.token;
    const counts = await compare({ agencyId }, token);
    expect(counts.overdue).toBeGreaterThan(5);
    expect(counts.resolvedToday).toBeGreaterThan(0);
  });
});
