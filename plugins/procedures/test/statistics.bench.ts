/**
 * Statistics on a province-sized history: ~1,000,000 dossiers in a year over 40 communes.
 * Not part of the test suite (jest runs *.test.ts); run it with
 *
 *   npx jest --testMatch '<rootDir>/plugins/procedures/test/statistics.bench.ts' --testTimeout 1800000
 *
 * Prints the generation time, EXPLAIN (ANALYZE, BUFFERS) of the report's main query, and the
 * timing of the report read through GraphQL (cold and warm).
 */
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createProcedure } from './helpers';

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 1_000_000);
const COMMUNES = 40;

describe('statistics benchmark', () => {
  let t: TestApp;
  let w: StaffWorld;
  afterAll(() => t?.close());

  it(`reports a year of ${DOSSIERS} dossiers`, async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
    w = await arrangeStaffWorld(t);
    const p = await createProcedure(t, w.adminToken, {
      cases: [{ code: 'TH1', name: 'x', limits: [{ amount: 3, unit: 'WORKING_DAYS' }] }],
      fees: [],
      components: [{ code: 'TK', name: 'Tờ khai', originals: 1 }],
    });
    const [v] = await t.sql(`select id from procedures_procedure_version where procedure_id = $1`, [p.id]);
    const started = Date.now();
    // 40 more communes with an agency each, under the province.
    await t.sql(
      `insert into staff_unit (id, created_at, updated_at, code, name, type, level, parent_id, valid_from, path)
      select gen_random_uuid(), now(), now(), lpad((7000 + i)::text, 5, '0'), 'Xã ' || i, 'COMMUNE', 3, $1, '2025-07-01', (select path from staff_unit where id = $1) || 'x' || i || '/'
        from generate_series(1, ${COMMUNES}) i`,
      [w.province.id],
    );
    await t.sql(
      `update staff_unit set path = (select path from staff_unit where id = $1) || id || '/' where path like '%/x%/'`,
      [w.province.id],
    );
    await t.sql(`insert into staff_agency (id, created_at, updated_at, name, kind, electronic_id, unit_id)
      select gen_random_uuid(), now(), now(), 'UBND ' || u.name, 'PEOPLES_COMMITTEE', '000.' || lpad((row_number() over ())::text, 2, '0') || '.99.H46', u.id
        from staff_unit u where u.name like 'Xã %'`);
    const agencies = await t.sql(
      `select a.id as agency_id, a.unit_id from staff_agency a join staff_unit u on u.id = a.unit_id where u.name like 'Xã %' order by a.id`,
    );
    await t.sql(
      `create temporary table bench_agency as select row_number() over () - 1 as n, agency_id, unit_id from (select unnest($1::uuid[]) as agency_id, unnest($2::uuid[]) as unit_id) x`,
      [agencies.map((a) => a.agency_id), agencies.map((a) => a.unit_id)],
    );
    // A year of dossiers, 2025-07-01 .. 2026-06-30, 95 % resolved (90 % of them early or on time), some stopped, the rest open.
    await t.sql(`set maintenance_work_mem = '256MB'`);
    // Bulk load without the roll-up trigger, then rebuild the roll-up in one statement (as an operator would).
    await t.sql(`alter table procedures_dossier disable trigger procedures_dossier_stats`);
    await t.sql(`alter table procedures_dossier disable trigger procedures_dossier_overdue`);
    await t.sql(
      `
      insert into procedures_dossier (id, created_at, updated_at, code, procedure_id, procedure_version_id, case_code, field, channel, status,
        agency_id, unit_id, holder_agency_id, holder_unit_id, involved_unit_ids, applicant_kind, applicant_name, submitted_at, received_at,
        limit_amount, limit_unit, appointment_at, resolved_at, timeliness, result_digitised, ended_at, end_reason, components_digitised, receipt_id)
      select gen_random_uuid(), now(), now(), 'B-' || g, $1, $2, 'TH1',
             (array['Hộ tịch','Chứng thực','Đất đai','Tư pháp','Xây dựng','Kinh doanh','Lao động','Giáo dục','Y tế','Văn hóa'])[1 + g % 10],
             (array['COUNTER','ONLINE','POST','ONLINE','COUNTER'])[1 + g % 5]::procedures_channel,
             case when g % 100 < 95 then 10 when g % 100 < 97 then 8 else 4 end,
             a.agency_id, a.unit_id, a.agency_id, a.unit_id, array[a.unit_id], 'CITIZEN', 'Người nộp',
             r, r, 3, 'WORKING_DAYS', r + interval '3 days',
             case when g % 100 < 95 then r + ((g % 7) * interval '12 hours') end,
             case when g % 100 < 95 then (case when g % 7 < 4 then 'EARLY' when g % 7 < 6 then 'ON_TIME' else 'LATE' end)::procedures_timeliness end,
             case when g % 100 < 95 then g % 10 <> 0 end,
             case when g % 100 between 95 and 96 then r + interval '1 day' end,
             case when g % 100 between 95 and 96 then 'WITHDRAWN'::procedures_end_reason end,
             g % 20 <> 0, gen_random_uuid()
        from generate_series(1, ${DOSSIERS}) g
        cross join lateral (select timestamptz '2025-06-30 17:00:00+00' + (g::float8 / ${DOSSIERS}) * interval '365 days' as r) t
        join bench_agency a on a.n = g % ${COMMUNES}`,
      [p.id, v.id],
    );
    await t.sql(`insert into procedures_rating (id, created_at, updated_at, dossier_id, rating, rated_at, unit_id, agency_id, field)
      select gen_random_uuid(), now(), now(), id, 1 + abs(hashtext(id::text || 'r')) % 5, received_at + interval '2 days', unit_id, agency_id, field
        from procedures_dossier where code like 'B-%' and resolved_at is not null and abs(hashtext(id::text)) % 10 = 0`);
    await t.sql(`alter table procedures_dossier enable trigger procedures_dossier_stats`);
    await t.sql(`alter table procedures_dossier enable trigger procedures_dossier_overdue`);
    const rebuildStarted = Date.now();
    await t.sql(`select procedures_rebuild_daily_stats()`);
    const rebuilt = (Date.now() - rebuildStarted) / 1000;
    await t.sql(`vacuum analyze procedures_dossier`);
    await t.sql(`vacuum analyze procedures_daily_stat`);
    await t.sql(`vacuum analyze procedures_rating`);
    const generated = (Date.now() - started) / 1000;
    const [{ n }] = await t.sql(`select count(*)::int as n from procedures_dossier`);

    const query = `query($f: StatisticsFilterInput!) { dossierStatistics(filter: $f) { total { received { total carriedOver online inPersonOrPost }
      resolved { total early onTime late } inProgress { total withinDeadline overdue } stopped onTimeRate dossierDigitisationRate resultDigitisationRate onlineRate satisfaction { count average } }
      rows { label received { total } } } }`;
    const timings: Record<string, number[]> = {};
    const time = async (name: string, f: Record<string, unknown>) => {
      const t0 = process.hrtime.bigint();
      const data = await t.query(query, { f }, { token: w.leaderP.token });
      (timings[name] ??= []).push(Number(process.hrtime.bigint() - t0) / 1e6);
      return data;
    };
    const year = { from: '2025-07-01', to: '2026-06-30', unitId: w.province.id };
    const quarter = { from: '2026-01-01', to: '2026-03-31', unitId: w.province.id };
    const month = { from: '2026-03-01', to: '2026-03-31', unitId: w.province.id };
    let result;
    for (let i = 0; i < 3; i++) result = await time('year, province, per field', year);
    for (let i = 0; i < 3; i++) await time('quarter, province, per field', quarter);
    for (let i = 0; i < 3; i++) await time('month, province, per field', month);
    for (let i = 0; i < 3; i++) await time('year, one commune', { ...year, unitId: agencies[0].unit_id });

    // The main aggregate, as the service runs it, under EXPLAIN ANALYZE.
    const units = await t.sql(
      `select id from staff_unit where path like (select path from staff_unit where id = $1) || '%'`,
      [w.province.id],
    );
    const unitArray = `{${units.map((u) => u.id).join(',')}}`;
    const explain = async (sql: string, params: unknown[]) =>
      (await t.sql(`explain (analyze, buffers) ${sql}`, params)).map((r) => r['QUERY PLAN'] as string);
    const rollupPlan = await explain(
      `select s.field, sum(s.received_online), sum(s.received_direct), sum(s.received_digitised), sum(s.resolved_early), sum(s.resolved_on_time),
        sum(s.resolved_late), sum(s.resolved_digitised), sum(s.stopped)
      from procedures_daily_stat s where s.day >= '2025-07-01'::date and s.day <= '2026-06-30'::date and s.unit_id = any($1::uuid[]) group by 1`,
      [unitArray],
    );
    const openPlan = await explain(
      `select d.field,
        count(*) filter (where tstzrange(d.received_at, d.finished_at, '(]') @> '2025-06-30 17:00+00'::timestamptz),
        count(*) filter (where tstzrange(d.received_at, d.finished_at, '(]') @> '2026-06-30 17:00+00'::timestamptz),
        count(*) filter (where tstzrange(d.received_at, d.finished_at, '(]') @> '2026-06-30 17:00+00'::timestamptz and coalesce(
          (select case when h.paused then procedures_local_date(h.since) > procedures_local_date(h.due_at) else procedures_local_date('2026-06-30 17:00+00') > procedures_local_date(h.due_at) end
             from procedures_dossier_deadline h where h.dossier_id = d.id and h.since < '2026-06-30 17:00+00' order by h.since desc, h.id desc limit 1),
          procedures_local_date('2026-06-30 17:00+00') > procedures_local_date(d.appointment_at)))
      from procedures_dossier d
      where d.received_at is not null and (tstzrange(d.received_at, d.finished_at, '(]') @> '2025-06-30 17:00+00'::timestamptz
        or tstzrange(d.received_at, d.finished_at, '(]') @> '2026-06-30 17:00+00'::timestamptz) and d.unit_id = any($1::uuid[])
      group by 1`,
      [unitArray],
    );
    const plan = [
      '-- additive counters (daily roll-up):',
      ...rollupPlan,
      '-- open at the start / at the end (GiST on the open interval):',
      ...openPlan,
    ];
    const report = [
      `dossiers: ${n} (generated in ${generated.toFixed(1)} s, roll-up rebuilt in ${rebuilt.toFixed(1)} s, ${(await t.sql(`select count(*)::int as n from procedures_daily_stat`))[0].n} roll-up rows)`,
      ...Object.entries(timings).map(
        ([name, ms]) =>
          `${name}: ${ms.map((x) => x.toFixed(0)).join(' / ')} ms (GraphQL round trip, cold then warm)`,
      ),
      `year total: ${JSON.stringify((result as { dossierStatistics: { total: unknown } }).dossierStatistics.total)}`,
      'EXPLAIN ANALYZE (year, province):',
      ...plan,
    ].join('\n');
    console.log(report);
    expect(n).toBeGreaterThanOrEqual(DOSSIERS);
  });
});
