import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import {
  createCommuneLeader,
  createDepartment,
  createOfficial,
  createProcedure,
  expectIdRefused,
  expectItemIdRefused,
  ID_CASES,
} from './helpers';
import {
  CreateAgencyDocument,
  DossierDocument,
  DossiersDocument,
  ReceiveDossierAtCounterDocument,
} from '../../../test/graphql/generated';

const FIELDS = `id version status statusCode holderAgencyId holderDepartmentId transferPending appointmentAt promisedAt approvedAt resolvedAt timeliness endReason endNote
  pauses { kind startedAt endedAt deadlineAt items } steps { seq action fromStatus toStatus handover form note verdict dueAt receivedAt finishedAt }`;

describe('dossier lifecycle: the transition table', () => {
  let t: TestApp;
  let w: StaffWorld;
  let dept: { id: string };
  let specialist: { token: string };
  let leaderA: { token: string };
  let provinceSpecialist: { token: string };
  let seq = 0;

  const receive = async () => {
    seq++;
    const r = (
      await t.query(
        ReceiveDossierAtCounterDocument,
        {
          input: {
            procedureCode: '1.000894',
            deskId: w.deskA.id,
            applicant: {
              name: `Người nộp ${seq}`,
              idNumber: '022190001234',
              email: `nguoinop${seq}@example.vn`,
            },
          },
        },
        { token: w.officerA.token },
      )
    ).receiveDossierAtCounter;
    return get(r.dossierId);
  };
  const get = async (id: string) =>
    (await t.query(`query($id: ID) { dossier(id: $id) { ${FIELDS} } }`, { id }, { token: w.adminToken }))
      .dossier;
  const act = (mutation: string, input: Record<string, unknown>, token: string) =>
    t.request(
      `mutation($input: ${inputType[mutation]}!) { ${mutation}(input: $input) { ${FIELDS} } }`,
      { input },
      { token },
    );
  const ok = async (mutation: string, input: Record<string, unknown>, token: string) => {
    const r = await act(mutation, input, token);
    if (r.errors) throw new Error(`${mutation}: ${JSON.stringify(r.errors)}`);
    return r.data![mutation];
  };
  const code = async (mutation: string, input: Record<string, unknown>, token: string) =>
    (await act(mutation, input, token)).errors?.[0].extensions?.code;
  const inputType: Record<string, string> = {
    transferDossier: 'TransferDossierInput',
    acceptDossierTransfer: 'DossierVersionInput',
    requestDossierSupplement: 'RequestSupplementInput',
    receiveDossierSupplement: 'DossierVersionInput',
    apologiseForDossierDelay: 'ApologiseInput',
    requestFinancialObligation: 'RequestFinancialObligationInput',
    confirmFinancialObligation: 'DossierVersionInput',
    requestDossierWithdrawal: 'ReasonInput',
    acceptDossierWithdrawal: 'DossierVersionInput',
    cancelDossierWithdrawal: 'DossierVersionInput',
    stopDossier: 'ReasonInput',
    submitDossierProposal: 'SubmitDossierProposalInput',
    returnDossierProposal: 'ReasonInput',
    approveDossier: 'DossierVersionInput',
    recordDossierResult: 'RecordResultInput',
    returnDossierResult: 'DossierVersionInput',
  };

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
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
    leaderA = await createCommuneLeader(t, w);
    provinceSpecialist = await createOfficial(t, w.adminToken, {
      fullName: 'Hoàng Minh Tuấn',
      position: 'SPECIALIST',
      agencyId: w.provinceAgency.id,
      role: 'specialist',
      scope: { agencyId: w.provinceAgency.id },
    });
    await createProcedure(t, w.adminToken, {
      code: '1.000894',
      name: 'Đăng ký kết hôn',
      cutoffHour: null,
      cases: [{ code: 'TH1', name: 'Cần xác minh', limits: [{ amount: 5, unit: 'WORKING_DAYS' }] }],
      fees: [],
      components: [{ code: 'TK', name: 'Tờ khai đăng ký kết hôn', originals: 1 }],
    });
  });
  afterAll(() => t.close());

  it('publishes the table itself', async () => {
    const table = (
      await t.query(
        `{ dossierTransitionTable { action from to permissions scope handover form } }`,
        {},
        { token: w.officerA.token },
      )
    ).dossierTransitionTable;
    const byAction = Object.fromEntries(table.map((r: any) => [r.action, r]));
    expect(byAction.RECEIVE).toMatchObject({
      from: ['NEW'],
      to: 'RECEIVED',
      permissions: ['procedures.dossiers.receive'],
      scope: 'OWNER',
      form: 'RECEIPT',
    });
    expect(byAction.REQUEST_SUPPLEMENT).toMatchObject({
      from: ['NEW', 'RECEIVED', 'PROCESSING'],
      to: 'SUPPLEMENT_REQUESTED',
      permissions: ['procedures.dossiers.process', 'procedures.dossiers.receive'],
      scope: 'HOLDER',
      form: 'SUPPLEMENT_REQUEST',
    });
    expect(byAction.RECEIVE_SUPPLEMENT.to).toBe('RESTORE');
    expect(byAction.APPROVE).toMatchObject({ permissions: ['procedures.dossiers.approve'], to: 'SAME' });
    expect(byAction.EXPIRE_SUPPLEMENT).toMatchObject({ scope: 'SYSTEM', to: 'STOPPED' });
    expect(byAction.PROPOSE_RESULT).toMatchObject({
      from: ['RECEIVED', 'PROCESSING'],
      permissions: ['procedures.dossiers.process', 'procedures.dossiers.receive'],
      scope: 'HOLDER',
      to: 'SAME',
    });
    expect(byAction.RETURN_PROPOSAL).toMatchObject({
      permissions: ['procedures.dossiers.approve'],
      to: 'SAME',
    });
    expect(table).toHaveLength(21);
  });

  it('refuses transitions the current status does not allow', async () => {
    const d = await receive();
    const v = { dossierId: d.id, version: d.version };
    const expectInvalid = async (mutation: string, input: Record<string, unknown>, token: string) => {
      const r = await act(mutation, input, token);
      expect([mutation, r.errors?.[0].extensions?.code]).toEqual([mutation, 'DOSSIER_INVALID_TRANSITION']);
    };
    await expectInvalid('acceptDossierTransfer', v, specialist.token);
    await expectInvalid('receiveDossierSupplement', v, w.officerA.token);
    await expectInvalid('confirmFinancialObligation', v, specialist.token);
    await expectInvalid('requestFinancialObligation', { ...v, items: ['Lệ phí'] }, specialist.token);
    await expectInvalid('acceptDossierWithdrawal', v, w.officerA.token);
    await expectInvalid('cancelDossierWithdrawal', v, w.officerA.token);
    await expectInvalid('returnDossierResult', v, w.officerA.token);
    // An apology may come before the appointment (lateness foreseen), but must promise a later date.
    const early = await act(
      'apologiseForDossierDelay',
      { ...v, reason: 'Chậm', newAppointmentAt: new Date(Date.now() + 60_000).toISOString() },
      w.officerA.token,
    );
    expect(early.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    await expectInvalid(
      'recordDossierResult',
      { ...v, resultNumber: '12/2026', signer: 'Đặng Văn Quang' },
      w.officerA.token,
    ); // not approved
    // Nothing changed.
    expect((await get(d.id)).version).toBe(d.version);
  });

  it('checks permission per transition and hides the dossier from other communes', async () => {
    const d = await receive();
    const v = { dossierId: d.id, version: d.version };
    expect(await code('approveDossier', v, w.officerA.token)).toBe('FORBIDDEN'); // the desk does not approve
    expect(await code('returnDossierResult', v, specialist.token)).toBe('FORBIDDEN'); // specialists do not return results
    expect(await code('stopDossier', { ...v, reason: 'x' }, specialist.token)).toBe('FORBIDDEN');
    // Officer B of the other commune: NOT_FOUND whatever they try (their permissions would allow it at home).
    expect(await code('transferDossier', { ...v, toDepartmentId: dept.id }, w.officerB.token)).toBe(
      'NOT_FOUND',
    );
    expect(await code('requestDossierWithdrawal', { ...v, reason: 'x' }, w.officerB.token)).toBe('NOT_FOUND');
    const peek = await t.request(
      `query($id: ID!) { dossierControlSlip(dossierId: $id) { dossierCode } }`,
      { id: d.id },
      { token: w.officerB.token },
    );
    expect(peek.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await get(d.id)).version).toBe(d.version);
  });

  it('a malformed dossier id is BAD_USER_INPUT on its field, an unknown one NOT_FOUND (null for dossier)', async () => {
    // Every transition takes input.dossierId, the intake ones too: one loader checks its shape.
    const transitions: Record<string, Record<string, unknown>> = {
      ...Object.fromEntries(Object.keys(inputType).map((m) => [m, {}])),
      transferDossier: { toDepartmentId: dept.id },
      requestDossierSupplement: { items: ['Bản sao giấy khai sinh'] },
      apologiseForDossierDelay: {
        reason: 'Cần xác minh thêm',
        newAppointmentAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
      requestFinancialObligation: { items: ['Lệ phí'] },
      requestDossierWithdrawal: { reason: 'Người nộp xin rút' },
      stopDossier: { reason: 'Quá hạn' },
      returnDossierProposal: { reason: 'Chưa đủ căn cứ' },
      recordDossierResult: { resultNumber: '12/2026', signer: 'Đặng Văn Quang' },
      receiveDossier: {},
      refuseDossier: { reason: 'Sai thủ tục' },
      reissueDossierReceipt: {},
    };
    const intakeInput: Record<string, string> = {
      receiveDossier: 'ReceiveDossierInput',
      refuseDossier: 'RefuseDossierInput',
      reissueDossierReceipt: 'DossierVersionInput',
    };
    for (const [dossierId, expected] of ID_CASES) {
      for (const [mutation, extra] of Object.entries(transitions)) {
        const answer = await t.request(
          `mutation($input: ${inputType[mutation] ?? intakeInput[mutation]}!) { ${mutation}(input: $input) { __typename } }`,
          { input: { dossierId, version: 1, ...extra } },
          { token: w.adminToken },
        );
        expect([mutation, answer.errors?.[0].extensions?.code]).toEqual([mutation, expected]);
        expectIdRefused(answer, 'dossierId', expected);
      }
      // The single-item queries: the error or null, never NOT_FOUND; the control slip and receipt: NOT_FOUND.
      expectItemIdRefused(
        await t.request(
          `query($id: ID) { dossier(id: $id) { id } }`,
          { id: dossierId },
          { token: w.adminToken },
        ),
        'dossier',
        'id',
        expected,
      );
      expectItemIdRefused(
        await t.request(
          `query($input: DossierFormPdfInput!) { dossierFormPdf(input: $input) { fileName } }`,
          { input: { dossierId, form: 'CONTROL_SLIP' } },
          { token: w.adminToken },
        ),
        'dossierFormPdf',
        'dossierId',
        expected,
      );
      for (const query of ['dossierControlSlip', 'dossierReceipt'])
        expectIdRefused(
          await t.request(
            `query($id: ID!) { ${query}(dossierId: $id) { dossierCode } }`,
            { id: dossierId },
            { token: w.adminToken },
          ),
          'dossierId',
          expected,
        );
    }
  });

  it('finds a dossier by its code, with its procedure, only within scope', async () => {
    const d = await receive();
    const { code: dossierCode } = (
      await t.query(`query($id: ID) { dossier(id: $id) { code } }`, { id: d.id }, { token: w.adminToken })
    ).dossier;
    const byCode = (value: string, token: string) =>
      t.request(
        `query($code: String) { dossier(code: $code) { id code status procedure { code name } } }`,
        {
          code: value,
        },
        { token },
      );
    const found = await byCode(` ${dossierCode} `, w.officerA.token);
    expect(found.errors).toBeUndefined();
    expect(found.data!.dossier).toEqual({
      id: d.id,
      code: dossierCode,
      status: 'RECEIVED',
      procedure: { code: '1.000894', name: expect.any(String) },
    });
    // The other commune's officer, and a code that does not exist: null, never a hint that it exists.
    expect((await byCode(dossierCode, w.officerB.token)).data!.dossier).toBeNull();
    expect((await byCode(`${dossierCode}9`, w.officerA.token)).data!.dossier).toBeNull();
  });

  it('every note and reason of a transition is bounded: over 2,000 characters is refused and changes nothing', async () => {
    const d = await receive();
    const v = { dossierId: d.id, version: d.version };
    const long = 'x'.repeat(2001);
    // Transfer, withdrawal, stop and proposal notes: transfer's and the proposal's went unchecked before.
    const vectors: Array<[string, Record<string, unknown>, string, string]> = [
      ['transferDossier', { ...v, toDepartmentId: dept.id, note: long }, w.officerA.token, 'note'],
      ['requestDossierWithdrawal', { ...v, reason: long }, w.officerA.token, 'reason'],
      ['stopDossier', { ...v, reason: long }, leaderA.token, 'reason'],
      ['submitDossierProposal', { ...v, note: long }, w.officerA.token, 'note'],
    ];
    for (const [mutation, input, token, field] of vectors) {
      const r = await act(mutation, input, token);
      expect([mutation, r.errors?.[0].extensions]).toEqual([
        mutation,
        expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
      ]);
    }
    expect((await get(d.id)).version).toBe(d.version);
    // 2,000 characters is within the limit.
    const moved = await ok(
      'transferDossier',
      { ...v, toDepartmentId: dept.id, note: 'y'.repeat(2000) },
      w.officerA.token,
    );
    expect(moved.version).toBeGreaterThan(d.version);
  });

  it('detects concurrent edits with the version read (optimistic locking)', async () => {
    const d = await receive();
    const first = await ok(
      'transferDossier',
      { dossierId: d.id, version: d.version, toDepartmentId: dept.id, budgetAmount: 2 },
      w.officerA.token,
    );
    expect(first.version).toBeGreaterThan(d.version);
    expect(
      await code(
        'transferDossier',
        { dossierId: d.id, version: d.version, toDepartmentId: dept.id },
        w.officerA.token,
      ),
    ).toBe('CONFLICT');
    // Two requests racing with the same version: exactly one wins.
    const race = await Promise.all([
      act('acceptDossierTransfer', { dossierId: d.id, version: first.version }, specialist.token),
      act('acceptDossierTransfer', { dossierId: d.id, version: first.version }, specialist.token),
    ]);
    const codes = race.map((r) => r.errors?.[0].extensions?.code ?? 'OK').sort();
    expect(codes[1]).toBe('OK');
    expect(['CONFLICT', 'DOSSIER_INVALID_TRANSITION']).toContain(codes[0]);
  });

  it('routes to a department: accept first, then supplement (once), clock stop and resume', async () => {
    let d = await receive();
    d = await ok(
      'transferDossier',
      {
        dossierId: d.id,
        version: d.version,
        toDepartmentId: dept.id,
        budgetAmount: 3,
        budgetUnit: 'WORKING_DAYS',
        note: 'Chuyển thẩm định',
      },
      w.officerA.token,
    );
    expect(d).toMatchObject({
      status: 'PROCESSING',
      holderAgencyId: w.agencyA.id,
      holderDepartmentId: dept.id,
      transferPending: true,
    });
    expect(
      await code(
        'requestDossierSupplement',
        { dossierId: d.id, version: d.version, items: ['Bản sao giấy xác nhận tình trạng hôn nhân'] },
        specialist.token,
      ),
    ).toBe('DOSSIER_INVALID_TRANSITION');
    // The budget may not run past the dossier's appointment.
    const d2 = await receive();
    expect(
      await code(
        'transferDossier',
        { dossierId: d2.id, version: d2.version, toDepartmentId: dept.id, budgetAmount: 6 },
        w.officerA.token,
      ),
    ).toBe('BAD_USER_INPUT');
    d = await ok('acceptDossierTransfer', { dossierId: d.id, version: d.version }, specialist.token);
    expect(d.transferPending).toBe(false);
    const transfer = d.steps.find((s: any) => s.action === 'TRANSFER');
    expect(transfer.receivedAt).not.toBeNull();
    const before = d.appointmentAt;
    d = await ok(
      'requestDossierSupplement',
      {
        dossierId: d.id,
        version: d.version,
        items: ['Giấy xác nhận tình trạng hôn nhân'],
        note: 'Bản sao không rõ',
        deadlineAmount: 10,
      },
      specialist.token,
    );
    expect(d.status).toBe('SUPPLEMENT_REQUESTED');
    expect(d.pauses).toHaveLength(1);
    expect(d.pauses[0]).toMatchObject({
      kind: 'SUPPLEMENT',
      endedAt: null,
      items: ['Giấy xác nhận tình trạng hôn nhân'],
    });
    expect(d.steps[d.steps.length - 1]).toMatchObject({
      action: 'REQUEST_SUPPLEMENT',
      form: 'SUPPLEMENT_REQUEST',
      fromStatus: 'PROCESSING',
      toStatus: 'SUPPLEMENT_REQUESTED',
    });
    const jobs = await t.sql(
      `select key, run_at from graphile_worker.jobs where task_identifier = 'procedures.supplement-expiry'`,
    );
    expect(jobs).toHaveLength(1);
    expect(new Date(jobs[0].run_at).toISOString()).toBe(d.pauses[0].deadlineAt);
    // The desk takes the supplement: back to PROCESSING, the appointment does not move earlier.
    d = await ok('receiveDossierSupplement', { dossierId: d.id, version: d.version }, w.officerA.token);
    expect(d.status).toBe('PROCESSING');
    expect(d.pauses[0].endedAt).not.toBeNull();
    expect(new Date(d.appointmentAt).getTime()).toBeGreaterThanOrEqual(new Date(before).getTime());
    expect(
      await t.sql(
        `select 1 from graphile_worker.jobs where task_identifier = 'procedures.supplement-expiry'`,
      ),
    ).toHaveLength(0);
    expect(
      await code(
        'requestDossierSupplement',
        { dossierId: d.id, version: d.version, items: ['Thêm nữa'] },
        specialist.token,
      ),
    ).toBe('DOSSIER_INVALID_TRANSITION');
    // Approval, then the result; then the desk returns it.
    expect(
      await code(
        'recordDossierResult',
        {
          dossierId: d.id,
          version: d.version,
          resultNumber: '15/2026',
          signer: 'Đặng Văn Quang',
        },
        specialist.token,
      ),
    ).toBe('DOSSIER_INVALID_TRANSITION');
    // The leader approves only a proposal: the specialist proposes first.
    expect(await code('approveDossier', { dossierId: d.id, version: d.version }, leaderA.token)).toBe(
      'DOSSIER_INVALID_TRANSITION',
    );
    d = await ok('submitDossierProposal', { dossierId: d.id, version: d.version }, specialist.token);
    d = await ok('approveDossier', { dossierId: d.id, version: d.version }, leaderA.token);
    expect(d.approvedAt).not.toBeNull();
    d = await ok(
      'recordDossierResult',
      {
        dossierId: d.id,
        version: d.version,
        resultNumber: '15/2026',
        signer: 'Đặng Văn Quang',
      },
      specialist.token,
    );
    expect(d).toMatchObject({
      status: 'RESOLVED',
      holderAgencyId: w.agencyA.id,
      holderDepartmentId: null,
      timeliness: 'EARLY',
    });
    d = await ok('returnDossierResult', { dossierId: d.id, version: d.version }, w.officerA.token);
    expect(d.status).toBe('RETURNED');
    expect(d.steps.map((s: any) => s.action)).toEqual([
      'RECEIVE_AT_COUNTER',
      'TRANSFER',
      'REQUEST_SUPPLEMENT',
      'RECEIVE_SUPPLEMENT',
      'PROPOSE_RESULT',
      'APPROVE',
      'RECORD_RESULT',
      'RETURN_RESULT',
    ]);
    // Every hold is closed, the finished ones with a verdict.
    const holds = d.steps.filter((s: any) => s.handover);
    expect(holds.every((s: any) => s.finishedAt !== null)).toBe(true);
    expect(holds.map((s: any) => s.verdict)).toEqual(['EARLY', 'EARLY', null, null]);
    const audit = await t.sql(`select action from core_audit_entry where entity_id = $1 order by at`, [d.id]);
    expect(audit.map((a) => a.action)).toEqual([
      'procedures.dossier.receive-at-counter',
      'procedures.dossier.transfer',
      'procedures.dossier.accept-transfer',
      'procedures.dossier.request-supplement',
      'procedures.dossier.receive-supplement',
      'procedures.dossier.propose-result',
      'procedures.dossier.approve',
      'procedures.dossier.record-result',
      'procedures.dossier.return-result',
    ]);
  });

  it('transfers to another agency (liên thông), whose officials may then see and act', async () => {
    let d = await receive();
    d = await ok(
      'transferDossier',
      { dossierId: d.id, version: d.version, toAgencyId: w.provinceAgency.id, budgetAmount: 2 },
      w.officerA.token,
    );
    expect(d.holderAgencyId).toBe(w.provinceAgency.id);
    d = await ok('acceptDossierTransfer', { dossierId: d.id, version: d.version }, provinceSpecialist.token);
    // The commune specialist may still read it but no longer act as holder.
    expect(
      await code(
        'requestFinancialObligation',
        { dossierId: d.id, version: d.version, items: ['Thuế'] },
        specialist.token,
      ),
    ).toBe('FORBIDDEN');
    d = await ok(
      'requestFinancialObligation',
      { dossierId: d.id, version: d.version, items: ['Lệ phí trước bạ'] },
      provinceSpecialist.token,
    );
    expect(d.status).toBe('AWAITING_FINANCIAL_OBLIGATION');
    d = await ok('confirmFinancialObligation', { dossierId: d.id, version: d.version }, w.officerA.token);
    expect(d.status).toBe('PROCESSING');
    d = await ok(
      'transferDossier',
      { dossierId: d.id, version: d.version, toAgencyId: w.agencyA.id },
      provinceSpecialist.token,
    );
    expect(d.holderAgencyId).toBe(w.agencyA.id);
    expect((await t.query(DossiersDocument, {}, { token: w.officerB.token })).dossiers.totalCount).toBe(0);
  });

  it("a role over a provincial agency reaches the dossiers that agency has held, not the communes' nor another agency's of the province", async () => {
    const department = (
      await t.query(
        CreateAgencyDocument,
        {
          input: {
            name: 'Sở Xây dựng tỉnh Quảng Ninh',
            electronicId: '000.00.05.H46',
            unitId: w.province.id,
            kind: 'PROVINCIAL_DEPARTMENT',
          },
        },
        { token: w.adminToken },
      )
    ).createAgency;
    const otherSpecialist = await createOfficial(t, w.adminToken, {
      fullName: 'Lý Văn Toàn',
      position: 'SPECIALIST',
      agencyId: department.id,
      role: 'specialist',
      scope: { agencyId: department.id },
    });
    const visible = async (id: string, token: string) => {
      const r = await t.request(DossierDocument, { id }, { token });
      // A dossier outside the scope is null, as one that does not exist.
      return r.errors ? r.errors[0].extensions?.code : r.data?.dossier ? 'VISIBLE' : 'NOT_FOUND';
    };
    const register = async (token: string) =>
      (await t.query(DossiersDocument, { first: 100 }, { token })).dossiers.nodes.map((n: any) => n.id);

    let d = await receive();
    // The province is the commune's parent, but a role over one of its agencies is not a role over the province.
    expect(await visible(d.id, provinceSpecialist.token)).toBe('NOT_FOUND');
    expect(await register(provinceSpecialist.token)).not.toContain(d.id);
    expect(
      await code('acceptDossierTransfer', { dossierId: d.id, version: d.version }, provinceSpecialist.token),
    ).toBe('NOT_FOUND');

    d = await ok(
      'transferDossier',
      { dossierId: d.id, version: d.version, toAgencyId: w.provinceAgency.id, budgetAmount: 2 },
      w.officerA.token,
    );
    expect(await visible(d.id, provinceSpecialist.token)).toBe('VISIBLE');
    expect(await register(provinceSpecialist.token)).toContain(d.id);
    // Another agency of the same province: same unit, not theirs.
    expect(await visible(d.id, otherSpecialist.token)).toBe('NOT_FOUND');
    expect(await register(otherSpecialist.token)).not.toContain(d.id);
    expect(
      await code('acceptDossierTransfer', { dossierId: d.id, version: d.version }, otherSpecialist.token),
    ).toBe('NOT_FOUND');

    d = await ok('acceptDossierTransfer', { dossierId: d.id, version: d.version }, provinceSpecialist.token);
    d = await ok(
      'transferDossier',
      { dossierId: d.id, version: d.version, toAgencyId: w.agencyA.id },
      provinceSpecialist.token,
    );
    // Having held it, the provincial agency keeps reading it (and no longer acts on it).
    expect(await visible(d.id, provinceSpecialist.token)).toBe('VISIBLE');
    expect(
      await code(
        'requestFinancialObligation',
        { dossierId: d.id, version: d.version, items: ['Thuế'] },
        provinceSpecialist.token,
      ),
    ).toBe('FORBIDDEN');
    // A provincial leader (a role over the province unit) reads every dossier of the province.
    expect(await visible(d.id, w.leaderP.token)).toBe('VISIBLE');
  });

  it('withdraws, restores, stops, and apologises when late', async () => {
    let d = await receive();
    d = await ok(
      'requestDossierWithdrawal',
      { dossierId: d.id, version: d.version, reason: 'Không có nhu cầu nữa' },
      w.officerA.token,
    );
    expect(d.status).toBe('WITHDRAWAL_REQUESTED');
    d = await ok('cancelDossierWithdrawal', { dossierId: d.id, version: d.version }, w.officerA.token);
    expect(d.status).toBe('RECEIVED');
    d = await ok(
      'requestDossierWithdrawal',
      { dossierId: d.id, version: d.version, reason: 'Không có nhu cầu nữa' },
      w.officerA.token,
    );
    d = await ok('acceptDossierWithdrawal', { dossierId: d.id, version: d.version }, w.officerA.token);
    expect(d).toMatchObject({ status: 'STOPPED', endReason: 'WITHDRAWN' });

    let s = await receive();
    s = await ok(
      'stopDossier',
      { dossierId: s.id, version: s.version, reason: 'Hồ sơ giả mạo giấy tờ' },
      leaderA.token,
    );
    expect(s).toMatchObject({ status: 'STOPPED', endReason: 'STOPPED', endNote: 'Hồ sơ giả mạo giấy tờ' });
    // A stop issues the notice of stopping (Mẫu 05 of Thông tư 03/2025/TT-VPCP, in force today).
    expect(s.steps[s.steps.length - 1]).toMatchObject({ action: 'STOP', form: 'STOP_NOTICE' });

    let l = await receive();
    // Arrange a late dossier: its appointment was yesterday.
    await t.sql(`update procedures_dossier set appointment_at = now() - interval '1 day' where id = $1`, [
      l.id,
    ]);
    const newAppointmentAt = new Date(Date.now() + 3 * 864e5).toISOString();
    expect(
      await code(
        'apologiseForDossierDelay',
        {
          dossierId: l.id,
          version: l.version,
          reason: 'Chờ xác minh',
          newAppointmentAt: new Date(Date.now() - 1000).toISOString(),
        },
        w.officerA.token,
      ),
    ).toBe('BAD_USER_INPUT');
    l = await ok(
      'apologiseForDossierDelay',
      {
        dossierId: l.id,
        version: l.version,
        reason: 'Chờ kết quả xác minh từ địa phương khác',
        newAppointmentAt,
      },
      w.officerA.token,
    );
    // The promise is recorded beside the legal appointment, which stays (verdicts use it).
    expect(l.promisedAt).toBe(newAppointmentAt);
    expect(new Date(l.appointmentAt).getTime()).toBeLessThan(Date.now());
    expect(l.steps[l.steps.length - 1]).toMatchObject({ action: 'APOLOGISE', form: 'APOLOGY' });
    // The appointment is set again at most once (Decree 61/2018/NĐ-CP art. 19(9)): no second apology.
    const offered = (
      await t.query(DossierDocument, { id: l.id }, { token: w.officerA.token })
    ).dossier!.availableActions.map((a: { action: string }) => a.action);
    expect(offered).not.toContain('APOLOGISE');
    expect(
      await code(
        'apologiseForDossierDelay',
        {
          dossierId: l.id,
          version: l.version,
          reason: 'Lại chờ xác minh',
          newAppointmentAt: new Date(Date.now() + 6 * 864e5).toISOString(),
        },
        w.officerA.token,
      ),
    ).toBe('DOSSIER_INVALID_TRANSITION');
  });

  it('ends a dossier whose supplement does not arrive in time (scheduled job)', async () => {
    let d = await receive();
    d = await ok(
      'requestDossierSupplement',
      { dossierId: d.id, version: d.version, items: ['Giấy tờ tùy thân'] },
      specialist.token,
    );
    // Not yet due: the sweep changes nothing.
    await t.app.services.jobs.enqueue(t.app.orm.em.fork(), 'procedures.supplement-sweep', {});
    await t.runJobs();
    expect((await get(d.id)).status).toBe('SUPPLEMENT_REQUESTED');
    // The deadline passes.
    await t.sql(
      `update procedures_dossier_pause set deadline_at = now() - interval '1 minute' where dossier_id = $1`,
      [d.id],
    );
    await t.app.services.jobs.enqueue(t.app.orm.em.fork(), 'procedures.supplement-sweep', {});
    await t.runJobs();
    d = await get(d.id);
    expect(d).toMatchObject({ status: 'STOPPED', endReason: 'SUPPLEMENT_EXPIRED' });
    expect(d.steps[d.steps.length - 1]).toMatchObject({
      action: 'EXPIRE_SUPPLEMENT',
      fromStatus: 'SUPPLEMENT_REQUESTED',
      toStatus: 'STOPPED',
    });
    expect(d.pauses[0].endedAt).not.toBeNull();
    const audit = await t.sql(
      `select action, actor_name from core_audit_entry where entity_id = $1 order by at desc limit 1`,
      [d.id],
    );
    expect(audit).toEqual([{ action: 'procedures.dossier.expire-supplement', actor_name: 'system' }]);
    expect(
      await t.sql(
        `select 1 from graphile_worker.jobs where task_identifier = 'procedures.supplement-expiry'`,
      ),
    ).toHaveLength(0);
  });
});
