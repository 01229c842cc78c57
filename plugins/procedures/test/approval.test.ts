import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createDepartment, createOfficial, createProcedure } from './helpers';
import {
  DossierDocument,
  DossiersDocument,
  type Position,
  ReceiveDossierAtCounterDocument,
} from '../../../test/graphql/generated';

/**
 * The proposal step (the specialist proposes a result, the leader approves or returns it), the
 * leader's approval queue (`dossiers(filter: { awaitingApproval: true })`: proposals waiting where the
 * caller may approve) and the one approval, all through GraphQL.
 */
const FIELDS = `id version status proposedAt proposedByName proposalRefusal proposalNote approvedAt approvedByName
  resultRefusal availableActions { action } steps { action note }`;

describe('proposal, approval queue, one approval', () => {
  let t: TestApp;
  let w: StaffWorld;
  let dept: { id: string };
  const tok = {} as Record<
    'specialist' | 'leaderA' | 'leaderB' | 'leaderDept' | 'provinceSpecialist' | 'auditor',
    string
  >;
  let seq = 0;

  const get = async (id: string) =>
    (await t.query(`query($id: ID) { dossier(id: $id) { ${FIELDS} } }`, { id }, { token: w.adminToken }))
      .dossier;
  const act = (mutation: string, type: string, input: Record<string, unknown>, token: string) =>
    t.request(
      `mutation($input: ${type}!) { ${mutation}(input: $input) { id version } }`,
      { input },
      { token },
    );
  const ok = async (mutation: string, type: string, input: Record<string, unknown>, token: string) => {
    const r = await act(mutation, type, input, token);
    if (r.errors) throw new Error(`${mutation}: ${JSON.stringify(r.errors)}`);
    return get(input.dossierId as string);
  };
  const code = async (mutation: string, type: string, input: Record<string, unknown>, token: string) =>
    (await act(mutation, type, input, token)).errors?.[0]?.extensions?.code ?? null;
  const v = async (id: string) => ({ dossierId: id, version: (await get(id)).version });
  const queue = async (token: string, awaitingApproval = true) =>
    (
      await t.query(DossiersDocument, { filter: { awaitingApproval }, first: 100 }, { token })
    ).dossiers.nodes.map((n) => n.id);

  const processing = async () => {
    seq++;
    const id = (
      await t.query(
        ReceiveDossierAtCounterDocument,
        { input: { procedureCode: '1.000894', deskId: w.deskA.id, applicant: { name: `Người nộp ${seq}` } } },
        { token: w.officerA.token },
      )
    ).receiveDossierAtCounter.dossierId;
    await ok(
      'transferDossier',
      'TransferDossierInput',
      { ...(await v(id)), toDepartmentId: dept.id },
      w.officerA.token,
    );
    await ok('acceptDossierTransfer', 'DossierVersionInput', await v(id), tok.specialist);
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
    w = await arrangeStaffWorld(t);
    dept = await createDepartment(t, w.adminToken, w.agencyA.id, 'Phòng Văn hóa - Xã hội');
    const official = async (
      fullName: string,
      position: Position,
      agencyId: string,
      role: string,
      scope: Record<string, string>,
    ) => (await createOfficial(t, w.adminToken, { fullName, position, agencyId, role, scope })).token;
    tok.specialist = await official('Vũ Thị Hằng', 'SPECIALIST', w.agencyA.id, 'specialist', {
      agencyId: w.agencyA.id,
    });
    tok.leaderA = await official('Đặng Văn Quang', 'LEADER', w.agencyA.id, 'leader', {
      unitId: w.communeA.id,
    });
    tok.leaderB = await official('Ngô Thị Lan', 'LEADER', w.agencyB.id, 'leader', { unitId: w.communeB.id });
    tok.leaderDept = await official('Trần Văn Hải', 'LEADER', w.provinceAgency.id, 'leader', {
      agencyId: w.provinceAgency.id,
    });
    tok.provinceSpecialist = await official(
      'Hoàng Minh Tuấn',
      'SPECIALIST',
      w.provinceAgency.id,
      'specialist',
      {
        agencyId: w.provinceAgency.id,
      },
    );
    tok.auditor = await official('Bùi Thị Yến', 'SPECIALIST', w.agencyA.id, 'auditor', {
      unitId: w.communeA.id,
    });
    await createProcedure(t, w.adminToken, {
      code: '1.000894',
      name: 'Đăng ký kết hôn',
      cutoffHour: null,
      cases: [{ code: 'TH1', name: 'Thông thường', limits: [{ amount: 5, unit: 'WORKING_DAYS' }] }],
      fees: [],
      components: [],
    });
  }, 120_000);
  afterAll(() => t.close());

  it('specialist proposes → leader returns → proposes again → leader approves, once', async () => {
    const id = await processing();
    // Nothing to approve or return before a proposal.
    expect(await code('approveDossier', 'DossierVersionInput', await v(id), tok.leaderA)).toBe(
      'DOSSIER_INVALID_TRANSITION',
    );
    expect(
      await code('returnDossierProposal', 'ReasonInput', { ...(await v(id)), reason: 'x' }, tok.leaderA),
    ).toBe('DOSSIER_INVALID_TRANSITION');
    // Only the holder's specialist (or desk) proposes; a leader or an auditor does not.
    expect(await code('submitDossierProposal', 'SubmitDossierProposalInput', await v(id), tok.leaderA)).toBe(
      'FORBIDDEN',
    );
    expect(await code('submitDossierProposal', 'SubmitDossierProposalInput', await v(id), tok.auditor)).toBe(
      'FORBIDDEN',
    );

    let d = await ok(
      'submitDossierProposal',
      'SubmitDossierProposalInput',
      { ...(await v(id)), refusal: true, note: 'Không đủ điều kiện kết hôn: chưa đủ tuổi' },
      tok.specialist,
    );
    expect(d).toMatchObject({
      status: 'PROCESSING',
      proposedByName: 'Vũ Thị Hằng',
      proposalRefusal: true,
      proposalNote: 'Không đủ điều kiện kết hôn: chưa đủ tuổi',
      approvedAt: null,
    });
    expect(d.proposedAt).not.toBeNull();
    expect(d.steps.at(-1)).toEqual({
      action: 'PROPOSE_RESULT',
      note: 'Đề xuất từ chối giải quyết — Không đủ điều kiện kết hôn: chưa đủ tuổi',
    });
    // In the approval queue of leaders over the holder, nobody else's.
    expect(await queue(tok.leaderA)).toContain(id);
    expect(await queue(w.leaderP.token)).toContain(id); // the province covers its communes
    expect(await queue(tok.leaderB)).not.toContain(id);
    expect(await queue(tok.leaderDept)).not.toContain(id);
    expect(await queue(tok.specialist)).toEqual([]); // no approve permission: no queue
    expect(await queue(tok.leaderA, false)).not.toContain(id);
    // Proposed once at a time; the dossier does not move while the leader decides.
    expect(
      await code('submitDossierProposal', 'SubmitDossierProposalInput', await v(id), tok.specialist),
    ).toBe('DOSSIER_INVALID_TRANSITION');
    expect(
      await code(
        'transferDossier',
        'TransferDossierInput',
        { ...(await v(id)), toAgencyId: w.provinceAgency.id },
        tok.specialist,
      ),
    ).toBe('DOSSIER_INVALID_TRANSITION');
    expect(
      (await t.query(DossierDocument, { id }, { token: tok.leaderA })).dossier!.availableActions.map(
        (a: { action: string }) => a.action,
      ),
    ).toEqual(expect.arrayContaining(['APPROVE', 'RETURN_PROPOSAL', 'STOP']));

    // The leader returns it, with the reason: it leaves the queue and may be proposed again.
    d = await ok(
      'returnDossierProposal',
      'ReasonInput',
      { ...(await v(id)), reason: 'Cần xác minh lại ngày sinh' },
      tok.leaderA,
    );
    expect(d).toMatchObject({
      proposedAt: null,
      proposedByName: null,
      proposalRefusal: false,
      proposalNote: null,
    });
    expect(d.steps.at(-1)).toEqual({ action: 'RETURN_PROPOSAL', note: 'Cần xác minh lại ngày sinh' });
    expect(await queue(tok.leaderA)).not.toContain(id);
    expect(await code('approveDossier', 'DossierVersionInput', await v(id), tok.leaderA)).toBe(
      'DOSSIER_INVALID_TRANSITION',
    );

    await ok(
      'submitDossierProposal',
      'SubmitDossierProposalInput',
      { ...(await v(id)), refusal: true, note: 'Đã xác minh: chưa đủ tuổi' },
      tok.specialist,
    );
    expect(await queue(tok.leaderA)).toContain(id);
    d = await ok('approveDossier', 'DossierVersionInput', await v(id), tok.leaderA);
    expect(d.approvedByName).toBe('Đặng Văn Quang');
    const approved = { version: d.version, approvedAt: d.approvedAt };
    expect(await queue(tok.leaderA)).not.toContain(id);
    expect(await queue(tok.leaderA, false)).toContain(id);
    // No double approval: refused, not offered, the approval time stays and the version does not climb.
    expect(await code('approveDossier', 'DossierVersionInput', await v(id), tok.leaderA)).toBe(
      'DOSSIER_INVALID_TRANSITION',
    );
    expect(
      await code('returnDossierProposal', 'ReasonInput', { ...(await v(id)), reason: 'x' }, tok.leaderA),
    ).toBe('DOSSIER_INVALID_TRANSITION');
    const after = (
      await t.query(`query($id: ID) { dossier(id: $id) { ${FIELDS} } }`, { id }, { token: tok.leaderA })
    ).dossier;
    expect({ version: after.version, approvedAt: after.approvedAt }).toEqual(approved);
    expect(after.availableActions.map((a: { action: string }) => a.action)).not.toEqual(
      expect.arrayContaining(['APPROVE']),
    );
    expect(after.availableActions.map((a: { action: string }) => a.action)).not.toContain('RETURN_PROPOSAL');
    // Approved: the dossier goes back to the desk with its result, never to another department or
    // agency — refused by the state guard for those who may transfer, and offered to nobody.
    for (const token of [w.officerA.token, tok.specialist]) {
      const moved = await act(
        'transferDossier',
        'TransferDossierInput',
        { ...(await v(id)), toAgencyId: w.provinceAgency.id },
        token,
      );
      expect(moved.errors?.[0]).toMatchObject({
        extensions: { code: 'DOSSIER_INVALID_TRANSITION' },
        message:
          'The result is approved: the dossier goes back to the one-stop desk with its result, not to another department or agency',
      });
      const seen = (await t.query(DossierDocument, { id }, { token })).dossier!;
      expect(seen.availableActions.map((a: { action: string }) => a.action)).not.toContain('TRANSFER');
    }
    expect((await get(id)).version).toBe(approved.version);

    // The result is what the leader approved unless it says otherwise: a refusal decision.
    d = await ok(
      'recordDossierResult',
      'RecordResultInput',
      { ...(await v(id)), resultNumber: '05/QĐ-TC', signer: 'Đặng Văn Quang' },
      tok.specialist,
    );
    expect(d).toMatchObject({ status: 'RESOLVED', resultRefusal: true });
    expect(d.steps.map((s: { action: string }) => s.action)).toEqual([
      'RECEIVE_AT_COUNTER',
      'TRANSFER',
      'PROPOSE_RESULT',
      'RETURN_PROPOSAL',
      'PROPOSE_RESULT',
      'APPROVE',
      'RECORD_RESULT',
    ]);
  });

  it("an inter-agency dossier waits in the queue of the holder's leaders, not the receiving commune's", async () => {
    const id = await processing();
    await ok(
      'transferDossier',
      'TransferDossierInput',
      { ...(await v(id)), toAgencyId: w.provinceAgency.id },
      tok.specialist,
    );
    await ok('acceptDossierTransfer', 'DossierVersionInput', await v(id), tok.provinceSpecialist);
    await ok('submitDossierProposal', 'SubmitDossierProposalInput', await v(id), tok.provinceSpecialist);
    expect(await queue(tok.leaderDept)).toEqual([id]);
    expect(await queue(tok.leaderA)).not.toContain(id);
    // The commune's leader still reads it (it passed there) but may not approve it.
    expect(await code('approveDossier', 'DossierVersionInput', await v(id), tok.leaderA)).toBe('FORBIDDEN');
    const d = await ok('approveDossier', 'DossierVersionInput', await v(id), tok.leaderDept);
    expect(d.approvedByName).toBe('Trần Văn Hải');
    expect(d.proposalRefusal).toBe(false);
    expect(await queue(tok.leaderDept)).toEqual([]);
  });

  it('a proposal on bad input is BAD_USER_INPUT and changes nothing', async () => {
    const id = await processing();
    const before = await get(id);
    expect(
      await code(
        'submitDossierProposal',
        'SubmitDossierProposalInput',
        { ...(await v(id)), note: 'x'.repeat(2001) },
        tok.specialist,
      ),
    ).toBe('BAD_USER_INPUT');
    expect(await get(id)).toEqual(before);
  });

  it('permission, scope and state come before the input: a caller who may not act learns nothing from it', async () => {
    const id = await processing();
    const before = await get(id);
    const long = 'x'.repeat(2001);
    const ask = async (mutation: string, type: string, extra: Record<string, unknown>, token: string) =>
      code(mutation, type, { ...(await v(id)), ...extra }, token);
    // Not permitted (the leader does not propose; the auditor acts on nothing): FORBIDDEN, whatever the text.
    expect(
      await ask('submitDossierProposal', 'SubmitDossierProposalInput', { note: long }, tok.leaderA),
    ).toBe('FORBIDDEN');
    expect(
      await ask('submitDossierProposal', 'SubmitDossierProposalInput', { note: long }, tok.auditor),
    ).toBe('FORBIDDEN');
    expect(await ask('stopDossier', 'ReasonInput', { reason: long }, tok.specialist)).toBe('FORBIDDEN');
    expect(await ask('stopDossier', 'ReasonInput', { reason: '' }, tok.specialist)).toBe('FORBIDDEN');
    expect(await ask('requestDossierWithdrawal', 'ReasonInput', { reason: long }, tok.specialist)).toBe(
      'FORBIDDEN',
    );
    expect(
      await ask('recordDossierResult', 'RecordResultInput', { resultNumber: '', signer: long }, tok.leaderA),
    ).toBe('FORBIDDEN');
    // Another commune's leader does not even see it.
    expect(await ask('returnDossierProposal', 'ReasonInput', { reason: long }, tok.leaderB)).toBe(
      'NOT_FOUND',
    );
    // Permitted but not in this state (no proposal waits): the state answers, not the text.
    expect(await ask('returnDossierProposal', 'ReasonInput', { reason: long }, tok.leaderA)).toBe(
      'DOSSIER_INVALID_TRANSITION',
    );
    // Permitted and in the right state: the text is judged.
    expect(await ask('stopDossier', 'ReasonInput', { reason: long }, tok.leaderA)).toBe('BAD_USER_INPUT');
    expect(await get(id)).toEqual(before);
  });
});
