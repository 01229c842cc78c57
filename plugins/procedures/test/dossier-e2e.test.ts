import { createTestApp, startTestSmtpServer, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createDepartment, createOfficial, createProcedure } from './helpers';
import {
  DossierDocument,
  DossiersDocument,
  DossierStatisticsDocument,
  LookupDossierDocument,
  SatisfactionSummaryDocument,
  SubmitDossierOnlineDocument,
} from '../../../test/graphql/generated';

/**
 * The "Done when", end to end through the API: a citizen files online, an officer receives
 * it, transfers it to a department, the department asks for a supplement, the citizen looks it up
 * with code and PIN, the supplement arrives, a leader approves, the result is returned, the citizen
 * rates it; the applicant received the emails (real SMTP); the control slip and the statistics show
 * the right numbers; an officer of another commune can neither see nor change that dossier.
 */
describe('a dossier from online filing to rating (end to end)', () => {
  let t: TestApp;
  let w: StaffWorld;
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let specialist: { token: string; fullName: string };
  let dept: { id: string };
  const email = 'tran.thi.thu@example.vn';
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://dichvucong.quangninh.gov.vn' },
    });
    await t.app.runSeeds({ only: ['staff.statutory-holidays'] });
    w = await arrangeStaffWorld(t);
    dept = await createDepartment(t, w.adminToken, w.agencyA.id, 'Phòng Văn hóa - Xã hội');
    specialist = await createOfficial(t, w.adminToken, {
      fullName: 'Vũ Thị Hằng',
      position: 'SPECIALIST',
      agencyId: w.agencyA.id,
      departmentId: dept.id,
      role: 'specialist',
      scope: { agencyId: w.agencyA.id },
    });
    await createProcedure(t, w.adminToken, {
      code: '1.000894',
      name: 'Thủ tục đăng ký kết hôn',
      onlineLevel: 'PARTIAL',
      cutoffHour: 15,
      cases: [
        {
          code: 'TH2',
          name: 'Cần xác minh điều kiện kết hôn',
          limits: [{ amount: 5, unit: 'WORKING_DAYS' }],
        },
      ],
      fees: [],
      components: [
        { code: 'TK', name: 'Tờ khai đăng ký kết hôn', originals: 1 },
        { code: 'XNTT', name: 'Giấy xác nhận tình trạng hôn nhân', originals: 1 },
      ],
      resultDocument: 'Giấy chứng nhận kết hôn',
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const version = async (id: string, token = w.officerA.token) =>
    (await t.query(DossierDocument, { id }, { token })).dossier!.version;
  const mutate = async (
    name: string,
    type: string,
    input: Record<string, unknown>,
    token: string,
    fields = 'id status',
  ) =>
    (
      await t.query(
        `mutation($input: ${type}!) { ${name}(input: $input) { ${fields} } }`,
        { input },
        { token },
      )
    )[name];

  /** An anonymous upload through POST /files, as a citizen's browser sends it. */
  const upload = async (content: Buffer, name: string) => {
    const res = await fetch(`${t.baseUrl}/files`, {
      method: 'POST',
      headers: { 'x-file-name': encodeURIComponent(name), 'x-forwarded-for': '192.0.2.80' },
      body: content,
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; sha256: string };
  };
  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

  it('goes through every hand, by the book', async () => {
    // 1. A citizen uploads two scans and files online, without signing in.
    const tk = await upload(pdf('to khai'), 'Tờ khai đăng ký kết hôn.pdf');
    const xntt = await upload(pdf('xac nhan tinh trang hon nhan'), 'Giấy xác nhận.pdf');
    const filed = (
      await t.query(SubmitDossierOnlineDocument, {
        input: {
          procedureCode: '1.000894',
          agencyId: w.agencyA.id,
          applicant: {
            name: 'Trần Thị Thu',
            idNumber: '022195004321',
            phone: '0987654321',
            email,
            address: 'Tổ 2, khu 4, phường Hạ Long',
          },
          components: [
            { code: 'TK', fileId: tk.id },
            { code: 'XNTT', fileId: xntt.id },
          ],
        },
      })
    ).submitDossierOnline;
    expect(filed.status).toBe('NEW');
    const { id } = (await t.query(DossierDocument, { code: filed.code }, { token: w.officerA.token }))
      .dossier!;

    // 2. The one-stop officer receives it: receipt (Mẫu 01) with the appointment, emailed.
    const receipt = await mutate(
      'receiveDossier',
      'ReceiveDossierInput',
      { dossierId: id, version: await version(id) },
      w.officerA.token,
      'dossierCode appointmentAt appointmentAtText satisfactionUrl',
    );
    expect(receipt.dossierCode).toBe(filed.code);

    // 3. Transferred to the department with a step budget of 3 working days; the department accepts.
    await mutate(
      'transferDossier',
      'TransferDossierInput',
      {
        dossierId: id,
        version: await version(id),
        toDepartmentId: dept.id,
        budgetAmount: 3,
        budgetUnit: 'WORKING_DAYS',
      },
      w.officerA.token,
    );
    await mutate(
      'acceptDossierTransfer',
      'DossierVersionInput',
      { dossierId: id, version: await version(id, specialist.token) },
      specialist.token,
    );

    // 4. The department asks for a supplement: the clock stops; the applicant is told by email.
    const paused = await mutate(
      'requestDossierSupplement',
      'RequestSupplementInput',
      {
        dossierId: id,
        version: await version(id, specialist.token),
        items: ['Giấy xác nhận tình trạng hôn nhân còn thời hạn'],
        note: 'Giấy đã quá 6 tháng',
      },
      specialist.token,
    );
    expect(paused.status).toBe('SUPPLEMENT_REQUESTED');

    // 5. The citizen looks it up with the code and the PIN: status, appointment, timeline, nothing personal.
    const lookup = (
      await t.query(LookupDossierDocument, { input: { code: filed.code, secret: filed.lookupPin } })
    ).lookupDossier;
    expect(lookup).toMatchObject({
      code: filed.code,
      status: 'SUPPLEMENT_REQUESTED',
      // The clock is stopped: the receipt's appointment no longer holds and no new one is promised yet.
      appointmentAt: null,
      clockStopped: true,
    });
    expect(lookup.timeline.map((s: any) => [s.action, s.status])).toEqual([
      ['SUBMIT_ONLINE', 'NEW'],
      ['RECEIVE', 'RECEIVED'],
      ['TRANSFER', 'PROCESSING'],
      ['REQUEST_SUPPLEMENT', 'SUPPLEMENT_REQUESTED'],
    ]);
    expect(JSON.stringify(lookup)).not.toMatch(/Trần Thị Thu|022195004321|0987654321|Vũ Thị Hằng/);
    // What is missing and by when, fees and where to collect the result.
    expect(lookup.supplement).toEqual({
      items: ['Giấy xác nhận tình trạng hôn nhân còn thời hạn'],
      note: 'Giấy đã quá 6 tháng',
      deadlineAt: expect.any(String),
    });
    expect(new Date(lookup.supplement!.deadlineAt!).getTime()).toBeGreaterThan(Date.now());
    expect(lookup.feeTotal).toBe(0);
    expect(lookup.placeOfReturn).toContain('UBND phường Hạ Long');

    // 6. The citizen sends the supplement online with a file and the same second factor: the clock
    // runs again as when the desk receives it, the appointment moved by the pause.
    const extra = await upload(pdf('giay xac nhan moi'), 'Giấy xác nhận mới.pdf');
    const sent = (
      await t.query(
        `mutation($input: SubmitDossierSupplementInput!) { submitDossierSupplement(input: $input) { dossier { status supplement { items } timeline { action status } } } }`,
        { input: { code: filed.code, secret: '4321', fileIds: [extra.id], note: 'Gửi giấy mới' } },
      )
    ).submitDossierSupplement.dossier;
    expect(sent.status).toBe('PROCESSING');
    const after = (
      await t.query(LookupDossierDocument, { input: { code: filed.code, secret: filed.lookupPin } })
    ).lookupDossier;
    expect(after.clockStopped).toBe(false);
    expect(new Date(after.appointmentAt!).getTime()).toBeGreaterThanOrEqual(
      new Date(receipt.appointmentAt).getTime(),
    );
    expect(sent.supplement).toBeNull();
    expect(sent.timeline.at(-1)).toEqual({ action: 'RECEIVE_SUPPLEMENT', status: 'PROCESSING' });
    const resumed = (await t.query(DossierDocument, { id }, { token: w.officerA.token })).dossier!;
    expect(resumed.status).toBe('PROCESSING');
    expect(resumed.components.map((c: any) => [c.name, c.digitisation, c.file?.sha256])).toEqual([
      ['Tờ khai đăng ký kết hôn', 'DIGITISED', tk.sha256],
      ['Giấy xác nhận tình trạng hôn nhân', 'DIGITISED', xntt.sha256],
      ['Bổ sung: Giấy xác nhận mới.pdf', 'DIGITISED', extra.sha256],
    ]);
    const download = new URL(resumed.components[2].file!.downloadUrl);
    const got = await fetch(`${t.baseUrl}${download.pathname}${download.search}`);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(pdf('giay xac nhan moi'));
    expect(new Date(resumed.appointmentAt!).getTime()).toBeGreaterThanOrEqual(
      new Date(receipt.appointmentAt).getTime(),
    );

    // 7. The department's specialist proposes, a leader approves; the department records the result;
    // the desk returns it.
    await mutate(
      'submitDossierProposal',
      'SubmitDossierProposalInput',
      { dossierId: id, version: await version(id, specialist.token) },
      specialist.token,
    );
    await mutate(
      'approveDossier',
      'DossierVersionInput',
      { dossierId: id, version: await version(id, w.leaderP.token) },
      w.leaderP.token,
    );
    const resolved = await mutate(
      'recordDossierResult',
      'RecordResultInput',
      {
        dossierId: id,
        version: await version(id, specialist.token),
        resultNumber: '27/2026/KH',
        signer: 'Phạm Quốc Bảo',
        resultFileId: (await upload(pdf('giay chung nhan ket hon'), 'GCN kết hôn.pdf')).id,
      },
      specialist.token,
      'status timeliness',
    );
    expect(resolved).toEqual({ status: 'RESOLVED', timeliness: 'EARLY' });
    const returned = await mutate(
      'returnDossierResult',
      'DossierVersionInput',
      { dossierId: id, version: await version(id) },
      w.officerA.token,
      'status returnedAt',
    );
    expect(returned.status).toBe('RETURNED');

    // 8. The applicant got the emails, in order; the receipt's email carries the satisfaction link.
    await t.runJobs();
    await smtp.waitFor((m) => m.subject.includes('Thông báo có kết quả'));
    const mine = smtp.messages.filter((m) => m.to.includes(email)).map((m) => m.subject);
    expect(mine).toEqual([
      `[${filed.code}] Giấy tiếp nhận hồ sơ và hẹn trả kết quả`,
      `[${filed.code}] Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ`,
      `[${filed.code}] Thông báo có kết quả giải quyết hồ sơ`,
    ]);
    const receivedMail = smtp.messages.find((m) => m.subject.includes('Giấy tiếp nhận'))!;
    expect(receivedMail.text).toContain(`Thời gian hẹn trả kết quả: ${receipt.appointmentAtText}`);
    const ratingLink = /https:\/\/dichvucong\.quangninh\.gov\.vn\/danh-gia\/([A-Za-z0-9_-]{43})/.exec(
      receivedMail.text,
    )![1];
    expect(receipt.satisfactionUrl.endsWith(ratingLink)).toBe(true);

    // 9. The citizen rates it from the link, once.
    await t.query(`mutation($input: RateDossierInput!) { rateDossier(input: $input) { dossierCode } }`, {
      input: {
        token: ratingLink,
        rating: 5,
        comment: 'Cán bộ hướng dẫn tận tình',
        survey: { totalTime: 5, attitude: 5, oneStopHandled: 5 },
      },
    });
    const twice = await t.request(
      `mutation($input: RateDossierInput!) { rateDossier(input: $input) { dossierCode } }`,
      { input: { token: ratingLink, rating: 1 } },
    );
    expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');

    // 10. The control slip (Mẫu 05): every hand-over with given / received / due / finished and its verdict.
    const slip = (
      await t.query(
        `query($id: ID!) { dossierControlSlip(dossierId: $id) { dossierCode timeliness resolvedAt
        rows { seq action fromName toName givenAt receivedAt dueAt finishedAt verdict actorName }
        steps { seq action form fromStatus toStatus } } }`,
        { id },
        { token: w.officerA.token },
      )
    ).dossierControlSlip;
    expect(slip.dossierCode).toBe(filed.code);
    expect(slip.timeliness).toBe('EARLY');
    expect(slip.rows.map((r: any) => [r.action, r.fromName, r.toName, r.verdict, r.actorName])).toEqual([
      [
        'SUBMIT_ONLINE',
        'Người nộp hồ sơ',
        'Bộ phận tiếp nhận và trả kết quả - UBND phường Hạ Long',
        null,
        null,
      ],
      [
        'RECEIVE',
        'Người nộp hồ sơ',
        'Bộ phận tiếp nhận và trả kết quả - UBND phường Hạ Long',
        'EARLY',
        'Nguyễn Văn Hùng',
      ],
      [
        'TRANSFER',
        'Bộ phận tiếp nhận và trả kết quả - UBND phường Hạ Long',
        'Phòng Văn hóa - Xã hội - UBND phường Hạ Long',
        'EARLY',
        'Nguyễn Văn Hùng',
      ],
      [
        'RECORD_RESULT',
        'Phòng Văn hóa - Xã hội - UBND phường Hạ Long',
        'Bộ phận tiếp nhận và trả kết quả - UBND phường Hạ Long',
        null,
        'Vũ Thị Hằng',
      ],
      [
        'RETURN_RESULT',
        'Bộ phận tiếp nhận và trả kết quả - UBND phường Hạ Long',
        'Người nộp hồ sơ',
        null,
        'Nguyễn Văn Hùng',
      ],
    ]);
    for (const row of slip.rows) {
      expect(row.givenAt).not.toBeNull();
      expect(row.receivedAt).not.toBeNull();
      expect(row.finishedAt).not.toBeNull();
    }
    const transfer = slip.rows.find((r: any) => r.action === 'TRANSFER');
    expect(new Date(transfer.dueAt).getTime()).toBeLessThanOrEqual(
      new Date(resumed.appointmentAt!).getTime(),
    );
    expect(slip.rows.find((r: any) => r.action === 'RECEIVE').dueAt).toBe(receipt.appointmentAt);
    expect(slip.steps.map((s: any) => [s.action, s.form, s.fromStatus, s.toStatus])).toEqual([
      ['SUBMIT_ONLINE', null, null, 'NEW'],
      ['RECEIVE', 'RECEIPT', 'NEW', 'RECEIVED'],
      ['TRANSFER', null, 'RECEIVED', 'PROCESSING'],
      ['REQUEST_SUPPLEMENT', 'SUPPLEMENT_REQUEST', 'PROCESSING', 'SUPPLEMENT_REQUESTED'],
      ['RECEIVE_SUPPLEMENT', null, 'SUPPLEMENT_REQUESTED', 'PROCESSING'],
      ['PROPOSE_RESULT', null, 'PROCESSING', 'PROCESSING'],
      ['APPROVE', null, 'PROCESSING', 'PROCESSING'],
      ['RECORD_RESULT', null, 'PROCESSING', 'RESOLVED'],
      ['RETURN_RESULT', null, 'RESOLVED', 'RETURNED'],
    ]);
    // Each transition is in the audit trail, without personal data.
    const audit = await t.sql(
      `select action, after::text as after from core_audit_entry where entity_id = $1 order by at`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'procedures.dossier.submit-online',
      'procedures.dossier.receive',
      'procedures.dossier.transfer',
      'procedures.dossier.accept-transfer',
      'procedures.dossier.request-supplement',
      'procedures.dossier.receive-supplement',
      'procedures.dossier.propose-result',
      'procedures.dossier.approve',
      'procedures.dossier.record-result',
      'procedures.dossier.return-result',
      'procedures.dossier.rate',
    ]);
    expect(audit.map((a) => a.after).join()).not.toMatch(
      /Trần Thị Thu|022195004321|0987654321|tran\.thi\.thu/,
    );

    // 11. The statistics of the day for the commune: one online dossier received and resolved early.
    const stats = (
      await t.query(
        DossierStatisticsDocument,
        { filter: { from: today, to: today, unitId: w.communeA.id } },
        { token: w.leaderP.token },
      )
    ).dossierStatistics;
    expect(stats.rows.map((r) => r.label)).toEqual(['Hộ tịch']);
    expect(stats.total).toMatchObject({
      received: { total: 1, carriedOver: 0, online: 1, inPersonOrPost: 0 },
      resolved: { total: 1, early: 1, onTime: 0, late: 0 },
      inProgress: { total: 0, withinDeadline: 0, overdue: 0 },
      stopped: 0,
      onTimeRate: 1,
      dossierDigitisationRate: 1,
      resultDigitisationRate: 1,
      onlineRate: 1,
      satisfaction: { count: 1, average: 5 },
    });
    const satisfaction = (
      await t.query(
        SatisfactionSummaryDocument,
        { filter: { from: today, to: today, groupBy: 'OFFICIAL' } },
        { token: w.leaderP.token },
      )
    ).satisfactionSummary;
    expect(satisfaction).toMatchObject([{ label: 'Nguyễn Văn Hùng', count: 1, average: 5 }]);

    // 12. An officer of another commune can neither see nor change it.
    const b = w.officerB.token;
    expect((await t.query(DossierDocument, { id }, { token: b })).dossier).toBeNull();
    expect((await t.query(DossierDocument, { code: filed.code }, { token: b })).dossier).toBeNull();
    for (const query of [
      t.request(
        `query($id: ID!) { dossierControlSlip(dossierId: $id) { dossierCode } }`,
        { id },
        { token: b },
      ),
      t.request(`query($id: ID!) { dossierReceipt(dossierId: $id) { dossierCode } }`, { id }, { token: b }),
      t.request(
        `mutation($input: DossierVersionInput!) { returnDossierResult(input: $input) { id } }`,
        { input: { dossierId: id, version: 1 } },
        { token: b },
      ),
      t.request(
        `mutation($input: ReasonInput!) { requestDossierWithdrawal(input: $input) { id } }`,
        { input: { dossierId: id, version: 1, reason: 'x' } },
        { token: b },
      ),
      t.request(
        `mutation($input: DossierVersionInput!) { reissueDossierReceipt(input: $input) { dossierCode } }`,
        { input: { dossierId: id, version: 1 } },
        { token: b },
      ),
    ]) {
      expect((await query).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect((await t.query(DossiersDocument, {}, { token: b })).dossiers.totalCount).toBe(0);
    const [row] = await t.sql(`select status, version from procedures_dossier where id = $1`, [id]);
    expect(row.status).toBe(10);
  });
});
