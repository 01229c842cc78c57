import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { proceduresPlugin } from '..';

const FORMS = `{ oneStopForms { form number label title basis columns { key title } } }`;

describe('forms of the one-stop desk as data (Thông tư 01/2018/TT-VPCP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
  });
  afterAll(() => t?.close());

  it('lists Mẫu 01-06 with their titles and legal basis, publicly; a stop notice is not one of them', async () => {
    const { oneStopForms } = await t.query(FORMS);
    expect(oneStopForms.map((f: any) => [f.number, f.form, f.title])).toEqual([
      ['01', 'RECEIPT', 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả'],
      ['02', 'SUPPLEMENT_REQUEST', 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ'],
      ['03', 'REFUSAL', 'Phiếu từ chối tiếp nhận giải quyết hồ sơ'],
      ['04', 'APOLOGY', 'Phiếu xin lỗi và hẹn lại ngày trả kết quả'],
      ['05', 'CONTROL_SLIP', 'Phiếu kiểm soát quá trình giải quyết hồ sơ'],
      ['06', 'DOSSIER_REGISTER', 'Sổ theo dõi hồ sơ'],
    ]);
    for (const f of oneStopForms) {
      expect(f.basis).toContain('Thông tư 01/2018/TT-VPCP');
      expect(f.basis).toContain('Nghị định 118/2025/NĐ-CP');
      expect(f.label).toBe(`Mẫu số ${f.number}`);
    }
    expect(oneStopForms.some((f: any) => /dừng|stop/i.test(f.title))).toBe(false);
    const register = oneStopForms.find((f: any) => f.form === 'DOSSIER_REGISTER');
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

  it('the transition table names forms by kind: STOP issues none', async () => {
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
      STOP: null,
    });
  });
});
