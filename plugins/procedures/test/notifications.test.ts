import { createTestApp, startTestSmtpServer, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createDepartment, createOfficial, createProcedure } from './helpers';
import {
  ApologiseForDossierDelayDocument,
  ApproveDossierDocument,
  DossierDocument,
  ReceiveDossierAtCounterDocument,
  RecordDossierResultDocument,
  RequestDossierSupplementDocument,
  SubmitDossierProposalDocument,
  TransferDossierDocument,
} from '../../../test/graphql/generated';

describe('applicant emails (Vietnamese, plain text and HTML, through the job queue over SMTP)', () => {
  let t: TestApp;
  let w: StaffWorld;
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let specialist: { token: string };
  let dept: { id: string };

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      env: {
        SMTP_URL: smtp.url,
        PUBLIC_URL: 'https://dvc.example.vn',
        MAIL_FROM: 'Một cửa <motcua@example.vn>',
      },
    });
    w = await arrangeStaffWorld(t);
    dept = await createDepartment(t, w.adminToken, w.agencyA.id, 'Phòng Tư pháp');
    specialist = await createOfficial(t, w.adminToken, {
      fullName: 'Vũ Thị Hằng',
      position: 'SPECIALIST',
      agencyId: w.agencyA.id,
      departmentId: dept.id,
      role: 'specialist',
      scope: { agencyId: w.agencyA.id },
    });
    await createProcedure(t, w.adminToken, {
      cases: [{ code: 'TH1', name: 'Thông thường', limits: [{ amount: 3, unit: 'WORKING_DAYS' }] }],
      fees: [{ name: 'Lệ phí', amount: 15000 }],
      components: [{ code: 'TK', name: 'Tờ khai đăng ký khai sinh', originals: 1 }],
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const version = async (id: string) =>
    (await t.query(DossierDocument, { id }, { token: w.adminToken })).dossier!.version;

  it('sends the receipt, the supplement request, the apology and the result notice', async () => {
    const receipt = (
      await t.query(
        ReceiveDossierAtCounterDocument,
        {
          input: {
            procedureCode: '1.001193',
            deskId: w.deskA.id,
            applicant: { name: 'Lê <Thị> Hoa', email: 'hoa@example.vn' },
          },
        },
        { token: w.officerA.token },
      )
    ).receiveDossierAtCounter;
    // Queued in the transaction, not yet sent; the PIN is in no job.
    const queued = await t.sql(
      `select j.payload::text as payload from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id where k.identifier = 'core.send-mail'`,
    );
    expect(queued).toHaveLength(1);
    expect(queued[0].payload).not.toContain(receipt.lookupPin);
    await t.runJobs();
    const received = await smtp.waitFor((m) => m.subject.includes('Giấy tiếp nhận'));
    expect(received.to).toEqual(['hoa@example.vn']);
    expect(received.subject).toBe(`[${receipt.dossierCode}] Giấy tiếp nhận hồ sơ và hẹn trả kết quả`);
    expect(received.text).toContain('Kính gửi: Lê <Thị> Hoa,');
    expect(received.text).toContain(`Thời gian hẹn trả kết quả: ${receipt.appointmentAtText}`);
    expect(received.text).toContain('Nơi trả kết quả: Bộ phận một cửa - UBND phường Hạ Long');
    expect(received.text).toContain('- Tờ khai đăng ký khai sinh (1 bản chính)');
    expect(received.text).toContain('- Lệ phí: 15.000 đồng');
    expect(received.text).toContain(receipt.satisfactionUrl);
    expect(received.text).toContain(
      `https://dvc.example.vn/tra-cuu-ho-so?ma=${encodeURIComponent(receipt.dossierCode)}`,
    );
    expect(received.html).toContain('Lê &lt;Thị&gt; Hoa');
    expect(received.html).not.toContain('<Thị>');

    const id = receipt.dossierId;
    await t.query(
      TransferDossierDocument,
      { input: { dossierId: id, version: await version(id), toDepartmentId: dept.id } },
      { token: w.officerA.token },
    );
    await t.query(
      `mutation($input: DossierVersionInput!) { acceptDossierTransfer(input: $input) { id } }`,
      { input: { dossierId: id, version: await version(id) } },
      { token: specialist.token },
    );
    await t.query(
      RequestDossierSupplementDocument,
      {
        input: {
          dossierId: id,
          version: await version(id),
          items: ['Giấy chứng sinh (bản chính)', 'Bản sao sổ hộ khẩu'],
          note: 'Giấy chứng sinh bị rách',
        },
      },
      { token: specialist.token },
    );
    await t.runJobs();
    const supplement = await smtp.waitFor((m) => m.subject.includes('bổ sung'));
    expect(supplement.subject).toBe(`[${receipt.dossierCode}] Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ`);
    expect(supplement.text).toContain('- Giấy chứng sinh (bản chính)\n- Bản sao sổ hộ khẩu');
    expect(supplement.text).toContain('Lý do, hướng dẫn: Giấy chứng sinh bị rách');
    expect(supplement.text).toMatch(/Hạn nộp bổ sung: \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/);
    expect(supplement.html).toContain('<li>Bản sao sổ hộ khẩu</li>');

    await t.query(
      `mutation($input: DossierVersionInput!) { receiveDossierSupplement(input: $input) { id } }`,
      { input: { dossierId: id, version: await version(id) } },
      { token: w.officerA.token },
    );
    await t.sql(`update procedures_dossier set appointment_at = now() - interval '2 days' where id = $1`, [
      id,
    ]);
    await t.query(
      ApologiseForDossierDelayDocument,
      {
        input: {
          dossierId: id,
          version: await version(id),
          reason: 'Chờ xác minh nơi sinh',
          newAppointmentAt: new Date(Date.now() + 2 * 864e5).toISOString(),
        },
      },
      { token: w.officerA.token },
    );
    await t.runJobs();
    const apology = await smtp.waitFor((m) => m.subject.includes('xin lỗi'));
    expect(apology.subject).toBe(`[${receipt.dossierCode}] Phiếu xin lỗi và hẹn lại ngày trả kết quả`);
    expect(apology.text).toContain('Lý do: Chờ xác minh nơi sinh');
    expect(apology.text).toMatch(/hẹn lại thời gian trả kết quả vào \d{2}:\d{2} ngày/);

    await t.query(
      SubmitDossierProposalDocument,
      { input: { dossierId: id, version: await version(id) } },
      { token: specialist.token },
    );
    await t.query(
      ApproveDossierDocument,
      { input: { dossierId: id, version: await version(id) } },
      { token: w.leaderP.token },
    );
    await t.query(
      RecordDossierResultDocument,
      {
        input: {
          dossierId: id,
          version: await version(id),
          resultNumber: '123/2026',
          signer: 'Phạm Quốc Bảo',
        },
      },
      { token: specialist.token },
    );
    await t.runJobs();
    const result = await smtp.waitFor((m) => m.subject.includes('kết quả giải quyết'));
    expect(result.subject).toBe(`[${receipt.dossierCode}] Thông báo có kết quả giải quyết hồ sơ`);
    expect(result.text).toContain('Kết quả: Giấy khai sinh (bản chính)');
    expect(smtp.messages.filter((m) => m.to.includes('hoa@example.vn'))).toHaveLength(4);
  });

  it('sends nothing to applicants who gave no email address', async () => {
    const before = smtp.messages.length;
    await t.query(
      ReceiveDossierAtCounterDocument,
      { input: { procedureCode: '1.001193', deskId: w.deskA.id, applicant: { name: 'Không có thư' } } },
      { token: w.officerA.token },
    );
    await t.runJobs();
    expect(smtp.messages.length).toBe(before);
    expect(
      await t.sql(`select 1 from graphile_worker.jobs where task_identifier = 'core.send-mail'`),
    ).toHaveLength(0);
  });
});
