import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { proceduresPlugin } from '..';

const FORMS = `query($on: Date) { oneStopForms(on: $on) { form number label title basis columns { key title } } }`;
const numbered = (forms: any[]) => forms.map((f) => [f.number, f.form, f.title]);

describe('forms of the one-stop desk as data, by edition (Thông tư 01/2018 and 03/2025/TT-VPCP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
  });
  afterAll(() => t?.close());

  it('until 14/9/2025: Mẫu 01-06 of Thông tư 01/2018/TT-VPCP, no notice of stopping; publicly', async () => {
    const { oneStopForms } = await t.query(FORMS, { on: '2025-09-14' });
    expect(numbered(oneStopForms)).toEqual([
      ['01', 'RECEIPT', 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả'],
      ['02', 'SUPPLEMENT_REQUEST', 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ'],
      ['03', 'REFUSAL', 'Phiếu từ chối tiếp nhận giải quyết hồ sơ'],
      ['04', 'APOLOGY', 'Phiếu xin lỗi và hẹn lại ngày trả kết quả'],
      ['05', 'CONTROL_SLIP', 'Phiếu kiểm soát quá trình giải quyết hồ sơ'],
      ['06', 'DOSSIER_REGISTER', 'Sổ theo dõi hồ sơ'],
    ]);
    for (const f of oneStopForms) {
      expect(f.basis).toContain('Thông tư 01/2018/TT-VPCP');
      expect(f.basis).toContain('Nghị định 61/2018/NĐ-CP');
      expect(f.label).toBe(`Mẫu số ${f.number}`);
    }
    expect(oneStopForms.some((f: any) => /dừng|stop/i.test(f.title))).toBe(false);
  });

  it('from 15/9/2025 (and today): Mẫu 01-07 of Thông tư 03/2025/TT-VPCP, Phụ lục I', async () => {
    const from = (await t.query(FORMS, { on: '2025-09-15' })).oneStopForms;
    expect(numbered(from)).toEqual([
      ['01', 'RECEIPT', 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả'],
      ['02', 'SUPPLEMENT_REQUEST', 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ'],
      ['03', 'REFUSAL', 'Phiếu từ chối tiếp nhận giải quyết hồ sơ'],
      ['04', 'APOLOGY', 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết'],
      ['05', 'STOP_NOTICE', 'Thông báo dừng giải quyết hồ sơ'],
      ['06', 'CONTROL_SLIP', 'Phiếu kiểm soát quá trình giải quyết hồ sơ'],
      ['07', 'DOSSIER_REGISTER', 'Sổ theo dõi hồ sơ'],
    ]);
    for (const f of from) {
      expect(f.basis).toContain('Thông tư 03/2025/TT-VPCP, Phụ lục I');
      expect(f.basis).toContain('Nghị định 118/2025/NĐ-CP');
    }
    const today = (await t.query(FORMS)).oneStopForms;
    expect(today).toEqual(from);
    const register = from.find((f: any) => f.form === 'DOSSIER_REGISTER');
    expect(register.columns.map((c: any) => c.key)).toEqual([
      'rowNumber',
      'code',
      'procedureName',
      'copies',
      'applicantName',
      'applicantContact',
      'competentAgencyName',
      'receivedAt',
      'dueAt',
      'transferredAt',
      'resultReceivedAt',
      'returnedAt',
      'note',
    ]);
  });

  it('lists the editions with periods that touch; a malformed day is BAD_USER_INPUT', async () => {
    const { oneStopFormEditions } = await t.query(
      `{ oneStopFormEditions { key basis validFrom validUntil forms { number form } } }`,
    );
    expect(oneStopFormEditions.map((e: any) => [e.key, e.validFrom, e.validUntil, e.forms.length])).toEqual([
      ['TT01_2018', '2019-01-06', '2025-09-14', 6],
      ['TT03_2025', '2025-09-15', null, 7],
    ]);
    const bad = await t.request(FORMS, { on: '15/09/2025' });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('the transition table names forms by kind: STOP issues the notice of stopping', async () => {
    const token = t.token('auditor', ['auditor']);
    const { dossierTransitionTable } = await t.query(
      `{ dossierTransitionTable { action form } }`,
      {},
      { token },
    );
    const form = Object.fromEntries(dossierTransitionTable.map((r: any) => [r.action, r.form]));
    expect(form).toMatchObject({
      RECEIVE: 'RECEIPT',
      RECEIVE_AT_COUNTER: 'RECEIPT',
      REQUEST_SUPPLEMENT: 'SUPPLEMENT_REQUEST',
      REFUSE: 'REFUSAL',
      APOLOGISE: 'APOLOGY',
      STOP: 'STOP_NOTICE',
      ACCEPT_WITHDRAWAL: null,
    });
  });
});
