import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createCommuneLeader, createOfficial, createProcedure } from './helpers';
import {
  ApproveDossierDocument,
  CreateAdministrativeUnitDocument,
  CreateAgencyDocument,
  CreateProcedureDocument,
  type CreateProcedureInput,
  DossierDocument,
  DossiersDocument,
  DossierStatisticsDocument,
  ProcedureDocument,
  ReceiveDossierAtCounterDocument,
  type ResolvingLevel,
  type StatisticsFilterInput,
  SubmitDossierOnlineDocument,
  SubmitDossierProposalDocument,
  TransferDossierDocument,
} from '../../../test/graphql/generated';

/**
 * The competent agency (cơ quan có thẩm quyền) and "overdue", through GraphQL on real PostgreSQL:
 * where a dossier is resolved and counted, and one definition of overdue shared by the dossier
 * field, the list filter and Biểu II.06a, with explicit vectors.
 */
const DAY = 86_400_000;
/** The local (UTC+7) date `days` from today, 'YYYY-MM-DD'. */
const localDate = (days = 0) => new Date(Date.now() + 7 * 3_600_000 + days * DAY).toISOString().slice(0, 10);
/** An instant at local noon `days` from today. */
const noon = (days: number) => new Date(`${localDate(days)}T12:00:00+07:00`);

describe('competent agency and overdue', () => {
  let t: TestApp;
  let w: StaffWorld;
  let dept: { id: string };
  let deptSpecialist: { token: string };
  const report = async (f: Partial<StatisticsFilterInput>) =>
    (
      await t.query(
        DossierStatisticsDocument,
        { filter: { from: localDate(), to: localDate(), ...f } },
        { token: w.adminToken },
      )
    ).dossierStatistics;
  const receive = async (procedureCode: string, deskId: string, token: string) =>
    (
      await t.query(
        ReceiveDossierAtCounterDocument,
        {
          input: {
            procedureCode,
            deskId,
            applicant: { name: 'Trần Văn An', idNumber: '022190001234', email: 'an@example.vn' },
          },
        },
        { token },
      )
    ).receiveDossierAtCounter.dossierId;

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
    w = await arrangeStaffWorld(t);
    dept = (
      await t.query(
        CreateAgencyDocument,
        {
          input: {
            name: 'Sở Tư pháp tỉnh Quảng Ninh',
            electronicId: '000.00.16.H46',
            unitId: w.province.id,
            kind: 'PROVINCIAL_DEPARTMENT',
          },
        },
        { token: w.adminToken },
      )
    ).createAgency;
    deptSpecialist = await createOfficial(t, w.adminToken, {
      fullName: 'Phạm Thu Trang',
      position: 'SPECIALIST',
      agencyId: dept.id,
      role: 'specialist',
      scope: { agencyId: dept.id },
    });
    // A provincial procedure resolved by the Department of Justice, and a commune one.
    await createProcedure(t, w.adminToken, {
      code: '1.001022',
      name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
      field: 'Lý lịch tư pháp',
      level: 'PROVINCE',
      resolvingAgencyIds: [dept.id],
      cutoffHour: null,
      cases: [{ code: 'TH1', name: 'Thông thường', limits: [{ amount: 10, unit: 'WORKING_DAYS' }] }],
      fees: [],
      components: [{ code: 'TK', name: 'Tờ khai', originals: 1 }],
    });
    await createProcedure(t, w.adminToken, {
      cutoffHour: null,
      cases: [{ code: 'TH1', name: 'Đúng hạn', limits: [{ amount: 3, unit: 'WORKING_DAYS' }] }],
      fees: [],
      components: [{ code: 'TK', name: 'Tờ khai', originals: 1 }],
    });
  }, 120_000);
  afterAll(() => t.close());

  describe('competent agency', () => {
    let atA: string;
    let atB: string;
    let commune: string;

    beforeAll(async () => {
      atA = await receive('1.001022', w.deskA.id, w.officerA.token);
      atB = await receive('1.001022', w.deskB.id, w.officerB.token);
      commune = await receive('1.001193', w.deskA.id, w.officerA.token);
    });

    it('records the competent agency beside the receiving one, and the competent agency sees the dossier', async () => {
      const q = DossierDocument;
      const a = (await t.query(q, { id: atA }, { token: w.adminToken })).dossier!;
      expect(a).toMatchObject({
        agencyId: w.agencyA.id,
        competentAgencyId: dept.id,
        competentUnitId: w.province.id,
        competentAgency: { id: dept.id, name: 'Sở Tư pháp tỉnh Quảng Ninh' },
      });
      const c = (await t.query(q, { id: commune }, { token: w.adminToken })).dossier!;
      expect(c).toMatchObject({ agencyId: w.agencyA.id, competentAgencyId: w.agencyA.id });
      // The department's specialist reaches the dossiers it must resolve, received at two communes.
      const listed = (
        await t.query(
          DossiersDocument,
          { filter: { competentAgencyId: dept.id } },
          { token: deptSpecialist.token },
        )
      ).dossiers;
      expect(listed.totalCount).toBe(2);
      expect(listed.nodes.map((n: { id: string }) => n.id).sort()).toEqual([atA, atB].sort());
      // `%` and `_` in a search are literal (core escapeLike): neither lists every dossier.
      for (const search of ['%', '_', '%%'])
        expect([
          search,
          (
            await t.query(
              DossiersDocument,
              { filter: { competentAgencyId: dept.id, search } },
              { token: deptSpecialist.token },
            )
          ).dossiers.totalCount,
        ]).toEqual([search, 0]);
    });

    it('counts Biểu II.06a at the competent agency; the receiving view is its own grouping', async () => {
      const dep = (await report({ agencyId: dept.id, groupBy: 'NONE' })).total;
      expect(dep).toMatchObject({
        received: { total: 2, carriedOver: 0, online: 0, inPersonOrPost: 2 },
        resolved: { total: 0 },
        inProgress: { total: 2, withinDeadline: 2, overdue: 0 },
        stopped: 0,
      });
      // Commune A's own report holds only its commune procedure ...
      expect((await report({ unitId: w.communeA.id, groupBy: 'NONE' })).total.received.total).toBe(1);
      // ... while its desk received two.
      const desk = await report({ unitId: w.communeA.id, groupBy: 'NONE', view: 'RECEIVING_AGENCY' });
      expect(desk.total.received.total).toBe(2);
      const competent = await report({ groupBy: 'AGENCY' });
      const byKey = (rows: Array<{ key: string | null; received: { total: number } }>) =>
        Object.fromEntries(rows.map((r) => [r.key, r.received.total]));
      expect(byKey(competent.rows)).toEqual({ [dept.id]: 2, [w.agencyA.id]: 1 });
      expect(competent.total.received.total).toBe(3);
      const receiving = await report({ groupBy: 'AGENCY', view: 'RECEIVING_AGENCY' });
      expect(byKey(receiving.rows)).toEqual({ [w.agencyA.id]: 2, [w.agencyB.id]: 1 });
    });

    it('counts an inter-agency dossier once, wherever it travels', async () => {
      const d = (await t.query(DossierDocument, { id: atA }, { token: w.adminToken })).dossier!;
      await t.query(
        TransferDossierDocument,
        { input: { dossierId: atA, version: d.version, toAgencyId: dept.id } },
        { token: w.officerA.token },
      );
      const competent = await report({ groupBy: 'AGENCY' });
      expect(competent.total.received.total).toBe(3);
      expect(competent.total.inProgress.total).toBe(3);
      expect((await report({ agencyId: dept.id, groupBy: 'NONE' })).total.received.total).toBe(2);
    });

    it('approves once: a second approval is refused and never offered', async () => {
      const leader = await createCommuneLeader(t, w);
      const q = DossierDocument;
      const approve = (version: number) =>
        t.request(
          ApproveDossierDocument,
          { input: { dossierId: commune, version } },
          { token: leader.token },
        );
      let d = (await t.query(q, { id: commune }, { token: leader.token })).dossier!;
      // Nothing to approve before the proposal.
      expect(d.availableActions.map((a: { action: string }) => a.action)).not.toContain('APPROVE');
      expect((await approve(d.version)).errors?.[0].extensions?.code).toBe('DOSSIER_INVALID_TRANSITION');
      await t.query(
        SubmitDossierProposalDocument,
        { input: { dossierId: commune, version: d.version } },
        { token: w.officerA.token },
      );
      d = (await t.query(q, { id: commune }, { token: leader.token })).dossier!;
      expect(d.availableActions.map((a: { action: string }) => a.action)).toContain('APPROVE');
      const first = await approve(d.version);
      expect(first.errors).toBeUndefined();
      d = (await t.query(q, { id: commune }, { token: leader.token })).dossier!;
      expect(d.availableActions.map((a: { action: string }) => a.action)).not.toContain('APPROVE');
      const second = await approve(d.version);
      expect(second.errors?.[0].extensions?.code).toBe('DOSSIER_INVALID_TRANSITION');
      const after = (await t.query(q, { id: commune }, { token: leader.token })).dossier!;
      expect(after).toMatchObject({ version: d.version, approvedAt: d.approvedAt });
    });

    it('refuses intake where the procedure is not received, and district procedures after the reform', async () => {
      const r = await t.request(SubmitDossierOnlineDocument, {
        input: {
          procedureCode: '1.001193',
          agencyId: dept.id,
          applicant: { name: 'Lê Thị Bình', idNumber: '022190005678', email: 'binh@example.vn' },
          components: [],
        },
      });
      expect(r.errors?.[0].extensions?.code).toBe('PROCEDURE_NOT_ACCEPTED_HERE');
      // Two tiers from 1 Jul 2025: a DISTRICT version may take effect up to 30 Jun 2025, not later
      // (createProcedure and publishProcedureVersion), and one still in force is not received after it.
      const content = (level: ResolvingLevel, effectiveFrom: string): Omit<CreateProcedureInput, 'code'> => ({
        name: 'Thủ tục cấp huyện',
        field: 'Hộ tịch',
        level,
        onlineLevel: 'FULL',
        cases: [{ code: 'TH1', name: 'x', limits: [{ amount: 1, unit: 'WORKING_DAYS' }] }],
        resultDocument: 'Giấy',
        effectiveFrom,
      });
      const createDistrict = (code: string, effectiveFrom: string) =>
        t.request(
          CreateProcedureDocument,
          { input: { code, ...content('DISTRICT', effectiveFrom) } },
          { token: w.adminToken },
        );
      for (const [code, effectiveFrom, accepted] of [
        ['2.000000', '2025-06-30', true],
        ['2.000001', '2025-07-01', false],
        ['2.000002', '2026-01-01', false],
      ] as const) {
        const created = await createDistrict(code, effectiveFrom);
        expect([effectiveFrom, created.errors?.[0].extensions ?? 'accepted']).toEqual([
          effectiveFrom,
          accepted ? 'accepted' : { code: 'BAD_USER_INPUT', field: 'level' },
        ]);
      }
      const old = (await t.query(ProcedureDocument, { code: '2.000000' })).procedure!;
      const republished = await t.request(
        `mutation($input: PublishProcedureVersionInput!) { publishProcedureVersion(input: $input) { id } }`,
        { input: { procedureId: old.id, version: old.version, ...content('DISTRICT', '2025-07-01') } },
        { token: w.adminToken },
      );
      expect(republished.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'level' });
      const intake = await t.request(SubmitDossierOnlineDocument, {
        input: {
          procedureCode: '2.000000',
          agencyId: w.agencyA.id,
          applicant: { name: 'Lê Thị Bình', idNumber: '022190005678', email: 'binh@example.vn' },
          components: [],
        },
      });
      expect(intake.errors?.[0]).toMatchObject({
        extensions: { code: 'PROCEDURE_NOT_ACCEPTED_HERE' },
        message: expect.stringMatching(/district level was abolished on 2025-07-01/),
      });
    });
  });

  describe('endings table and register book', () => {
    it('counts every ending of the table exactly once, and the identity holds', async () => {
      const table = (
        await t.query(`{ dossierEndings { ending statuses endReason refusalDecision received counter } }`)
      ).dossierEndings as Array<{
        ending: string;
        statuses: string[];
        endReason: string | null;
        refusalDecision: boolean | null;
        received: boolean;
        counter: string;
      }>;
      expect(table.map((r) => r.ending).sort()).toEqual(
        [
          'REFUSAL_DECISION',
          'REFUSED_AT_INTAKE',
          'RESULT',
          'STOPPED',
          'SUPPLEMENT_EXPIRED',
          'WITHDRAWN',
        ].sort(),
      );
      // One dossier per ending, arranged in a commune of its own (rows written with SQL, as the
      // statistics test does; the services that produce them are tested in lifecycle.test.ts).
      const unit = (
        await t.query(
          CreateAdministrativeUnitDocument,
          {
            input: {
              code: '06998',
              name: 'Phường Kết Thúc',
              type: 'WARD',
              parentId: w.province.id,
              validFrom: '2025-07-01',
            },
          },
          { token: w.adminToken },
        )
      ).createAdministrativeUnit.id;
      const agency = (
        await t.query(
          CreateAgencyDocument,
          {
            input: {
              name: 'UBND phường Kết Thúc',
              electronicId: '000.09.02.H46',
              unitId: unit,
              kind: 'PEOPLES_COMMITTEE',
            },
          },
          { token: w.adminToken },
        )
      ).createAgency.id;
      const [p] = await t.sql(
        `select p.id, v.id as version_id from procedures_procedure p join procedures_procedure_version v on v.procedure_id = p.id where p.code = '1.001193'`,
      );
      const statusCode: Record<string, number> = { RESOLVED: 9, RETURNED: 10, NOT_RECEIVED: 3, STOPPED: 8 };
      let n = 0;
      for (const r of table) {
        const id = randomUUID();
        const received = r.received ? noon(-2) : null;
        const resolved = r.counter === 'RESOLVED';
        await t.sql(
          `insert into procedures_dossier (id, created_at, updated_at, code, procedure_id, procedure_version_id, case_code, field, channel, status,
            agency_id, unit_id, holder_agency_id, holder_unit_id, involved_unit_ids, applicant_kind, applicant_name, submitted_at, received_at,
            limit_amount, limit_unit, appointment_at, resolved_at, timeliness, result_refusal, ended_at, end_reason, receipt_id)
          values ($1, now(), now(), $2, $3, $4, 'TH1', 'Hộ tịch', 'ONLINE', $5, $6, $7, $6, $7, array[$7]::uuid[], 'CITIZEN', 'Người nộp',
            $8, $9, 3, 'WORKING_DAYS', $10, $11, $12, $13, $14, $15, $16)`,
          [
            id,
            `END-${++n}`,
            p.id,
            p.version_id,
            statusCode[r.statuses[0]],
            agency,
            unit,
            noon(-2),
            received,
            noon(1),
            resolved ? noon(0) : null,
            resolved ? 'EARLY' : null,
            resolved ? r.refusalDecision : null,
            resolved ? null : noon(0),
            r.endReason,
            received ? randomUUID() : null,
          ],
        );
        const d = (await t.query(DossierDocument, { id }, { token: w.adminToken })).dossier!;
        expect(d.ending).toBe(r.ending);
      }
      const total = (await report({ unitId: unit, groupBy: 'NONE' })).total;
      const count = (counter: string) => table.filter((r) => r.counter === counter).length;
      expect(total.received.total).toBe(table.filter((r) => r.received).length);
      expect(total.resolved.total).toBe(count('RESOLVED'));
      expect(total.stopped).toBe(count('ENDED_OTHERWISE'));
      expect(total.inProgress.total).toBe(0);
      expect(total.received.total).toBe(total.resolved.total + total.inProgress.total + total.stopped);
      expect(total).toMatchObject({ received: { total: 5 }, resolved: { total: 2 }, stopped: 3 });
    });

    it("lists the desk's register book (Mẫu 06) with the competent agency", async () => {
      const rows = (
        await t.query(
          `query($f: DossierRegisterFilterInput!) { dossierRegister(filter: $f) { rowNumber code procedureName copies applicantName competentAgencyName receivedAt dueAt transferredAt } }`,
          { f: { agencyId: w.agencyA.id, from: localDate(), to: localDate() } },
          { token: w.officerA.token },
        )
      ).dossierRegister;
      expect(rows.map((r: { rowNumber: number }) => r.rowNumber)).toEqual([1, 2]);
      expect(rows[0]).toMatchObject({
        procedureName: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
        copies: 1,
        applicantName: 'Trần Văn An',
        competentAgencyName: 'Sở Tư pháp tỉnh Quảng Ninh',
      });
      expect(rows[0].transferredAt).not.toBeNull();
      expect(rows[1]).toMatchObject({ competentAgencyName: 'UBND phường Hạ Long', transferredAt: null });
      const outside = await t.request(
        `query($f: DossierRegisterFilterInput!) { dossierRegister(filter: $f) { code } }`,
        { f: { agencyId: w.agencyA.id, from: localDate(), to: localDate() } },
        { token: w.officerB.token },
      );
      expect(outside.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('overdue, written once', () => {
    interface Vector {
      name: string;
      status: number;
      received: number;
      appointment: number;
      resolved?: number;
      /** [since (days from today), due (days from today), paused] */
      history?: Array<[number, number, boolean]>;
      /** Overdue now (field and list filter). */
      now: boolean;
      /** Overdue at the end of today (the report's "in progress, overdue"). */
      endOfToday: boolean;
    }
    const VECTORS: Vector[] = [
      {
        name: 'processing, due 2 days ago',
        status: 4,
        received: -10,
        appointment: -2,
        now: true,
        endOfToday: true,
      },
      {
        name: 'processing, due today',
        status: 4,
        received: -3,
        appointment: 0,
        now: false,
        endOfToday: true,
      },
      {
        name: 'processing, due tomorrow',
        status: 4,
        received: -3,
        appointment: 1,
        now: false,
        endOfToday: false,
      },
      {
        name: 'supplement requested after the due date',
        status: 5,
        received: -10,
        appointment: -3,
        history: [
          [-10, -3, false],
          [-1, -3, true],
        ],
        now: true,
        endOfToday: true,
      },
      {
        name: 'supplement requested in time, appointment since passed',
        status: 5,
        received: -10,
        appointment: -2,
        history: [
          [-10, -2, false],
          [-5, -2, true],
        ],
        now: false,
        endOfToday: false,
      },
      {
        name: 'withdrawal requested while processing (status 7, clock running)',
        status: 7,
        received: -10,
        appointment: -3,
        history: [[-10, -3, false]],
        now: true,
        endOfToday: true,
      },
      {
        name: 'withdrawal requested during a supplement (status 7, clock stopped in time)',
        status: 7,
        received: -10,
        appointment: -2,
        history: [
          [-10, -2, false],
          [-5, -2, true],
        ],
        now: false,
        endOfToday: false,
      },
      {
        name: 'resolved late (finished: not overdue)',
        status: 9,
        received: -10,
        appointment: -5,
        resolved: -1,
        now: false,
        endOfToday: false,
      },
    ];
    const ids = new Map<string, string>();
    let agency: string;
    let unit: string;

    beforeAll(async () => {
      // A commune of its own, so that the report holds only these vectors.
      unit = (
        await t.query(
          CreateAdministrativeUnitDocument,
          {
            input: {
              code: '06999',
              name: 'Phường Vectơ',
              type: 'WARD',
              parentId: w.province.id,
              validFrom: '2025-07-01',
            },
          },
          { token: w.adminToken },
        )
      ).createAdministrativeUnit.id;
      agency = (
        await t.query(
          CreateAgencyDocument,
          {
            input: {
              name: 'UBND phường Vectơ',
              electronicId: '000.09.01.H46',
              unitId: unit,
              kind: 'PEOPLES_COMMITTEE',
            },
          },
          { token: w.adminToken },
        )
      ).createAgency.id;
      const [p] = await t.sql(
        `select p.id, v.id as version_id from procedures_procedure p join procedures_procedure_version v on v.procedure_id = p.id where p.code = '1.001193'`,
      );
      let n = 0;
      for (const v of VECTORS) {
        const id = randomUUID();
        ids.set(v.name, id);
        await t.sql(
          `insert into procedures_dossier (id, created_at, updated_at, code, procedure_id, procedure_version_id, case_code, field, channel, status,
            agency_id, unit_id, holder_agency_id, holder_unit_id, involved_unit_ids, applicant_kind, applicant_name, submitted_at, received_at,
            limit_amount, limit_unit, appointment_at, resolved_at, timeliness, receipt_id)
          values ($1, now(), now(), $2, $3, $4, 'TH1', 'Hộ tịch', 'COUNTER', $5, $6, $7, $6, $7, array[$7]::uuid[], 'CITIZEN', 'Người nộp',
            $8, $8, 3, 'WORKING_DAYS', $9, $10, $11, $12)`,
          [
            id,
            `VEC-${++n}`,
            p.id,
            p.version_id,
            v.status,
            agency,
            unit,
            noon(v.received),
            noon(v.appointment),
            v.resolved === undefined ? null : noon(v.resolved),
            v.resolved === undefined ? null : 'LATE',
            randomUUID(),
          ],
        );
        for (const [since, due, paused] of v.history ?? [])
          await t.sql(
            `insert into procedures_dossier_deadline (dossier_id, since, due_at, paused) values ($1, $2, $3, $4)`,
            [id, noon(since), noon(due), paused],
          );
      }
    });

    it.each(VECTORS.map((v) => [v.name, v] as const))('%s: the dossier field', async (_name, v) => {
      const d = (
        await t.query(
          DossierDocument,
          { id: ids.get(v.name) },
          {
            token: w.adminToken,
          },
        )
      ).dossier!;
      expect(d.overdue).toBe(v.now);
    });

    it('the list filter agrees with the field, both ways', async () => {
      const list = async (overdue: boolean) =>
        (
          await t.query(
            DossiersDocument,
            { filter: { unitId: unit, overdue }, first: 50 },
            { token: w.adminToken },
          )
        ).dossiers.nodes.map((n: { code: string }) => n.code);
      const expected = VECTORS.map((v, i) => [`VEC-${i + 1}`, v.now] as const);
      expect((await list(true)).sort()).toEqual(
        expected
          .filter(([, o]) => o)
          .map(([c]) => c)
          .sort(),
      );
      expect((await list(false)).sort()).toEqual(
        expected
          .filter(([, o]) => !o)
          .map(([c]) => c)
          .sort(),
      );
    });

    it("Biểu II.06a's in-progress counters use the same rule at the end of the period", async () => {
      const total = (await report({ unitId: unit, groupBy: 'NONE' })).total;
      const open = VECTORS.filter((v) => v.resolved === undefined);
      expect(total.inProgress).toEqual({
        total: open.length,
        overdue: open.filter((v) => v.endOfToday).length,
        withinDeadline: open.filter((v) => !v.endOfToday).length,
      });
      // Yesterday's report ends at today 00:00: the dossier due today is not overdue then, and the one
      // resolved yesterday is no longer open; overdue are the three late ones (2 days ago, paused late,
      // withdrawal requested while running).
      const yesterday = (
        await report({ unitId: unit, groupBy: 'NONE', from: localDate(-1), to: localDate(-1) })
      ).total;
      expect(yesterday.inProgress).toEqual({ total: 7, overdue: 3, withinDeadline: 4 });
    });
  });
});
