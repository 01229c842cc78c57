import { formatLocalDateTime, localParts } from '../../../src';
import { Timeliness } from '../domain/enums';
import { formOf, OneStopForm } from '../domain/forms';
import type { Block, PrintedDocument } from './pdf-document';

/**
 * The content of the one-stop forms, from plain data. Wording follows the forms; numbers and titles
 * come from the forms table (`domain/forms.ts`) in the edition in force on the date a form bears, so a
 * renumbering changes one place. Times are Vietnam local time through the core's local-time module.
 */

export interface FormHeader {
  /** The agency whose desk prints the form. */
  agencyName: string;
  /** The one-stop centre or desk, printed under the agency. */
  officeName: string | null;
  /** The place in the date line: the agency's unit without its type, e.g. "Hồng Gai". */
  place: string;
  /** When the form is dated. */
  date: Date;
}

export interface DossierBasics {
  code: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  /** Where the applicant looks the dossier up (the dossier's QR code). */
  lookupUrl: string;
}

const DASH = '—';
const at = (d: Date | null | undefined): string => (d ? formatLocalDateTime(d) : DASH);
const money = (amount: number): string => `${amount.toLocaleString('vi-VN')} đồng`;
const VERDICT: Record<Timeliness, string> = {
  [Timeliness.EARLY]: 'Trước hạn',
  [Timeliness.ON_TIME]: 'Đúng hạn',
  [Timeliness.LATE]: 'Quá hạn',
};
export const verdictText = (v: Timeliness | null): string => (v ? VERDICT[v] : '');

/** "Hồng Gai, ngày 05 tháng 12 năm 2026" in local time. */
export function placeAndDate(place: string, date: Date): string {
  const p = localParts(date);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${place}, ngày ${two(p.day)} tháng ${two(p.month)} năm ${p.year}`;
}

function base(
  form: OneStopForm,
  header: FormHeader,
  dossier: DossierBasics | null,
  blocks: Block[],
  extra: Partial<PrintedDocument> = {},
): PrintedDocument {
  const def = formOf(form, header.date);
  return {
    title: dossier ? `${def.label} – ${def.title} – ${dossier.code}` : `${def.label} – ${def.title}`,
    header: {
      agency: header.agencyName,
      office: header.officeName,
      placeAndDate: placeAndDate(header.place, header.date),
    },
    formLabel: `${def.label} (${def.definedBy})`,
    heading: def.title,
    subheading: dossier ? `Mã hồ sơ: ${dossier.code}` : null,
    qrCodes: dossier ? [{ url: dossier.lookupUrl, caption: 'Tra cứu hồ sơ' }] : [],
    blocks,
    ...extra,
  };
}

export interface ReceiptPrint {
  header: FormHeader;
  dossier: DossierBasics;
  caseName: string;
  channelText: string;
  components: Array<{ name: string; originals: number; copies: number; digitisation: string }>;
  receivedAt: Date;
  appointmentAt: Date;
  placeOfReturn: string;
  fees: Array<{ name: string; amount: number }>;
  feeTotal: number;
  receivedByName: string | null;
  /** Only on the receipt as issued: the PIN and the satisfaction link are never stored in clear. */
  lookupPin: string | null;
  satisfactionUrl: string | null;
}

const DIGITISATION: Record<string, string> = {
  DIGITISED: 'Đã số hóa',
  REUSED: 'Tái sử dụng',
  NOT_DIGITISED: 'Chưa số hóa',
};

/** Mẫu 01: giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export function receiptDocument(r: ReceiptPrint): PrintedDocument {
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `${r.header.officeName ?? 'Bộ phận tiếp nhận và trả kết quả'} – ${r.header.agencyName} tiếp nhận hồ sơ của:`,
    },
    {
      kind: 'fields',
      rows: [
        ['Ông/Bà (tổ chức)', r.dossier.applicantName],
        ['Nội dung yêu cầu giải quyết', `${r.dossier.procedureName} (mã thủ tục ${r.dossier.procedureCode})`],
        ['Trường hợp', r.caseName],
        ['Hình thức nộp', r.channelText],
      ],
    },
    { kind: 'paragraph', text: 'Thành phần hồ sơ nộp gồm:', bold: true },
    {
      kind: 'table',
      columns: [
        { title: 'STT', width: 6 },
        { title: 'Tên giấy tờ', width: 52 },
        { title: 'Bản chính', width: 12 },
        { title: 'Bản sao', width: 12 },
        { title: 'Số hóa', width: 18 },
      ],
      rows: r.components.map((c, i) => [
        String(i + 1),
        c.name,
        String(c.originals),
        String(c.copies),
        DIGITISATION[c.digitisation] ?? c.digitisation,
      ]),
    },
    {
      kind: 'fields',
      rows: [
        ['Số lượng hồ sơ', '01 (bộ)'],
        ['Thời gian nhận hồ sơ', formatLocalDateTime(r.receivedAt)],
        ['Thời gian trả kết quả giải quyết hồ sơ', formatLocalDateTime(r.appointmentAt)],
        ['Đăng ký nhận kết quả tại', r.placeOfReturn],
        [
          'Phí, lệ phí',
          r.fees.length
            ? `${r.fees.map((f) => `${f.name}: ${money(f.amount)}`).join('; ')}. Tổng cộng: ${money(r.feeTotal)}`
            : 'Không',
        ],
        ['Tra cứu tình trạng hồ sơ', r.dossier.lookupUrl],
        ...(r.lookupPin ? ([['Mã tra cứu (PIN, giữ bí mật)', r.lookupPin]] as Array<[string, string]>) : []),
      ],
    },
    {
      kind: 'paragraph',
      text: 'Khi đến nhận kết quả, Ông/Bà mang theo giấy tiếp nhận này. Ông/Bà có thể tra cứu hồ sơ bằng mã hồ sơ và mã tra cứu, hoặc 4 số cuối của số định danh cá nhân hay số điện thoại đã khai.',
    },
    {
      kind: 'signatures',
      items: [
        { title: 'Người nộp hồ sơ', hint: '(Ký và ghi rõ họ tên)', name: r.dossier.applicantName },
        { title: 'Người tiếp nhận hồ sơ', hint: '(Ký và ghi rõ họ tên)', name: r.receivedByName },
      ],
    },
  ];
  const qrCodes = [{ url: r.dossier.lookupUrl, caption: 'Tra cứu hồ sơ' }];
  if (r.satisfactionUrl) qrCodes.push({ url: r.satisfactionUrl, caption: 'Đánh giá hài lòng' });
  return base(OneStopForm.RECEIPT, r.header, r.dossier, blocks, { qrCodes });
}

export interface SupplementPrint {
  header: FormHeader;
  dossier: DossierBasics;
  receivedAt: Date | null;
  requestedAt: Date;
  deadlineAt: Date | null;
  items: string[];
  note: string | null;
  contact: string | null;
  officialName: string | null;
}

/** Mẫu 02: phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (once, listing everything missing). */
export function supplementDocument(s: SupplementPrint): PrintedDocument {
  return base(OneStopForm.SUPPLEMENT_REQUEST, { ...s.header, date: s.requestedAt }, s.dossier, [
    { kind: 'paragraph', text: `Kính gửi: ${s.dossier.applicantName}`, bold: true },
    {
      kind: 'paragraph',
      text: `Ngày ${at(s.receivedAt)}, ${s.header.agencyName} tiếp nhận hồ sơ của Ông/Bà đề nghị giải quyết thủ tục hành chính "${s.dossier.procedureName}". Sau khi xem xét, hồ sơ của Ông/Bà chưa đầy đủ, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:`,
    },
    { kind: 'list', items: s.items },
    {
      kind: 'fields',
      rows: [
        ...(s.note ? ([['Lý do, hướng dẫn', s.note]] as Array<[string, string]>) : []),
        ['Thời gian yêu cầu', at(s.requestedAt)],
        ['Hạn nộp bổ sung', at(s.deadlineAt)],
      ],
    },
    {
      kind: 'paragraph',
      text: `Thời gian giải quyết tạm dừng cho đến khi nhận đủ hồ sơ bổ sung; quá hạn trên mà không nhận được hồ sơ bổ sung, hồ sơ sẽ bị dừng xử lý. Ông/Bà có thể nộp bổ sung trực tuyến tại ${s.dossier.lookupUrl}.${s.contact ? ` Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ: ${s.contact}.` : ''}`,
    },
    {
      kind: 'signatures',
      items: [{ title: 'Người hướng dẫn', hint: '(Ký và ghi rõ họ tên)', name: s.officialName }],
    },
  ]);
}

export interface RefusalPrint {
  header: FormHeader;
  dossier: DossierBasics;
  submittedAt: Date;
  refusedAt: Date;
  reason: string;
  officialName: string | null;
}

/** Mẫu 03: phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reason. */
export function refusalDocument(r: RefusalPrint): PrintedDocument {
  return base(OneStopForm.REFUSAL, { ...r.header, date: r.refusedAt }, r.dossier, [
    { kind: 'paragraph', text: `Kính gửi: ${r.dossier.applicantName}`, bold: true },
    {
      kind: 'paragraph',
      text: `${r.header.agencyName} nhận được hồ sơ đề nghị giải quyết thủ tục hành chính "${r.dossier.procedureName}" (mã thủ tục ${r.dossier.procedureCode}) của Ông/Bà, nộp lúc ${at(r.submittedAt)}. Sau khi xem xét, căn cứ quy định, ${r.header.agencyName} từ chối tiếp nhận, giải quyết hồ sơ này với lý do:`,
    },
    { kind: 'paragraph', text: r.reason, bold: true },
    { kind: 'fields', rows: [['Thời gian từ chối', at(r.refusedAt)]] },
    { kind: 'paragraph', text: 'Xin thông báo để Ông/Bà biết và thực hiện.' },
    {
      kind: 'signatures',
      items: [{ title: 'Người tiếp nhận hồ sơ', hint: '(Ký và ghi rõ họ tên)', name: r.officialName }],
    },
  ]);
}

export interface ApologyPrint {
  header: FormHeader;
  dossier: DossierBasics;
  receivedAt: Date | null;
  appointmentAt: Date | null;
  newAppointmentAt: Date;
  apologisedAt: Date;
  reason: string;
  officialName: string | null;
}

/** Mẫu 04: phiếu xin lỗi và hẹn lại ngày trả kết quả. */
export function apologyDocument(a: ApologyPrint): PrintedDocument {
  return base(OneStopForm.APOLOGY, { ...a.header, date: a.apologisedAt }, a.dossier, [
    { kind: 'paragraph', text: `Kính gửi: ${a.dossier.applicantName}`, bold: true },
    {
      kind: 'paragraph',
      text: `Ngày ${at(a.receivedAt)}, ${a.header.agencyName} tiếp nhận giải quyết hồ sơ "${a.dossier.procedureName}" của Ông/Bà và hẹn trả kết quả vào ${at(a.appointmentAt)}.`,
    },
    {
      kind: 'paragraph',
      text: `Tuy nhiên đến nay chưa trả kết quả được cho Ông/Bà. Lý do: ${a.reason}`,
    },
    {
      kind: 'paragraph',
      text: `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${a.header.agencyName} thành thật xin lỗi Ông/Bà và hẹn lại thời gian trả kết quả vào ${at(a.newAppointmentAt)}.`,
    },
    { kind: 'fields', rows: [['Thời gian hẹn trả kết quả mới', at(a.newAppointmentAt)]] },
    {
      kind: 'signatures',
      items: [{ title: 'Thủ trưởng cơ quan', hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: a.officialName }],
    },
  ]);
}

export interface StopNoticePrint {
  header: FormHeader;
  dossier: DossierBasics;
  receivedAt: Date | null;
  stoppedAt: Date;
  reason: string;
  officialName: string | null;
}

/** Thông báo dừng giải quyết hồ sơ (Mẫu 05 of Thông tư 03/2025/TT-VPCP), with the reason. */
export function stopNoticeDocument(n: StopNoticePrint): PrintedDocument {
  return base(OneStopForm.STOP_NOTICE, { ...n.header, date: n.stoppedAt }, n.dossier, [
    { kind: 'paragraph', text: `Kính gửi: ${n.dossier.applicantName}`, bold: true },
    {
      kind: 'paragraph',
      text: `Ngày ${at(n.receivedAt)}, ${n.header.agencyName} tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính "${n.dossier.procedureName}" (mã thủ tục ${n.dossier.procedureCode}) của Ông/Bà. ${n.header.agencyName} thông báo dừng giải quyết hồ sơ này với lý do:`,
    },
    { kind: 'paragraph', text: n.reason, bold: true },
    { kind: 'fields', rows: [['Thời gian dừng giải quyết', at(n.stoppedAt)]] },
    { kind: 'paragraph', text: 'Xin thông báo để Ông/Bà biết và thực hiện.' },
    {
      kind: 'signatures',
      items: [{ title: 'Thủ trưởng cơ quan', hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: n.officialName }],
    },
  ]);
}

export interface ControlSlipPrint {
  header: FormHeader;
  dossier: DossierBasics;
  receivedAt: Date | null;
  appointmentAt: Date | null;
  resolvedAt: Date | null;
  timeliness: Timeliness | null;
  rows: Array<{
    fromName: string | null;
    toName: string | null;
    givenAt: Date;
    receivedAt: Date | null;
    verdict: Timeliness | null;
    actorName: string | null;
    note: string | null;
  }>;
}

/** Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05 until 14/9/2025, then 06), one row per hand-over. */
export function controlSlipDocument(c: ControlSlipPrint): PrintedDocument {
  const columns = formOf(OneStopForm.CONTROL_SLIP, c.header.date).columns;
  const weights: Record<string, number> = {
    handedOverBy: 24,
    receivedBy: 24,
    givenAt: 14,
    receivedAt: 14,
    verdict: 12,
    note: 16,
  };
  return base(
    OneStopForm.CONTROL_SLIP,
    c.header,
    c.dossier,
    [
      {
        kind: 'fields',
        rows: [
          ['Người nộp hồ sơ', c.dossier.applicantName],
          ['Thủ tục', `${c.dossier.procedureName} (${c.dossier.procedureCode})`],
          ['Ngày nhận hồ sơ', at(c.receivedAt)],
          ['Hẹn trả kết quả', at(c.appointmentAt)],
          ...(c.resolvedAt
            ? ([['Có kết quả', `${at(c.resolvedAt)} (${verdictText(c.timeliness)})`]] as Array<
                [string, string]
              >)
            : []),
        ],
      },
      {
        kind: 'table',
        columns: columns.map((col) => ({ title: col.title, width: weights[col.key] ?? 12 })),
        rows: c.rows.map((r) => [
          [r.fromName, r.actorName && r.fromName ? `(${r.actorName})` : null].filter(Boolean).join(' '),
          r.toName ?? '',
          at(r.givenAt),
          r.receivedAt ? at(r.receivedAt) : '',
          verdictText(r.verdict),
          r.note ?? '',
        ]),
      },
    ],
    { landscape: true },
  );
}

export interface RegisterPrint {
  header: FormHeader;
  from: string;
  to: string;
  rows: Array<{
    code: string;
    procedureName: string;
    copies: number;
    applicantName: string;
    applicantContact: string;
    competentAgencyName: string;
    receivedAt: Date | null;
    dueAt: Date | null;
    transferredAt: Date | null;
    resultReceivedAt: Date | null;
    returnedAt: Date | null;
    note: string;
  }>;
}

/** Sổ theo dõi hồ sơ (Mẫu 06 until 14/9/2025, then 07) of a desk for a period. */
export function registerDocument(r: RegisterPrint): PrintedDocument {
  const columns = formOf(OneStopForm.DOSSIER_REGISTER, r.header.date).columns;
  const weights: Record<string, number> = {
    rowNumber: 4,
    code: 20,
    procedureName: 14,
    copies: 4,
    applicantName: 10,
    applicantContact: 10,
    competentAgencyName: 9,
    receivedAt: 7,
    dueAt: 7,
    transferredAt: 7,
    resultReceivedAt: 7,
    returnedAt: 7,
    note: 5,
  };
  const fmt = (d: string) => d.split('-').reverse().join('/');
  return base(
    OneStopForm.DOSSIER_REGISTER,
    r.header,
    null,
    [
      { kind: 'fields', rows: [['Tổng số hồ sơ', String(r.rows.length)]] },
      {
        kind: 'table',
        columns: columns.map((col) => ({ title: col.title, width: weights[col.key] ?? 8 })),
        rows: r.rows.map((row, i) => [
          String(i + 1),
          row.code,
          row.procedureName,
          String(row.copies),
          row.applicantName,
          row.applicantContact,
          row.competentAgencyName,
          at(row.receivedAt),
          at(row.dueAt),
          row.transferredAt ? at(row.transferredAt) : '',
          row.resultReceivedAt ? at(row.resultReceivedAt) : '',
          row.returnedAt ? at(row.returnedAt) : '',
          row.note,
        ]),
      },
    ],
    { landscape: true, subheading: `Từ ngày ${fmt(r.from)} đến ngày ${fmt(r.to)}` },
  );
}
