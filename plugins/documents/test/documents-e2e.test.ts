import { createTestApp, startTestSmtpServer, Operation, TestApp, Variables } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { documentsPlugin } from '..';
import { arrangeDocumentsWorld, DOC_FIELDS, DocumentsWorld, localDate, nextWeekday } from './fixtures';
import {
  ApproveDocumentDocument,
  AuditTrailDocument,
  CompleteDocumentDocument,
  CreateDraftDocumentDocument,
  CreateOfficialDocument,
  DocumentsDocument,
  IssueDocumentDocument,
  NumberDocumentDocument,
  RecordDocumentSignatureDocument,
  SubmitDocumentForApprovalDocument,
} from '../../../test/graphql/generated';

/**
 * The issue's "Done when": agency A drafts, approves, numbers and issues a document to agency B; B's
 * clerk finds it registered with the next arrival number; a leader assigns it with a deadline on the
 * working calendar; the handler completes it; A sees the acknowledgement and the trace. A confidential
 * document stays invisible to an unassigned official; a search without diacritics finds a subject
 * written with them.
 */
describe('documents end to end: exchange between two agencies of the platform', () => {
  let t: TestApp;
  let w: DocumentsWorld;
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  const q = <T = any, V extends Variables = Variables>(query: Operation<T, V>, variables: V, token: string) =>
    t.query(query, variables, { token });

  const REGISTER = `mutation($input: RegisterIncomingDocumentInput!) {
    registerIncomingDocument(input: $input) { duplicateWarning duplicates { arrivalNumber } document { ${DOC_FIELDS} } } }`;
  const GET = `query($id: ID!) { document(id: $id) { ${DOC_FIELDS}
    handlers { role status official { fullName } department { name } dueAt }
    trace { action actionName actorName agencyName summary note }
    recipients { kind name status arrivalNumber receivedAt handlingStatus completedAt trace { action actorName agencyName note } }
    signatures { signerName certificateSerial certificateIssuer } } }`;
  const ASSIGN = `mutation($input: AssignDocumentInput!) { assignDocument(input: $input) { ${DOC_FIELDS} assignedAt } }`;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestApp({ plugins: [staffPlugin, documentsPlugin], env: { SMTP_URL: smtp.url } });
    w = await arrangeDocumentsWorld(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  let outgoingId: string;
  let copyId: string;

  it('B registers an incoming paper document first: arrival number 1', async () => {
    const { registerIncomingDocument: r } = await q(
      REGISTER,
      {
        input: {
          agencyId: w.agencyB.id,
          documentType: 'OFFICIAL_LETTER',
          number: '215',
          notation: 'SNV-CCVC',
          issuerName: 'Sở Nội vụ tỉnh Quảng Ninh',
          issueDate: '2026-11-18',
          subject: 'Về việc rà soát vị trí việc làm của công chức cấp xã',
          submitToOfficialId: w.leaderB.id,
        },
      },
      w.clerkB.token,
    );
    expect(r.document).toMatchObject({
      direction: 'INCOMING',
      status: 'REGISTERED',
      arrivalNumber: 1,
      numberNotation: '215/SNV-CCVC',
      receivedElectronically: false,
    });
    expect(r.duplicateWarning).toBeNull();
  });

  it('A drafts, submits, approves, numbers, signs and issues a decision to B and to an outside company', async () => {
    const draft = (
      await q(
        CreateDraftDocumentDocument,
        {
          input: {
            agencyId: w.agencyA.id,
            documentType: 'DECISION',
            subject: 'Quyết định phê duyệt kế hoạch chuyển đổi số năm 2027 của phường Hạ Long',
            body: 'Điều 1. Phê duyệt kế hoạch chuyển đổi số năm 2027 ...',
            urgency: 'URGENT',
            signerOfficialId: w.leaderA.id,
            recipients: [
              { electronicId: '000.02.01.H46' },
              { name: 'Công ty TNHH Ánh Dương', email: 'vanthu@anhduong.example' },
            ],
          },
        },
        w.specialistA.token,
      )
    ).createDraftDocument;
    expect(draft).toMatchObject({
      status: 'DRAFT',
      notation: 'QĐ-UBND',
      number: null,
      issuerName: 'UBND phường Hạ Long',
      issuerElectronicId: '000.01.01.H46',
    });
    expect(draft.recipients).toEqual([
      { kind: 'INTERNAL', name: 'UBND phường Bãi Cháy', status: 'PENDING' },
      { kind: 'EXTERNAL', name: 'Công ty TNHH Ánh Dương', status: 'PENDING' },
    ]);
    outgoingId = draft.id;

    // A specialist may not approve, and a draft cannot be approved before it is submitted.
    const early = await t.request(
      ApproveDocumentDocument,
      { input: { documentId: outgoingId } },
      { token: w.leaderA.token },
    );
    expect(early.errors?.[0].extensions?.code).toBe('DOCUMENT_INVALID_TRANSITION');

    await q(
      SubmitDocumentForApprovalDocument,
      {
        input: {
          documentId: outgoingId,
          approverOfficialId: w.leaderA.id,
          note: 'Kính trình Chủ tịch xem xét',
        },
      },
      w.specialistA.token,
    );
    const approved = (
      await q(
        ApproveDocumentDocument,
        { input: { documentId: outgoingId, note: 'Đồng ý ban hành' } },
        w.leaderA.token,
      )
    ).approveDocument;
    expect(approved).toMatchObject({ status: 'APPROVED', approvedBy: { fullName: 'Vũ Văn Thắng' } });

    const numbered = (await q(NumberDocumentDocument, { input: { documentId: outgoingId } }, w.clerkA.token))
      .numberDocument;
    const today = localDate(new Date());
    expect(numbered).toMatchObject({
      status: 'NUMBERED',
      number: '01',
      numberNotation: '01/QĐ-UBND',
      issueDate: today,
    });
    expect(numbered.register).toEqual({
      name: `Sổ đăng ký văn bản đi năm ${today.slice(0, 4)}`,
      year: Number(today.slice(0, 4)),
      direction: 'OUTGOING',
      lastNumber: 1,
    });

    const signed = (
      await q(
        RecordDocumentSignatureDocument,
        {
          input: {
            documentId: outgoingId,
            signerOfficialId: w.leaderA.id,
            certificateSerial: '54:01:01:a1:b2:c3',
            certificateIssuer: 'Ban Cơ yếu Chính phủ',
            certificateSubject: 'CN=Vũ Văn Thắng',
          },
        },
        w.leaderA.token,
      )
    ).recordDocumentSignature;
    expect(signed).toMatchObject({
      status: 'SIGNED',
      signerName: 'Vũ Văn Thắng',
      signerTitle: 'Chủ tịch UBND phường',
    });

    const issued = (await q(IssueDocumentDocument, { input: { documentId: outgoingId } }, w.clerkA.token))
      .issueDocument;
    expect(issued).toMatchObject({
      status: 'ISSUED',
      recipients: [
        { name: 'UBND phường Bãi Cháy', status: 'PENDING' },
        { name: 'Công ty TNHH Ánh Dương', status: 'SENT' },
      ],
    });

    await t.runJobs();
    const outside = await smtp.waitFor((m) => m.to.includes('vanthu@anhduong.example'));
    expect(outside.subject).toBe('[Văn bản] 01/QĐ-UBND của UBND phường Hạ Long');
    expect(outside.text).toContain('Trích yếu: Quyết định phê duyệt kế hoạch chuyển đổi số năm 2027');
  });

  it("B's clerk finds it registered with the next arrival number, and is told by email", async () => {
    const { documents } = await q(
      DocumentsDocument,
      { first: 50, filter: { direction: 'INCOMING' } },
      w.clerkB.token,
    );
    expect(documents.totalCount).toBe(2);
    const copy = documents.nodes.find((d: any) => d.arrivalNumber === 2);
    expect(copy).toBeDefined();
    copyId = copy!.id;
    const { document } = await q(GET, { id: copyId }, w.clerkB.token);
    expect(document).toMatchObject({
      direction: 'INCOMING',
      status: 'REGISTERED',
      arrivalNumber: 2,
      numberNotation: '01/QĐ-UBND',
      typeName: 'Quyết định',
      urgency: 'URGENT',
      issuerName: 'UBND phường Hạ Long',
      issuerElectronicId: '000.01.01.H46',
      receivedElectronically: true,
      subject: 'Quyết định phê duyệt kế hoạch chuyển đổi số năm 2027 của phường Hạ Long',
    });
    expect(document.trace.map((s: any) => s.action)).toEqual(['RECEIVED']);
    const mail = await smtp.waitFor(
      (m) => m.to.includes(w.clerkB.email) && m.subject.startsWith('[Văn bản đến]'),
    );
    expect(mail.subject).toBe('[Văn bản đến] 01/QĐ-UBND của UBND phường Hạ Long — số đến 2');
    // B's clerk cannot open A's original, and A's clerk cannot open B's copy.
    expect((await t.query(GET, { id: outgoingId }, { token: w.clerkB.token })).document).toBeNull();
    expect((await t.query(GET, { id: copyId }, { token: w.clerkA.token })).document).toBeNull();
  });

  it("a leader of B assigns it with a deadline computed on B's working calendar (with B's own holiday)", async () => {
    // B declares the next weekday a local holiday: the 2 working days must skip it; the platform calendar does not.
    const holiday = nextWeekday(localDate(new Date()));
    await q(
      `mutation($input: SetCalendarEntryInput!) { setCalendarEntry(input: $input) { id } }`,
      { input: { date: holiday, kind: 'HOLIDAY', name: 'Nghỉ lễ địa phương', agencyId: w.agencyB.id } },
      w.adminToken,
    );
    const assigned = (
      await q(
        ASSIGN,
        {
          input: {
            documentId: copyId,
            lead: { officialId: w.specialistB.id },
            coHandlers: [{ departmentId: w.departmentB.id }],
            deadline: { amount: 2, unit: 'WORKING_DAYS' },
            directionNote: 'Giao đồng chí Nam chủ trì, tham mưu triển khai; báo cáo trước hạn.',
          },
        },
        w.leaderB.token,
      )
    ).assignDocument;
    expect(assigned.status).toBe('ASSIGNED');
    const due = `query($input: ComputeDueTimeInput!) { computeDueTime(input: $input) { dueAt } }`;
    const onB = (
      await q(
        due,
        {
          input: {
            agencyId: w.agencyB.id,
            start: assigned.assignedAt,
            amount: 2,
            unit: 'WORKING_DAYS',
            cutoffHour: null,
          },
        },
        w.leaderB.token,
      )
    ).computeDueTime;
    const onPlatform = (
      await q(
        due,
        { input: { start: assigned.assignedAt, amount: 2, unit: 'WORKING_DAYS', cutoffHour: null } },
        w.leaderB.token,
      )
    ).computeDueTime;
    expect(assigned.handlingDueAt).toBe(onB.dueAt);
    expect(assigned.handlingDueAt).not.toBe(onPlatform.dueAt);
    expect(new Date(assigned.handlingDueAt).getTime()).toBeGreaterThan(new Date(onPlatform.dueAt).getTime());
    expect(localDate(assigned.handlingDueAt)).not.toBe(holiday);
    expect(assigned.directionNote).toBe('Giao đồng chí Nam chủ trì, tham mưu triển khai; báo cáo trước hạn.');

    await t.runJobs();
    const mail = await smtp.waitFor(
      (m) => m.to.includes(w.specialistB.email) && m.subject.startsWith('[Giao xử lý]'),
    );
    expect(mail.text).toContain('Ý kiến chỉ đạo: Giao đồng chí Nam chủ trì');
  });

  it('the handler reports progress and completes it', async () => {
    const mine = (
      await q(DocumentsDocument, { first: 50, filter: { assignedToMe: true } }, w.specialistB.token)
    ).documents;
    expect(mine.nodes.map((d: any) => d.id)).toEqual([copyId]);
    await q(
      `mutation($input: DocumentNoteInput!) { reportDocumentProgress(input: $input) { status } }`,
      { input: { documentId: copyId, note: 'Đã dự thảo kế hoạch triển khai của phường' } },
      w.specialistB.token,
    );
    // An official who is not a handler cannot complete it.
    const stranger = await t.request(
      CompleteDocumentDocument,
      { input: { documentId: copyId } },
      { token: w.specialistB2.token },
    );
    expect(stranger.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const done = (
      await q(
        CompleteDocumentDocument,
        { input: { documentId: copyId, note: 'Đã ban hành kế hoạch triển khai số 45/KH-UBND' } },
        w.specialistB.token,
      )
    ).completeDocument;
    expect(done.status).toBe('COMPLETED');
    expect(
      (await q(DocumentsDocument, { first: 50, filter: { assignedToMe: true } }, w.specialistB.token))
        .documents.totalCount,
    ).toBe(0);
  });

  it("A sees the acknowledgement (arrival number, time) and the trace of B's handling, next to its own", async () => {
    const { document } = await q(GET, { id: outgoingId }, w.specialistA.token);
    expect(document.status).toBe('ISSUED');
    expect(document.trace.map((s: any) => s.action)).toEqual([
      'DRAFTED',
      'SUBMITTED',
      'APPROVED',
      'NUMBERED',
      'SIGNED',
      'ISSUED',
      'DELIVERED',
    ]);
    expect(document.trace[2]).toMatchObject({
      actorName: 'Vũ Văn Thắng',
      agencyName: 'UBND phường Hạ Long',
      note: 'Đồng ý ban hành',
    });
    expect(document.signatures).toEqual([
      {
        signerName: 'Vũ Văn Thắng',
        certificateSerial: '540101A1B2C3',
        certificateIssuer: 'Ban Cơ yếu Chính phủ',
      },
    ]);
    const [toB, outside] = document.recipients;
    expect(toB).toMatchObject({
      kind: 'INTERNAL',
      name: 'UBND phường Bãi Cháy',
      status: 'DELIVERED',
      arrivalNumber: 2,
      handlingStatus: 'COMPLETED',
    });
    expect(new Date(toB.receivedAt).getTime()).toBeLessThanOrEqual(Date.now());
    expect(toB.completedAt).not.toBeNull();
    expect(toB.trace.map((s: any) => [s.action, s.actorName, s.agencyName])).toEqual([
      ['RECEIVED', 'Hệ thống', 'UBND phường Bãi Cháy'],
      ['ASSIGNED', 'Ngô Đức Long', 'UBND phường Bãi Cháy'],
      ['PROGRESS', 'Đinh Văn Nam', 'UBND phường Bãi Cháy'],
      ['COMPLETED', 'Đinh Văn Nam', 'UBND phường Bãi Cháy'],
    ]);
    expect(toB.trace[3].note).toBe('Đã ban hành kế hoạch triển khai số 45/KH-UBND');
    expect(outside).toMatchObject({ kind: 'EXTERNAL', status: 'SENT', arrivalNumber: null, trace: [] });
  });

  it('a confidential document stays invisible to an unassigned official of the same agency', async () => {
    const secret = (
      await q(
        REGISTER,
        {
          input: {
            agencyId: w.agencyB.id,
            documentType: 'DIRECTIVE',
            number: '07',
            notation: 'CT-UBND',
            issuerAgencyId: w.provinceAgency.id,
            subject: 'Chỉ thị về công tác bảo đảm an ninh trật tự dịp Tết',
            confidentiality: 'SECRET',
            submitToOfficialId: w.leaderB.id,
          },
        },
        w.clerkB.token,
      )
    ).registerIncomingDocument.document;
    // A separate register for confidential documents: its own numbering from 1.
    expect(secret.arrivalNumber).toBe(1);
    const normal = (
      await q(
        REGISTER,
        {
          input: {
            agencyId: w.agencyB.id,
            documentType: 'NOTICE',
            issuerName: 'Công an tỉnh Quảng Ninh',
            subject: 'Thông báo lịch tiếp công dân tháng 12',
          },
        },
        w.clerkB.token,
      )
    ).registerIncomingDocument.document;
    expect(normal.arrivalNumber).toBe(3);

    const ids = async (token: string) =>
      (
        await q(DocumentsDocument, { first: 50, filter: { direction: 'INCOMING' } }, token)
      ).documents.nodes.map((d: any) => d.id);
    const opens = async (token: string) =>
      (await t.query(GET, { id: secret.id }, { token })).document !== null;

    // Before assignment: the registering clerk and the leader it was submitted to; not the other specialists, not the provincial leader.
    expect(await ids(w.specialistB2.token)).toContain(normal.id);
    expect(await ids(w.specialistB2.token)).not.toContain(secret.id);
    expect(await ids(w.leaderP.token)).toContain(normal.id);
    expect(await ids(w.leaderP.token)).not.toContain(secret.id);
    expect(await opens(w.specialistB.token)).toBe(false);
    expect(await opens(w.clerkB.token)).toBe(true);
    expect(await opens(w.leaderB.token)).toBe(true);
    const refused = await t.query(GET, { id: secret.id }, { token: w.specialistB2.token });
    expect(refused.document).toBeNull();

    await q(
      ASSIGN,
      {
        input: {
          documentId: secret.id,
          lead: { officialId: w.specialistB.id },
          deadline: { amount: 16, unit: 'HOURS' },
        },
      },
      w.leaderB.token,
    );
    expect(await opens(w.specialistB.token)).toBe(true);
    expect(await ids(w.specialistB.token)).toContain(secret.id);
    expect(await opens(w.specialistB2.token)).toBe(false);
    expect(await ids(w.specialistB2.token)).not.toContain(secret.id);
    expect(
      (await q(DocumentsDocument, { first: 50, filter: { search: 'an ninh trat tu' } }, w.specialistB2.token))
        .documents.totalCount,
    ).toBe(0);
    expect(
      (await q(DocumentsDocument, { first: 50, filter: { search: 'an ninh trat tu' } }, w.specialistB.token))
        .documents.totalCount,
    ).toBe(1);

    // The assignment mail does not carry the subject of a confidential document.
    await t.runJobs();
    const mail = await smtp.waitFor(
      (m) => m.to.includes(w.specialistB.email) && m.subject.includes('07/CT-UBND'),
    );
    expect(mail.text).not.toContain('an ninh');
    expect(mail.text).toContain('văn bản mật');
  });

  it('the audit trail keeps no subject or note of a confidential document (auditors are not on its access list)', async () => {
    const mutate = (name: string, type: string, input: Record<string, unknown>, token: string) =>
      q(`mutation($input: ${type}!) { ${name}(input: $input) { id } }`, { input }, token);
    const draft = (
      await mutate(
        'createDraftDocument',
        'CreateDraftDocumentInput',
        {
          agencyId: w.agencyA.id,
          documentType: 'PLAN',
          subject: 'Phương án bảo vệ mục tiêu trọng điểm',
          confidentiality: 'SECRET',
        },
        w.specialistA.token,
      )
    ).createDraftDocument;
    await mutate(
      'updateDraftDocument',
      'UpdateDraftDocumentInput',
      { id: draft.id, subject: 'Phương án bảo vệ mục tiêu trọng điểm dịp Tết', urgency: 'URGENT' },
      w.specialistA.token,
    );
    await mutate(
      'submitDocumentForApproval',
      'SubmitDocumentForApprovalInput',
      { documentId: draft.id, approverOfficialId: w.leaderA.id },
      w.specialistA.token,
    );
    await mutate(
      'rejectDocument',
      'DocumentNoteInput',
      { documentId: draft.id, note: 'Bổ sung lực lượng canh gác cổng số 2' },
      w.leaderA.token,
    );
    const auditor = (
      await q(
        CreateOfficialDocument,
        {
          input: {
            fullName: 'Tạ Văn Soát',
            position: 'OTHER',
            postings: [{ agencyId: w.agencyA.id }],
            roles: [{ role: 'auditor', agencyId: w.agencyA.id }],
          },
        },
        w.adminToken,
      )
    ).createOfficial;
    const auditorToken = t.token(auditor.username, ['auditor']);
    const trail = await q(AuditTrailDocument, { filter: { entityId: draft.id }, first: 20 }, auditorToken);
    expect(trail.auditTrail.nodes.map((n: any) => n.action).sort()).toEqual([
      'documents.outgoing.draft',
      'documents.outgoing.reject',
      'documents.outgoing.update',
    ]);
    // The edit is audited with what changed, the subject masked.
    const edit = trail.auditTrail.nodes.find((n: any) => n.action === 'documents.outgoing.update');
    // The auditor may not read the document: the values of its entries are masked, only which
    // fields changed shows.
    expect(edit!.after).toEqual({
      subject: '[masked]',
      urgency: '[masked]',
      changed: ['subject', 'urgency'],
    });
    const text = JSON.stringify(trail);
    expect(text).not.toContain('mục tiêu');
    expect(text).not.toContain('canh gác');
    // Nor may the auditor open the document itself.
    expect((await t.query(GET, { id: draft.id }, { token: auditorToken })).document).toBeNull();
  });

  it('the audit trail masks number, notation, issuer, register number, handler and due date of a document the auditor cannot read', async () => {
    const register = async (number: string, confidentiality: string) =>
      (
        await q(
          REGISTER,
          {
            input: {
              agencyId: w.agencyB.id,
              documentType: 'PLAN',
              number,
              notation: 'KH-CAT',
              issuerName: 'Công an tỉnh Quảng Ninh',
              subject: 'Kế hoạch tuần tra',
              confidentiality,
              submitToOfficialId: w.leaderB.id,
            },
          },
          w.clerkB.token,
        )
      ).registerIncomingDocument.document;
    const secret = await register('31', 'SECRET');
    const normal = await register('32', 'NORMAL');
    for (const doc of [secret, normal])
      await q(
        ASSIGN,
        {
          input: {
            documentId: doc.id,
            lead: { officialId: w.specialistB.id },
            deadline: { amount: 16, unit: 'HOURS' },
          },
        },
        w.leaderB.token,
      );
    const auditor = (
      await q(
        CreateOfficialDocument,
        {
          input: {
            fullName: 'Lưu Thị Kiểm',
            position: 'OTHER',
            postings: [{ agencyId: w.agencyB.id }],
            roles: [{ role: 'auditor', agencyId: w.agencyB.id }],
          },
        },
        w.adminToken,
      )
    ).createOfficial;
    const auditorToken = t.token(auditor.username, ['auditor']);
    const trailOf = async (id: string) =>
      Object.fromEntries(
        (
          await q(AuditTrailDocument, { filter: { entityId: id }, first: 20 }, auditorToken)
        ).auditTrail.nodes.map((n: any) => [n.action, n.after]),
      );

    // The auditor gets nothing for the confidential document, and the trail tells nothing of it.
    expect((await t.query(GET, { id: secret.id }, { token: auditorToken })).document).toBeNull();
    const hidden = await trailOf(secret.id);
    expect(hidden['documents.incoming.register']).toEqual({
      agencyId: '[masked]',
      registerNumber: '[masked]',
      number: '[masked]',
      notation: '[masked]',
      issuer: '[masked]',
      confidentiality: 'SECRET',
    });
    expect(hidden['documents.incoming.assign']).toEqual({
      lead: '[masked]',
      coHandlers: '[masked]',
      dueAt: '[masked]',
    });
    const text = JSON.stringify(hidden);
    for (const leak of ['31', 'KH-CAT', 'Công an', w.specialistB.id, w.leaderB.id])
      expect(text).not.toContain(leak);

    // A document the auditor can read keeps its values in the trail.
    expect((await t.query(GET, { id: normal.id }, { token: auditorToken })).document).not.toBeNull();
    const shown = await trailOf(normal.id);
    expect(shown['documents.incoming.register']).toMatchObject({
      number: '32',
      notation: 'KH-CAT',
      issuer: 'Công an tỉnh Quảng Ninh',
      registerNumber: normal.arrivalNumber,
      confidentiality: 'NORMAL',
    });
    expect(shown['documents.incoming.assign'].dueAt).toEqual(expect.any(String));
  });

  it('a search without diacritics finds a subject written with them', async () => {
    const search = async (text: string, token: string) =>
      (await q(DocumentsDocument, { filter: { search: text } }, token)).documents;
    const atA = await search('quyet dinh phe duyet', w.specialistA.token);
    expect(atA.nodes.map((d: any) => d.id)).toEqual([outgoingId]);
    expect(atA.nodes[0].subject).toBe(
      'Quyết định phê duyệt kế hoạch chuyển đổi số năm 2027 của phường Hạ Long',
    );
    expect((await search('quyet dinh phe duyet', w.clerkB.token)).nodes.map((d: any) => d.id)).toEqual([
      copyId,
    ]);
    expect((await search('QUYẾT ĐỊNH phê duyệt', w.clerkB.token)).totalCount).toBe(1);
    expect((await search('chuyen doi so', w.clerkB.token)).totalCount).toBe(1);
    expect((await search('quyet dinh thu hoi', w.clerkB.token)).totalCount).toBe(0);
    expect((await search('vi tri viec lam', w.clerkB.token)).nodes.map((d: any) => d.subject)).toEqual([
      'Về việc rà soát vị trí việc làm của công chức cấp xã',
    ]);
  });
});
