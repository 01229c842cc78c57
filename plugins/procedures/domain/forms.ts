import { registerEnumType } from 'type-graphql';

/**
 * The forms of the one-stop desk, as data tied to their legal basis. The numbers are those of
 * Thông tư 01/2018/TT-VPCP (Phụ lục, Mẫu số 01-06), which guides the one-stop mechanism; Decree
 * 118/2025/NĐ-CP (in force 1 Jul 2025, replacing Decrees 61/2018 and 107/2021) keeps the desk's
 * obligations these forms serve. When a new text renumbers or replaces a form, change this table
 * (number, title, basis): code and documents refer to the form by its kind, never by number.
 * A notice of stopping processing is not one of these forms.
 */
export enum OneStopForm {
  RECEIPT = 'RECEIPT',
  SUPPLEMENT_REQUEST = 'SUPPLEMENT_REQUEST',
  REFUSAL = 'REFUSAL',
  APOLOGY = 'APOLOGY',
  CONTROL_SLIP = 'CONTROL_SLIP',
  DOSSIER_REGISTER = 'DOSSIER_REGISTER',
}
registerEnumType(OneStopForm, {
  name: 'OneStopForm',
  description:
    'A form of the one-stop desk (Thông tư 01/2018/TT-VPCP): receipt, supplement request, refusal, apology, control slip, dossier register',
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
  /** Columns, for forms that are tables (control slip, register book). */
  columns: FormColumn[];
}

const TT01 = 'Thông tư 01/2018/TT-VPCP, Phụ lục';
const ND118 = 'Nghị định 118/2025/NĐ-CP (cơ chế một cửa, một cửa liên thông), từ 01/7/2025';

export const ONE_STOP_FORMS: readonly FormDefinition[] = [
  {
    form: OneStopForm.RECEIPT,
    number: '01',
    label: 'Mẫu số 01',
    title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
    description:
      'Receipt and appointment slip: components received, time received, appointment, place of return, fees. Receiving without it is forbidden.',
    basis: `${TT01}, Mẫu số 01; ${ND118}`,
    columns: [],
  },
  {
    form: OneStopForm.SUPPLEMENT_REQUEST,
    number: '02',
    label: 'Mẫu số 02',
    title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
    description: 'Supplement request: once, in writing, listing everything that is missing.',
    basis: `${TT01}, Mẫu số 02; ${ND118}`,
    columns: [],
  },
  {
    form: OneStopForm.REFUSAL,
    number: '03',
    label: 'Mẫu số 03',
    title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
    description: 'Refusal to receive, with the reason.',
    basis: `${TT01}, Mẫu số 03; ${ND118}`,
    columns: [],
  },
  {
    form: OneStopForm.APOLOGY,
    number: '04',
    label: 'Mẫu số 04',
    title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
    description:
      'Apology and new appointment, issued as soon as the agency foresees it will miss the appointment. The dossier is still late if the original appointment is missed.',
    basis: `${TT01}, Mẫu số 04; ${ND118}`,
    columns: [],
  },
  {
    form: OneStopForm.CONTROL_SLIP,
    number: '05',
    label: 'Mẫu số 05',
    title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
    description:
      'Control slip: one row per hand-over with time given, time received and the verdict of the hold.',
    basis: `${TT01}, Mẫu số 05; ${ND118}`,
    columns: [
      { key: 'handedOverBy', title: 'Tên cơ quan, tổ chức, cá nhân giao' },
      { key: 'receivedBy', title: 'Tên cơ quan, tổ chức, cá nhân nhận' },
      { key: 'givenAt', title: 'Thời gian giao' },
      { key: 'receivedAt', title: 'Thời gian nhận' },
      { key: 'verdict', title: 'Kết quả giải quyết hồ sơ (trước hạn / đúng hạn / quá hạn)' },
      { key: 'note', title: 'Ghi chú' },
    ],
  },
  {
    form: OneStopForm.DOSSIER_REGISTER,
    number: '06',
    label: 'Mẫu số 06',
    title: 'Sổ theo dõi hồ sơ',
    description: 'Dossier register book of the desk: one row per dossier received.',
    basis: `${TT01}, Mẫu số 06; ${ND118}`,
    columns: [
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
    ],
  },
];

/** The definition of a form. */
export function formOf(form: OneStopForm): FormDefinition {
  const found = ONE_STOP_FORMS.find((f) => f.form === form);
  if (!found) throw new Error(`Unknown form ${form}`);
  return found;
}
