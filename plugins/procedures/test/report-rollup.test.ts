import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createProcedure } from './helpers';
import { DossierStatisticsDocument } from '../../../test/graphql/generated';

/**
 * Biểu II.06a from the roll-ups equals a live computation over the dossiers, on generated data
 * (800 days of dossiers with appointment histories, clock pauses, ratings, a competent agency other
 * than the receiving one, dossiers received or finished exactly at local midnight, due dates after
 * today), for periods with every kind of edge: a calendar year, mid-month to mid-month, one day,
 * across a year end, today, this month so far, and periods ending after today — after the triggers
 * followed inserts, updates and deletes of dossiers and of their appointment history, and after a
 * rebuild.
 *
 * The live computation is written here from the definitions (README, "Overdue, written once"):
 * counters by the local day of each event; carried over / in progress: the open interval
 * (received_at, finished_at] contains the period's first / ending local midnight; overdue:
 * procedures_dossier_overdue_at at the ending midnight.
 */
const DAY = 86_400_000;
const localDate = (days = 0) => new Date(Date.now() + 7 * 3_600_000 + days * DAY).toISOString().slice(0, 10);

type Figures = Record<string, number>;

describe('Biểu II.06a from the roll-ups equals the live computation', () => {
  let t: TestApp;
  let w: StaffWorld;

  const live = async (from: string, to: string, view: 'COMPETENT_AGENCY' | 'RECEIVING_AGENCY') => {
    const key = view === 'COMPETENT_AGENCY' ? 'd.field' : 'd.agency_id::text';
    const ratingKey = view === 'COMPETENT_AGENCY' ? 'r.field' : 'r.agency_id::text';
    const rows = await t.sql(
      `with b as (select $1::date as f, $2::date as t, procedures_local_midnight($1::date) as s,
                         procedures_local_midnight($2::date + 1) as e)
       select ${key} as key,
         count(*) filter (where procedures_local_date(d.received_at) between b.f and b.t and d.channel = 'ONLINE')::int as online,
         count(*) filter (where procedures_local_date(d.received_at) between b.f and b.t and d.channel <> 'ONLINE')::int as direct,
         count(*) filter (where procedures_local_date(d.resolved_at) between b.f and b.t and d.timeliness = 'EARLY')::int as early,
         count(*) filter (where procedures_local_date(d.resolved_at) between b.f and b.t and d.timeliness = 'ON_TIME')::int as on_time,
         count(*) filter (where procedures_local_date(d.resolved_at) between b.f and b.t and d.timeliness = 'LATE')::int as late,
         count(*) filter (where procedures_local_date(d.ended_at) between b.f and b.t)::int as stopped,
         count(*) filter (where tstzrange(d.received_at, d.finished_at, '(]') @> b.s)::int as carried,
         count(*) filter (where tstzrange(d.received_at, d.finished_at, '(]') @> b.e)::int as in_progress,
         count(*) filter (where procedures_dossier_overdue_at(d, b.e))::int as overdue
       from procedures_dossier d, b where d.received_at is not null group by 1`,
      [from, to],
    );
    const ratings = await t.sql(
      `select ${ratingKey} as key, count(*)::int as n from procedures_rating r
        where procedures_local_date(r.rated_at) between $1::date and $2::date group by 1`,
      [from, to],
    );
    const byKey = new Map<string, Figures>();
    const zero = () => ({
      online: 0,
      direct: 0,
      early: 0,
      on_time: 0,
      late: 0,
      stopped: 0,
      carried: 0,
      in_progress: 0,
      overdue: 0,
      ratings: 0,
    });
    for (const r of rows) byKey.set(r.key, { ...zero(), ...r, key: undefined } as unknown as Figures);
    for (const r of ratings) byKey.set(r.key, { ...(byKey.get(r.key) ?? zero()), ratings: r.n });
    for (const [k, f] of byKey) {
      delete (f as Record<string, unknown>).key;
      if (Object.values(f).every((v) => v === 0)) byKey.delete(k);
    }
    return byKey;
  };

  const figuresOf = (r: any): Figures => ({
    online: r.received.online,
    direct: r.received.inPersonOrPost,
    early: r.resolved.early,
    on_time: r.resolved.onTime,
    late: r.resolved.late,
    stopped: r.stopped,
    carried: r.received.carriedOver,
    in_progress: r.inProgress.total,
    overdue: r.inProgress.overdue,
    ratings: r.satisfaction.count,
  });

  const compare = async (
    from: string,
    to: string,
    view: 'COMPETENT_AGENCY' | 'RECEIVING_AGENCY' = 'COMPETENT_AGENCY',
  ) => {
    const data = await t.query(
      DossierStatisticsDocument,
      {
        filter: {
          from,
          to,
          unitId: w.province.id,
          groupBy: view === 'COMPETENT_AGENCY' ? 'FIELD' : 'AGENCY',
          view,
        },
      },
      { token: w.adminToken },
    );
    const expected = await live(from, to, view);
    const got = new Map<string, Figures>(
      data.dossierStatistics.rows.map((r: any) => [r.key, figuresOf(r)] as [string, Figures]),
    );
    expect({ period: `${from}..${to}`, view, rows: Object.fromEntries(got) }).toEqual({
      period: `${from}..${to}`,
      view,
      rows: Object.fromEntries(expected),
    });
    // The total row is the sum of the rows, and the report's identities hold.
    const total = figuresOf(data.dossierStatistics.total);
    for (const name of Object.keys(total))
      expect(total[name]).toBe([...expected.values()].reduce((s, f) => s + f[name], 0));
    const r = data.dossierStatistics.total;
    expect(r.received.total).toBe(r.resolved.total + r.stopped + r.inProgress.total);
    return total;
  };

  const periods = (): Array<[string, string]> => {
    const today = localDate();
    const firstOfMonth = `${today.slice(0, 8)}01`;
    const fixed: Array<[string, string]> = [
      ['2025-01-01', '2025-12-31'], // a calendar year
      ['2025-03-15', '2025-06-20'], // mid-month to mid-month
      ['2025-07-01', '2025-07-01'], // one day
      ['2024-12-10', '2026-01-05'], // across year ends, a whole year inside
      ['2025-02-01', '2025-02-28'], // a whole month
      [today, today], // today
      [firstOfMonth, today], // this month so far
      [localDate(-30), today], // the last 30 days
      [localDate(-5), localDate(10)], // ending after today
      [localDate(-400), localDate(40)],
    ];
    // And a sweep of periods from a fixed sequence.
    for (let i = 0; i < 14; i++) {
      const start = -820 + ((i * 157) % 800);
      fixed.push([localDate(start), localDate(start + ((i * 61) % 420))]);
    }
    return fixed;
  };

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
      `create temporary table gen_place as select * from (values
        (0, $1::uuid, $2::uuid, $1::uuid, $2::uuid), (1, $3::uuid, $4::uuid, $3::uuid, $4::uuid),
        (2, $1::uuid, $2::uuid, $5::uuid, $6::uuid), (3, $5::uuid, $6::uuid, $5::uuid, $6::uuid)) x(n, agency, unit, c_agency, c_unit)`,
      [w.agencyA.id, w.communeA.id, w.agencyB.id, w.communeB.id, w.provinceAgency.id, w.province.id],
    );
    // 1,500 dossiers over the 800 days before today (the triggers keep the roll-ups as they go).
    // h(g, salt) is a fixed pseudo-random number in [0, 1).
    await t.sql(
      `create or replace function pg_temp.h(g int, salt text) returns float8 language sql immutable as
        $$ select (abs(hashtext(g::text || salt)) % 1000000) / 1000000.0 $$`,
    );
    await t.sql(
      `insert into procedures_dossier (id, created_at, updated_at, code, procedure_id, procedure_version_id, case_code, field, channel, status,
        agency_id, unit_id, competent_agency_id, competent_unit_id, holder_agency_id, holder_unit_id, involved_unit_ids, applicant_kind,
        applicant_name, submitted_at, received_at, limit_amount, limit_unit, appointment_at, resolved_at, timeliness, result_digitised,
        ended_at, end_reason, components_digitised, receipt_id)
      select gen_random_uuid(), now(), now(), 'GEN-' || g, $1, $2, 'TH1',
             (array['Hộ tịch', 'Chứng thực', 'Đất đai'])[1 + g % 3],
             (array['COUNTER', 'ONLINE', 'POST', 'ONLINE'])[1 + g % 4]::procedures_channel,
             case when k < 0.7 then 10 when k < 0.8 then 8 else 4 end,
             pl.agency, pl.unit, pl.c_agency, pl.c_unit, pl.agency, pl.unit, array[pl.unit, pl.c_unit], 'CITIZEN', 'Người nộp',
             r, r, 3, 'WORKING_DAYS', r + a, case when k < 0.7 then f end,
             case when k < 0.7 then (case when f <= r + a then 'ON_TIME' else 'LATE' end)::procedures_timeliness end,
             case when k < 0.7 then g % 2 = 0 end, case when k >= 0.7 and k < 0.8 then f end,
             case when k >= 0.7 and k < 0.8 then 'WITHDRAWN'::procedures_end_reason end, g % 5 <> 0, gen_random_uuid()
        from generate_series(1, 1500) g
        cross join lateral (select pg_temp.h(g, 'k') as k) kk
        join gen_place pl on pl.n = g % 4
        -- Received at a minute of the 800 days; one in nine exactly at a local midnight.
        cross join lateral (select case when g % 9 = 0 then date_trunc('day', x) else x end as r0
                              from (select now() - (pg_temp.h(g, 'r') * 800) * interval '1 day' as x) y) rr
        cross join lateral (select case when g % 9 = 0 then procedures_local_midnight(procedures_local_date(rr.r0)) else rr.r0 end as r) r1
        -- The appointment 0–20 days later; finished 0–30 days later (the same day for some, at a midnight for some).
        cross join lateral (select (pg_temp.h(g, 'a') * 20) * interval '1 day' as a) aa
        cross join lateral (select case when g % 11 = 0 then r + interval '2 hours'
                                        when g % 13 = 0 then procedures_local_midnight(procedures_local_date(r) + 6)
                                        else r + (pg_temp.h(g, 'f') * 30) * interval '1 day' end as f) ff`,
      [p.id, v.id],
    );
    // Finishing "in the future" is not a thing: those stay open.
    await t.sql(`update procedures_dossier set resolved_at = null, timeliness = null, result_digitised = null, ended_at = null,
        end_reason = null, status = 4 where code like 'GEN-%' and coalesce(resolved_at, ended_at) > now()`);
    // Appointment histories for two dossiers in three: the appointment from reception; for every
    // fifth a supplement pause (the clock stopped, as it stood) and a resumption with a later date.
    await t.sql(`insert into procedures_dossier_deadline (dossier_id, since, due_at, paused)
      select id, received_at, appointment_at, false from procedures_dossier where code like 'GEN-%' and substr(code, 5)::int % 3 <> 0`);
    await t.sql(`insert into procedures_dossier_deadline (dossier_id, since, due_at, paused)
      select id, received_at + (appointment_at - received_at) * 0.7, appointment_at, true
        from procedures_dossier where code like 'GEN-%' and substr(code, 5)::int % 5 = 1`);
    await t.sql(`insert into procedures_dossier_deadline (dossier_id, since, due_at, paused)
      select id, received_at + (appointment_at - received_at) * 0.7 + interval '4 days', appointment_at + interval '6 days', false
        from procedures_dossier where code like 'GEN-%' and substr(code, 5)::int % 10 = 1`);
    // Ratings of one resolved dossier in four, the day after.
    await t.sql(`insert into procedures_rating (id, created_at, updated_at, dossier_id, rating, rated_at, unit_id, agency_id, field)
      select gen_random_uuid(), now(), now(), id, 1 + substr(code, 5)::int % 5, resolved_at + interval '1 day', unit_id, agency_id, field
        from procedures_dossier where code like 'GEN-%' and resolved_at is not null and resolved_at < now() - interval '1 day'
         and substr(code, 5)::int % 4 = 0`);
  }, 120_000);
  afterAll(() => t?.close());

  it('the generated data has every kind of edge', async () => {
    const [c] = await t.sql(`select
        count(*) filter (where received_at = procedures_local_midnight(procedures_local_date(received_at)))::int as at_midnight,
        count(*) filter (where finished_at is null)::int as open,
        count(*) filter (where finished_at is null and appointment_at < now())::int as open_late,
        count(*) filter (where appointment_at > now())::int as due_after_today,
        count(*) filter (where procedures_local_date(finished_at) = procedures_local_date(received_at))::int as same_day,
        count(*) filter (where competent_agency_id <> agency_id)::int as elsewhere
      from procedures_dossier where code like 'GEN-%'`);
    for (const [name, n] of Object.entries(c))
      expect({ name, some: (n as number) > 5 }).toEqual({ name, some: true });
    const [paused] = await t.sql(`select count(*)::int as n from procedures_dossier_deadline where paused`);
    expect(paused.n).toBeGreaterThan(50);
  });

  it('equals the live computation for every period, per field and per receiving agency', async () => {
    let overdueSeen = 0;
    for (const [from, to] of periods()) {
      const total = await compare(from, to);
      overdueSeen += total.overdue;
    }
    expect(overdueSeen).toBeGreaterThan(0);
    await compare('2025-03-15', '2025-06-20', 'RECEIVING_AGENCY');
    await compare(localDate(-30), localDate(), 'RECEIVING_AGENCY');
  }, 120_000);

  it('stays equal through changes of dossiers and appointment histories, and after a rebuild', async () => {
    // Finish open dossiers (some the day they were received), reopen finished ones, move receptions
    // across a year end, change the competent agency and the field, move appointments, pause
    // clocks, drop history rows and dossiers.
    await t.sql(`update procedures_dossier set resolved_at = greatest(received_at, now() - interval '3 days'), timeliness = 'LATE', status = 10
      where code like 'GEN-%' and finished_at is null and substr(code, 5)::int % 2 = 0`);
    await t.sql(`update procedures_dossier set resolved_at = null, timeliness = null, status = 4
      where code like 'GEN-%' and resolved_at is not null and substr(code, 5)::int % 17 = 0`);
    await t.sql(`update procedures_dossier set received_at = timestamptz '2024-12-31 23:30:00+07', submitted_at = timestamptz '2024-12-31 23:30:00+07'
      where code like 'GEN-%' and substr(code, 5)::int % 23 = 0 and coalesce(finished_at, now()) > timestamptz '2025-01-01 00:00:00+07'`);
    await t.sql(
      `update procedures_dossier set competent_agency_id = $1, competent_unit_id = $2
      where code like 'GEN-%' and substr(code, 5)::int % 19 = 0`,
      [w.provinceAgency.id, w.province.id],
    );
    await t.sql(
      `update procedures_dossier set field = 'Đất đai' where code like 'GEN-%' and substr(code, 5)::int % 29 = 0`,
    );
    await t.sql(`update procedures_dossier set appointment_at = appointment_at + interval '9 days'
      where code like 'GEN-%' and substr(code, 5)::int % 7 = 0`);
    await t.sql(`insert into procedures_dossier_deadline (dossier_id, since, due_at, paused)
      select id, now() - interval '2 days', appointment_at, true from procedures_dossier
       where code like 'GEN-%' and finished_at is null and substr(code, 5)::int % 3 = 1`);
    await t.sql(`update procedures_dossier_deadline set due_at = due_at - interval '5 days'
      where id in (select id from procedures_dossier_deadline where id % 7 = 0)`);
    await t.sql(`delete from procedures_dossier_deadline where id % 11 = 0`);
    await t.sql(`delete from procedures_rating where dossier_id in
      (select id from procedures_dossier where code like 'GEN-%' and substr(code, 5)::int % 31 = 0)`);
    await t.sql(`delete from procedures_dossier where code like 'GEN-%' and substr(code, 5)::int % 31 = 0`);
    for (const [from, to] of periods()) await compare(from, to);

    const tables = async () => {
      const out: Record<string, unknown[]> = {};
      for (const [table, key] of [
        ['procedures_daily_stat', 'day'],
        ['procedures_monthly_stat', 'month'],
        ['procedures_yearly_stat', 'year'],
      ])
        out[table] =
          await t.sql(`select ${key}::text, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id,
            open_change, overdue_change, received_online, received_direct, resolved_early, resolved_on_time, resolved_late, stopped, rating_count
          from ${table} where open_change <> 0 or overdue_change <> 0 or received_online <> 0 or received_direct <> 0
            or resolved_early <> 0 or resolved_on_time <> 0 or resolved_late <> 0 or stopped <> 0 or rating_count <> 0
          order by 1, 2, 3, 4, 5, 6`);
      out.overdue = await t.sql(`select dossier_id, days::text from procedures_dossier_overdue order by 1`);
      return out;
    };
    const kept = await tables();
    expect(kept.overdue.length).toBeGreaterThan(20);
    await t.sql(`select procedures_rebuild_daily_stats()`);
    expect(await tables()).toEqual(kept);
    await compare('2025-01-01', '2025-12-31');
    await compare(localDate(-5), localDate(10));
  }, 180_000);
});
