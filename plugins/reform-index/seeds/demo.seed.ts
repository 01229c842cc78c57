import { addLocalDays, localToday, type RequestContext, type SeedDefinition } from '../../../src';
import { directory, officials, Position, type UnitRecord } from '../../staff';
import type { CriterionNode } from '../domain/criteria-set';
import { Criterion } from '../entities/criteria-set.entity';
import { CriterionMetric, RoundStatus, SpreadsheetFormat } from '../entities/enums';
import { assessment } from '../services/assessment.service';
import { serviceIndex } from '../services/service-index.service';

/**
 * Demo data for the staff demo (`staff.demo-quang-ninh`) and the procedures demo: a commune-level CCHC
 * criteria set of Quảng Ninh (100 points, eight fields, shaped after the provinces' published commune
 * sets), last year's round published (five wards self-scored, the council changed three scores with
 * reasons, ranked), this year's round open for self-assessment (three wards part-way, with evidence),
 * the two people who work it (`cchc-self-assessor` of phường Hồng Gai, `cchc-appraiser` of the
 * province), and the entered values of the QĐ 766 service index for the province this year, so its
 * live index (computed criteria from the demo dossiers) is complete.
 */

export const REFORM_INDEX_DEMO_SEED_NAME = 'reform-index.demo';
const STAFF_DEMO_SEED = 'staff.demo-quang-ninh';
const PROVINCE_CODE = '22';

/** The wards assessed (new GSO codes of the staff demo), in that order. */
export const DEMO_WARDS = ['06685', '06688', '06673', '06793', '07093'] as const;

/**
 * The commune criteria set. The fields and their weights follow the provinces' commune-level sets
 * issued under QĐ 876/QĐ-BNV (chỉ đạo điều hành; văn bản QPPL; TTHC; tổ chức bộ máy; công vụ; tài chính
 * công; chính quyền số; tác động); the points of each criterion are illustrative, not a province's.
 */
export const DEMO_CRITERIA: CriterionNode[] = [
  {
    code: '1',
    name: 'Công tác chỉ đạo, điều hành cải cách hành chính',
    maxPoints: 12,
    children: [
      {
        code: '1.1',
        name: 'Kế hoạch CCHC năm',
        maxPoints: 3,
        guidance: 'Ban hành trước ngày 31/12 năm trước: 3 điểm; trong quý I: 1,5 điểm; sau quý I: 0',
        requiredEvidence: 'Kế hoạch CCHC năm của UBND xã, phường',
      },
      {
        code: '1.2',
        name: 'Báo cáo CCHC định kỳ',
        maxPoints: 2,
        guidance: 'Đủ và đúng hạn các báo cáo quý, 6 tháng, năm: 2 điểm; thiếu hoặc chậm một báo cáo: 1 điểm',
        requiredEvidence: 'Các báo cáo CCHC trong năm',
      },
      {
        code: '1.3',
        name: 'Tự kiểm tra công tác CCHC',
        maxPoints: 2,
        guidance: 'Có kế hoạch và báo cáo kết quả tự kiểm tra: 2 điểm',
        requiredEvidence: 'Kế hoạch, báo cáo kiểm tra',
      },
      {
        code: '1.4',
        name: 'Tuyên truyền CCHC',
        maxPoints: 2,
        guidance: 'Hoàn thành 100% kế hoạch tuyên truyền: 2 điểm; từ 80%: 1 điểm',
        requiredEvidence: 'Kế hoạch tuyên truyền; tin, bài đã đăng',
      },
      {
        code: '1.5',
        name: 'Sáng kiến, mô hình mới trong CCHC',
        maxPoints: 3,
        guidance: 'Có sáng kiến được cấp có thẩm quyền công nhận: 3 điểm',
        requiredEvidence: 'Quyết định công nhận sáng kiến',
      },
    ],
  },
  {
    code: '2',
    name: 'Tổ chức thực hiện văn bản quy phạm pháp luật',
    maxPoints: 8,
    children: [
      {
        code: '2.1',
        name: 'Rà soát, hệ thống hóa văn bản QPPL',
        maxPoints: 4,
        guidance: 'Hoàn thành đúng hạn: 4 điểm; chậm: 2 điểm',
        requiredEvidence: 'Báo cáo kết quả rà soát',
      },
      {
        code: '2.2',
        name: 'Thực hiện văn bản QPPL của cấp trên',
        maxPoints: 4,
        guidance: 'Hoàn thành 100% nhiệm vụ được giao: 4 điểm; từ 80%: 2 điểm',
      },
    ],
  },
  {
    code: '3',
    name: 'Cải cách thủ tục hành chính',
    maxPoints: 28,
    children: [
      {
        code: '3.1',
        name: 'Công khai TTHC tại Bộ phận Một cửa',
        maxPoints: 4,
        guidance: 'Niêm yết đầy đủ, đúng quy định: 4 điểm',
        requiredEvidence: 'Ảnh chụp nơi niêm yết; danh mục TTHC',
      },
      {
        code: '3.2',
        name: 'Tiến độ giải quyết hồ sơ TTHC',
        maxPoints: 10,
        children: [
          {
            code: '3.2.1',
            name: 'Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn',
            maxPoints: 6,
            guidance: 'Điểm = tỷ lệ trước hạn, đúng hạn × 6 (tính từ hồ sơ trên hệ thống)',
            metric: CriterionMetric.ON_TIME_RATE,
          },
          {
            code: '3.2.2',
            name: 'Xin lỗi người dân khi giải quyết quá hạn',
            maxPoints: 4,
            guidance: 'Có văn bản xin lỗi cho 100% hồ sơ quá hạn: 4 điểm',
            requiredEvidence: 'Văn bản xin lỗi',
          },
        ],
      },
      {
        code: '3.3',
        name: 'Tỷ lệ hồ sơ tiếp nhận trực tuyến',
        maxPoints: 6,
        guidance: 'Điểm = tỷ lệ hồ sơ trực tuyến × 6',
        metric: CriterionMetric.ONLINE_RATE,
      },
      {
        code: '3.4',
        name: 'Số hóa hồ sơ khi tiếp nhận',
        maxPoints: 4,
        guidance: 'Điểm = tỷ lệ hồ sơ số hóa đầy đủ thành phần × 4',
        metric: CriterionMetric.DOSSIER_DIGITISATION_RATE,
      },
      {
        code: '3.5',
        name: 'Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC',
        maxPoints: 4,
        guidance: 'Xử lý đúng hạn 100% phản ánh, kiến nghị: 4 điểm',
        requiredEvidence: 'Sổ theo dõi phản ánh, kiến nghị',
      },
    ],
  },
  {
    code: '4',
    name: 'Cải cách tổ chức bộ máy',
    maxPoints: 6,
    children: [
      { code: '4.1', name: 'Thực hiện quy định về tổ chức bộ máy', maxPoints: 3 },
      {
        code: '4.2',
        name: 'Ban hành và thực hiện quy chế làm việc',
        maxPoints: 3,
        requiredEvidence: 'Quy chế làm việc',
      },
    ],
  },
  {
    code: '5',
    name: 'Cải cách chế độ công vụ',
    maxPoints: 10,
    children: [
      { code: '5.1', name: 'Bố trí công chức theo vị trí việc làm', maxPoints: 3 },
      { code: '5.2', name: 'Đánh giá, xếp loại công chức', maxPoints: 3 },
      {
        code: '5.3',
        name: 'Kỷ luật, kỷ cương hành chính',
        maxPoints: 4,
        guidance: 'Không có công chức bị kỷ luật: 4 điểm',
      },
    ],
  },
  {
    code: '6',
    name: 'Cải cách tài chính công',
    maxPoints: 8,
    children: [
      { code: '6.1', name: 'Thực hiện dự toán ngân sách', maxPoints: 4 },
      {
        code: '6.2',
        name: 'Công khai ngân sách',
        maxPoints: 4,
        requiredEvidence: 'Quyết định công bố công khai dự toán, quyết toán',
      },
    ],
  },
  {
    code: '7',
    name: 'Xây dựng và phát triển chính quyền điện tử, chính quyền số',
    maxPoints: 18,
    children: [
      {
        code: '7.1',
        name: 'Văn bản đi dưới dạng điện tử, có ký số',
        maxPoints: 6,
        guidance: 'Từ 90%: 6 điểm; từ 70%: 3 điểm',
      },
      {
        code: '7.2',
        name: 'Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)',
        maxPoints: 8,
        guidance: 'Điểm = chỉ số / 100 × 8 (tính trực tiếp trên hệ thống)',
        metric: CriterionMetric.SERVICE_INDEX,
      },
      { code: '7.3', name: 'Áp dụng hệ thống quản lý chất lượng TCVN ISO 9001:2015', maxPoints: 4 },
    ],
  },
  {
    code: '8',
    name: 'Tác động của cải cách hành chính',
    maxPoints: 10,
    children: [
      {
        code: '8.1',
        name: 'Mức độ hài lòng trong tiếp nhận, giải quyết TTHC',
        maxPoints: 10,
        guidance: 'Điểm của tiêu chí 5.3 QĐ 766 quy về 10',
        metric: CriterionMetric.SERVICE_INDEX_CRITERION,
        metricCode: '5.3',
      },
    ],
  },
];

/** Self-scores per ward (in DEMO_WARDS order) on the hand-scored leaves; `null`: not scored yet. */
const LAST_YEAR: Record<string, number[]> = {
  '1.1': [3, 3, 1.5, 3, 3],
  '1.2': [2, 2, 2, 1, 2],
  '1.3': [2, 2, 2, 2, 1],
  '1.4': [2, 2, 1, 2, 2],
  '1.5': [3, 0, 3, 0, 0],
  '2.1': [4, 4, 4, 2, 4],
  '2.2': [4, 4, 4, 4, 2],
  '3.1': [4, 4, 4, 4, 4],
  '3.2.2': [4, 4, 4, 4, 4],
  '3.5': [4, 4, 3, 4, 4],
  '4.1': [3, 3, 3, 3, 3],
  '4.2': [3, 3, 3, 3, 3],
  '5.1': [3, 3, 2, 3, 3],
  '5.2': [3, 3, 3, 3, 3],
  '5.3': [4, 4, 4, 4, 0],
  '6.1': [4, 4, 4, 3, 4],
  '6.2': [4, 4, 4, 4, 4],
  '7.1': [6, 6, 3, 6, 3],
  '7.3': [4, 4, 4, 0, 4],
};

/** The council's changes last year: ward index, criterion, appraised score, reason. */
const LAST_YEAR_APPRAISALS: Array<[number, string, number, string]> = [
  [0, '1.5', 0, 'Sáng kiến chưa có quyết định công nhận của cấp có thẩm quyền trong năm đánh giá'],
  [1, '1.1', 1.5, 'Kế hoạch CCHC ban hành ngày 15/01, sau thời hạn 31/12 năm trước'],
  [3, '7.1', 3, 'Tỷ lệ văn bản đi có ký số 78% theo số liệu của hệ thống quản lý văn bản, chưa đạt 90%'],
];

/** This year's round: Hồng Gai has scored everything, Hạ Long most, Bãi Cháy has just started. */
const THIS_YEAR: Record<string, Array<number | null>> = {
  '1.1': [3, 3, 3],
  '1.2': [2, 2, null],
  '1.3': [2, 2, null],
  '1.4': [2, 1, null],
  '1.5': [0, 0, null],
  '2.1': [4, 4, 4],
  '2.2': [4, 4, null],
  '3.1': [4, 4, 4],
  '3.2.2': [4, 4, null],
  '3.5': [4, 4, null],
  '4.1': [3, 3, null],
  '4.2': [3, 3, null],
  '5.1': [3, null, null],
  '5.2': [3, null, null],
  '5.3': [4, null, null],
  '6.1': [4, null, null],
  '6.2': [4, null, null],
  '7.1': [6, null, null],
  '7.3': [4, null, null],
};

/** The QĐ 766 criteria the platform cannot compute, entered for the province this year: [code, numerator, denominator]. */
const ENTERED_766: Array<[string, number, number]> = [
  ['1.1', 46, 48],
  ['1.3', 1688, 1702],
  ['1.4', 95_210, 98_400],
  ['3.3', 410, 980],
  ['4.1', 1420, 1490],
  ['4.2', 1102, 1420],
  ['4.4', 21_400, 39_800],
  ['5.1', 118, 124],
  ['5.2', 109, 118],
];

/** A one-page PDF standing for a scanned document: evidence must be a file of the core store. */
const evidencePdf = (title: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${title}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );

async function ensureOfficial(
  ctx: RequestContext,
  input: {
    username: string;
    fullName: string;
    title: string;
    agencyElectronicId: string;
    role: string;
    unitId: string;
  },
): Promise<string> {
  const existing = await directory.officialByUsername(ctx, input.username);
  if (existing) return existing.fullName;
  const agency = await directory.agencyByElectronicId(ctx, input.agencyElectronicId);
  if (!agency) return input.fullName;
  await officials.create(ctx, {
    fullName: input.fullName,
    username: input.username,
    position: Position.SPECIALIST,
    title: input.title,
    personalEmail: `${input.username}@example.com`,
    postings: [{ agencyId: agency.id, primary: true }],
    roles: [{ role: input.role, unitId: input.unitId }],
  });
  return input.fullName;
}

async function runDemoSeed(ctx: RequestContext): Promise<void> {
  const log = (message: string, extra: Record<string, unknown> = {}) =>
    ctx.logger.info({ seed: REFORM_INDEX_DEMO_SEED_NAME, ...extra }, message);
  if (
    !(await ctx.em.execute<unknown[]>(`select 1 from core_seed where name = ?`, [STAFF_DEMO_SEED])).length
  ) {
    log(`the staff demo (${STAFF_DEMO_SEED}) is not loaded: no reform-index demo`);
    return;
  }
  const province = await directory.unitByCode(ctx, PROVINCE_CODE);
  if (!province) return log('the demo province is missing: no reform-index demo');
  const wards: UnitRecord[] = [];
  for (const code of DEMO_WARDS) {
    const ward = await directory.unitByCode(ctx, code);
    if (ward) wards.push(ward);
  }
  if (wards.length < 3) return log('the demo wards are missing: no reform-index demo');

  const appraiser = await ensureOfficial(ctx, {
    username: 'cchc-appraiser',
    fullName: 'Nguyễn Thị Thanh Hương',
    title: 'Chuyên viên Sở Nội vụ, thành viên Hội đồng thẩm định Chỉ số CCHC',
    agencyElectronicId: '000.00.00.H49',
    role: 'cchc-appraiser',
    unitId: province.id,
  });
  const assessors = ['Trịnh Văn Hậu', 'Lương Thị Ngọc Ánh', 'Đoàn Minh Khôi', 'Phí Thu Trang', 'Hà Văn Lộc'];
  await ensureOfficial(ctx, {
    username: 'cchc-self-assessor',
    fullName: assessors[0],
    title: 'Công chức Văn phòng - Thống kê, đầu mối CCHC',
    agencyElectronicId: '000.01.41.H49',
    role: 'cchc-self-assessor',
    unitId: wards[0].id,
  });

  const file = async (title: string) => {
    const stored = await ctx.app.files.create(ctx.em, {
      content: evidencePdf(title),
      fileName: `${title}.pdf`,
    });
    await ctx.em.flush();
    return stored.id;
  };

  const today = localToday();
  const year = Number(today.slice(0, 4));
  const content = JSON.stringify(DEMO_CRITERIA);
  const openRound = async (setYear: number, opensOn: string, selfAssessmentDays: number) => {
    const set = await assessment.importSet(ctx, {
      code: `QN-CCHC-XA-${setYear}`,
      name: `Bộ tiêu chí xác định Chỉ số CCHC cấp xã năm ${setYear} (minh họa)`,
      year: setYear,
      unitKind: 'COMMUNE',
      ownerUnitId: province.id,
      legalBasis: 'Minh họa theo cấu trúc bộ tiêu chí cấp xã của các tỉnh, ban hành theo QĐ 876/QĐ-BNV',
      format: SpreadsheetFormat.JSON,
      content,
    });
    const round = await assessment.createRound(ctx, {
      setId: set.id,
      name: `Xác định Chỉ số CCHC cấp xã năm ${setYear}`,
      opensOn,
      selfAssessmentDays,
      appraisalDays: 10,
      unitIds: wards.map((w) => w.id),
    });
    const criteria = new Map(
      (await ctx.em.find(Criterion, { setId: set.id })).map((c) => [c.code, c] as const),
    );
    return { round, criteria };
  };
  // Every score goes through the service, as the ward's assessor (or the council) gave it, at the
  // instant they did: the round's window and stage, the evidence rule and the audit trail apply
  // (the audit's actor is the seed; `by` names the official in the score's "by" column).
  type Opened = Awaited<ReturnType<typeof openRound>>;
  const selfScore = async (
    { round, criteria }: Opened,
    code: string,
    ward: number,
    score: number,
    at: Date,
  ) => {
    const criterion = criteria.get(code)!;
    const fileIds =
      criterion.requiredEvidence && score > 0
        ? [await file(`${criterion.code} ${criterion.requiredEvidence}`)]
        : [];
    await assessment.recordSelfScore(
      ctx,
      { roundId: round.id, unitId: wards[ward].id, criterionCode: code, score, fileIds },
      { at, by: assessors[ward] },
    );
  };

  // Last year's round, opened in January, appraised and published.
  const lastOpens = `${year}-01-12` <= today ? `${year}-01-12` : `${year - 1}-12-01`;
  const last = await openRound(year - 1, lastOpens, 15);
  for (const [code, scores] of Object.entries(LAST_YEAR))
    for (let w = 0; w < wards.length; w++)
      await selfScore(last, code, w, scores[w], new Date(`${last.round.opensOn}T09:00:00+07:00`));
  await assessment.setStatus(ctx, { roundId: last.round.id, status: RoundStatus.APPRAISAL });
  for (const [w, criterionCode, score, reason] of LAST_YEAR_APPRAISALS) {
    if (w >= wards.length) continue;
    await assessment.recordAppraisal(
      ctx,
      { roundId: last.round.id, unitId: wards[w].id, criterionCode, score, reason },
      { at: new Date(`${last.round.selfAssessmentDueOn}T15:00:00+07:00`), by: appraiser },
    );
  }
  await assessment.setStatus(ctx, { roundId: last.round.id, status: RoundStatus.PUBLISHED });

  // This year's round: opened a week ago, self-assessment open for 20 working days.
  const current = await openRound(year, addLocalDays(today, -7), 20);
  for (const [code, scores] of Object.entries(THIS_YEAR))
    for (let w = 0; w < Math.min(scores.length, wards.length); w++)
      if (scores[w] !== null) await selfScore(current, code, w, scores[w]!, new Date());

  // The province's entered values of the service index for this year, each with its evidence.
  const report = await file(`Báo cáo số liệu Chỉ số phục vụ người dân, doanh nghiệp năm ${year}`);
  for (const [criterionCode, numerator, denominator] of ENTERED_766)
    await serviceIndex.recordValue(ctx, {
      criterionCode,
      unitId: province.id,
      from: `${year}-01-01`,
      to: `${year}-12-31`,
      numerator,
      denominator,
      note: 'Số liệu tổng hợp từ Cổng Dịch vụ công quốc gia và báo cáo của các sở (minh họa)',
      fileIds: [report],
    });
  log('reform-index demo loaded', { rounds: 2, wards: wards.length });
}

export const reformIndexDemoSeed: SeedDefinition = {
  name: REFORM_INDEX_DEMO_SEED_NAME,
  demo: true,
  run: runDemoSeed,
};
