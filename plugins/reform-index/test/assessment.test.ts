import ExcelJS from 'exceljs';
import { createTestApp, Operation, TestApp, Variables } from '../../../test/harness';
import { localToday } from '../../../src';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '../../procedures';
import { createOfficial } from '../../procedures/test/helpers';
import { reformIndexPlugin, XLSX_COLUMNS } from '..';
import { DossierArranger, uploadFile } from './fixtures';
import {
  AssessmentResultsDocument,
  CreateAdministrativeUnitDocument,
  CreateAgencyDocument,
  RecordSelfScoreDocument,
  ServiceIndexDocument,
} from '../../../test/graphql/generated';

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
const SELF = RecordSelfScoreDocument;
const APPRAISE = `mutation($input: RecordAppraisalInput!) { recordAppraisal(input: $input) {
  id selfScore appraisedScore appraisalReason appraisedBy } }`;
const RESULTS = AssessmentResultsDocument;
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
    // The platform's working calendar: statutory holidays and announced swaps (the non-demo seeds).
    await t.app.runSeeds({ demo: false });
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

    // Each broken workbook is BAD_USER_INPUT naming the row or the column.
    const workbook = async (rows: unknown[][]) => {
      const book = new ExcelJS.Workbook();
      const s = book.addWorksheet('Tiêu chí');
      for (const r of rows) s.addRow(r);
      return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    };
    const importXlsx = async (rows: unknown[][]) =>
      t.request(
        IMPORT,
        {
          input: {
            code: 'QN-XA-XLSX-BAD',
            name: 'x',
            year: YEAR,
            unitKind: 'COMMUNE',
            ownerUnitId: w.province.id,
            format: 'XLSX',
            content: await workbook(rows),
          },
        },
        { token: appraiser.token },
      );
    for (const [rows, message] of [
      [
        [
          ['Mã', 'Tiêu chí'],
          ['1', 'x'],
        ],
        '"Điểm tối đa" is missing',
      ],
      [[[...XLSX_COLUMNS], ['1.1', 'x', 1]], 'Row 2: criterion 1.1 comes before its parent 1'],
      [[[...XLSX_COLUMNS], ['1', 'x', 'hai']], 'Row 2: "Điểm tối đa" is not a number'],
      [[[...XLSX_COLUMNS], ['1a', 'x', 1]], 'Row 2: code "1a" must be dotted numbers'],
      [[[...XLSX_COLUMNS], ['1', 'x', 1, '', '', 'PAPI']], 'Criterion 1: metric must be one of'],
      [
        [[...XLSX_COLUMNS], ['1', 'x', 3], ['1.1', 'y', 1]],
        'maximum 3 is not the sum of its sub-criteria (1)',
      ],
      [[[...XLSX_COLUMNS]], 'A criteria set needs at least one criterion'],
    ] as const) {
      const res = await importXlsx(rows as unknown as unknown[][]);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
      expect(res.errors?.[0].message).toContain(message);
    }
    // Nothing of a refused import is kept.
    expect(await t.sql(`select 1 from reform_index_criteria_set where code = 'QN-XA-XLSX-BAD'`)).toHaveLength(
      0,
    );
  });

  it('refuses malformed JSON criteria and set fields with BAD_USER_INPUT', async () => {
    const base = {
      code: 'QN-XA-JSON-BAD',
      name: 'x',
      year: YEAR,
      unitKind: 'COMMUNE',
      ownerUnitId: w.province.id,
      format: 'JSON',
    };
    const leaf = { code: '1', name: 'x', maxPoints: 1 };
    for (const [input, message] of [
      [{ content: JSON.stringify({ items: [] }) }, 'content must be a list of criteria'],
      [
        { content: JSON.stringify([{ ...leaf, children: [{ code: '2.1', name: 'y', maxPoints: 1 }] }]) },
        "start with its parent's code 1.",
      ],
      [{ content: JSON.stringify([leaf, leaf]) }, 'Criterion 1: code appears twice'],
      [{ content: JSON.stringify([{ ...leaf, name: ' ' }]) }, 'Criterion 1: name is required'],
      [
        { content: JSON.stringify([{ ...leaf, maxPoints: -1 }]) },
        'maxPoints must be a number from 0 to 1000',
      ],
      [{ content: JSON.stringify([{ ...leaf, metric: 'SERVICE_INDEX_CRITERION' }]) }, 'needs metricCode'],
      [{ content: JSON.stringify([leaf]), year: 1999 }, 'year must be a year'],
      [{ content: JSON.stringify([leaf]), unitKind: 'xã' }, 'unitKind is an upper-case word'],
      [{ content: JSON.stringify([leaf]), ownerUnitId: 'not-an-id' }, 'ownerUnitId is not a valid id'],
    ] as const) {
      const res = await t.request(IMPORT, { input: { ...base, ...input } }, { token: appraiser.token });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toContain(message);
    }
    const again = await t.request(
      IMPORT,
      { input: { ...base, code: 'QN-XA', content: JSON.stringify([leaf]) } },
      { token: appraiser.token },
    );
    expect(code(again)).toBe('CONFLICT');
  });

  it('refuses in Vietnamese by default and in English on request (Accept-Language)', async () => {
    const leaf = { code: '1', name: 'x', maxPoints: 1 };
    const input = {
      code: 'QN-XA-LANG',
      name: 'x',
      year: YEAR,
      unitKind: 'COMMUNE',
      ownerUnitId: w.province.id,
      format: 'JSON',
      content: JSON.stringify([leaf, leaf]),
    };
    const vi = await t.request(
      IMPORT,
      { input },
      { token: appraiser.token, headers: { 'accept-language': '' } },
    );
    expect(vi.errors?.[0]).toMatchObject({
      message: 'Tiêu chí 1: mã bị trùng',
      extensions: { code: 'BAD_USER_INPUT', field: 'content' },
    });
    expect(vi.headers.get('content-language')).toBe('vi');
    const en = await t.request(
      IMPORT,
      { input },
      { token: appraiser.token, headers: { 'accept-language': 'en' } },
    );
    expect(en.errors?.[0].message).toBe('Criterion 1: code appears twice');
  });

  it.each([
    // [opens on, self-assessment days, appraisal days, self-assessment due, appraisal due]
    // Friday 6/3/2026: 3 working days (Fri 6, Mon 9, Tue 10) → 10/3; then 2 (Wed 11, Thu 12) → 12/3.
    ['2026-03-06', 3, 2, '2026-03-10', '2026-03-12'],
    // Friday 24/4/2026: Mon 27/4 is the day off for Giỗ Tổ (Sunday 26/4) → Fri 24, Tue 28, Wed 29;
    // then 30/4 and 1/5 are holidays → Mon 4/5, Tue 5/5.
    ['2026-04-24', 3, 2, '2026-04-29', '2026-05-05'],
    // Friday 9/1/2026: Saturday 10/1 is the make-up working day for Friday 2/1 → 10/1; then Mon 12/1.
    ['2026-01-09', 2, 1, '2026-01-10', '2026-01-12'],
    // Opening on the first day of Tết (Mon 16/2/2026, holidays to Fri 20/2): the first working day is 23/2.
    ['2026-02-16', 1, 1, '2026-02-23', '2026-02-24'],
  ])(
    'counts a round opened on %s with %i + %i working days on the working calendar',
    async (opensOn, selfAssessmentDays, appraisalDays, selfDue, appraisalDue) => {
      const set = (
        await t.query(
          IMPORT,
          {
            input: {
              code: `QN-XA-LICH-${opensOn}`,
              name: 'Lịch',
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
              opensOn,
              selfAssessmentDays,
              appraisalDays,
              unitIds: [w.communeA.id],
            },
          },
          { token: appraiser.token },
        )
      ).createAssessmentRound;
      expect([round.opensOn, round.selfAssessmentDueOn, round.appraisalDueOn]).toEqual([
        opensOn,
        selfDue,
        appraisalDue,
      ]);
    },
  );

  it('refuses a malformed opening date or an unknown criteria set', async () => {
    const input = {
      setId,
      name: 'x',
      opensOn: '2026-02-30',
      selfAssessmentDays: 1,
      appraisalDays: 1,
      unitIds: [w.communeA.id],
    };
    expect(code(await t.request(OPEN, { input }, { token: appraiser.token }))).toBe('BAD_USER_INPUT');
    const unknownSet = await t.request(
      OPEN,
      { input: { ...input, opensOn: '2026-03-02', setId: '00000000-0000-4000-8000-000000000000' } },
      { token: appraiser.token },
    );
    expect(code(unknownSet)).toBe('NOT_FOUND');
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
    expect(code(await t.request(OPEN, { input }, { token: appraiser.token }))).toBe('CONFLICT');
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
    const results = (await t.query(RESULTS, { roundId }, { token: appraiser.token })).assessmentResults;
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
        ServiceIndexDocument,
        { filter: { unitId: w.communeA.id, from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }, shortfallFirst: 10 },
        { token: appraiser.token },
      )
    ).serviceIndex.criteria.find((c) => c.criterion.code === '2.1');
    expect(index).toMatchObject({ numerator: 3, denominator: 4, shortfall: { totalCount: 1 } });
    expect(haLong.criteria[0]).toMatchObject({
      appraisedScore: 1,
      score: { appraisalReason: 'Kế hoạch ban hành chậm so với quy định' },
    });

    // A commune sees its own line with its true rank; a leader of Hạ Long likewise.
    const own = (await t.query(RESULTS, { roundId }, { token: assessorA.token })).assessmentResults;
    expect(own.map((r: { unitName: string; rank: number }) => [r.unitName, r.rank])).toEqual([
      ['Phường Hạ Long', 2],
    ]);
    const leader = (await t.query(RESULTS, { roundId }, { token: leaderA.token })).assessmentResults;
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

  it('keeps a commune to its own line and another province’s appraiser out', async () => {
    // Commune A's export holds its own line only, with its true rank.
    const own = (await t.query(EXPORT, { r: roundId }, { token: assessorA.token })).assessmentRoundExport;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(own.contentBase64, 'base64') as never);
    const ranking = (wb.getWorksheet('Xếp hạng')!.getSheetValues() as unknown[][])
      .filter(Boolean)
      .map((r) => r.slice(1));
    expect(ranking.slice(1)).toEqual([[2, '06940', 'Phường Hạ Long', 6, 5, 7]]);
    const details = (wb.getWorksheet('Chi tiết')!.getSheetValues() as unknown[][]).filter(Boolean).slice(1);
    expect(new Set(details.map((r) => r[1]))).toEqual(new Set(['Phường Hạ Long']));
    // Commune B asking for A's line gets nothing.
    const other = await t.query(
      `query($r: ID!, $u: ID) { assessmentResults(roundId: $r, unitId: $u) { unitId } }`,
      { r: roundId, u: w.communeA.id },
      { token: assessorB.token },
    );
    expect(other.assessmentResults).toEqual([]);

    // An appraiser of another province: the round is invisible, the province's set cannot be used.
    const q = <T = any, V extends Variables = Variables>(query: Operation<T, V>, variables: V) =>
      t.query(query, variables, { token: w.adminToken });
    const langSon = (
      await q(CreateAdministrativeUnitDocument, {
        input: { code: '20', name: 'Tỉnh Lạng Sơn', type: 'PROVINCE', validFrom: '2025-07-01' },
      })
    ).createAdministrativeUnit;
    const agency = (
      await q(CreateAgencyDocument, {
        input: {
          name: 'UBND tỉnh Lạng Sơn',
          electronicId: '000.00.00.H39',
          unitId: langSon.id,
          kind: 'PEOPLES_COMMITTEE',
        },
      })
    ).createAgency;
    const foreign = await createOfficial(t, w.adminToken, {
      fullName: 'Hoàng Văn Nam',
      position: 'SPECIALIST',
      agencyId: agency.id,
      role: 'cchc-appraiser',
      scope: { unitId: langSon.id },
    });
    const as = <T = any, V extends Variables = Variables>(query: Operation<T, V>, variables: V) =>
      t.request(query, variables, { token: foreign.token });
    const seen = await as(`query($id: ID!) { assessmentRound(id: $id) { id } }`, { id: roundId });
    expect(seen.data?.assessmentRound).toBeNull();
    expect(code(await as(RESULTS, { roundId }))).toBe('NOT_FOUND');
    expect(code(await as(EXPORT, { r: roundId }))).toBe('NOT_FOUND');
    expect(
      code(
        await as(APPRAISE, {
          input: { roundId, unitId: w.communeA.id, criterionCode: '1.2', score: 0, reason: 'x' },
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(code(await as(STATUS, { input: { roundId, status: 'PUBLISHED' } }))).toBe('NOT_FOUND');
    const foreignRound = await as(OPEN, {
      input: {
        setId,
        name: 'x',
        opensOn: '2026-03-02',
        selfAssessmentDays: 1,
        appraisalDays: 1,
        unitIds: [w.communeA.id],
      },
    });
    expect(code(foreignRound)).toBe('FORBIDDEN');
    const foreignImport = await as(IMPORT, {
      input: {
        code: 'LS-XA',
        name: 'x',
        year: YEAR,
        unitKind: 'COMMUNE',
        ownerUnitId: w.province.id,
        format: 'JSON',
        content: JSON.stringify([{ code: '1', name: 'x', maxPoints: 1 }]),
      },
    });
    expect(code(foreignImport)).toBe('FORBIDDEN');
    // Nothing changed: Hạ Long's 1.2 still stands at its self-score.
    const after = (await t.query(RESULTS, { roundId }, { token: appraiser.token })).assessmentResults;
    expect(after.find((r) => r.unitName === 'Phường Hạ Long')?.finalTotal).toBe(5);
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
