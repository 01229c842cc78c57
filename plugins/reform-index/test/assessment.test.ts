import ExcelJS from 'exceljs';
import { createTestApp, TestApp } from '../../../test/harness';
import { localToday } from '../../../src';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '../../procedures';
import { createOfficial } from '../../procedures/test/helpers';
import { reformIndexPlugin, XLSX_COLUMNS } from '..';
import { DossierArranger, uploadFile } from './fixtures';

/**
 * The CCHC self-assessment end to end, through GraphQL: a criteria set imported (JSON and XLSX), a
 * round opened with deadlines on the working calendar, two communes self-scoring with evidence, the
 * province's appraiser changing one score with a reason, the ranking and the XLSX export showing it,
 * and a criterion bound to the on-time rate scored from the dossiers behind it.
 */
const YEAR = Number(localToday().slice(0, 4));
const CRITERIA = [
  {
    code: '1',
    name: 'Công tác chỉ đạo, điều hành CCHC',
    children: [
      {
        code: '1.1',
        name: 'Kế hoạch CCHC năm',
        maxPoints: 2,
        guidance: 'Ban hành kịp thời: 2 điểm; chậm: 1 điểm',
        requiredEvidence: 'Kế hoạch CCHC năm',
      },
      { code: '1.2', name: 'Báo cáo CCHC định kỳ', maxPoints: 1 },
    ],
  },
  {
    code: '2',
    name: 'Cải cách thủ tục hành chính',
    maxPoints: 4,
    children: [
      {
        code: '2.1',
        name: 'Tỷ lệ hồ sơ giải quyết đúng hạn',
        maxPoints: 4,
        guidance: 'Điểm = tỷ lệ đúng hạn × 4',
        metric: 'ON_TIME_RATE',
      },
    ],
  },
];

const IMPORT = `mutation($input: ImportCriteriaSetInput!) { importCriteriaSet(input: $input) {
  id code maxTotal criteria { id code parentId maxPoints leaf guidance requiredEvidence metric metricCode } } }`;
const OPEN = `mutation($input: CreateAssessmentRoundInput!) { createAssessmentRound(input: $input) {
  id version status opensOn selfAssessmentDueOn appraisalDueOn unitIds } }`;
const STATUS = `mutation($input: SetAssessmentRoundStatusInput!) { setAssessmentRoundStatus(input: $input) { id status version } }`;
const SELF = `mutation($input: RecordSelfScoreInput!) { recordSelfScore(input: $input) {
  id selfScore selfNote selfScoredBy evidence { fileId documentId } } }`;
const APPRAISE = `mutation($input: RecordAppraisalInput!) { recordAppraisal(input: $input) {
  id selfScore appraisedScore appraisalReason appraisedBy } }`;
const RESULTS = `query($r: ID!) { assessmentResults(roundId: $r) { unitId unitName rank selfTotal finalTotal maxTotal
  criteria { criterion { code } computedScore selfScore appraisedScore finalScore score { appraisalReason evidence { fileId } } } } }`;
const EXPORT = `query($r: ID!) { assessmentRoundExport(roundId: $r) { fileName mimeType contentBase64 } }`;

describe('CCHC self-assessment', () => {
  let t: TestApp;
  let w: StaffWorld;
  let assessorA: { token: string };
  let assessorB: { token: string };
  let appraiser: { token: string };
  let leaderA: { token: string };
  let setId = '';
  let roundId = '';
  let version = 0;
  const code = (c: unknown) =>
    (c as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin, reformIndexPlugin] });
    w = await arrangeStaffWorld(t);
    const official = (fullName: string, agencyId: string, role: string, unitId: string) =>
      createOfficial(t, w.adminToken, {
        fullName,
        position: 'SPECIALIST',
        agencyId,
        role,
        scope: { unitId },
      });
    assessorA = await official('Phạm Minh Tú', w.agencyA.id, 'cchc-self-assessor', w.communeA.id);
    assessorB = await official('Vũ Thị Lan', w.agencyB.id, 'cchc-self-assessor', w.communeB.id);
    appraiser = await official('Trần Quốc Hưng', w.provinceAgency.id, 'cchc-appraiser', w.province.id);
    leaderA = await official('Đặng Văn Quang', w.agencyA.id, 'leader', w.communeA.id);
    // Phường Hạ Long this year: 3 resolved early or on time, 1 late → on-time rate 0.75.
    const d = new DossierArranger(t);
    await d.init(w.adminToken);
    const A = { agency: w.agencyA.id, unit: w.communeA.id, status: 10 };
    for (const [day, timeliness] of [
      ['02', 'EARLY'],
      ['03', 'ON_TIME'],
      ['04', 'ON_TIME'],
      ['05', 'LATE'],
    ] as const)
      await d.dossier({
        ...A,
        received: `${YEAR}-03-${day}T09:00:00`,
        resolved: `${YEAR}-03-${day}T15:00:00`,
        timeliness,
        appointment: `${YEAR}-03-${day}T16:00:00`,
      });
  });
  afterAll(() => t?.close());

  it('imports a criteria set from JSON, checking the tree', async () => {
    const input = {
      code: 'QN-XA',
      name: 'Bộ tiêu chí chỉ số CCHC cấp xã',
      year: YEAR,
      unitKind: 'COMMUNE',
      ownerUnitId: w.province.id,
      legalBasis: 'Quyết định của UBND tỉnh (thử nghiệm)',
      format: 'JSON',
    };
    const wrongSum = await t.request(
      IMPORT,
      { input: { ...input, content: JSON.stringify([{ ...CRITERIA[1], maxPoints: 5 }]) } },
      { token: appraiser.token },
    );
    expect(code(wrongSum)).toBe('BAD_USER_INPUT');
    expect(wrongSum.errors?.[0].message).toContain('not the sum of its sub-criteria');
    const notJson = await t.request(
      IMPORT,
      { input: { ...input, content: '{' } },
      { token: appraiser.token },
    );
    expect(notJson.errors?.[0].message).toBe('content is not valid JSON');
    const byCommune = await t.request(
      IMPORT,
      { input: { ...input, content: JSON.stringify(CRITERIA) } },
      { token: assessorA.token },
    );
    expect(code(byCommune)).toBe('FORBIDDEN');

    const set = (
      await t.query(
        IMPORT,
        { input: { ...input, content: JSON.stringify(CRITERIA) } },
        { token: appraiser.token },
      )
    ).importCriteriaSet;
    setId = set.id;
    expect(set.maxTotal).toBe(7);
    expect(set.criteria.map((c: { code: string }) => c.code)).toEqual(['1', '1.1', '1.2', '2', '2.1']);
    const [one, oneOne] = set.criteria;
    expect(oneOne.parentId).toBe(one.id);
    expect(one).toMatchObject({ maxPoints: 3, leaf: false });
    expect(set.criteria[4]).toMatchObject({ metric: 'ON_TIME_RATE', leaf: true });
  });

  it('imports a criteria set from an XLSX workbook', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Tiêu chí');
    sheet.addRow([...XLSX_COLUMNS]);
    sheet.addRow(['1', 'Cải cách thể chế', '', '', '', '', '']);
    sheet.addRow(['1.1', 'Ban hành văn bản QPPL', 1.5, 'Đúng hạn: 1,5', 'Văn bản', '', '']);
    sheet.addRow(['1.2', 'Chỉ số phục vụ: tiến độ giải quyết', 2, '', '', 'SERVICE_INDEX_CRITERION', '2.1']);
    const content = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const set = (
      await t.query(
        IMPORT,
        {
          input: {
            code: 'QN-XA-XLSX',
            name: 'Từ bảng tính',
            year: YEAR,
            unitKind: 'COMMUNE',
            ownerUnitId: w.province.id,
            format: 'XLSX',
            content,
          },
        },
        { token: appraiser.token },
      )
    ).importCriteriaSet;
    expect(set.maxTotal).toBe(3.5);
    expect(set.criteria).toMatchObject([
      { code: '1', maxPoints: 3.5, leaf: false },
      { code: '1.1', maxPoints: 1.5, guidance: 'Đúng hạn: 1,5', requiredEvidence: 'Văn bản' },
      { code: '1.2', metric: 'SERVICE_INDEX_CRITERION', metricCode: '2.1' },
    ]);
    const garbage = await t.request(
      IMPORT,
      {
        input: {
          code: 'X',
          name: 'x',
          year: YEAR,
          unitKind: 'COMMUNE',
          ownerUnitId: w.province.id,
          format: 'XLSX',
          content: 'AAAA',
        },
      },
      { token: appraiser.token },
    );
    expect(code(garbage)).toBe('BAD_USER_INPUT');
  });

  it('counts a round’s deadlines in working days on the working calendar', async () => {
    // Friday 6 March 2026: 3 working days (Fri, Mon, Tue) → Tuesday 10; then 2 → Thursday 12.
    const set = (
      await t.query(
        IMPORT,
        {
          input: {
            code: 'QN-XA-2026-LICH',
            name: 'x',
            year: 2026,
            unitKind: 'COMMUNE',
            ownerUnitId: w.province.id,
            format: 'JSON',
            content: JSON.stringify([{ code: '1', name: 'x', maxPoints: 1 }]),
          },
        },
        { token: appraiser.token },
      )
    ).importCriteriaSet;
    const round = (
      await t.query(
        OPEN,
        {
          input: {
            setId: set.id,
            name: 'Lịch',
            opensOn: '2026-03-06',
            selfAssessmentDays: 3,
            appraisalDays: 2,
            unitIds: [w.communeA.id],
          },
        },
        { token: appraiser.token },
      )
    ).createAssessmentRound;
    expect(round).toMatchObject({ selfAssessmentDueOn: '2026-03-10', appraisalDueOn: '2026-03-12' });
  });

  it('opens a round over the province’s communes only', async () => {
    const input = {
      setId,
      name: `Chỉ số CCHC cấp xã năm ${YEAR}`,
      opensOn: localToday(),
      selfAssessmentDays: 10,
      appraisalDays: 5,
      unitIds: [w.communeA.id, w.communeB.id],
    };
    const byCommune = await t.request(OPEN, { input }, { token: assessorA.token });
    expect(code(byCommune)).toBe('FORBIDDEN');
    const notUnder = await t.request(
      OPEN,
      { input: { ...input, unitIds: [w.province.id] } },
      { token: appraiser.token },
    );
    expect(code(notUnder)).toBe('BAD_USER_INPUT');
    const noDays = await t.request(
      OPEN,
      { input: { ...input, selfAssessmentDays: 0 } },
      { token: appraiser.token },
    );
    expect(noDays.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'selfAssessmentDays',
    });
    const round = (await t.query(OPEN, { input }, { token: appraiser.token })).createAssessmentRound;
    roundId = round.id;
    version = round.version;
    expect(round.status).toBe('SELF_ASSESSMENT');
    expect(round.selfAssessmentDueOn > round.opensOn).toBe(true);
  });

  it('lets each commune self-score only itself, with evidence', async () => {
    const fileA = await uploadFile(t, assessorA.token, 'ke-hoach-cchc.pdf');
    const fileB = await uploadFile(t, assessorB.token, 'ke-hoach-cchc-b.pdf');
    const score = (token: string, unitId: string, criterionCode: string, s: number, fileIds?: string[]) =>
      t.request(SELF, { input: { roundId, unitId, criterionCode, score: s, fileIds } }, { token });

    expect(code(await score(assessorA.token, w.communeB.id, '1.1', 2, [fileA]))).toBe('FORBIDDEN');
    expect(code(await score(appraiser.token, w.communeA.id, '1.1', 2, [fileA]))).toBe('FORBIDDEN');
    const noEvidence = await score(assessorA.token, w.communeA.id, '1.1', 2);
    expect(noEvidence.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fileIds' });
    expect(code(await score(assessorA.token, w.communeA.id, '1.1', 2.5, [fileA]))).toBe('BAD_USER_INPUT');
    expect(code(await score(assessorA.token, w.communeA.id, '1', 2, [fileA]))).toBe('BAD_USER_INPUT');
    const computed = await score(assessorA.token, w.communeA.id, '2.1', 4);
    expect(computed.errors?.[0].message).toContain('computed from the platform');
    const unknownDoc = await t.request(
      SELF,
      { input: { roundId, unitId: w.communeA.id, criterionCode: '1.1', score: 2, documentIds: [setId] } },
      { token: assessorA.token },
    );
    expect(unknownDoc.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documentIds' });

    const a = (await score(assessorA.token, w.communeA.id, '1.1', 2, [fileA])).data!.recordSelfScore;
    expect(a).toMatchObject({
      selfScore: 2,
      selfScoredBy: 'Phạm Minh Tú',
      evidence: [{ fileId: fileA, documentId: null }],
    });
    expect((await score(assessorA.token, w.communeA.id, '1.2', 1)).data!.recordSelfScore.selfScore).toBe(1);
    expect(
      (await score(assessorB.token, w.communeB.id, '1.1', 2, [fileB])).data!.recordSelfScore.selfScore,
    ).toBe(2);
    expect((await score(assessorB.token, w.communeB.id, '1.2', 0.5)).data!.recordSelfScore.selfScore).toBe(
      0.5,
    );

    // Appraisal is closed during self-assessment.
    const early = await t.request(
      APPRAISE,
      { input: { roundId, unitId: w.communeA.id, criterionCode: '1.1', score: 1, reason: 'x' } },
      { token: appraiser.token },
    );
    expect(code(early)).toBe('ASSESSMENT_ROUND_STAGE');
  });

  it('lets the province’s appraiser change a score only with a reason', async () => {
    expect(
      code(await t.request(STATUS, { input: { roundId, status: 'PUBLISHED' } }, { token: appraiser.token })),
    ).toBe('ASSESSMENT_ROUND_STAGE');
    const moved = (
      await t.query(STATUS, { input: { roundId, status: 'APPRAISAL', version } }, { token: appraiser.token })
    ).setAssessmentRoundStatus;
    expect(moved.status).toBe('APPRAISAL');
    const late = await t.request(
      SELF,
      { input: { roundId, unitId: w.communeA.id, criterionCode: '1.2', score: 0 } },
      { token: assessorA.token },
    );
    expect(code(late)).toBe('ASSESSMENT_ROUND_STAGE');

    const input = { roundId, unitId: w.communeA.id, criterionCode: '1.1', score: 1 };
    const noReason = await t.request(APPRAISE, { input }, { token: appraiser.token });
    expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(
      code(await t.request(APPRAISE, { input: { ...input, reason: 'x' } }, { token: assessorA.token })),
    ).toBe('FORBIDDEN');
    expect(
      code(await t.request(APPRAISE, { input: { ...input, reason: 'x' } }, { token: leaderA.token })),
    ).toBe('FORBIDDEN');
    const changed = (
      await t.query(
        APPRAISE,
        { input: { ...input, reason: 'Kế hoạch ban hành chậm so với quy định' } },
        { token: appraiser.token },
      )
    ).recordAppraisal;
    expect(changed).toMatchObject({
      selfScore: 2,
      appraisedScore: 1,
      appraisalReason: 'Kế hoạch ban hành chậm so với quy định',
    });
    // Confirming the unit's own score needs no reason.
    const same = await t.query(
      APPRAISE,
      { input: { roundId, unitId: w.communeB.id, criterionCode: '1.1', score: 2 } },
      { token: appraiser.token },
    );
    expect(same.recordAppraisal.appraisedScore).toBe(2);
    const audit = await t.sql(`select action from core_audit_entry where entity_id = $1 order by at`, [
      changed.id,
    ]);
    expect(audit.map((r) => r.action)).toEqual(['reform-index.score.self', 'reform-index.score.appraise']);
  });

  it('ranks the communes with the appraised score and the on-time rate from the dossiers', async () => {
    const results = (await t.query(RESULTS, { r: roundId }, { token: appraiser.token })).assessmentResults;
    // Hạ Long: 1.1 appraised 1 (self 2), 1.2 self 1, 2.1 = 4 × 3/4 on time = 3 → 5 (self 6).
    // Bãi Cháy: 1.1 2, 1.2 0.5, 2.1 = 4 (no dossier resolved: costs nothing) → 6.5.
    expect(
      results.map((r: { unitName: string; rank: number; selfTotal: number; finalTotal: number }) => [
        r.unitName,
        r.rank,
        r.selfTotal,
        r.finalTotal,
      ]),
    ).toEqual([
      ['Phường Bãi Cháy', 1, 6.5, 6.5],
      ['Phường Hạ Long', 2, 6, 5],
    ]);
    const haLong = results[1];
    expect(
      haLong.criteria.find((c: { criterion: { code: string } }) => c.criterion.code === '2.1'),
    ).toMatchObject({
      computedScore: 3,
      selfScore: 3,
      appraisedScore: null,
      finalScore: 3,
    });
    // The computed points are the service index's on-time criterion over the same dossiers.
    const index = (
      await t.query(
        `query($f: ServiceIndexFilterInput!) { serviceIndex(filter: $f) { criteria { criterion { code } numerator denominator
          shortfall(first: 10) { totalCount } } } }`,
        { f: { unitId: w.communeA.id, from: `${YEAR}-01-01`, to: `${YEAR}-12-31` } },
        { token: appraiser.token },
      )
    ).serviceIndex.criteria.find((c: { criterion: { code: string } }) => c.criterion.code === '2.1');
    expect(index).toMatchObject({ numerator: 3, denominator: 4, shortfall: { totalCount: 1 } });
    expect(haLong.criteria[0]).toMatchObject({
      appraisedScore: 1,
      score: { appraisalReason: 'Kế hoạch ban hành chậm so với quy định' },
    });

    // A commune sees its own line with its true rank; a leader of Hạ Long likewise.
    const own = (await t.query(RESULTS, { r: roundId }, { token: assessorA.token })).assessmentResults;
    expect(own.map((r: { unitName: string; rank: number }) => [r.unitName, r.rank])).toEqual([
      ['Phường Hạ Long', 2],
    ]);
    const leader = (await t.query(RESULTS, { r: roundId }, { token: leaderA.token })).assessmentResults;
    expect(leader).toHaveLength(1);
  });

  it('exports the results as an XLSX workbook that shows the appraisal', async () => {
    const file = (await t.query(EXPORT, { r: roundId }, { token: appraiser.token })).assessmentRoundExport;
    expect(file.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as never);
    const rows = (name: string) =>
      (wb.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows('Xếp hạng')).toEqual([
      ['Hạng', 'Mã đơn vị', 'Đơn vị', 'Điểm tự chấm', 'Điểm thẩm định', 'Điểm tối đa'],
      [1, '06970', 'Phường Bãi Cháy', 6.5, 6.5, 7],
      [2, '06940', 'Phường Hạ Long', 6, 5, 7],
    ]);
    const changed = rows('Chi tiết').find((r) => r[0] === 'Phường Hạ Long' && r[1] === '1.1')!;
    expect(changed.slice(3)).toEqual([2, 2, 1, 1, 'Kế hoạch ban hành chậm so với quy định']);
  });

  it('lets a leader of an assessed commune read the round; publishing is final', async () => {
    const other = await createOfficial(t, w.adminToken, {
      fullName: 'Ngô Văn Bình',
      position: 'LEADER',
      agencyId: w.agencyB.id,
      role: 'leader',
      scope: { unitId: w.communeB.id },
    });
    const round = await t.query(
      `query($id: ID!) { assessmentRound(id: $id) { id criteriaSet { code } } }`,
      { id: roundId },
      { token: other.token },
    );
    expect(round.assessmentRound.criteriaSet.code).toBe('QN-XA');
    const published = (
      await t.query(STATUS, { input: { roundId, status: 'PUBLISHED' } }, { token: appraiser.token })
    ).setAssessmentRoundStatus;
    expect(published.status).toBe('PUBLISHED');
    const after = await t.request(
      APPRAISE,
      { input: { roundId, unitId: w.communeA.id, criterionCode: '1.2', score: 1 } },
      { token: appraiser.token },
    );
    expect(code(after)).toBe('ASSESSMENT_ROUND_STAGE');
  });
});
