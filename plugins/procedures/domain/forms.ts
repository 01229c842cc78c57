import { registerEnumType } from 'type-graphql';
import { localDateOf, now, type LocalDate } from '../../../src';

/**
 * The forms of the one-stop desk, as data tied to their legal basis, in two editions:
 *
 * - Thông tư 01/2018/TT-VPCP (Phụ lục, Mẫu số 01-06), guiding Decree 61/2018/NĐ-CP: until 14 Sep 2025;
 * - Thông tư 03/2025/TT-VPCP of 15 Sep 2025 (Phụ lục I, Mẫu số 01-07), guiding Decree 118/2025/NĐ-CP
 *   (in force 1 Jul 2025, replacing Decrees 61/2018 and 107/2021): from 15 Sep 2025. It adds a notice
 *   of stopping (Mẫu 05), so the control slip becomes Mẫu 06 and the register Mẫu 07.
 *
 * A form is printed with the edition in force on the date it bears (a receipt reprinted today keeps
 * the number it was issued with; a control slip printed today is today's form). Code and documents
 * refer to a form by its kind, never by number: a new text is a new edition here.
 */
export enum OneStopForm {
  RECEIPT = 'RECEIPT',
  SUPPLEMENT_REQUEST = 'SUPPLEMENT_REQUEST',
  REFUSAL = 'REFUSAL',
  APOLOGY = 'APOLOGY',
  CONTROL_SLIP = 'CONTROL_SLIP',
  DOSSIER_REGISTER = 'DOSSIER_REGISTER',
  STOP_NOTICE = 'STOP_NOTICE',
}
registerEnumType(OneStopForm, {
  name: 'OneStopForm',
  description:
    'A form of the one-stop desk: receipt, supplement request, refusal, apology, control slip, dossier register, and (from Thông tư 03/2025/TT-VPCP) the notice of stopping; numbers by edition: oneStopForms',
});

export interface FormColumn {
  /** Stable key, also the field name in the register query. */
  key: string;
  /** Column heading as printed. */
  title: string;
}

export interface FormDefinition {
  form: OneStopForm;
  /** Number as printed: '01'. */
  number: string;
  /** 'Mẫu số 01'. */
  label: string;
  /** Vietnamese title as printed. */
  title: string;
  /** English gloss for developers and foreign readers. */
  description: string;
  /** Legal basis: the text that defines the form and the one that obliges the desk to use it. */
  basis: string;
  /** The text that defines the form (its edition), as printed beside the number. */
  definedBy: string;
  /** Columns, for forms that are tables (control slip, register book). */
  columns: FormColumn[];
}

export interface FormEdition {
  /** Stable key: 'TT01_2018', 'TT03_2025'. */
  key: string;
  /** The text that defines the forms. */
  basis: string;
  /** First local day the edition is in force. */
  validFrom: string;
  /** Last local day it is in force; null while in force. */
  validUntil: string | null;
  forms: readonly FormDefinition[];
}

const ND118 = 'Nghị định 118/2025/NĐ-CP (cơ chế một cửa, một cửa liên thông), từ 01/7/2025';
const ND61 = 'Nghị định 61/2018/NĐ-CP, sửa đổi bởi Nghị định 107/2021/NĐ-CP';

const CONTROL_SLIP_COLUMNS: FormColumn[] = [
  { key: 'handedOverBy', title: 'Tên cơ quan, tổ chức, cá nhân giao' },
  { key: 'receivedBy', title: 'Tên cơ quan, tổ chức, cá nhân nhận' },
  { key: 'givenAt', title: 'Thời gian giao' },
  { key: 'receivedAt', title: 'Thời gian nhận' },
  { key: 'verdict', title: 'Kết quả giải quyết hồ sơ (trước hạn / đúng hạn / quá hạn)' },
  { key: 'note', title: 'Ghi chú' },
];

const REGISTER_COLUMNS: FormColumn[] = [
  { key: 'rowNumber', title: 'STT' },
  { key: 'code', title: 'Mã hồ sơ' },
  { key: 'procedureName', title: 'Tên thủ tục hành chính' },
  { key: 'copies', title: 'Số lượng hồ sơ (bộ)' },
  { key: 'applicantName', title: 'Tên cá nhân, tổ chức' },
  { key: 'applicantContact', title: 'Địa chỉ, số điện thoại' },
  { key: 'competentAgencyName', title: 'Cơ quan chủ trì giải quyết' },
  { key: 'receivedAt', title: 'Nhận hồ sơ' },
  { key: 'dueAt', title: 'Hẹn trả kết quả' },
  { key: 'transferredAt', title: 'Chuyển hồ sơ đến cơ quan giải quyết' },
  { key: 'resultReceivedAt', title: 'Nhận kết quả từ cơ quan giải quyết' },
  { key: 'returnedAt', title: 'Trả kết quả cho cá nhân, tổ chức' },
  { key: 'note', title: 'Ghi chú' },
];

const DESCRIPTIONS: Record<OneStopForm, string> = {
  RECEIPT:
    'Receipt and appointment slip: components received, time received, appointment, place of return, fees. Receiving without it is forbidden.',
  SUPPLEMENT_REQUEST: 'Supplement request: once, in writing, listing everything that is missing.',
  REFUSAL: 'Refusal to receive, with the reason.',
  APOLOGY:
    'Apology and new appointment, issued as soon as the agency foresees it will miss the appointment. The dossier is still late if the original appointment is missed.',
  CONTROL_SLIP:
    'Control slip: one row per hand-over with time given, time received and the verdict of the hold.',
  DOSSIER_REGISTER: 'Dossier register book of the desk: one row per dossier received.',
  STOP_NOTICE: 'Notice to the applicant that processing of the dossier is stopped, with the reason.',
};

function edition(
  key: string,
  basis: string,
  obliges: string,
  validFrom: string,
  validUntil: string | null,
  forms: Array<[OneStopForm, string, string, FormColumn[]?]>,
): FormEdition {
  return {
    key,
    basis,
    validFrom,
    validUntil,
    forms: forms.map(([form, number, title, columns]) => ({
      form,
      number,
      label: `Mẫu số ${number}`,
      title,
      description: DESCRIPTIONS[form],
      basis: `${basis}, Mẫu số ${number}; ${obliges}`,
      definedBy: basis,
      columns: columns ?? [],
    })),
  };
}

/** The editions, oldest first; their periods touch and do not overlap. */
export const FORM_EDITIONS: readonly FormEdition[] = [
  edition('TT01_2018', 'Thông tư 01/2018/TT-VPCP, Phụ lục', ND61, '2019-01-06', '2025-09-14', [
    [OneStopForm.RECEIPT, '01', 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả'],
    [OneStopForm.SUPPLEMENT_REQUEST, '02', 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ'],
    [OneStopForm.REFUSAL, '03', 'Phiếu từ chối tiếp nhận giải quyết hồ sơ'],
    [OneStopForm.APOLOGY, '04', 'Phiếu xin lỗi và hẹn lại ngày trả kết quả'],
    [OneStopForm.CONTROL_SLIP, '05', 'Phiếu kiểm soát quá trình giải quyết hồ sơ', CONTROL_SLIP_COLUMNS],
    [OneStopForm.DOSSIER_REGISTER, '06', 'Sổ theo dõi hồ sơ', REGISTER_COLUMNS],
  ]),
  edition('TT03_2025', 'Thông tư 03/2025/TT-VPCP, Phụ lục I', ND118, '2025-09-15', null, [
    [OneStopForm.RECEIPT, '01', 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả'],
    [OneStopForm.SUPPLEMENT_REQUEST, '02', 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ'],
    [OneStopForm.REFUSAL, '03', 'Phiếu từ chối tiếp nhận giải quyết hồ sơ'],
    [OneStopForm.APOLOGY, '04', 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết'],
    [OneStopForm.STOP_NOTICE, '05', 'Thông báo dừng giải quyết hồ sơ'],
    [OneStopForm.CONTROL_SLIP, '06', 'Phiếu kiểm soát quá trình giải quyết hồ sơ', CONTROL_SLIP_COLUMNS],
    // The register's columns are those of the 2018 form: the 2025 form's columns were not read.
    [OneStopForm.DOSSIER_REGISTER, '07', 'Sổ theo dõi hồ sơ', REGISTER_COLUMNS],
  ]),
];

/** The edition in force on a local date (the oldest before its start). */
export function formEditionOn(date: LocalDate): FormEdition {
  return FORM_EDITIONS.find((e) => e.validUntil === null || date <= e.validUntil) ?? FORM_EDITIONS[0];
}

/** The definition of a form in the edition in force on the day of `at`; null when that edition has no such form. */
export function formInForce(form: OneStopForm, at: Date = now()): FormDefinition | null {
  return formEditionOn(localDateOf(at)).forms.find((f) => f.form === form) ?? null;
}

/** As formInForce, for forms every edition has (all but the notice of stopping). */
export function formOf(form: OneStopForm, at: Date = now()): FormDefinition {
  const found = formInForce(form, at);
  if (!found) throw new Error(`Form ${form} is not in the edition in force on ${localDateOf(at)}`);
  return found;
}
