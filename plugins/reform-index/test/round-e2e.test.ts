import ExcelJS from 'exceljs';
import { fakeDateOnly } from '../../../test/harness/clock';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '../../procedures';
import { createOfficial, createProcedure } from '../../procedures/test/helpers';
import { reformIndexPlugin } from '..';
import { uploadFile, vn } from './fixtures';
import {
  AssessmentResultsDocument,
  DossierDocument,
  type Position,
  ReceiveDossierAtCounterDocument,
  RecordDossierResultDocument,
  RecordSelfScoreDocument,
  ServiceIndexDocument,
} from '../../../test/graphql/generated';

/**
 * The CCHC round end to end through the public APIs only, with the platform clock (`Date` only)
 * moved across April–May 2026 on the seeded working calendar:
 *
 * 1. dossiers are received at the two wards' desks and resolved through procedures' GraphQL API
 *    (early, on time, late, one left open), so their verdicts come from the appointment on the
 *    working calendar, not from a test;
 * 2. a round opens; self-scoring before the opening day or after the self-assessment deadline
 *    (counted in working days) is refused, with explicit date vectors;
 * 3. the two wards self-score with evidence, the province's appraiser changes one score with a
 *    reason, and the ranking and the XLSX export show it;
 * 4. the criterion bound to the on-time rate scores exactly the dossiers behind it, and the service
 *    index's drill-down names them.
 */
const iso = (local: string) => vn(local).toISOString();
const CRITERIA = [
  {
    code: '1',
    name: 'Công tác chỉ đạo, điều hành CCHC',
    children: [
      {
        code: '1.1',
        name: 'Kế hoạch CCHC năm',
        maxPoints: 2,
        guidance: 'Ban hành kịp thời: 2 điểm; chậm: 0,5 điểm',
        requiredEvidence: 'Kế hoạch CCHC năm',
      },
      { code: '1.2', name: 'Báo cáo CCHC định kỳ', maxPoints: 1 },
    ],
  },
  {
    code: '2',
    name: 'Cải cách thủ tục hành chính',
    children: [
      {
        code: '2.1',
        name: 'Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn',
        maxPoints: 3,
        guidance: 'Điểm = tỷ lệ trước hạn, đúng hạn × 3 (từ hồ sơ trên hệ thống)',
        metric: 'ON_TIME_RATE',
      },
    ],
  },
];

const SELF = RecordSelfScoreDocument;
const RESULTS = AssessmentResultsDocument;

type Person = { username: string; roles: string[]; token: string };

describe('a CCHC round end to end, on dossiers resolved through the API', () => {
  let t: TestApp;
  let w: StaffWorld;
  const people: Record<string, Person> = {};
  let roundId = '';
  const dossiers: Record<string, { id: string; code: string }> = {};

  /** Moves the platform clock and issues fresh tokens at the new time (tokens expire). */
  const at = (local: string) => {
    jest.setSystemTime(vn(local));
    for (const p of Object.values(people)) p.token = t.token(p.username, p.roles);
  };
  const as = (who: string) => ({ token: people[who].token });
  const person = async (
    key: string,
    fullName: string,
    agencyId: string,
    role: string,
    scope: Record<string, string>,
    position: Position = 'SPECIALIST',
  ) => {
    const created = await createOfficial(t, w.adminToken, { fullName, position, agencyId, role, scope });
    people[key] = { username: created.username, roles: [role], token: created.token };
  };
  const version = async (id: string) =>
    (await t.query(DossierDocument, { id }, as('admin'))).dossier!.version;
  const mutate = async (name: string, type: string, input: Record<string, unknown>, who: string) => {
    const res = await t.request(
      `mutation($input: ${type}!) { ${name}(input: $input) { __typename } }`,
      { input },
      as(who),
    );
    expect([name, res.errors]).toEqual([name, undefined]);
  };
  /** Received at the ward's desk by its one-stop officer, now. */
  const receive = async (ward: 'A' | 'B', applicant: string) => {
    const res = await t.query(
      ReceiveDossierAtCounterDocument,
      {
        input: {
          procedureCode: '1.000656',
          deskId: ward === 'A' ? w.deskA.id : w.deskB.id,
          applicant: { name: applicant, idNumber: '022190001234' },
        },
      },
      as(`officer${ward}`),
    );
    const r = res.receiveDossierAtCounter;
    return { id: r.dossierId, code: r.dossierCode, appointmentAt: r.appointmentAt };
  };
  /** The ward's specialist proposes and its leader approves, now. */
  const proposeAndApprove = async (ward: 'A' | 'B', id: string) => {
    await mutate(
      'submitDossierProposal',
      'SubmitDossierProposalInput',
      { dossierId: id, version: await version(id) },
      `specialist${ward}`,
    );
    await mutate(
      'approveDossier',
      'DossierVersionInput',
      { dossierId: id, version: await version(id) },
      `leader${ward}`,
    );
  };
  /** The ward's specialist records the signed result, now: the dossier is resolved. */
  const resolve = async (ward: 'A' | 'B', id: string) => {
    const res = await t.query(
      RecordDossierResultDocument,
      {
        input: {
          dossierId: id,
          version: await version(id),
          resultNumber: `${id.slice(0, 4)}/TLKT`,
          signer: 'Chủ tịch UBND phường',
        },
      },
      as(`specialist${ward}`),
    );
    return res.recordDossierResult as { status: string; timeliness: string; resolvedAt: string };
  };

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin, reformIndexPlugin] });
    // The platform's working calendar: statutory holidays and announced swaps (the non-demo seeds).
    await t.app.runSeeds({ demo: false });
    w = await arrangeStaffWorld(t);
    people.admin = { username: 'root', roles: ['platform-admin'], token: w.adminToken };
    people.officerA = { username: w.officerA.username, roles: ['one-stop-officer'], token: '' };
    people.officerB = { username: w.officerB.username, roles: ['one-stop-officer'], token: '' };
    await person('specialistA', 'Vũ Thị Hằng', w.agencyA.id, 'specialist', { agencyId: w.agencyA.id });
    await person('specialistB', 'Ngô Thị Thu', w.agencyB.id, 'specialist', { agencyId: w.agencyB.id });
    await person('leaderA', 'Đặng Văn Quang', w.agencyA.id, 'leader', { unitId: w.communeA.id }, 'LEADER');
    await person('leaderB', 'Lê Thị Hoa', w.agencyB.id, 'leader', { unitId: w.communeB.id }, 'LEADER');
    await person('assessorA', 'Phạm Minh Tú', w.agencyA.id, 'cchc-self-assessor', { unitId: w.communeA.id });
    await person('assessorB', 'Vũ Thị Lan', w.agencyB.id, 'cchc-self-assessor', { unitId: w.communeB.id });
    await person('appraiser', 'Trần Quốc Hưng', w.provinceAgency.id, 'cchc-appraiser', {
      unitId: w.province.id,
    });
    await createProcedure(t, w.adminToken, {
      code: '1.000656',
      name: 'Đăng ký khai tử',
      cutoffHour: null,
      cases: [{ code: 'TH1', name: 'Thông thường', limits: [{ amount: 3, unit: 'WORKING_DAYS' }] }],
      fees: [],
      components: [{ code: 'TK', name: 'Tờ khai', originals: 1 }],
    });
    // Monday 13 April 2026, 09:00 in Vietnam.
    fakeDateOnly(vn('2026-04-13T09:00:00'));
    at('2026-04-13T09:00:00');
  }, 180_000);
  afterAll(async () => {
    jest.useRealTimers();
    await t?.close();
  });

  it('receives and resolves dossiers through the procedures API: early, on time, late, one still open', async () => {
    // Monday 13/4 09:00, 3 working days: every appointment is Thursday 16/4 09:00.
    for (const [key, ward, applicant] of [
      ['earlyA', 'A', 'Nguyễn Thị Mai'],
      ['onTimeA', 'A', 'Trần Văn Bình'],
      ['lateA', 'A', 'Lê Thị Cúc'],
      ['openA', 'A', 'Phạm Văn Dũng'],
      ['earlyB', 'B', 'Hoàng Thị Én'],
      ['lateB', 'B', 'Đỗ Văn Phúc'],
    ] as const) {
      const r = await receive(ward, applicant);
      expect(r.appointmentAt).toBe(iso('2026-04-16T09:00:00'));
      dossiers[key] = { id: r.id, code: r.code };
    }
    at('2026-04-14T10:00:00');
    for (const key of ['earlyA', 'onTimeA', 'lateA']) await proposeAndApprove('A', dossiers[key].id);
    for (const key of ['earlyB', 'lateB']) await proposeAndApprove('B', dossiers[key].id);

    // Wednesday 15/4: the day before the appointment.
    at('2026-04-15T14:00:00');
    expect(await resolve('A', dossiers.earlyA.id)).toMatchObject({ status: 'RESOLVED', timeliness: 'EARLY' });
    expect(await resolve('B', dossiers.earlyB.id)).toMatchObject({ timeliness: 'EARLY' });
    // Thursday 16/4, after the appointment's hour but on its date: on time.
    at('2026-04-16T15:30:00');
    expect(await resolve('A', dossiers.onTimeA.id)).toMatchObject({ timeliness: 'ON_TIME' });
    // Friday 17/4: a day late.
    at('2026-04-17T08:30:00');
    expect(await resolve('A', dossiers.lateA.id)).toMatchObject({ timeliness: 'LATE' });
    expect(await resolve('B', dossiers.lateB.id)).toMatchObject({ timeliness: 'LATE' });
  });

  it('scores the on-time criterion of the service index from exactly those dossiers', async () => {
    at('2026-04-20T09:00:00');
    const year = { from: '2026-01-01', to: '2026-12-31' };
    const index = async (unitId: string, who: string) =>
      Object.fromEntries(
        (
          await t.query(ServiceIndexDocument, { filter: { unitId, ...year }, shortfallFirst: 10 }, as(who))
        ).serviceIndex.criteria.map((c) => [c.criterion.code, c]),
      );
    const a = (await index(w.communeA.id, 'leaderA'))['2.1'];
    // Resolved: early + on time + late = 3 (the open one does not count); in time 2 → 20 × 2/3.
    expect([a.source, a.numerator, a.denominator, a.rate, a.points]).toEqual([
      'COMPUTED',
      2,
      3,
      0.6667,
      13.33,
    ]);
    expect(a.shortfall).toMatchObject({
      totalCount: 1,
      items: [
        {
          kind: 'DOSSIER',
          dossierId: dossiers.lateA.id,
          code: dossiers.lateA.code,
          reason: expect.any(String),
        },
      ],
    });
    const b = (await index(w.communeB.id, 'leaderB'))['2.1'];
    expect([b.numerator, b.denominator, b.points]).toEqual([1, 2, 10]);
    expect(b.shortfall.items.map((i: any) => i.dossierId)).toEqual([dossiers.lateB.id]);
    // The province counts both wards' dossiers.
    const p = (await index(w.province.id, 'appraiser'))['2.1'];
    expect([p.numerator, p.denominator]).toEqual([3, 5]);
    expect(p.shortfall.items.map((i: any) => i.dossierId).sort()).toEqual(
      [dossiers.lateA.id, dossiers.lateB.id].sort(),
    );
  });

  it('opens a round on Friday 24/4 with 3 working days of self-assessment (to 29/4) on the working calendar', async () => {
    const set = (
      await t.query(
        `mutation($input: ImportCriteriaSetInput!) { importCriteriaSet(input: $input) { id maxTotal } }`,
        {
          input: {
            code: 'QN-XA-2026',
            name: 'Bộ tiêu chí chỉ số CCHC cấp xã năm 2026',
            year: 2026,
            unitKind: 'COMMUNE',
            ownerUnitId: w.province.id,
            legalBasis: 'Quyết định của UBND tỉnh (thử nghiệm)',
            format: 'JSON',
            content: JSON.stringify(CRITERIA),
          },
        },
        as('appraiser'),
      )
    ).importCriteriaSet;
    expect(set.maxTotal).toBe(6);
    const round = (
      await t.query(
        `mutation($input: CreateAssessmentRoundInput!) { createAssessmentRound(input: $input) {
          id status opensOn selfAssessmentDueOn appraisalDueOn } }`,
        {
          input: {
            setId: set.id,
            name: 'Xác định Chỉ số CCHC cấp xã năm 2026',
            opensOn: '2026-04-24',
            selfAssessmentDays: 3,
            appraisalDays: 2,
            unitIds: [w.communeA.id, w.communeB.id],
          },
        },
        as('appraiser'),
      )
    ).createAssessmentRound;
    // Fri 24/4, (Mon 27/4 off for Giỗ Tổ), Tue 28/4, Wed 29/4; then 30/4 and 1/5 are holidays: Mon 4/5, Tue 5/5.
    expect(round).toMatchObject({
      status: 'SELF_ASSESSMENT',
      opensOn: '2026-04-24',
      selfAssessmentDueOn: '2026-04-29',
      appraisalDueOn: '2026-05-05',
    });
    roundId = round.id;
  });

  it.each([
    // [local instant, refused with, or accepted]
    ['2026-04-20T09:00:00', 'NOT_OPEN'], // the round exists but opens on Friday
    ['2026-04-23T23:59:00', 'NOT_OPEN'], // the last minute before the opening day
    ['2026-04-24T00:00:00', null], // the opening day's first minute (23/4 17:00 UTC)
    ['2026-04-27T10:00:00', null], // a day off within the window
    ['2026-04-28T09:00:00', null], // past 3 calendar days, within 3 working days
    ['2026-04-29T23:59:00', null], // the deadline's last minute
    ['2026-04-30T00:00:00', 'CLOSED'], // the day after the deadline (still 29/4 in UTC)
    ['2026-05-04T09:00:00', 'CLOSED'], // the next working day
  ])('self-scoring at %s (local): %s', async (local, refused) => {
    at(local);
    const before = await t.sql(`select count(*)::int as n from core_audit_entry where action = $1`, [
      'reform-index.score.self',
    ]);
    const res = await t.request(
      SELF,
      { input: { roundId, unitId: w.communeA.id, criterionCode: '1.2', score: 1 } },
      as('assessorA'),
    );
    const after = await t.sql(`select count(*)::int as n from core_audit_entry where action = $1`, [
      'reform-index.score.self',
    ]);
    if (refused) {
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'SELF_ASSESSMENT_WINDOW',
        reason: refused,
        opensOn: '2026-04-24',
        selfAssessmentDueOn: '2026-04-29',
        today: local.slice(0, 10),
      });
      expect(res.errors?.[0].message).toMatch(refused === 'NOT_OPEN' ? /has not opened/ : /closed/);
      expect(after[0].n).toBe(before[0].n);
    } else {
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordSelfScore.selfScore).toBe(1);
      expect(after[0].n).toBe(before[0].n + 1);
    }
  });

  it('refuses the window in Vietnamese by default', async () => {
    at('2026-04-30T08:00:00');
    const res = await t.request(
      SELF,
      { input: { roundId, unitId: w.communeB.id, criterionCode: '1.2', score: 1 } },
      { ...as('assessorB'), headers: { 'accept-language': 'vi' } },
    );
    expect(res.errors?.[0].message).toBe(
      'Đã hết hạn tự chấm điểm của đợt đánh giá (hạn cuối: hết ngày 29/04/2026, 3 ngày làm việc từ ngày 24/04/2026)',
    );
  });

  it('takes both wards’ self-scores with evidence within the window', async () => {
    at('2026-04-28T10:00:00');
    const fileA = await uploadFile(t, people.assessorA.token, 'ke-hoach-cchc-ha-long.pdf');
    const fileB = await uploadFile(t, people.assessorB.token, 'ke-hoach-cchc-bai-chay.pdf');
    const score = (who: string, unitId: string, criterionCode: string, s: number, fileIds?: string[]) =>
      t.request(SELF, { input: { roundId, unitId, criterionCode, score: s, fileIds } }, as(who));
    // 1.1 requires evidence; a ward scores only itself.
    expect((await score('assessorA', w.communeA.id, '1.1', 2)).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'fileIds',
    });
    expect((await score('assessorA', w.communeB.id, '1.1', 2, [fileA])).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    const a = await score('assessorA', w.communeA.id, '1.1', 2, [fileA]);
    expect(a.data!.recordSelfScore).toMatchObject({
      selfScore: 2,
      selfScoredBy: 'Phạm Minh Tú',
      evidence: [{ fileId: fileA }],
    });
    expect((await score('assessorB', w.communeB.id, '1.1', 1.5, [fileB])).errors).toBeUndefined();
    expect((await score('assessorB', w.communeB.id, '1.2', 1)).errors).toBeUndefined();

    // Before appraisal: Hạ Long 2 + 1 + 3 × 2/3 = 5; Bãi Cháy 1.5 + 1 + 3 × 1/2 = 4.
    const results = (await t.query(RESULTS, { roundId }, as('appraiser'))).assessmentResults;
    expect(results.map((r: any) => [r.unitName, r.rank, r.selfTotal, r.finalTotal])).toEqual([
      ['Phường Hạ Long', 1, 5, 5],
      ['Phường Bãi Cháy', 2, 4, 4],
    ]);
  });

  it('lets the appraiser change one score with a reason; the ranking and the export show it', async () => {
    at('2026-04-30T08:00:00');
    await mutate(
      'setAssessmentRoundStatus',
      'SetAssessmentRoundStatusInput',
      { roundId, status: 'APPRAISAL' },
      'appraiser',
    );
    at('2026-05-04T09:00:00');
    const input = { roundId, unitId: w.communeA.id, criterionCode: '1.1', score: 0.5 };
    const APPRAISE = `mutation($input: RecordAppraisalInput!) { recordAppraisal(input: $input) { id selfScore appraisedScore appraisalReason appraisedBy } }`;
    const noReason = await t.request(APPRAISE, { input }, as('appraiser'));
    expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(
      (await t.request(APPRAISE, { input: { ...input, reason: 'x' } }, as('leaderA'))).errors?.[0].extensions
        ?.code,
    ).toBe('FORBIDDEN');
    const reason = 'Kế hoạch CCHC ban hành ngày 20/01/2026, chậm so với quy định';
    const changed = (await t.query(APPRAISE, { input: { ...input, reason } }, as('appraiser')))
      .recordAppraisal;
    expect(changed).toMatchObject({
      selfScore: 2,
      appraisedScore: 0.5,
      appraisalReason: reason,
      appraisedBy: 'Trần Quốc Hưng',
    });
    // Audited: the ward's self-score, then the appraisal with its reason.
    const audit = await t.sql(
      `select action, before, after from core_audit_entry where entity_id = $1 order by at`,
      [changed.id],
    );
    expect(audit.map((r) => r.action)).toEqual(['reform-index.score.self', 'reform-index.score.appraise']);
    expect(audit[1].before).toMatchObject({ appraisedScore: null, selfScore: 2 });
    expect(audit[1].after).toMatchObject({ appraisedScore: 0.5, reason });

    // Hạ Long falls to 3.5 and below Bãi Cháy.
    const results = (await t.query(RESULTS, { roundId }, as('appraiser'))).assessmentResults;
    expect(results.map((r: any) => [r.unitName, r.rank, r.selfTotal, r.finalTotal, r.maxTotal])).toEqual([
      ['Phường Bãi Cháy', 1, 4, 4, 6],
      ['Phường Hạ Long', 2, 5, 3.5, 6],
    ]);
    const haLong = Object.fromEntries(results[1].criteria.map((c: any) => [c.criterion.code, c]));
    expect(haLong['1.1']).toMatchObject({
      selfScore: 2,
      appraisedScore: 0.5,
      finalScore: 0.5,
      score: { appraisalReason: reason },
    });
    // The computed criterion: 3 × (2 in time / 3 resolved), the service index's 2.1 over the same dossiers.
    expect(haLong['2.1']).toMatchObject({
      computedScore: 2,
      selfScore: 2,
      appraisedScore: null,
      finalScore: 2,
    });
    const baiChay = Object.fromEntries(results[0].criteria.map((c: any) => [c.criterion.code, c]));
    expect(baiChay['2.1']).toMatchObject({ computedScore: 1.5, finalScore: 1.5 });

    const file = (
      await t.query(
        `query($r: ID!) { assessmentRoundExport(roundId: $r) { fileName contentBase64 } }`,
        { r: roundId },
        as('appraiser'),
      )
    ).assessmentRoundExport;
    expect(file.fileName).toBe('ket-qua-chi-so-cchc-2026.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as never);
    const rows = (name: string) =>
      (wb.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows('Xếp hạng')).toEqual([
      ['Hạng', 'Mã đơn vị', 'Đơn vị', 'Điểm tự chấm', 'Điểm thẩm định', 'Điểm tối đa'],
      [1, '06970', 'Phường Bãi Cháy', 4, 4, 6],
      [2, '06940', 'Phường Hạ Long', 5, 3.5, 6],
    ]);
    const detail = rows('Chi tiết').filter((r) => r[0] === 'Phường Hạ Long');
    expect(detail.map((r) => [r[1], r[4], r[5] ?? null, r[6], r[7] ?? null])).toEqual([
      ['1.1', 2, 0.5, 0.5, reason],
      ['1.2', 1, null, 1, null],
      ['2.1', 2, null, 2, null],
    ]);
  });
});
