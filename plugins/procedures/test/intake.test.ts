import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createProcedure, expectIdRefused, ID_CASES, uploadScan } from './helpers';
import {
  DossierDocument,
  DossiersDocument,
  SubmitDossierOnlineDocument,
} from '../../../test/graphql/generated';

const RECEIPT = `id dossierId dossierCode kind agencyName centreName deskName procedureCode procedureName caseName channel applicantName
  components { name originals copies digitisation } receivedAt appointmentAt receivedAtText appointmentAtText placeOfReturn resultDelivery
  fees { name amount } feeTotal receivedByName lookupUrl lookupPin satisfactionUrl`;
const RECEIVE = `mutation($input: ReceiveDossierAtCounterInput!) { receiveDossierAtCounter(input: $input) { ${RECEIPT} } }`;

const localToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(2, 10).replace(/-/g, '');

describe('dossier intake: counter, post and online; codes and receipts', () => {
  let t: TestApp;
  let w: StaffWorld;
  let procedure: { id: string; code: string };
  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      env: { PUBLIC_URL: 'https://dvc.example.vn' },
    });
    w = await arrangeStaffWorld(t);
    procedure = await createProcedure(t, w.adminToken);
    await createProcedure(t, w.adminToken, {
      code: '2.000815',
      name: 'Chứng thực bản sao từ bản chính',
      field: 'Chứng thực',
      onlineLevel: null,
      cutoffHour: null,
      cases: [{ code: 'TH1', name: 'Chứng thực bản sao', limits: [{ amount: 4, unit: 'HOURS' }] }],
      fees: [{ name: 'Lệ phí chứng thực', amount: 2000 }],
      components: [
        { code: 'BC', name: 'Bản chính giấy tờ', originals: 1 },
        { code: 'BS', name: 'Bản sao cần chứng thực', copies: 1 },
      ],
    });
  });
  afterAll(() => t.close());

  const applicant = {
    name: 'Nguyễn Thị Mai',
    idNumber: '022190001234',
    phone: '0912 345 678',
    email: 'mai@example.vn',
    address: 'Tổ 5, khu 3, phường Hạ Long',
  };

  it('an officer receives at the counter: a coded dossier that exists only with its receipt', async () => {
    const receipt = (
      await t.query(
        RECEIVE,
        { input: { procedureId: procedure.id, caseCode: 'TH2', deskId: w.deskA.id, applicant } },
        { token: w.officerA.token },
      )
    ).receiveDossierAtCounter;
    expect(receipt.dossierCode).toBe(`000.01.01.H46-${localToday()}-0001`);
    expect(receipt).toMatchObject({
      kind: 'INTAKE',
      agencyName: 'UBND phường Hạ Long',
      centreName: 'Bộ phận một cửa',
      deskName: 'Quầy số 01',
      procedureCode: '1.001193',
      procedureName: 'Đăng ký khai sinh',
      caseName: 'Cần xác minh',
      channel: 'COUNTER',
      applicantName: 'Nguyễn Thị Mai',
      placeOfReturn: 'Bộ phận một cửa - UBND phường Hạ Long',
      resultDelivery: 'AT_DESK',
      feeTotal: 8000,
      receivedByName: 'Nguyễn Văn Hùng',
      lookupUrl: `https://dvc.example.vn/tra-cuu-ho-so?ma=${encodeURIComponent(receipt.dossierCode)}`,
    });
    // The components of case TH2 that are required (the optional verification letter is not).
    expect(receipt.components).toEqual([
      { name: 'Tờ khai đăng ký khai sinh', originals: 1, copies: 0, digitisation: 'NOT_DIGITISED' },
      { name: 'Giấy chứng sinh', originals: 1, copies: 0, digitisation: 'NOT_DIGITISED' },
    ]);
    expect(receipt.fees).toEqual([
      { name: 'Lệ phí đăng ký khai sinh đúng hạn', amount: 0 },
      { name: 'Phí xác minh', amount: 8000 },
    ]);
    expect(receipt.lookupPin).toMatch(/^\d{6}$/);
    expect(receipt.satisfactionUrl).toMatch(/^https:\/\/dvc\.example\.vn\/danh-gia\/[A-Za-z0-9_-]{43}$/);
    expect(receipt.appointmentAtText).toMatch(/^\d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}$/);

    // The appointment is the working calendar's: 3 working days (counter), cut-off 15:00.
    const preview = (
      await t.query(
        `query($input: ComputeDueTimeInput!) { computeDueTime(input: $input) { dueAt } }`,
        {
          input: {
            agencyId: w.agencyA.id,
            start: receipt.receivedAt,
            amount: 3,
            unit: 'WORKING_DAYS',
            cutoffHour: 15,
          },
        },
        { token: w.officerA.token },
      )
    ).computeDueTime;
    expect(receipt.appointmentAt).toBe(preview.dueAt);

    const d = (await t.query(DossierDocument, { id: receipt.dossierId }, { token: w.officerA.token }))
      .dossier!;
    expect(d).toMatchObject({
      status: 'RECEIVED',
      statusCode: 2,
      channel: 'COUNTER',
      caseCode: 'TH2',
      field: 'Hộ tịch',
      limitAmount: 3,
      limitUnit: 'WORKING_DAYS',
      componentsDigitised: false,
      feeTotal: 8000,
      receivedByName: 'Nguyễn Văn Hùng',
      procedureVersion: { versionNo: 1 },
    });
    expect(d.applicant).toEqual({
      name: 'Nguyễn Thị Mai',
      idNumber: '022190001234',
      phone: '0912345678',
      email: 'mai@example.vn',
    });
    expect(d.steps).toEqual([
      {
        seq: 1,
        action: 'RECEIVE_AT_COUNTER',
        fromStatus: null,
        toStatus: 'RECEIVED',
        handover: true,
        givenAt: d.receivedAt,
        receivedAt: d.receivedAt,
        dueAt: d.appointmentAt,
        finishedAt: null,
        verdict: null,
        form: 'RECEIPT',
      },
    ]);
    expect(d.availableActions.map((a: any) => a.action).sort()).toEqual([
      'APOLOGISE', // an apology may come as soon as lateness is foreseen
      'PROPOSE_RESULT', // a procedure settled at the desk: its officer proposes the result
      'REQUEST_SUPPLEMENT', // a supplement may be asked from status 1, once per dossier
      'REQUEST_WITHDRAWAL',
      'TRANSFER',
    ]);

    // Only hashes are stored: the PIN and the satisfaction token are nowhere in the database.
    const [row] = await t.sql(
      `select pin_hash, rating_token_hash, receipt_id from procedures_dossier where id = $1`,
      [receipt.dossierId],
    );
    expect(row.pin_hash).toMatch(/^hmac\$[0-9a-f]{64}$/);
    expect(row.pin_hash).not.toContain(receipt.lookupPin);
    expect(row.rating_token_hash).toMatch(/^[0-9a-f]{64}$/);
    const dump =
      JSON.stringify(await t.sql(`select data from procedures_receipt`)) +
      JSON.stringify(await t.sql(`select after from core_audit_entry`));
    expect(dump).not.toContain(receipt.satisfactionUrl.split('/').pop());
    expect(dump).not.toContain(`"${receipt.lookupPin}"`);
    // The database itself refuses a received dossier without its receipt.
    await expect(
      t.sql(`update procedures_dossier set receipt_id = null where id = $1`, [receipt.dossierId]),
    ).rejects.toThrow(/received_has_receipt/);
    const audit = await t.sql(`select action, unit_id from core_audit_entry where entity_id = $1`, [
      receipt.dossierId,
    ]);
    expect(audit).toEqual([{ action: 'procedures.dossier.receive-at-counter', unit_id: w.communeA.id }]);
  });

  it("numbers dossiers per agency and day, and the officer's own desk is the default", async () => {
    const a2 = (
      await t.query(
        RECEIVE,
        { input: { procedureCode: '2.000815', applicant: { name: 'Trần Văn Nam' } } },
        { token: w.officerA.token },
      )
    ).receiveDossierAtCounter;
    expect(a2.dossierCode).toBe(`000.01.01.H46-${localToday()}-0002`);
    expect(a2.deskName).toBe('Quầy số 01');
    expect(a2.feeTotal).toBe(2000);
    const b1 = (
      await t.query(
        RECEIVE,
        { input: { procedureCode: '2.000815', channel: 'POST', applicant: { name: 'Lê Thị Hoa' } } },
        { token: w.officerB.token },
      )
    ).receiveDossierAtCounter;
    expect(b1.dossierCode).toBe(`000.02.01.H46-${localToday()}-0001`);
    expect(b1.channel).toBe('POST');
  });

  it('keeps officers to their own commune', async () => {
    const other = await t.request(
      RECEIVE,
      { input: { procedureId: procedure.id, deskId: w.deskB.id, applicant } },
      { token: w.officerA.token },
    );
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const mine = (await t.query(DossiersDocument, { first: 50 }, { token: w.officerA.token })).dossiers;
    expect(mine.totalCount).toBe(2);
    const theirs = (await t.query(DossiersDocument, { first: 50 }, { token: w.officerB.token })).dossiers
      .nodes;
    expect(theirs.map((n: any) => n.code)).toEqual([`000.02.01.H46-${localToday()}-0001`]);
    const [first] = (await t.query(DossiersDocument, { first: 50 }, { token: w.officerA.token })).dossiers
      .nodes;
    const peek = await t.request(DossierDocument, { id: first.id }, { token: w.officerB.token });
    expect(peek.errors).toBeUndefined();
    expect(peek.data?.dossier).toBeNull();
    const receipt = await t.request(
      `query($id: ID!) { dossierReceipt(dossierId: $id) { dossierCode } }`,
      { id: first.id },
      { token: w.officerB.token },
    );
    expect(receipt.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const leader = (await t.query(DossiersDocument, { first: 50 }, { token: w.leaderP.token })).dossiers;
    expect(leader.totalCount).toBe(3);
  });

  it('validates what the desk types in', async () => {
    const bad = [
      { applicant: { name: ' ' } },
      { applicant: { ...applicant, idNumber: '12345' } },
      { applicant: { ...applicant, phone: '12345' } },
      { applicant: { ...applicant, email: 'mai@' } },
      { applicant, caseCode: 'TH9' },
      { applicant, components: [{ code: 'XX' }] },
      { applicant, components: [{ name: 'Giấy tờ khác', originals: 0, copies: 0 }] },
      { applicant, channel: 'ONLINE' },
    ];
    for (const input of bad) {
      const result = await t.request(
        RECEIVE,
        { input: { procedureId: procedure.id, deskId: w.deskA.id, ...input } },
        { token: w.officerA.token },
      );
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('citizens file online without signing in; the desk receives or refuses', async () => {
    const scan = (text: string) => uploadScan(t.baseUrl, text);
    // Without scans an online dossier is refused: a component is digitised only with its file.
    const unscanned = await t.request(SubmitDossierOnlineDocument, {
      input: {
        procedureCode: '1.001193',
        agencyId: w.agencyA.id,
        applicant,
        components: [{ code: 'TK', digitisation: 'DIGITISED', fileRef: 's3://tk.pdf' }, { code: 'GCS' }],
      },
    });
    expect(unscanned.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const online = {
      procedureCode: '1.001193',
      agencyId: w.agencyA.id,
      applicant,
      components: [
        { code: 'TK', fileId: await scan('to khai') },
        { code: 'GCS', fileId: await scan('giay chung sinh') },
      ],
    };
    const submitted = (await t.query(SubmitDossierOnlineDocument, { input: online })).submitDossierOnline;
    expect(submitted.code).toBe(`000.01.01.H46-${localToday()}-0003`);
    expect(submitted.status).toBe('NEW');
    expect(submitted.lookupPin).toMatch(/^\d{6}$/);
    const listed = (
      await t.query(DossiersDocument, { filter: { statuses: ['NEW'] } }, { token: w.officerA.token })
    ).dossiers.nodes;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      code: submitted.code,
      channel: 'ONLINE',
      receivedAt: null,
      componentsDigitised: true,
      steps: [{ action: 'SUBMIT_ONLINE', handover: true, toStatus: 'NEW' }],
    });

    const stale = await t.request(
      `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossierCode } }`,
      { input: { dossierId: listed[0].id, version: listed[0].version - 1 } },
      { token: w.officerA.token },
    );
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    // A desk, an agency or a procedure named by the client: a malformed id is BAD_USER_INPUT on its
    // field, an unknown one NOT_FOUND, at reception as at the counter; nothing is received.
    const RECEIVE_ONLINE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossierCode } }`;
    const current = { dossierId: listed[0].id, version: listed[0].version };
    for (const [id, code] of ID_CASES) {
      const online = await t.request(
        RECEIVE_ONLINE,
        { input: { ...current, deskId: id } },
        { token: w.officerA.token },
      );
      expectIdRefused(online, 'deskId', code);
      for (const field of ['deskId', 'agencyId', 'procedureId'] as const) {
        const counter = await t.request(
          RECEIVE,
          { input: { procedureId: procedure.id, caseCode: 'TH2', [field]: id, applicant } },
          { token: w.officerA.token },
        );
        expectIdRefused(counter, field, code);
      }
    }
    const receipt = (
      await t.query(
        `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { ${RECEIPT} } }`,
        { input: { dossierId: listed[0].id, version: listed[0].version } },
        { token: w.officerA.token },
      )
    ).receiveDossier;
    expect(receipt).toMatchObject({
      dossierCode: submitted.code,
      channel: 'ONLINE',
      lookupPin: null,
      deskName: 'Quầy số 01',
      caseName: 'Đăng ký đúng hạn',
    });
    expect(receipt.satisfactionUrl).toMatch(/danh-gia\//);
    expect(receipt.resultDelivery).toBe('ONLINE');
    const d = (await t.query(DossierDocument, { id: listed[0].id }, { token: w.officerA.token })).dossier!;
    expect(d.steps.map((s: any) => [s.action, s.fromStatus, s.toStatus, s.finishedAt !== null])).toEqual([
      ['SUBMIT_ONLINE', null, 'NEW', true],
      ['RECEIVE', 'NEW', 'RECEIVED', false],
    ]);
    const again = await t.request(
      `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossierCode } }`,
      { input: { dossierId: d.id, version: d.version } },
      { token: w.officerA.token },
    );
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'DOSSIER_INVALID_TRANSITION',
      action: 'RECEIVE',
      status: 'RECEIVED',
    });

    // A second online dossier is refused at intake (Mẫu 03).
    const second = (
      await t.query(SubmitDossierOnlineDocument, {
        input: { ...online, applicant: { ...applicant, name: 'Phạm Văn Tú' } },
      })
    ).submitDossierOnline;
    const row = (await t.query(DossierDocument, { code: second.code }, { token: w.officerA.token })).dossier!;
    const refused = (
      await t.query(
        `mutation($input: RefuseDossierInput!) { refuseDossier(input: $input) { status endReason endNote endedAt receivedAt steps { action form note } } }`,
        { input: { dossierId: row.id, version: row.version, reason: 'Giấy chứng sinh không hợp lệ' } },
        { token: w.officerA.token },
      )
    ).refuseDossier;
    expect(refused).toMatchObject({
      status: 'NOT_RECEIVED',
      endReason: 'REFUSED',
      endNote: 'Giấy chứng sinh không hợp lệ',
      receivedAt: null,
    });
    expect(refused.steps.map((s: any) => [s.action, s.form])).toEqual([
      ['SUBMIT_ONLINE', null],
      ['REFUSE', 'REFUSAL'],
    ]);
  });

  it('online filing has its own rules', async () => {
    const base = { procedureCode: '1.001193', agencyId: w.agencyA.id, applicant };
    const paper = await t.request(SubmitDossierOnlineDocument, {
      input: { ...base, components: [{ code: 'TK', digitisation: 'NOT_DIGITISED' }] },
    });
    expect(paper.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const noId = await t.request(SubmitDossierOnlineDocument, {
      input: { ...base, applicant: { name: 'Ẩn danh', email: 'a@b.vn' } },
    });
    expect(noId.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const offline = await t.request(SubmitDossierOnlineDocument, {
      input: { ...base, procedureCode: '2.000815' },
    });
    expect(offline.errors?.[0].extensions?.code).toBe('PROCEDURE_NOT_ONLINE');
    for (const [agencyId, code] of ID_CASES)
      expectIdRefused(
        await t.request(SubmitDossierOnlineDocument, { input: { ...base, agencyId } }),
        'agencyId',
        code,
      );
  });

  it('codes follow the agency pattern, which IT admins of the agency set', async () => {
    const SET = `mutation($input: SetDossierCodePatternInput!) { setDossierCodePattern(input: $input) { codePattern { pattern reset custom example } } }`;
    const forbidden = await t.request(
      SET,
      { input: { agencyId: w.agencyB.id, pattern: 'BC-{yyyy}-{NNNNNN}', reset: 'YEARLY' } },
      { token: w.itAdminA.token },
    );
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // A malformed agency id is the client's mistake (BAD_USER_INPUT on agencyId), an unknown one NOT_FOUND.
    for (const [agencyId, code] of ID_CASES) {
      const read = await t.request(
        `query($agencyId: ID!) { dossierCodePattern(agencyId: $agencyId) { pattern } }`,
        { agencyId },
        { token: w.itAdminA.token },
      );
      expectIdRefused(read, 'agencyId', code);
      const set = await t.request(
        SET,
        { input: { agencyId, pattern: 'BC-{yyyy}-{NNNNNN}', reset: 'YEARLY' } },
        { token: w.itAdminA.token },
      );
      expectIdRefused(set, 'agencyId', code);
    }
    for (const [pattern, reset] of [
      ['{agencyId}-{NNNN}', 'DAILY'],
      ['{agencyId}-{yyyy}-{NNNN}', 'MONTHLY'],
      ['X-{yyyy}-{NNNN}', 'YEARLY'],
      ['{agencyId}-{yyMMdd}', 'DAILY'],
      ['{agencyId}-{hh}-{NNNN}', 'DAILY'],
      ['{agencyId} {yyyy} {NNNN}', 'YEARLY'],
    ]) {
      const result = await t.request(
        SET,
        { input: { agencyId: w.agencyA.id, pattern, reset } },
        { token: w.itAdminA.token },
      );
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
    const set = (
      await t.query(
        SET,
        { input: { agencyId: w.agencyA.id, pattern: 'HL/{agencyId}/{yyyy}/{NNNNNN}', reset: 'YEARLY' } },
        { token: w.itAdminA.token },
      )
    ).setDossierCodePattern.codePattern;
    expect(set).toEqual({
      pattern: 'HL/{agencyId}/{yyyy}/{NNNNNN}',
      reset: 'YEARLY',
      custom: true,
      example: `HL/000.01.01.H46/${year}/000001`,
    });
    const next = (
      await t.query(
        RECEIVE,
        { input: { procedureCode: '2.000815', applicant: { name: 'Đỗ Văn Khoa' } } },
        { token: w.officerA.token },
      )
    ).receiveDossierAtCounter;
    expect(next.dossierCode).toBe(`HL/000.01.01.H46/${year}/000001`);
    const counters = await t.sql(
      `select period, value from procedures_code_counter where agency_id = $1 order by period`,
      [w.agencyA.id],
    );
    expect(counters.map((c) => c.value)).toEqual([4, 1]);
    expect(counters[1].period).toBe(`Y${year}`);
  });

  it('reprints a receipt without secrets, or reissues it with new ones', async () => {
    const [d] = (
      await t.query(DossiersDocument, { filter: { channel: 'POST' } }, { token: w.officerB.token })
    ).dossiers.nodes;
    const reprint = (
      await t.query(
        `query($id: ID!) { dossierReceipt(dossierId: $id) { dossierCode lookupPin satisfactionUrl kind } }`,
        { id: d.id },
        { token: w.officerB.token },
      )
    ).dossierReceipt;
    expect(reprint).toMatchObject({ kind: 'INTAKE', lookupPin: null, satisfactionUrl: null });
    const before = (
      await t.sql(`select pin_hash, rating_token_hash from procedures_dossier where id = $1`, [d.id])
    )[0];
    const reissued = (
      await t.query(
        `mutation($input: DossierVersionInput!) { reissueDossierReceipt(input: $input) { dossierCode lookupPin satisfactionUrl kind } }`,
        { input: { dossierId: d.id, version: d.version } },
        { token: w.officerB.token },
      )
    ).reissueDossierReceipt;
    expect(reissued.kind).toBe('REISSUE');
    expect(reissued.lookupPin).toMatch(/^\d{6}$/);
    const after = (
      await t.sql(`select pin_hash, rating_token_hash from procedures_dossier where id = $1`, [d.id])
    )[0];
    expect(after.pin_hash).not.toBe(before.pin_hash);
    expect(after.rating_token_hash).not.toBe(before.rating_token_hash);
  });
});
