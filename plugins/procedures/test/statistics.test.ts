import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createCommuneLeader, createOfficial, createProcedure } from './helpers';
import {
  CreateAgencyDocument,
  DossierStatisticsDocument,
  SatisfactionSummaryDocument,
  type StatisticsFilterInput,
} from '../../../test/graphql/generated';

/**
 * Biểu II.06a on a small known population, arranged with SQL (every edge written out), read through
 * GraphQL. Period: March 2026, Vietnamese local time.
 */
const vn = (local: string) => new Date(`${local}+07:00`);

describe('statistics (Biểu II.06a)', () => {
  let t: TestApp;
  let w: StaffWorld;
  let leaderA: { token: string };
  let procedure: { id: string; versionId: string };
  let oldUnit: string;
  let oldAgency: string;

  interface Arranged {
    agency?: string;
    unit?: string;
    channel?: 'COUNTER' | 'ONLINE' | 'POST';
    status: number;
    field?: string;
    submitted?: string;
    received?: string;
    resolved?: string;
    ended?: string;
    timeliness?: string;
    appointment?: string;
    digitised?: boolean;
    resultDigitised?: boolean;
    history?: Array<[string, string, boolean]>;
    rating?: [number, string];
  }
  let n = 0;
  const arrange = async (o: Arranged) => {
    const id = randomUUID();
    const agency = o.agency ?? w.agencyA.id;
    const unit = o.unit ?? w.communeA.id;
    await t.sql(
      `insert into procedures_dossier (id, created_at, updated_at, code, procedure_id, procedure_version_id, case_code, field, channel, status,
        agency_id, unit_id, holder_agency_id, holder_unit_id, involved_unit_ids, applicant_kind, applicant_name, submitted_at, received_at,
        limit_amount, limit_unit, appointment_at, resolved_at, timeliness, result_digitised, ended_at, end_reason, components_digitised, receipt_id)
      values ($1, now(), now(), $2, $3, $4, 'TH1', $5, $6, $7, $8, $9, $8, $9, array[$9]::uuid[], 'CITIZEN', 'Người nộp', $10, $11,
        3, 'WORKING_DAYS', $12, $13, $14, $15, $16, $17, $18, $19)`,
      [
        id,
        `TEST-${++n}`,
        procedure.id,
        procedure.versionId,
        o.field ?? 'Hộ tịch',
        o.channel ?? 'COUNTER',
        o.status,
        agency,
        unit,
        vn(o.submitted ?? o.received ?? '2026-03-01T08:00:00'),
        o.received ? vn(o.received) : null,
        o.appointment ? vn(o.appointment) : null,
        o.resolved ? vn(o.resolved) : null,
        o.timeliness ?? null,
        o.resultDigitised ?? null,
        o.ended ? vn(o.ended) : null,
        o.ended ? (o.status === 3 ? 'REFUSED' : 'WITHDRAWN') : null,
        o.digitised ?? false,
        o.received ? randomUUID() : null,
      ],
    );
    for (const [since, due, paused] of o.history ?? []) {
      await t.sql(
        `insert into procedures_dossier_deadline (dossier_id, since, due_at, paused) values ($1, $2, $3, $4)`,
        [id, vn(since), vn(due), paused],
      );
    }
    if (o.rating) {
      await t.sql(
        `insert into procedures_rating (id, created_at, updated_at, dossier_id, rating, rated_at, unit_id, agency_id, field) values ($1, now(), now(), $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), id, o.rating[0], vn(o.rating[1]), unit, agency, o.field ?? 'Hộ tịch'],
      );
    }
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
    w = await arrangeStaffWorld(t);
    const created = await createProcedure(t, w.adminToken, {
      cases: [{ code: 'TH1', name: 'x', limits: [{ amount: 3, unit: 'WORKING_DAYS' }] }],
      fees: [],
      components: [{ code: 'TK', name: 'Tờ khai', originals: 1 }],
    });
    const [version] = await t.sql(`select id from procedures_procedure_version where procedure_id = $1`, [
      created.id,
    ]);
    procedure = { id: created.id, versionId: version.id };
    // Before the 2025 reform: Phường Hồng Gai (old), merged into today's Phường Hạ Long.
    oldUnit = randomUUID();
    const [province] = await t.sql(`select path from staff_unit where id = $1`, [w.province.id]);
    await t.sql(
      `insert into staff_unit (id, created_at, updated_at, code, name, type, level, parent_id, valid_from, valid_to, path)
      values ($1, now(), now(), '06943', 'Phường Hồng Gai', 'WARD', 3, $2, null, '2025-07-01', $3)`,
      [oldUnit, w.province.id, `${province.path}${oldUnit}/`],
    );
    await t.sql(
      `insert into staff_unit_succession (id, created_at, updated_at, predecessor_id, successor_id, kind, effective_date) values ($1, now(), now(), $2, $3, 'FULL', '2025-07-01')`,
      [randomUUID(), oldUnit, w.communeA.id],
    );
    oldAgency = randomUUID();
    await t.sql(
      `insert into staff_agency (id, created_at, updated_at, name, kind, electronic_id, unit_id) values ($1, now(), now(), 'UBND phường Hồng Gai', 'PEOPLES_COMMITTEE', '000.09.09.H46', $2)`,
      [oldAgency, oldUnit],
    );
    leaderA = await createCommuneLeader(t, w);

    // The population (agency A, Hộ tịch unless said).
    await arrange({
      status: 10,
      received: '2026-02-20T09:00:00',
      resolved: '2026-02-25T09:00:00',
      timeliness: 'EARLY',
      appointment: '2026-02-26T09:00:00',
    }); // D1 finished before: out
    await arrange({ status: 4, received: '2026-02-25T09:00:00', appointment: '2026-03-10T09:00:00' }); // D2 carried over, open, overdue at the end
    await arrange({
      status: 10,
      received: '2026-02-26T09:00:00',
      resolved: '2026-03-05T09:00:00',
      timeliness: 'EARLY',
      appointment: '2026-03-06T09:00:00',
      resultDigitised: true,
      rating: [4, '2026-02-28T10:00:00'],
    }); // D3 carried over, resolved early; rated before the period
    await arrange({
      status: 10,
      received: '2026-03-02T09:00:00',
      resolved: '2026-03-10T10:00:00',
      timeliness: 'ON_TIME',
      appointment: '2026-03-10T09:00:00',
      digitised: true,
      resultDigitised: false,
      rating: [5, '2026-03-12T10:00:00'],
    }); // D4
    await arrange({
      status: 9,
      channel: 'ONLINE',
      received: '2026-03-03T09:00:00',
      resolved: '2026-03-20T09:00:00',
      timeliness: 'LATE',
      appointment: '2026-03-18T09:00:00',
      digitised: true,
      resultDigitised: true,
      rating: [3, '2026-03-21T10:00:00'],
    }); // D5
    await arrange({
      status: 9,
      channel: 'POST',
      received: '2026-03-15T09:00:00',
      resolved: '2026-04-02T09:00:00',
      timeliness: 'EARLY',
      appointment: '2026-04-05T09:00:00',
      history: [
        ['2026-03-15T09:00:00', '2026-03-30T09:00:00', false],
        ['2026-04-01T09:00:00', '2026-04-05T09:00:00', false],
      ],
    }); // D6 resolved after the period; overdue at its end (the new appointment came later)
    await arrange({
      status: 5,
      received: '2026-03-25T09:00:00',
      appointment: '2026-03-27T09:00:00',
      history: [
        ['2026-03-25T09:00:00', '2026-03-27T09:00:00', false],
        ['2026-03-26T09:00:00', '2026-03-27T09:00:00', true],
      ],
    }); // D7 clock stopped in time: within deadline
    await arrange({
      status: 5,
      received: '2026-03-10T09:00:00',
      appointment: '2026-03-18T09:00:00',
      history: [
        ['2026-03-10T09:00:00', '2026-03-18T09:00:00', false],
        ['2026-03-20T09:00:00', '2026-03-18T09:00:00', true],
      ],
    }); // D8 stopped after its date: overdue
    await arrange({
      status: 8,
      channel: 'ONLINE',
      received: '2026-03-05T09:00:00',
      ended: '2026-03-12T09:00:00',
      appointment: '2026-03-08T09:00:00',
      digitised: true,
    }); // D9 withdrawn in the period
    await arrange({ status: 2, received: '2026-03-31T23:59:00', appointment: '2026-04-03T17:00:00' }); // D10 last minute of the period
    await arrange({ status: 2, received: '2026-04-01T00:00:00', appointment: '2026-04-03T17:00:00' }); // D11 first minute after: out
    await arrange({
      status: 10,
      received: '2026-02-27T09:00:00',
      resolved: '2026-03-01T00:00:00',
      timeliness: 'ON_TIME',
      appointment: '2026-03-01T09:00:00',
    }); // D12 carried over, resolved at the first instant
    await arrange({
      status: 8,
      received: '2026-02-10T09:00:00',
      ended: '2026-02-28T23:59:59',
      appointment: '2026-02-13T09:00:00',
    }); // D13 ended just before: out
    await arrange({ status: 1, channel: 'ONLINE', submitted: '2026-03-05T09:00:00', digitised: true }); // D14 filed online, not received: out
    await arrange({
      status: 3,
      channel: 'ONLINE',
      submitted: '2026-03-06T09:00:00',
      ended: '2026-03-06T10:00:00',
      digitised: true,
    }); // D15 refused at intake: out
    await arrange({
      status: 10,
      agency: w.agencyB.id,
      unit: w.communeB.id,
      field: 'Chứng thực',
      received: '2026-03-04T09:00:00',
      resolved: '2026-03-04T15:00:00',
      timeliness: 'ON_TIME',
      appointment: '2026-03-04T17:00:00',
      resultDigitised: true,
      rating: [2, '2026-03-05T09:00:00'],
    }); // D16 other commune
    await arrange({
      status: 10,
      field: 'Chứng thực',
      received: '2026-03-08T09:00:00',
      resolved: '2026-03-09T09:00:00',
      timeliness: 'EARLY',
      appointment: '2026-03-10T09:00:00',
      digitised: true,
      resultDigitised: true,
    }); // D17
    await arrange({
      status: 10,
      agency: oldAgency,
      unit: oldUnit,
      received: '2025-03-10T09:00:00',
      resolved: '2025-03-12T09:00:00',
      timeliness: 'EARLY',
      appointment: '2025-03-13T09:00:00',
      resultDigitised: true,
    }); // D18 old unit, 2025
  });
  afterAll(() => t.close());

  const report = async (filter: StatisticsFilterInput, token = w.leaderP.token) =>
    (await t.query(DossierStatisticsDocument, { filter }, { token })).dossierStatistics;
  const march = { from: '2026-03-01', to: '2026-03-31' };

  it('counts every Biểu II.06a counter of a commune for March, per field and in total', async () => {
    const r = await report({ ...march, unitId: w.communeA.id });
    expect(r.from).toBe('2026-03-01');
    expect(r.rows.map((x: any) => x.label)).toEqual(['Chứng thực', 'Hộ tịch']);
    const hoTich = r.rows.find((x: any) => x.label === 'Hộ tịch');
    expect(hoTich).toEqual({
      key: 'Hộ tịch',
      label: 'Hộ tịch',
      received: { total: 10, carriedOver: 3, online: 2, inPersonOrPost: 5 },
      resolved: { total: 4, early: 1, onTime: 2, late: 1 },
      inProgress: { total: 5, withinDeadline: 2, overdue: 3 },
      stopped: 1,
      onTimeRate: 0.75,
      dossierDigitisationRate: 0.4286,
      resultDigitisationRate: 0.5,
      onlineRate: 0.2857,
      satisfaction: { count: 2, average: 4 },
    });
    expect(r.rows.find((x: any) => x.label === 'Chứng thực')).toEqual({
      key: 'Chứng thực',
      label: 'Chứng thực',
      received: { total: 1, carriedOver: 0, online: 0, inPersonOrPost: 1 },
      resolved: { total: 1, early: 1, onTime: 0, late: 0 },
      inProgress: { total: 0, withinDeadline: 0, overdue: 0 },
      stopped: 0,
      onTimeRate: 1,
      dossierDigitisationRate: 1,
      resultDigitisationRate: 1,
      onlineRate: 0,
      satisfaction: { count: 0, average: null },
    });
    expect(r.total).toEqual({
      key: null,
      label: 'Tổng cộng',
      received: { total: 11, carriedOver: 3, online: 2, inPersonOrPost: 6 },
      resolved: { total: 5, early: 2, onTime: 2, late: 1 },
      inProgress: { total: 5, withinDeadline: 2, overdue: 3 },
      stopped: 1,
      onTimeRate: 0.8,
      dossierDigitisationRate: 0.5,
      resultDigitisationRate: 0.6,
      onlineRate: 0.25,
      satisfaction: { count: 2, average: 4 },
    });
    // The identity of the form: received = resolved + stopped + in progress.
    expect(r.total.received.total).toBe(r.total.resolved.total + r.total.stopped + r.total.inProgress.total);
  });

  it('filters by field (diacritics ignored) and agency, and groups by agency', async () => {
    const byField = await report({ ...march, unitId: w.communeA.id, field: 'ho tich' });
    expect(byField.total.received.total).toBe(10);
    const province = await report({ ...march, groupBy: 'AGENCY' });
    expect(
      province.rows.map((x: any) => [x.label, x.received.total, x.resolved.total, x.satisfaction.count]),
    ).toEqual(
      expect.arrayContaining([
        ['UBND phường Hạ Long', 11, 5, 2],
        ['UBND phường Bãi Cháy', 1, 1, 1],
      ]),
    );
    expect(province.total.received).toEqual({ total: 12, carriedOver: 3, online: 2, inPersonOrPost: 7 });
    expect(province.total.satisfaction).toEqual({ count: 3, average: 3.33 });
    const agencyB = await report({ ...march, agencyId: w.agencyB.id, groupBy: 'NONE' });
    expect(agencyB.rows).toEqual([]);
    expect(agencyB.total.resolved).toEqual({ total: 1, early: 0, onTime: 1, late: 0 });
  });

  it("re-aggregates an old unit's history under today's unit", async () => {
    const r = await report({ from: '2025-03-01', to: '2025-03-31', unitId: w.communeA.id, groupBy: 'UNIT' });
    expect(r.rows.map((x: any) => [x.label, x.received.total, x.resolved.early])).toEqual([
      ['Phường Hồng Gai (đến 2025-07-01)', 1, 1],
    ]);
    expect(r.total.received.total).toBe(1);
    const own = await report({ from: '2025-03-01', to: '2025-03-31' }, leaderA.token);
    expect(own.total.resolved.total).toBe(1);
  });

  it('keeps reports in scope', async () => {
    const own = await report(march, leaderA.token);
    expect(own.total.received.total).toBe(11);
    expect(
      (
        await t.request(
          DossierStatisticsDocument,
          { filter: { ...march, unitId: w.communeB.id } },
          { token: leaderA.token },
        )
      ).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await t.request(DossierStatisticsDocument, { filter: march }, { token: w.officerA.token })).errors?.[0]
        .extensions?.code,
    ).toBe('FORBIDDEN');
    expect((await t.request(DossierStatisticsDocument, { filter: march })).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (
        await t.request(
          DossierStatisticsDocument,
          { filter: { from: '2026-03-31', to: '2026-03-01' } },
          { token: w.leaderP.token },
        )
      ).errors?.[0].extensions?.code,
    ).toBe('BAD_USER_INPUT');
  });
  it('a leader over a provincial department reports on that department, not on the province nor its other departments', async () => {
    const department = async (name: string, electronicId: string) =>
      (
        await t.query(
          CreateAgencyDocument,
          { input: { name, electronicId, unitId: w.province.id, kind: 'PROVINCIAL_DEPARTMENT' } },
          { token: w.adminToken },
        )
      ).createAgency.id;
    const justice = await department('Sở Tư pháp tỉnh Quảng Ninh', '000.00.11.H46');
    const planning = await department('Sở Kế hoạch và Đầu tư tỉnh Quảng Ninh', '000.00.12.H46');
    const director = await createOfficial(t, w.adminToken, {
      fullName: 'Hà Thị Yến',
      position: 'LEADER',
      agencyId: justice,
      role: 'leader',
      scope: { agencyId: justice },
    });
    // May 2026: two dossiers of Sở Tư pháp (one rated), one of Sở Kế hoạch và Đầu tư (rated), one of commune A.
    const may = {
      received: '2026-05-04T09:00:00',
      resolved: '2026-05-05T09:00:00',
      timeliness: 'EARLY',
      appointment: '2026-05-06T09:00:00',
      status: 10,
    };
    await arrange({
      ...may,
      agency: justice,
      unit: w.province.id,
      field: 'Lý lịch tư pháp',
      rating: [5, '2026-05-06T10:00:00'],
    });
    await arrange({ ...may, agency: justice, unit: w.province.id, field: 'Lý lịch tư pháp' });
    await arrange({
      ...may,
      agency: planning,
      unit: w.province.id,
      field: 'Đầu tư',
      rating: [1, '2026-05-06T10:00:00'],
    });
    await arrange({ ...may });
    const period: StatisticsFilterInput = { from: '2026-05-01', to: '2026-05-31', groupBy: 'AGENCY' };
    const own = await report(period, director.token);
    expect(own.rows.map((x: any) => [x.label, x.received.total])).toEqual([
      ['Sở Tư pháp tỉnh Quảng Ninh', 2],
    ]);
    // Asking for the province (the department's own unit) still reports on the department only.
    expect((await report({ ...period, unitId: w.province.id }, director.token)).total.received.total).toBe(2);
    expect(
      (
        await t.request(
          DossierStatisticsDocument,
          { filter: { ...period, unitId: w.communeA.id } },
          { token: director.token },
        )
      ).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    const ratings = async (token: string) =>
      (
        await t.query(
          SatisfactionSummaryDocument,
          { filter: { from: '2026-05-01', to: '2026-05-31' } },
          { token },
        )
      ).satisfactionSummary[0];
    expect(await ratings(director.token)).toMatchObject({ count: 1, average: 5 });
    // The provincial leader (a role over the province) sees both departments (and the communes).
    expect((await report(period)).rows.map((x: any) => [x.label, x.received.total])).toEqual(
      expect.arrayContaining([
        ['Sở Tư pháp tỉnh Quảng Ninh', 2],
        ['Sở Kế hoạch và Đầu tư tỉnh Quảng Ninh', 1],
      ]),
    );
    expect(await ratings(w.leaderP.token)).toMatchObject({ count: 2, average: 3 });
  });

  it('keeps the daily and monthly roll-ups equal to a rebuild through inserts, updates and deletes; a period reads them alike', async () => {
    const snapshot = async () =>
      (
        await t.sql(`select day::text, unit_id, agency_id, field, received_online, received_direct, received_digitised, resolved_early,
        resolved_on_time, resolved_late, resolved_digitised, stopped, rating_count, rating_sum, rating_dissatisfied from procedures_daily_stat
        where received_online + received_direct + resolved_early + resolved_on_time + resolved_late + stopped + rating_count <> 0 or received_digitised + resolved_digitised + rating_sum <> 0
        order by 1, 2, 3, 4`)
      ).map((r) => JSON.stringify(r));
    const COUNTERS = `received_online, received_direct, received_digitised, resolved_early, resolved_on_time, resolved_late,
      resolved_digitised, stopped, rating_count, rating_sum, rating_dissatisfied`;
    const nonZero = COUNTERS.split(',')
      .map((c) => `${c.trim()} <> 0`)
      .join(' or ');
    const months = async () =>
      (
        await t.sql(`select month::text, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id, ${COUNTERS}
          from procedures_monthly_stat where ${nonZero} order by 1, 2, 3, 4, 5, 6`)
      ).map((r) => JSON.stringify(r));
    const monthsOfDays = async () =>
      (
        await t.sql(`select * from (select date_trunc('month', day)::date::text as month, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id,
            ${COUNTERS.split(',')
              .map((c) => `sum(${c.trim()})::int as ${c.trim()}`)
              .join(', ')}
          from procedures_daily_stat group by 1, 2, 3, 4, 5, 6) x where ${nonZero} order by 1, 2, 3, 4, 5, 6`)
      ).map((r) => JSON.stringify(r));
    // Changes of every kind the trigger must follow.
    await t.sql(
      `update procedures_dossier set resolved_at = $1, timeliness = 'LATE', result_digitised = true, status = 9 where code = 'TEST-2'`,
      [vn('2026-03-31T10:00:00')],
    );
    await t.sql(
      `update procedures_dossier set channel = 'ONLINE', components_digitised = true where code = 'TEST-4'`,
    );
    await t.sql(`update procedures_dossier set field = 'Chứng thực' where code = 'TEST-5'`);
    await t.sql(
      `update procedures_dossier set ended_at = $1, end_reason = 'STOPPED', status = 8 where code = 'TEST-10'`,
      [vn('2026-04-02T10:00:00')],
    );
    await t.sql(`update procedures_dossier set received_at = $1 where code = 'TEST-7'`, [
      vn('2026-03-24T09:00:00'),
    ]);
    await t.sql(
      `delete from procedures_rating where dossier_id = (select id from procedures_dossier where code = 'TEST-4')`,
    );
    await t.sql(`delete from procedures_dossier where code = 'TEST-17'`);
    // Across two month ends: D11 received 1 April moves to the last second of February.
    await t.sql(`update procedures_dossier set received_at = $1 where code = 'TEST-11'`, [
      vn('2026-02-28T23:59:59'),
    ]);
    const kept = await snapshot();
    const keptMonths = await months();
    // The monthly roll-up, kept by its own trigger on the daily one, is the daily one summed by month.
    expect(keptMonths).toEqual(await monthsOfDays());
    expect(keptMonths.length).toBeGreaterThan(0);
    await t.sql(`select procedures_rebuild_daily_stats()`);
    expect(await snapshot()).toEqual(kept);
    expect(await months()).toEqual(keptMonths);
    // procedures_period_stat(from, to) (whole months from the monthly roll-up, the edge days from the
    // daily one) gives the same rows, summed, as the daily roll-up for every period from 20 December
    // 2025 to 10 May 2026: periods starting and ending on a month's first or last day, inside a month,
    // across one or several month ends and the year's end.
    const keyed = (
      source: string,
    ) => `select unit_id, agency_id, field, receiving_unit_id, receiving_agency_id,
        ${COUNTERS.split(',')
          .map((c) => `sum(${c.trim()})::int`)
          .join(', ')}
      from ${source} group by 1, 2, 3, 4, 5`;
    const [check] = await t.sql(`select count(*)::int as periods,
        count(*) filter (where exists (${keyed('procedures_period_stat(f.d::date, g.d::date)')}
                                        except ${keyed(`procedures_daily_stat_v where day >= f.d::date and day <= g.d::date`)})
                            or exists (${keyed(`procedures_daily_stat_v where day >= f.d::date and day <= g.d::date`)}
                                        except ${keyed('procedures_period_stat(f.d::date, g.d::date)')}))::int as different,
        count(*) filter (where exists (select 1 from procedures_period_stat(f.d::date, g.d::date)))::int as with_rows
      from generate_series('2025-12-20'::date, '2026-05-10'::date, '1 day') f(d)
      join generate_series('2025-12-20'::date, '2026-05-10'::date, '1 day') g(d) on g.d >= f.d`);
    expect(check).toEqual({ periods: (142 * 143) / 2, different: 0, with_rows: expect.any(Number) });
    expect(check.with_rows).toBeGreaterThan(check.periods / 2);
    // And the report follows: D2 is now resolved late on 31 March.
    const r = await report({ ...march, unitId: w.communeA.id });
    expect(r.total.resolved).toEqual({ total: 5, early: 1, onTime: 2, late: 2 });
  });
});
