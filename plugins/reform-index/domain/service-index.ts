/**
 * The service index of Quyết định 766/QĐ-TTg (23/6/2022): Bộ chỉ số chỉ đạo, điều hành và đánh giá
 * chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công theo
 * thời gian thực trên môi trường điện tử. 100 points in five groups. Criteria are data: the migration
 * writes this edition into `reform_index_service_criterion`, and an amendment is a new row with a
 * later `validFrom` (setServiceIndexCriterion), never a code change.
 */

/** What the platform computes a criterion from; ENTERED: an official enters the value with evidence. */
export const SERVICE_METRICS = [
  'PUBLICATION_ON_TIME',
  'ON_TIME_RESOLUTION',
  'ONLINE_DOSSIERS',
  'DOSSIER_DIGITISATION',
  'RESULT_DIGITISATION',
  'SATISFACTION',
  'ENTERED',
] as const;
export type ServiceMetric = (typeof SERVICE_METRICS)[number];

/**
 * A scoring band: from this rate (0..1) on, the criterion earns `fraction` of its maximum. No bands:
 * points are proportional (rate × maximum), the decision's general rule.
 */
export interface ScoringBand {
  minRate: number;
  fraction: number;
}

export interface ServiceCriterionDefinition {
  code: string;
  groupCode: string;
  groupName: string;
  name: string;
  maxPoints: number;
  metric: ServiceMetric;
  formula: string;
  numeratorLabel: string;
  denominatorLabel: string;
  bands: ScoringBand[];
  legalBasis: string;
  /** Why the platform computes it, or why it must be entered. */
  note: string;
}

const QD = 'Quyết định 766/QĐ-TTg ngày 23/6/2022, Phụ lục';
const G1 = 'Công khai, minh bạch';
const G2 = 'Tiến độ, kết quả giải quyết';
const G3 = 'Số hóa hồ sơ';
const G4 = 'Cung cấp dịch vụ trực tuyến';
const G5 = 'Mức độ hài lòng';

/** The 2022 edition. Group maxima 18/20/22/22/18 as the decision states; see the README for the split. */
export const QD_766_CRITERIA: ServiceCriterionDefinition[] = [
  {
    code: '1.1',
    groupCode: '1',
    groupName: G1,
    maxPoints: 4,
    metric: 'ENTERED',
    bands: [],
    name: 'Tỷ lệ thủ tục hành chính công bố đúng hạn',
    formula: 'Số TTHC công bố đúng hạn / Tổng số TTHC đã công bố trong kỳ × 100%',
    numeratorLabel: 'TTHC công bố đúng hạn',
    denominatorLabel: 'TTHC đã công bố trong kỳ',
    legalBasis: `${QD}, nhóm 1 mục a; Điều 15 Nghị định 63/2010/NĐ-CP`,
    note: 'Needs the effective date of the legal document that creates the procedure, which the catalogue does not hold',
  },
  {
    code: '1.2',
    groupCode: '1',
    groupName: G1,
    maxPoints: 4,
    metric: 'PUBLICATION_ON_TIME',
    bands: [],
    name: 'Tỷ lệ thủ tục hành chính được cập nhật, công khai đúng hạn',
    formula:
      'Số phiên bản TTHC công khai trên danh mục không muộn hơn ngày có hiệu lực / Tổng số phiên bản TTHC có hiệu lực trong kỳ × 100%',
    numeratorLabel: 'phiên bản công khai đúng hạn',
    denominatorLabel: 'phiên bản có hiệu lực trong kỳ',
    legalBasis: `${QD}, nhóm 1 mục b`,
    note: 'Computed from the catalogue: a version is published on time when it is in the catalogue on or before its effective date',
  },
  {
    code: '1.3',
    groupCode: '1',
    groupName: G1,
    maxPoints: 4,
    metric: 'ENTERED',
    bands: [],
    name: 'Tỷ lệ TTHC được công khai đầy đủ các nội dung quy định',
    formula: 'Số TTHC công khai đầy đủ các bộ phận tạo thành / Tổng số TTHC × 100%',
    numeratorLabel: 'TTHC công khai đầy đủ',
    denominatorLabel: 'TTHC',
    legalBasis: `${QD}, nhóm 1 mục c`,
    note: 'Completeness against the national database is judged by the control office, not by the catalogue',
  },
  {
    code: '1.4',
    groupCode: '1',
    groupName: G1,
    maxPoints: 6,
    metric: 'ENTERED',
    bands: [],
    name: 'Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia',
    formula: 'Số hồ sơ đồng bộ trạng thái lên Cổng DVCQG / Tổng số hồ sơ tiếp nhận × 100%',
    numeratorLabel: 'hồ sơ đã đồng bộ',
    denominatorLabel: 'hồ sơ tiếp nhận',
    legalBasis: `${QD}, nhóm 1 mục d`,
    note: 'The platform does not synchronise with the national portal yet; the portal reports this rate',
  },
  {
    code: '2.1',
    groupCode: '2',
    groupName: G2,
    maxPoints: 20,
    metric: 'ON_TIME_RESOLUTION',
    bands: [],
    name: 'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn',
    formula: '(Số hồ sơ giải quyết trước hạn + đúng hạn) / Tổng số hồ sơ đã giải quyết trong kỳ × 100%',
    numeratorLabel: 'hồ sơ giải quyết trước hạn, đúng hạn',
    denominatorLabel: 'hồ sơ đã giải quyết',
    legalBasis: `${QD}, nhóm 2`,
    note: 'Computed: the verdict of each resolved dossier against its appointment (procedures plugin)',
  },
  {
    code: '3.1',
    groupCode: '3',
    groupName: G3,
    maxPoints: 8,
    metric: 'RESULT_DIGITISATION',
    bands: [],
    name: 'Tỷ lệ cấp kết quả giải quyết TTHC điện tử',
    formula: 'Số hồ sơ có kết quả điện tử / Tổng số hồ sơ đã giải quyết × 100%',
    numeratorLabel: 'hồ sơ có kết quả số hóa',
    denominatorLabel: 'hồ sơ đã giải quyết',
    legalBasis: `${QD}, nhóm 3; Nghị định 45/2020/NĐ-CP`,
    note: 'Computed: a result counts when its file is in the store (resultDigitised)',
  },
  {
    code: '3.2',
    groupCode: '3',
    groupName: G3,
    maxPoints: 8,
    metric: 'DOSSIER_DIGITISATION',
    bands: [],
    name: 'Tỷ lệ số hóa hồ sơ TTHC',
    formula: 'Số hồ sơ tiếp nhận có mọi thành phần được số hóa / Tổng số hồ sơ tiếp nhận × 100%',
    numeratorLabel: 'hồ sơ số hóa',
    denominatorLabel: 'hồ sơ tiếp nhận trong kỳ',
    legalBasis: `${QD}, nhóm 3; Nghị định 107/2021/NĐ-CP`,
    note: 'Computed: every component digitised or re-used, with its file (componentsDigitised)',
  },
  {
    code: '3.3',
    groupCode: '3',
    groupName: G3,
    maxPoints: 6,
    metric: 'ENTERED',
    bands: [],
    name: 'Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa',
    formula: 'Số hồ sơ sử dụng lại dữ liệu số hóa / Tổng số hồ sơ tiếp nhận × 100%',
    numeratorLabel: 'hồ sơ sử dụng lại dữ liệu',
    denominatorLabel: 'hồ sơ tiếp nhận',
    legalBasis: `${QD}, nhóm 3`,
    note: 'Re-use from national databases (population, land) is not visible to the platform; only own re-use is',
  },
  {
    code: '4.1',
    groupCode: '4',
    groupName: G4,
    maxPoints: 4,
    metric: 'ENTERED',
    bands: [],
    name: 'Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến',
    formula: 'Số TTHC cung cấp DVCTT / Tổng số TTHC đủ điều kiện × 100%',
    numeratorLabel: 'TTHC cung cấp DVCTT',
    denominatorLabel: 'TTHC đủ điều kiện',
    legalBasis: `${QD}, nhóm 4; Nghị định 42/2022/NĐ-CP`,
    note: 'Which procedures are eligible is a list decided by the province, not held by the platform',
  },
  {
    code: '4.2',
    groupCode: '4',
    groupName: G4,
    maxPoints: 4,
    metric: 'ENTERED',
    bands: [],
    name: 'Tỷ lệ DVCTT có phát sinh hồ sơ',
    formula: 'Số DVCTT có phát sinh hồ sơ trực tuyến / Tổng số DVCTT × 100%',
    numeratorLabel: 'DVCTT có hồ sơ',
    denominatorLabel: 'DVCTT',
    legalBasis: `${QD}, nhóm 4`,
    note: 'Entered until the catalogue records which services the unit is assigned to provide',
  },
  {
    code: '4.3',
    groupCode: '4',
    groupName: G4,
    maxPoints: 8,
    metric: 'ONLINE_DOSSIERS',
    bands: [],
    name: 'Tỷ lệ hồ sơ trực tuyến',
    formula: 'Số hồ sơ tiếp nhận trực tuyến / Tổng số hồ sơ tiếp nhận trong kỳ × 100%',
    numeratorLabel: 'hồ sơ trực tuyến',
    denominatorLabel: 'hồ sơ tiếp nhận trong kỳ',
    legalBasis: `${QD}, nhóm 4`,
    note: 'Computed: dossiers received in the period through the online channel',
  },
  {
    code: '4.4',
    groupCode: '4',
    groupName: G4,
    maxPoints: 6,
    metric: 'ENTERED',
    bands: [],
    name: 'Tỷ lệ thanh toán trực tuyến',
    formula:
      'Số hồ sơ có nghĩa vụ tài chính được thanh toán trực tuyến / Tổng số hồ sơ có nghĩa vụ tài chính × 100%',
    numeratorLabel: 'hồ sơ thanh toán trực tuyến',
    denominatorLabel: 'hồ sơ có nghĩa vụ tài chính',
    legalBasis: `${QD}, nhóm 4`,
    note: 'Fees are not yet recorded as paid online; becomes computed once payments are recorded',
  },
  {
    code: '5.1',
    groupCode: '5',
    groupName: G5,
    maxPoints: 6,
    metric: 'ENTERED',
    bands: [],
    name: 'Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn',
    formula:
      'Số phản ánh, kiến nghị xử lý đúng hoặc trước hạn / Tổng số phản ánh, kiến nghị thuộc thẩm quyền × 100%',
    numeratorLabel: 'PAKN xử lý đúng hạn',
    denominatorLabel: 'PAKN thuộc thẩm quyền',
    legalBasis: `${QD}, nhóm 5`,
    note: 'Feedback (phản ánh, kiến nghị) is not handled on the platform',
  },
  {
    code: '5.2',
    groupCode: '5',
    groupName: G5,
    maxPoints: 6,
    metric: 'ENTERED',
    bands: [],
    name: 'Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị',
    formula: '(Tổng số PAKN − Số bị phản hồi không hài lòng hoặc xử lý quá hạn) / Tổng số PAKN × 100%',
    numeratorLabel: 'PAKN không bị phản hồi không hài lòng',
    denominatorLabel: 'PAKN',
    legalBasis: `${QD}, nhóm 5`,
    note: 'Feedback (phản ánh, kiến nghị) is not handled on the platform',
  },
  {
    code: '5.3',
    groupCode: '5',
    groupName: G5,
    maxPoints: 6,
    metric: 'SATISFACTION',
    bands: [],
    name: 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC',
    formula:
      '(Tổng số hồ sơ đã giải quyết − Số hồ sơ bị đánh giá không hài lòng) / Tổng số hồ sơ đã giải quyết × 100%',
    numeratorLabel: 'hồ sơ không bị đánh giá không hài lòng',
    denominatorLabel: 'hồ sơ đã giải quyết',
    legalBasis: `${QD}, nhóm 5`,
    note: 'Computed: ratings 1–2 (không hài lòng, rất không hài lòng) given in the period, against dossiers resolved in it',
  },
];

/**
 * Points for a rate: proportional without bands, else the fraction of the highest band reached. No
 * rate (nothing happened that the criterion judges: no dossier resolved, no procedure published) costs
 * nothing: full points.
 */
export function pointsFor(maxPoints: number, rate: number | null, bands: ScoringBand[]): number {
  if (rate === null) return round2(maxPoints);
  const bounded = Math.min(1, Math.max(0, rate));
  let fraction = bounded;
  if (bands.length) {
    fraction = 0;
    for (const band of [...bands].sort((a, b) => a.minRate - b.minRate))
      if (bounded >= band.minRate) fraction = band.fraction;
  }
  return round2(maxPoints * fraction);
}

/** Rate of a numerator over a denominator, null without a denominator (nothing to judge). */
export function rateOf(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
