import { createHash } from 'node:crypto';
import {
  addLocalDays,
  formatLocalDateTime,
  localDateOf,
  localToday,
  pgArray,
  RequestContext,
  type AuthUser,
  type SeedDefinition,
} from '../../../src';
import {
  calendarService,
  DeadlineUnit,
  directory,
  OfficialStatus,
  type AgencyRecord,
  type OfficialRecord,
} from '../../staff';
import { Confidentiality, DocumentType, Urgency } from '../entities/enums';
import { incoming, outgoing } from '../services';
import { completedOnTime, computeHandlingDue } from '../services/deadline';

/**
 * Demo documents for the staff demo (`staff.demo-quang-ninh`): the incoming and outgoing registers of
 * UBND phường Hồng Gai over the last weeks (registered, assigned with deadlines — two of them overdue —,
 * in progress, completed on time and late; drafts, a rejected draft, one waiting for approval, one
 * approved, one signed, issued documents with their copies delivered to UBND tỉnh, the provincial
 * public service centre, Sở Tư pháp and UBND phường Hạ Long, one recalled), one confidential
 * document, and a draft at Sở Tư pháp.
 *
 * Every step goes through the documents services, acting as the demo official who would take it
 * (the records clerk registers and issues, the ward's chairman assigns and approves, the specialist
 * drafts and handles), so numbering, access lists, traces and deadlines are the real ones. Each step
 * is then dated back to its place on the timeline (working days before today): the timestamps it
 * wrote are moved to that instant and a handling deadline is recomputed on the agency's working
 * calendar from the backdated assignment. Steps run in timeline order, so arrival numbers rise with
 * arrival times. Only the audit trail keeps the real time of the seed.
 */

export const DOCUMENTS_DEMO_SEED_NAME = 'documents.demo-documents';
const STAFF_DEMO_SEED = 'staff.demo-quang-ninh';

/** Agencies of the staff demo, by electronic id. */
export const DEMO_AGENCY_IDS = {
  hongGai: '000.01.41.H49',
  tinh: '000.00.00.H49',
  tthcc: '000.00.31.H49',
  soTuPhap: '000.00.16.H49',
  haLong: '000.02.41.H49',
  baiChay: '000.03.41.H49',
} as const;
type AgencyKey = keyof typeof DEMO_AGENCY_IDS;

/** Who acts: the realm's demo users by username, other officials of the staff demo by name and agency. */
const ACTORS: Record<string, { username: string } | { fullName: string; agency: AgencyKey }> = {
  clerk: { username: 'records-clerk' },
  leader: { username: 'leader' },
  specialist: { username: 'specialist' },
  provinceLeader: { fullName: 'Bùi Văn Khánh', agency: 'tinh' },
  haLongLeader: { fullName: 'Mai Xuân Trường', agency: 'haLong' },
  justiceSpecialist: { fullName: 'Lý Thị Hồng Nhung', agency: 'soTuPhap' },
};
type Actor = 'clerk' | 'leader' | 'specialist' | 'provinceLeader' | 'haLongLeader' | 'justiceSpecialist';

/** When a step happened: `d` working days before today (d >= 1), at local time `t` (HH:MM). */
interface When {
  d: number;
  t: string;
}
type HandlerSpec = { official: Actor } | { department: string };
type IssuerSpec = { agency: AgencyKey } | { name: string };
type RecipientSpec = { agency: AgencyKey } | { name: string };

interface IncomingSpec {
  at: When;
  issuer: IssuerSpec;
  type: DocumentType;
  number: string;
  notation: string;
  subject: string;
  body?: string;
  signer?: { name?: string; title: string };
  urgency?: Urgency;
  confidentiality?: Confidentiality;
  /** Submitted to the ward's chairman on registration (else it waits at the records desk). */
  submit?: boolean;
  assign?: { at: When; lead: HandlerSpec; co?: HandlerSpec[]; workingDays?: number; note: string };
  progress?: { at: When; by: Actor; note: string };
  complete?: { at: When; by: Actor; note: string };
}

interface OutgoingSpec {
  agency?: AgencyKey;
  drafted: When;
  by: Actor;
  department?: string;
  type: DocumentType;
  notation?: string;
  subject: string;
  body?: string;
  urgency?: Urgency;
  recipients: RecipientSpec[];
  submitted?: When;
  rejected?: { at: When; note: string };
  approved?: { at: When; note?: string };
  numbered?: When;
  signed?: When;
  issued?: When;
  /** What recipient agencies of the platform did with their copy. */
  handledAt?: Array<{
    agency: AgencyKey;
    at: When;
    by: Actor;
    lead: HandlerSpec;
    workingDays?: number;
    note: string;
  }>;
  recalled?: { at: When; by: Actor; reason: string };
}

const VP = 'Văn phòng HĐND và UBND';
const KT = 'Phòng Kinh tế, Hạ tầng và Đô thị';
const VHXH = 'Phòng Văn hóa - Xã hội';
const NOI_VU = 'Sở Nội vụ tỉnh Quảng Ninh';
const CONG_AN = 'Công an tỉnh Quảng Ninh';

/** Incoming documents of UBND phường Hồng Gai, registered by the records clerk. */
export const DEMO_INCOMING: IncomingSpec[] = [
  {
    at: { d: 31, t: '08:45' },
    issuer: { agency: 'tinh' },
    type: DocumentType.DIRECTIVE,
    number: '18',
    notation: 'CT-UBND',
    subject:
      'Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính trong thực thi công vụ sau sắp xếp đơn vị hành chính',
    signer: { name: 'Bùi Văn Khánh', title: 'KT. CHỦ TỊCH - PHÓ CHỦ TỊCH' },
    submit: true,
    assign: {
      at: { d: 30, t: '09:30' },
      lead: { official: 'specialist' },
      co: [{ department: VP }, { department: VHXH }],
      workingDays: 15,
      note: 'Quán triệt đến toàn thể công chức; tham mưu kế hoạch triển khai.',
    },
    complete: {
      at: { d: 20, t: '15:10' },
      by: 'specialist',
      note: 'Đã tổ chức quán triệt ngày họp giao ban; ban hành kế hoạch triển khai.',
    },
  },
  {
    at: { d: 33, t: '08:30' },
    issuer: { agency: 'tthcc' },
    type: DocumentType.OFFICIAL_LETTER,
    number: '456',
    notation: 'TTPVHCC-NV',
    subject: 'Về việc báo cáo tình hình tiếp nhận hồ sơ một cửa quý III năm 2026',
    signer: { title: 'GIÁM ĐỐC' },
    submit: true,
    urgency: Urgency.URGENT,
    assign: {
      at: { d: 33, t: '10:00' },
      lead: { official: 'specialist' },
      co: [{ department: VP }],
      workingDays: 5,
      note: 'Tổng hợp số liệu từ phần mềm một cửa, báo cáo đúng hạn.',
    },
    complete: {
      at: { d: 30, t: '16:00' },
      by: 'specialist',
      note: 'Đã ban hành Báo cáo tình hình tiếp nhận hồ sơ một cửa quý III gửi Trung tâm.',
    },
  },
  {
    at: { d: 28, t: '08:40' },
    issuer: { agency: 'soTuPhap' },
    type: DocumentType.OFFICIAL_LETTER,
    number: '1842',
    notation: 'STP-HCTP',
    subject: 'Về việc hướng dẫn thực hiện chứng thực bản sao điện tử từ bản chính',
    body: 'Thực hiện Nghị định số 23/2015/NĐ-CP và Nghị định số 45/2020/NĐ-CP, Sở Tư pháp hướng dẫn UBND cấp xã thực hiện chứng thực bản sao điện tử từ bản chính trên Hệ thống thông tin giải quyết thủ tục hành chính tỉnh.',
    signer: { title: 'KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC' },
    submit: true,
    assign: {
      at: { d: 27, t: '14:00' },
      lead: { official: 'specialist' },
      workingDays: 7,
      note: 'Triển khai ngay tại Bộ phận một cửa.',
    },
    progress: {
      at: { d: 25, t: '10:30' },
      by: 'specialist',
      note: 'Đã sao gửi hướng dẫn cho Bộ phận một cửa, đang cấu hình chứng thực điện tử.',
    },
    complete: {
      at: { d: 23, t: '10:15' },
      by: 'specialist',
      note: 'Bộ phận một cửa đã thực hiện chứng thực bản sao điện tử từ ngày làm việc tiếp theo.',
    },
  },
  {
    at: { d: 26, t: '09:05' },
    issuer: { agency: 'tinh' },
    type: DocumentType.DECISION,
    number: '2890',
    notation: 'QĐ-UBND',
    subject:
      'Quyết định công bố danh mục thủ tục hành chính được tiếp nhận và trả kết quả tại Bộ phận một cửa cấp xã',
    signer: { name: 'Bùi Văn Khánh', title: 'KT. CHỦ TỊCH - PHÓ CHỦ TỊCH' },
    submit: true,
    assign: {
      at: { d: 26, t: '15:30' },
      lead: { official: 'specialist' },
      co: [{ department: VHXH }],
      workingDays: 5,
      note: 'Niêm yết công khai danh mục tại Bộ phận một cửa và trên cổng thông tin điện tử phường.',
    },
    complete: {
      at: { d: 18, t: '16:20' },
      by: 'specialist',
      note: 'Đã niêm yết công khai danh mục thủ tục hành chính.',
    },
  },
  {
    at: { d: 24, t: '10:00' },
    issuer: { name: 'Bảo hiểm xã hội tỉnh Quảng Ninh' },
    type: DocumentType.OFFICIAL_LETTER,
    number: '1190',
    notation: 'BHXH-QLT',
    subject: 'Về việc đôn đốc thu, nộp bảo hiểm xã hội, bảo hiểm y tế năm 2026',
    signer: { title: 'KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC' },
    submit: true,
    assign: {
      at: { d: 24, t: '14:30' },
      lead: { official: 'specialist' },
      workingDays: 10,
      note: 'Rà soát, đôn đốc các đơn vị trên địa bàn.',
    },
    complete: {
      at: { d: 15, t: '09:40' },
      by: 'specialist',
      note: 'Đã có văn bản đôn đốc các doanh nghiệp trên địa bàn.',
    },
  },
  {
    at: { d: 22, t: '08:15' },
    issuer: { agency: 'tinh' },
    type: DocumentType.OFFICIAL_LETTER,
    number: '3125',
    notation: 'UBND-KSTT',
    subject: 'Về việc rà soát, đơn giản hóa thủ tục hành chính nội bộ năm 2026',
    body: 'Đề nghị UBND các xã, phường rà soát toàn bộ thủ tục hành chính nội bộ, đề xuất phương án đơn giản hóa, gửi Văn phòng UBND tỉnh tổng hợp.',
    signer: { name: 'Bùi Văn Khánh', title: 'KT. CHỦ TỊCH - PHÓ CHỦ TỊCH' },
    submit: true,
    assign: {
      at: { d: 21, t: '09:30' },
      lead: { official: 'specialist' },
      co: [{ department: VP }],
      workingDays: 10,
      note: 'Rà soát kỹ, đề xuất cụ thể từng thủ tục.',
    },
    progress: {
      at: { d: 12, t: '16:00' },
      by: 'specialist',
      note: 'Đã rà soát 18/25 thủ tục, đang tổng hợp đề xuất phương án đơn giản hóa.',
    },
  },
  {
    at: { d: 17, t: '14:10' },
    issuer: { name: 'Sở Xây dựng tỉnh Quảng Ninh' },
    type: DocumentType.OFFICIAL_LETTER,
    number: '1523',
    notation: 'SXD-QLXD',
    subject: 'Về việc tăng cường quản lý trật tự xây dựng trên địa bàn sau sắp xếp đơn vị hành chính',
    signer: { title: 'KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC' },
    submit: true,
    assign: {
      at: { d: 16, t: '08:45' },
      lead: { department: KT },
      workingDays: 7,
      note: 'Kiểm tra, xử lý dứt điểm các trường hợp vi phạm; báo cáo kết quả.',
    },
  },
  {
    at: { d: 9, t: '08:30' },
    issuer: { agency: 'tinh' },
    type: DocumentType.INVITATION,
    number: '215',
    notation: 'GM-UBND',
    subject: 'Giấy mời dự Hội nghị tổng kết công tác cải cách hành chính năm 2026',
    signer: { title: 'TL. CHỦ TỊCH - CHÁNH VĂN PHÒNG' },
    submit: true,
    assign: {
      at: { d: 9, t: '09:00' },
      lead: { official: 'leader' },
      note: 'Chủ tịch dự; Văn phòng chuẩn bị báo cáo tham luận.',
    },
    complete: { at: { d: 7, t: '16:30' }, by: 'leader', note: 'Đã dự hội nghị.' },
  },
  {
    at: { d: 6, t: '08:05' },
    issuer: { name: CONG_AN },
    type: DocumentType.OFFICIAL_LETTER,
    number: '87',
    notation: 'CAT-PA03',
    subject: 'Về việc rà soát công tác bảo vệ bí mật nhà nước năm 2026',
    confidentiality: Confidentiality.CONFIDENTIAL,
    submit: true,
    signer: { title: 'KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC' },
    assign: {
      at: { d: 6, t: '10:00' },
      lead: { official: 'specialist' },
      workingDays: 10,
      note: 'Rà soát danh mục tài liệu mật, báo cáo trực tiếp Chủ tịch.',
    },
  },
  {
    at: { d: 4, t: '08:50' },
    issuer: { name: NOI_VU },
    type: DocumentType.OFFICIAL_LETTER,
    number: '2210',
    notation: 'SNV-TCBC',
    subject: 'Về việc thống kê số lượng cán bộ, công chức cấp xã sau sắp xếp',
    signer: { title: 'KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC' },
    submit: true,
    assign: {
      at: { d: 3, t: '10:20' },
      lead: { department: VP },
      workingDays: 10,
      note: 'Thống kê đầy đủ theo biểu mẫu, gửi đúng hạn.',
    },
  },
  {
    at: { d: 2, t: '09:10' },
    issuer: { name: CONG_AN },
    type: DocumentType.OFFICIAL_LETTER,
    number: '4471',
    notation: 'CAT-PV01',
    urgency: Urgency.URGENT,
    subject:
      'Về việc phối hợp bảo đảm an ninh, trật tự dịp Tết Dương lịch và Tết Nguyên đán Đinh Mùi năm 2027',
    signer: { title: 'GIÁM ĐỐC' },
    submit: true,
    assign: {
      at: { d: 2, t: '11:00' },
      lead: { department: VHXH },
      co: [{ department: VP }],
      workingDays: 5,
      note: 'Xây dựng kế hoạch phối hợp với Công an phường.',
    },
    progress: {
      at: { d: 1, t: '15:00' },
      by: 'specialist',
      note: 'Đã xây dựng dự thảo kế hoạch phối hợp, đang xin ý kiến Công an phường.',
    },
  },
  {
    at: { d: 1, t: '08:20' },
    issuer: { agency: 'tinh' },
    type: DocumentType.PLAN,
    number: '412',
    notation: 'KH-UBND',
    subject: 'Kế hoạch chuyển đổi số tỉnh Quảng Ninh năm 2027',
    body: 'Kế hoạch chuyển đổi số năm 2027: phát triển chính quyền số, kinh tế số, xã hội số; 100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình.',
    signer: { name: 'Bùi Văn Khánh', title: 'KT. CHỦ TỊCH - PHÓ CHỦ TỊCH' },
    submit: true,
  },
  {
    at: { d: 1, t: '10:45' },
    issuer: { name: 'Sở Tài chính tỉnh Quảng Ninh' },
    type: DocumentType.OFFICIAL_LETTER,
    number: '3980',
    notation: 'STC-QLNS',
    subject: 'Về việc hướng dẫn xây dựng dự toán ngân sách nhà nước năm 2027',
    signer: { title: 'KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC' },
  },
];

/** Outgoing documents (and one draft at Sở Tư pháp). */
export const DEMO_OUTGOING: OutgoingSpec[] = [
  {
    drafted: { d: 35, t: '08:30' },
    by: 'specialist',
    department: VP,
    type: DocumentType.DECISION,
    subject: 'Quyết định phê duyệt kế hoạch chuyển đổi số năm 2026 của phường Hồng Gai',
    body: 'Điều 1. Phê duyệt Kế hoạch chuyển đổi số năm 2026 của phường Hồng Gai. Điều 2. Văn phòng HĐND và UBND phường chủ trì, phối hợp các phòng chuyên môn tổ chức thực hiện.',
    recipients: [{ agency: 'tinh' }, { name: 'Các tổ dân phố thuộc phường Hồng Gai' }],
    submitted: { d: 35, t: '15:00' },
    approved: { at: { d: 34, t: '09:00' }, note: 'Đồng ý ban hành.' },
    numbered: { d: 34, t: '09:30' },
    signed: { d: 34, t: '09:45' },
    issued: { d: 34, t: '10:00' },
  },
  {
    drafted: { d: 32, t: '09:00' },
    by: 'specialist',
    department: VP,
    type: DocumentType.REPORT,
    urgency: Urgency.URGENT,
    subject: 'Báo cáo tình hình tiếp nhận hồ sơ một cửa quý III năm 2026',
    body: 'Quý III năm 2026, Bộ phận một cửa phường Hồng Gai tiếp nhận 1.284 hồ sơ, trong đó 1.102 hồ sơ trực tuyến; đã giải quyết 1.237 hồ sơ, đúng hạn 98,6%.',
    recipients: [{ agency: 'tinh' }, { agency: 'tthcc' }],
    submitted: { d: 32, t: '14:00' },
    approved: { at: { d: 31, t: '09:30' } },
    numbered: { d: 31, t: '10:00' },
    signed: { d: 31, t: '10:20' },
    issued: { d: 31, t: '10:40' },
    handledAt: [
      {
        agency: 'tinh',
        at: { d: 30, t: '09:00' },
        by: 'provinceLeader',
        lead: { department: 'Văn phòng UBND tỉnh' },
        note: 'Văn phòng tổng hợp chung báo cáo của các xã, phường.',
      },
    ],
  },
  {
    drafted: { d: 14, t: '09:15' },
    by: 'specialist',
    department: VHXH,
    type: DocumentType.OFFICIAL_LETTER,
    subject:
      'Công văn về việc rà soát thủ tục hành chính lĩnh vực tư pháp - hộ tịch sau sắp xếp đơn vị hành chính',
    recipients: [{ agency: 'soTuPhap' }],
    submitted: { d: 14, t: '14:30' },
    approved: { at: { d: 13, t: '08:45' } },
    numbered: { d: 13, t: '09:10' },
    signed: { d: 13, t: '09:20' },
    issued: { d: 12, t: '08:30' },
  },
  {
    drafted: { d: 11, t: '10:00' },
    by: 'specialist',
    department: KT,
    type: DocumentType.OFFICIAL_LETTER,
    subject:
      'Về việc phối hợp giải quyết hồ sơ đất đai tại khu vực giáp ranh giữa phường Hồng Gai và phường Hạ Long',
    recipients: [{ agency: 'haLong' }],
    submitted: { d: 11, t: '15:00' },
    approved: { at: { d: 10, t: '08:40' } },
    numbered: { d: 10, t: '09:00' },
    signed: { d: 10, t: '09:15' },
    issued: { d: 10, t: '09:30' },
    handledAt: [
      {
        agency: 'haLong',
        at: { d: 9, t: '10:00' },
        by: 'haLongLeader',
        lead: { department: KT },
        workingDays: 10,
        note: 'Phối hợp xác minh hiện trạng, trả lời bằng văn bản.',
      },
    ],
  },
  {
    drafted: { d: 8, t: '09:00' },
    by: 'clerk',
    department: VP,
    type: DocumentType.INVITATION,
    subject: 'Giấy mời dự Hội nghị đối thoại giữa Chủ tịch UBND phường với doanh nghiệp năm 2026',
    recipients: [{ agency: 'haLong' }, { agency: 'baiChay' }, { name: 'Hội Doanh nghiệp phường Hồng Gai' }],
    submitted: { d: 8, t: '10:00' },
    approved: { at: { d: 8, t: '14:00' } },
    numbered: { d: 8, t: '14:20' },
    signed: { d: 8, t: '14:30' },
    issued: { d: 7, t: '08:15' },
    recalled: {
      at: { d: 6, t: '15:30' },
      by: 'leader',
      reason: 'Thay đổi thời gian tổ chức hội nghị; UBND phường sẽ gửi giấy mời thay thế.',
    },
  },
  {
    drafted: { d: 5, t: '08:30' },
    by: 'clerk',
    department: VP,
    type: DocumentType.INVITATION,
    subject: 'Giấy mời họp triển khai kế hoạch tổ chức Tết Nguyên đán Đinh Mùi năm 2027',
    recipients: [{ name: 'Các tổ dân phố thuộc phường Hồng Gai' }],
    submitted: { d: 5, t: '09:00' },
    rejected: {
      at: { d: 4, t: '16:00' },
      note: 'Bổ sung thành phần mời: Công an phường, Ban Chỉ huy Quân sự phường.',
    },
  },
  {
    drafted: { d: 4, t: '09:30' },
    by: 'specialist',
    department: VP,
    type: DocumentType.DECISION,
    subject: 'Quyết định kiện toàn Tổ công tác cải cách hành chính phường Hồng Gai',
    recipients: [{ name: 'Các thành viên Tổ công tác cải cách hành chính' }],
    submitted: { d: 4, t: '14:00' },
    approved: { at: { d: 3, t: '09:00' } },
    numbered: { d: 1, t: '14:00' },
    signed: { d: 1, t: '15:00' },
  },
  {
    drafted: { d: 3, t: '08:40' },
    by: 'clerk',
    department: VP,
    type: DocumentType.PLAN,
    subject: 'Kế hoạch kiểm tra công tác văn thư, lưu trữ năm 2027',
    recipients: [{ name: 'Các phòng chuyên môn thuộc UBND phường' }],
    submitted: { d: 3, t: '10:00' },
    approved: { at: { d: 2, t: '08:30' }, note: 'Đồng ý; Văn thư cấp số, phát hành.' },
  },
  {
    drafted: { d: 2, t: '10:00' },
    by: 'specialist',
    department: VHXH,
    type: DocumentType.SUBMISSION,
    subject:
      'Tờ trình về việc đề nghị bổ sung kinh phí số hóa hồ sơ, kết quả giải quyết thủ tục hành chính năm 2027',
    recipients: [{ agency: 'tinh' }],
    submitted: { d: 1, t: '09:00' },
  },
  {
    drafted: { d: 1, t: '14:30' },
    by: 'specialist',
    department: VHXH,
    type: DocumentType.REPORT,
    subject: 'Báo cáo kết quả thực hiện Đề án 06 năm 2026 trên địa bàn phường Hồng Gai',
    recipients: [{ agency: 'tinh' }],
  },
  {
    agency: 'soTuPhap',
    drafted: { d: 2, t: '15:00' },
    by: 'justiceSpecialist',
    department: 'Phòng Hành chính tư pháp',
    type: DocumentType.GUIDANCE,
    notation: 'HD-STP',
    subject: 'Hướng dẫn nghiệp vụ chứng thực bản sao điện tử từ bản chính cho Bộ phận một cửa cấp xã',
    recipients: [{ agency: 'hongGai' }, { agency: 'haLong' }, { agency: 'baiChay' }],
  },
];

const SIGNATURE_CA = 'Cục Chứng thực số và Bảo mật thông tin - Ban Cơ yếu Chính phủ';
const DAY_MS = 86_400_000;

/** Columns each step's writes are dated back in, per table (the key column names the document). */
const DATED_COLUMNS: Array<[table: string, key: string, columns: string[]]> = [
  [
    'documents_document',
    'id',
    [
      'created_at',
      'updated_at',
      'registered_at',
      'approved_at',
      'issued_at',
      'recalled_at',
      'assigned_at',
      'completed_at',
    ],
  ],
  ['documents_handler', 'document_id', ['created_at', 'updated_at', 'assigned_at', 'completed_at']],
  ['documents_trace', 'document_id', ['created_at', 'updated_at', 'at']],
  [
    'documents_recipient',
    'document_id',
    ['created_at', 'updated_at', 'received_at', 'sent_at', 'recalled_at'],
  ],
  ['documents_signature', 'document_id', ['created_at', 'updated_at']],
];

interface Story {
  label: string;
  /** The story's documents (their delivered copies are found when dating). */
  ids: string[];
  stopped: boolean;
}

interface Step {
  story: Story;
  when: When;
  actor: Actor | null;
  target: Date;
  run(actor: RequestContext, at: Date): Promise<void>;
}

interface World {
  system: RequestContext;
  actors: Map<Actor, { ctx: RequestContext; official: OfficialRecord }>;
  agencies: Map<AgencyKey, AgencyRecord>;
  departments: Map<string, string>;
}

/** A context acting as a demo official in the seed's transaction: their permissions and scope, their name in traces. */
async function actingAs(ctx: RequestContext, official: OfficialRecord): Promise<RequestContext> {
  const roles = (
    await ctx.em.execute<Array<{ role: string }>>(
      `select distinct role from staff_role_grant_v where official_id = ? order by role`,
      [official.id],
    )
  ).map((r) => r.role);
  const user: AuthUser = {
    subject: official.keycloakUserId ?? official.username,
    usernameFallback: true,
    username: official.username,
    name: official.fullName,
    email: official.email,
    roles,
    permissions: ctx.app.roles.permissionsOf(roles),
    expiresAt: new Date(Date.now() + 3_600_000),
  };
  return new RequestContext(ctx.app, ctx.em, user, { requestId: ctx.requestId });
}

async function findActor(
  ctx: RequestContext,
  agencies: Map<AgencyKey, AgencyRecord>,
  spec: (typeof ACTORS)[string],
): Promise<OfficialRecord | null> {
  if ('username' in spec) {
    const official = await directory.officialByUsername(ctx, spec.username);
    return official?.status === OfficialStatus.ACTIVE ? official : null;
  }
  const agency = agencies.get(spec.agency);
  if (!agency) return null;
  const rows = await ctx.em.execute<Array<{ id: string }>>(
    `select o.id from staff_official_v o join staff_current_posting_v sa on sa.official_id = o.id
      where o.full_name = ? and o.status = 'ACTIVE' and sa.agency_id = ? limit 1`,
    [spec.fullName, agency.id],
  );
  return rows.length ? directory.official(ctx, rows[0].id) : null;
}

const previousDay = (date: string) => addLocalDays(date, -1);

/** Where a step lies on the working calendar: `written` as the story tells it, `compressed` when that cannot be seeded. */
interface Timeline {
  written(when: When): Date;
  /** Null when the story fits in this year as written; else the step squeezed into this year. */
  compressed: ((when: When) => Date) | null;
}

/**
 * Turns "d working days ago at t" into instants on the agency's working calendar. When the timeline
 * would reach into last year (the registers are yearly), it is also given compressed into this year.
 */
async function timeline(ctx: RequestContext, agencyId: string): Promise<Timeline> {
  const longest = Math.max(...DEMO_INCOMING.map((s) => s.at.d), ...DEMO_OUTGOING.map((s) => s.drafted.d));
  const calendar = await calendarService.calendarFor(ctx, agencyId);
  const today = localToday();
  const year = today.slice(0, 4);
  const workingDays: string[] = [];
  for (let day = previousDay(today); workingDays.length < longest; day = previousDay(day)) {
    if (calendar.isWorkingDay(day)) workingDays.push(day);
  }
  const instant = (day: string | undefined, when: When) => new Date(`${day ?? today}T${when.t}:00+07:00`);
  const written = (when: When) => instant(workingDays[when.d - 1], when);
  const thisYear = workingDays.filter((day) => day.startsWith(year));
  if (thisYear.length === workingDays.length) return { written, compressed: null };
  // The d-th working day back becomes the (d * scale)-th of this year's.
  const scale = thisYear.length / longest;
  return {
    written,
    compressed: (when) => instant(thisYear[Math.max(0, Math.ceil(when.d * scale) - 1)], when),
  };
}

/**
 * Whether the stories fit in this year as written at the agency, on its working calendar. When they
 * do not (the year's first weeks), the seed compresses them: their order and numbers stay, but which
 * deadlines have passed is no longer the stories' own.
 */
export async function demoStoriesFitThisYear(ctx: RequestContext, agencyId: string): Promise<boolean> {
  return (await timeline(ctx, agencyId)).compressed === null;
}

/** Moves what a step wrote (timestamps at or after `start`) to `target`, keeping their order and spacing. */
async function dateBack(ctx: RequestContext, ids: string[], start: Date, target: Date): Promise<void> {
  if (!ids.length) return;
  const copies = await ctx.em.execute<Array<{ id: string }>>(
    `select incoming_document_id as id from documents_recipient where document_id = any(?::uuid[]) and incoming_document_id is not null`,
    [pgArray(ids)],
  );
  const all = [...ids, ...copies.map((c) => c.id)];
  for (const [table, key, columns] of DATED_COLUMNS) {
    const sets = columns.map(
      (c) =>
        `${c} = case when ${c} >= ?::timestamptz then ?::timestamptz + (${c} - ?::timestamptz) else ${c} end`,
    );
    await ctx.em.execute(`update ${table} set ${sets.join(', ')} where ${key} = any(?::uuid[])`, [
      ...columns.flatMap(() => [start, target, start]),
      pgArray(all),
    ]);
  }
}

/** The handling deadline of an assignment made at `at`, on the agency's working calendar; trace and handlers follow. */
async function redoDeadline(
  world: World,
  documentId: string,
  agencyId: string,
  at: Date,
  workingDays: number,
): Promise<void> {
  const ctx = world.system;
  const [row] = await ctx.em.execute<Array<{ handling_due_at: Date | null }>>(
    `select handling_due_at from documents_document where id = ?`,
    [documentId],
  );
  if (!row?.handling_due_at) return;
  const due = await computeHandlingDue(ctx, agencyId, at, workingDays, DeadlineUnit.WORKING_DAYS);
  await ctx.em.execute(`update documents_document set handling_due_at = ? where id = ?`, [due, documentId]);
  await ctx.em.execute(
    `update documents_handler set due_at = ? where document_id = ? and status = 'ACTIVE'`,
    [due, documentId],
  );
  await ctx.em.execute(
    `update documents_trace set summary = replace(summary, ?, ?) where document_id = ? and action in ('ASSIGNED', 'REASSIGNED')`,
    [formatLocalDateTime(new Date(row.handling_due_at)), formatLocalDateTime(due), documentId],
  );
}

/** The completion step's summary, judged at the backdated completion time. */
async function redoCompletion(world: World, documentId: string, at: Date): Promise<void> {
  const ctx = world.system;
  const [row] = await ctx.em.execute<Array<{ handling_due_at: Date | null }>>(
    `select handling_due_at from documents_document where id = ?`,
    [documentId],
  );
  if (!row?.handling_due_at) return;
  const summary = completedOnTime(at, new Date(row.handling_due_at))
    ? 'Hoàn thành đúng hạn'
    : 'Hoàn thành quá hạn';
  await ctx.em.execute(
    `update documents_trace set summary = ? where document_id = ? and action = 'COMPLETED'`,
    [summary, documentId],
  );
}

function handler(
  world: World,
  spec: HandlerSpec,
  agency: AgencyRecord,
): { officialId?: string; departmentId?: string } {
  if ('official' in spec) return { officialId: world.actors.get(spec.official)!.official.id };
  const departmentId = world.departments.get(`${agency.id}/${spec.department}`);
  if (!departmentId)
    throw new Error(`Demo documents: department "${spec.department}" of ${agency.name} is missing`);
  return { departmentId };
}

function certificateSerial(subject: string): string {
  return `5404${createHash('sha256').update(subject).digest('hex').slice(0, 28)}`.toUpperCase();
}

function incomingStory(
  world: World,
  spec: IncomingSpec,
  add: (story: Story, when: When, actor: Actor | null, run: Step['run']) => void,
): void {
  const story: Story = { label: spec.subject, ids: [], stopped: false };
  const hongGai = world.agencies.get('hongGai')!;
  const leader = world.actors.get('leader')!.official;
  add(story, spec.at, 'clerk', async (ctx, at) => {
    const issuer =
      'agency' in spec.issuer
        ? { issuerAgencyId: world.agencies.get(spec.issuer.agency)?.id }
        : { issuerName: spec.issuer.name };
    if ('agency' in spec.issuer && !issuer.issuerAgencyId)
      throw new Error(`Demo documents: agency ${spec.issuer.agency} is missing`);
    const { document } = await incoming.register(ctx, {
      agencyId: hongGai.id,
      documentType: spec.type,
      number: spec.number,
      notation: spec.notation,
      ...issuer,
      issueDate: localDateOf(new Date(at.getTime() - 2 * DAY_MS)),
      subject: spec.subject,
      body: spec.body ?? null,
      signerName: spec.signer?.name ?? null,
      signerTitle: spec.signer?.title ?? null,
      urgency: spec.urgency ?? null,
      confidentiality: spec.confidentiality ?? null,
      submitToOfficialId: spec.submit ? leader.id : null,
      note: spec.submit ? 'Kính trình Chủ tịch cho ý kiến chỉ đạo.' : null,
    });
    story.ids.push(document.id);
  });
  const assign = spec.assign;
  if (assign) {
    add(story, assign.at, 'leader', async (ctx, at) => {
      await incoming.assign(ctx, {
        documentId: story.ids[0],
        lead: handler(world, assign.lead, hongGai),
        coHandlers: (assign.co ?? []).map((c) => handler(world, c, hongGai)),
        deadline: assign.workingDays ? { amount: assign.workingDays, unit: DeadlineUnit.WORKING_DAYS } : null,
        directionNote: assign.note,
      });
      await ctx.em.flush();
      if (assign.workingDays) await redoDeadline(world, story.ids[0], hongGai.id, at, assign.workingDays);
    });
  }
  const progress = spec.progress;
  if (progress)
    add(story, progress.at, progress.by, (ctx) =>
      incoming.reportProgress(ctx, { documentId: story.ids[0], note: progress.note }).then(() => undefined),
    );
  const complete = spec.complete;
  if (complete) {
    add(story, complete.at, complete.by, async (ctx, at) => {
      await incoming.complete(ctx, { documentId: story.ids[0], note: complete.note });
      await ctx.em.flush();
      await redoCompletion(world, story.ids[0], at);
    });
  }
}

function outgoingStory(
  world: World,
  spec: OutgoingSpec,
  add: (story: Story, when: When, actor: Actor | null, run: Step['run']) => void,
): void {
  const story: Story = { label: spec.subject, ids: [], stopped: false };
  const agency = world.agencies.get(spec.agency ?? 'hongGai');
  if (!agency) return;
  const leader = world.actors.get('leader')!.official;
  const ownAgency = agency.id === world.agencies.get('hongGai')!.id;
  add(story, spec.drafted, spec.by, async (ctx) => {
    const recipients = spec.recipients
      .map((r) => ('agency' in r ? { agencyId: world.agencies.get(r.agency)?.id } : { name: r.name }))
      .filter((r) => !('agencyId' in r) || r.agencyId);
    const document = await outgoing.createDraft(ctx, {
      agencyId: agency.id,
      documentType: spec.type,
      subject: spec.subject,
      body: spec.body ?? null,
      urgency: spec.urgency ?? null,
      notation: spec.notation ?? null,
      signerOfficialId: ownAgency ? leader.id : null,
      draftingDepartmentId: spec.department
        ? (world.departments.get(`${agency.id}/${spec.department}`) ?? null)
        : null,
      recipients,
    });
    story.ids.push(document.id);
  });
  if (spec.submitted) {
    add(story, spec.submitted, spec.by, (ctx) =>
      outgoing
        .submit(ctx, {
          documentId: story.ids[0],
          approverOfficialId: leader.id,
          note: 'Kính trình Chủ tịch xem xét, phê duyệt.',
        })
        .then(() => undefined),
    );
  }
  const rejected = spec.rejected;
  if (rejected)
    add(story, rejected.at, 'leader', (ctx) =>
      outgoing.reject(ctx, { documentId: story.ids[0], note: rejected.note }).then(() => undefined),
    );
  const approved = spec.approved;
  if (approved)
    add(story, approved.at, 'leader', (ctx) =>
      outgoing.approve(ctx, { documentId: story.ids[0], note: approved.note ?? null }).then(() => undefined),
    );
  if (spec.numbered) {
    add(story, spec.numbered, 'clerk', (ctx, at) =>
      outgoing.number(ctx, { documentId: story.ids[0], issueDate: localDateOf(at) }).then(() => undefined),
    );
  }
  if (spec.signed) {
    add(story, spec.signed, 'leader', (ctx, at) =>
      outgoing
        .recordSignature(ctx, {
          documentId: story.ids[0],
          signerOfficialId: leader.id,
          signedAt: at,
          certificateSerial: certificateSerial(spec.subject),
          certificateIssuer: SIGNATURE_CA,
          certificateSubject: `CN=${leader.fullName}, O=${agency.name}, L=Quảng Ninh, C=VN`,
          certificateValidTo: new Date(at.getTime() + 730 * DAY_MS),
        })
        .then(() => undefined),
    );
  }
  if (spec.issued) {
    add(story, spec.issued, 'clerk', (ctx) =>
      outgoing.issue(ctx, { documentId: story.ids[0] }).then(() => undefined),
    );
    // The platform delivers each copy a few minutes later (what the documents.deliver job does; it then finds nothing left to do).
    const delivered = { d: spec.issued.d, t: addMinutes(spec.issued.t, 4) };
    add(story, delivered, null, async (ctx) => {
      const recipients = await ctx.em.execute<Array<{ id: string }>>(
        `select id from documents_recipient where document_id = ? and kind = 'INTERNAL' and status = 'PENDING' order by name`,
        [story.ids[0]],
      );
      for (const r of recipients) await outgoing.deliver(ctx, r.id);
    });
  }
  for (const handled of spec.handledAt ?? []) {
    const target = world.agencies.get(handled.agency);
    if (!target) continue;
    add(story, handled.at, handled.by, async (ctx, at) => {
      const [copy] = await ctx.em.execute<Array<{ id: string }>>(
        `select r.incoming_document_id as id from documents_recipient r where r.document_id = ? and r.agency_id = ? and r.incoming_document_id is not null`,
        [story.ids[0], target.id],
      );
      if (!copy) return;
      await incoming.assign(ctx, {
        documentId: copy.id,
        lead: handler(world, handled.lead, target),
        deadline: handled.workingDays
          ? { amount: handled.workingDays, unit: DeadlineUnit.WORKING_DAYS }
          : null,
        directionNote: handled.note,
      });
      await ctx.em.flush();
      if (handled.workingDays) await redoDeadline(world, copy.id, target.id, at, handled.workingDays);
    });
  }
  const recalled = spec.recalled;
  if (recalled)
    add(story, recalled.at, recalled.by, (ctx) =>
      outgoing.recall(ctx, { documentId: story.ids[0], reason: recalled.reason }).then(() => undefined),
    );
}

function addMinutes(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number);
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

export async function runDocumentsDemoSeed(ctx: RequestContext): Promise<void> {
  const log = (message: string, extra: Record<string, unknown> = {}) =>
    ctx.logger.info({ seed: DOCUMENTS_DEMO_SEED_NAME, ...extra }, message);
  if (
    !(await ctx.em.execute<unknown[]>(`select 1 from core_seed where name = ?`, [STAFF_DEMO_SEED])).length
  ) {
    log(`the staff demo (${STAFF_DEMO_SEED}) is not loaded: no demo documents`);
    return;
  }
  const agencies = new Map<AgencyKey, AgencyRecord>();
  for (const [key, electronicId] of Object.entries(DEMO_AGENCY_IDS) as Array<[AgencyKey, string]>) {
    const agency = await directory.agencyByElectronicId(ctx, electronicId);
    if (agency?.active) agencies.set(key, agency);
    else log('demo agency not found: its documents are left out', { electronicId });
  }
  const actors = new Map<Actor, { ctx: RequestContext; official: OfficialRecord }>();
  for (const [key, spec] of Object.entries(ACTORS) as Array<[Actor, (typeof ACTORS)[string]]>) {
    const official = await findActor(ctx, agencies, spec);
    if (official) actors.set(key, { ctx: await actingAs(ctx, official), official });
    else
      log('demo official not found: the steps they would take are left out', {
        official: 'username' in spec ? spec.username : spec.fullName,
      });
  }
  const hongGai = agencies.get('hongGai');
  if (!hongGai || !actors.has('clerk') || !actors.has('leader') || !actors.has('specialist')) {
    log('UBND phường Hồng Gai or its records clerk, leader or specialist is missing: no demo documents');
    return;
  }
  const departments = new Map(
    (
      await ctx.em.execute<Array<{ agency_id: string; name: string; id: string }>>(
        `select agency_id, name, id from staff_department_v where agency_id = any(?::uuid[]) and active`,
        [pgArray([...agencies.values()].map((a) => a.id))],
      )
    ).map((d) => [`${d.agency_id}/${d.name}`, d.id]),
  );
  const world: World = { system: ctx, actors, agencies, departments };

  // Build the timeline: every step of every story, in the order it happened.
  const at = await timeline(ctx, hongGai.id);
  const steps: Step[] = [];
  const last = new Map<Story, Date>();
  const add = (story: Story, when: When, actor: Actor | null, run: Step['run']) => {
    let target = at.written(when);
    const previous = last.get(story);
    if (previous && target.getTime() <= previous.getTime())
      target = new Date(previous.getTime() + 7 * 60_000);
    last.set(story, target);
    steps.push({ story, when, actor, target, run });
  };
  for (const spec of DEMO_INCOMING) incomingStory(world, spec, add);
  for (const spec of DEMO_OUTGOING) outgoingStory(world, spec, add);
  steps.sort((a, b) => a.target.getTime() - b.target.getTime());
  // Squeezed into this year, the steps keep the order they have as written: numbers and arrival
  // numbers are taken in that order, so they are the same on every day of the year.
  if (at.compressed) {
    let previous = 0;
    for (const step of steps) {
      step.target = new Date(Math.max(at.compressed(step.when).getTime(), previous + 60_000));
      previous = step.target.getTime();
    }
  }
  // Everything lies in the past, in that order.
  let limit = Date.now() - 60_000;
  for (const step of [...steps].reverse()) {
    if (step.target.getTime() >= limit) step.target = new Date(limit - 60_000);
    limit = step.target.getTime();
  }

  for (const step of steps) {
    if (step.story.stopped) continue;
    const acting = step.actor ? actors.get(step.actor)?.ctx : ctx;
    if (!acting) {
      step.story.stopped = true;
      log('a step of a demo document is left out: its official is missing', {
        document: step.story.label,
        official: step.actor,
      });
      continue;
    }
    const start = new Date(Date.now() - 5);
    // A step that fails (staff data changed since the demo was written) is undone alone and ends its
    // document's story, with a warning: the demo never stops the platform from starting.
    await ctx.em.execute('savepoint documents_demo_step');
    try {
      await step.run(acting, step.target);
      await ctx.em.flush();
      await dateBack(ctx, step.story.ids, start, step.target);
      await ctx.em.execute('release savepoint documents_demo_step');
    } catch (error) {
      await ctx.em.execute('rollback to savepoint documents_demo_step');
      step.story.stopped = true;
      ctx.logger.warn(
        { seed: DOCUMENTS_DEMO_SEED_NAME, document: step.story.label, err: error },
        'a step of a demo document failed and was left out',
      );
    }
    // The identity map holds the pre-dating values: start the next step from the database.
    ctx.em.clear();
  }
}

export const documentsDemoSeed: SeedDefinition = {
  name: DOCUMENTS_DEMO_SEED_NAME,
  demo: true,
  run: runDocumentsDemoSeed,
};
