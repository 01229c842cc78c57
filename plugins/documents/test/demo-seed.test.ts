import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { documentsPlugin } from '..';
import { demoStoriesFitThisYear, runDocumentsDemoSeed } from '../seeds/demo-documents.seed';
import { localToday } from '../../../src';
import { localDate } from './fixtures';
import { DocumentDocument, DocumentsDocument } from '../../../test/graphql/generated';

/**
 * The demo seed documents.demo-documents on top of staff.demo-quang-ninh, seen through the API by the
 * realm's demo users: registers of UBND phường Hồng Gai with real numbering, documents in every state
 * (two overdue), copies delivered to other agencies of the demo, a recall, a confidential document
 * that only the people it was given to can see.
 */
describe('demo seed documents.demo-documents', () => {
  let t: TestApp;
  let applied: string[];
  let clerk: string;
  let leader: string;
  let specialist: string;
  let auditor: string;
  let provinceLeader: string;
  let hongGaiId: string;

  const list = async (token: string, filter: Record<string, unknown> = {}) =>
    (await t.query(DocumentsDocument, { first: 100, filter }, { token })).documents;
  const bySubject = (nodes: any[], start: string) => {
    const found = nodes.find((d) => d.subject.startsWith(start));
    if (!found) throw new Error(`no document "${start}"`);
    return found;
  };
  const counts = () =>
    t.sql(`select (select count(*)::int from documents_document) as documents, (select count(*)::int from documents_trace) as steps,
      (select count(*)::int from documents_recipient where status = 'DELIVERED') as delivered, (select coalesce(sum(last_number), 0)::int from documents_register) as numbers`);

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, documentsPlugin] });
    // Without the staff demo, the seed does nothing.
    const ctx = t.app.systemContext();
    await ctx.transactional(() => runDocumentsDemoSeed(ctx));
    expect((await counts())[0].documents).toBe(0);

    applied = await t.app.runSeeds({ demo: true });
    clerk = t.token('records-clerk', ['records-clerk']);
    leader = t.token('leader', ['leader']);
    specialist = t.token('specialist', ['specialist']);
    auditor = t.token('auditor', ['auditor']);
    const [khanh] = await t.sql<{ username: string }>(
      `select username from staff_official where full_name = 'Bùi Văn Khánh'`,
    );
    provinceLeader = t.token(khanh.username, ['leader']);
    hongGaiId = (
      await t.sql<{ id: string }>(`select id from staff_agency where electronic_id = '000.01.41.H49'`)
    )[0].id;
  });
  afterAll(() => t.close());

  it('runs after the staff demo, once; the queued deliveries find nothing left to do', async () => {
    expect(applied.indexOf('documents.demo-documents')).toBeGreaterThan(
      applied.indexOf('staff.demo-quang-ninh'),
    );
    const before = await counts();
    expect(before[0]).toMatchObject({ documents: 31, delivered: 5 });
    expect(await t.app.runSeeds({ demo: true })).toEqual([]);
    await t.runJobs();
    expect(await counts()).toEqual(before);
  });

  it('the records clerk keeps the registers of Hồng Gai: arrival numbers rise with arrival times, all in the past', async () => {
    const registers = (
      await t.query(
        `query($agencyId: ID) { documentRegisters(agencyId: $agencyId) { direction confidential name lastNumber } }`,
        { agencyId: hongGaiId },
        { token: clerk },
      )
    ).documentRegisters;
    const year = localDate(new Date()).slice(0, 4);
    expect(registers.map((r: any) => [r.name, r.lastNumber]).sort()).toEqual(
      [
        [`Sổ đăng ký văn bản mật đến năm ${year}`, 1],
        [`Sổ đăng ký văn bản đi năm ${year}`, 6],
        [`Sổ đăng ký văn bản đến năm ${year}`, 12],
      ].sort(),
    );

    const incoming = (await list(clerk, { direction: 'INCOMING', confidentiality: 'NORMAL' })).nodes.sort(
      (a: any, b: any) => a.arrivalNumber - b.arrivalNumber,
    );
    expect(incoming.map((d: any) => d.arrivalNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const times = incoming.map((d: any) => Date.parse(d.registeredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThan(Date.now());
    expect(Math.min(...times)).toBeGreaterThan(Date.now() - 70 * 86_400_000);
  });

  it('has documents in every state at Hồng Gai', async () => {
    const all = (await list(clerk, { agencyId: hongGaiId, includeRecalled: true })).nodes;
    const tally = (direction: string) =>
      all
        .filter((d: any) => d.direction === direction)
        .reduce(
          (acc: Record<string, number>, d: any) => ({ ...acc, [d.status]: (acc[d.status] ?? 0) + 1 }),
          {},
        );
    expect(tally('INCOMING')).toEqual({ REGISTERED: 2, ASSIGNED: 3, IN_PROGRESS: 2, COMPLETED: 6 });
    expect(tally('OUTGOING')).toEqual({
      DRAFT: 1,
      REJECTED: 1,
      SUBMITTED: 1,
      APPROVED: 1,
      SIGNED: 1,
      ISSUED: 4,
      RECALLED: 1,
    });
    const numbered = all
      .filter((d: any) => d.direction === 'OUTGOING' && d.numberNotation.includes('/'))
      .map((d: any) => d.numberNotation)
      .sort();
    expect(numbered).toEqual(['01/QĐ-UBND', '02/BC-UBND', '03/UBND', '04/UBND', '05/GM-UBND', '06/QĐ-UBND']);
  });

  it('the leader sees deadlines on the working calendar: two overdue, traces with who did what', async () => {
    // Squeezed into the year's first weeks, which deadlines have passed is not the stories' own.
    const verdicts = await demoStoriesFitThisYear(t.app.systemContext(), hongGaiId);
    // From April on, 35 working days of the year have always passed (Tết included).
    if (localToday().slice(5) >= '04-01') expect(verdicts).toBe(true);
    const overdue = (await list(leader, { overdue: true })).nodes;
    for (const d of overdue) expect(d).toMatchObject({ overdue: true, handlingDueAt: expect.any(String) });
    if (verdicts)
      expect(overdue.map((d: any) => [d.status, d.subject]).sort()).toEqual([
        [
          'ASSIGNED',
          'Về việc tăng cường quản lý trật tự xây dựng trên địa bàn sau sắp xếp đơn vị hành chính',
        ],
        ['IN_PROGRESS', 'Về việc rà soát, đơn giản hóa thủ tục hành chính nội bộ năm 2026'],
      ]);

    const all = (await list(leader, { agencyId: hongGaiId })).nodes;
    const open = bySubject(all, 'Về việc thống kê số lượng cán bộ');
    expect(open).toMatchObject({ status: 'ASSIGNED' });
    if (verdicts) {
      expect(open.overdue).toBe(false);
      expect(Date.parse(open.handlingDueAt)).toBeGreaterThan(Date.now());
    }

    const late = (
      await t.query(
        DocumentDocument,
        { id: bySubject(all, 'Quyết định công bố danh mục').id },
        { token: leader },
      )
    ).document!;
    expect(late.trace.map((s: any) => [s.action, s.actorName])).toEqual([
      ['REGISTERED', 'Phạm Thị Lan Anh'],
      ['SUBMITTED_TO_LEADER', 'Phạm Thị Lan Anh'],
      ['ASSIGNED', 'Vũ Đức Thắng'],
      ['COMPLETED', 'Lê Văn Nam'],
    ]);
    if (verdicts) expect(late.trace[3].summary).toBe('Hoàn thành quá hạn');
    const onTime = (
      await t.query(
        DocumentDocument,
        { id: bySubject(all, 'Về việc hướng dẫn thực hiện chứng thực').id },
        { token: leader },
      )
    ).document!;
    expect(onTime.trace.map((s: any) => s.action)).toEqual([
      'REGISTERED',
      'SUBMITTED_TO_LEADER',
      'ASSIGNED',
      'PROGRESS',
      'COMPLETED',
    ]);
    if (verdicts) expect(onTime.trace.at(-1)!.summary).toBe('Hoàn thành đúng hạn');
    // The deadline in the assignment step is the recomputed one.
    const due = bySubject(all, 'Về việc hướng dẫn thực hiện chứng thực').handlingDueAt;
    const local = new Date(Date.parse(due) + 7 * 3_600_000).toISOString();
    expect(onTime.trace[2].summary).toContain(
      `Hạn xử lý: ${local.slice(11, 16)} ngày ${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`,
    );
  });

  it('the specialist finds the documents assigned to them', async () => {
    const mine = (await list(specialist, { assignedToMe: true })).nodes;
    expect(mine.map((d: any) => d.subject).sort()).toEqual([
      'Về việc phối hợp bảo đảm an ninh, trật tự dịp Tết Dương lịch và Tết Nguyên đán Đinh Mùi năm 2027',
      'Về việc rà soát công tác bảo vệ bí mật nhà nước năm 2026',
      'Về việc rà soát, đơn giản hóa thủ tục hành chính nội bộ năm 2026',
    ]);
  });

  it('the confidential document is seen by the clerk, the leader and its handler only', async () => {
    const secret = (await list(leader, { confidentiality: 'CONFIDENTIAL' })).nodes;
    expect(secret).toHaveLength(1);
    expect(secret[0]).toMatchObject({ arrivalNumber: 1, status: 'ASSIGNED' });
    for (const token of [clerk, leader, specialist])
      expect((await t.query(DocumentDocument, { id: secret[0].id }, { token })).document!.id).toBe(
        secret[0].id,
      );
    for (const token of [auditor, provinceLeader]) {
      const denied = await t.query(DocumentDocument, { id: secret[0].id }, { token });
      expect(denied.document).toBeNull();
    }
    // The provincial auditor sees everything else of the province.
    expect((await list(auditor, { includeRecalled: true })).totalCount).toBe(30);
  });

  it('issued documents reached other agencies of the demo, and a recalled one was withdrawn there', async () => {
    const all = (await list(clerk, { includeRecalled: true })).nodes;
    const report = (
      await t.query(
        DocumentDocument,
        { id: bySubject(all, 'Báo cáo tình hình tiếp nhận hồ sơ một cửa quý III').id },
        { token: clerk },
      )
    ).document!;
    expect(report.recipients).toEqual(
      expect.arrayContaining([
        {
          kind: 'INTERNAL',
          name: 'UBND tỉnh Quảng Ninh',
          status: 'DELIVERED',
          arrivalNumber: 2,
          handlingStatus: 'ASSIGNED',
        },
        {
          kind: 'INTERNAL',
          name: 'Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh',
          status: 'DELIVERED',
          arrivalNumber: 1,
          handlingStatus: 'REGISTERED',
        },
      ]),
    );
    const invitation = bySubject(all, 'Giấy mời dự Hội nghị đối thoại');
    expect(invitation.status).toBe('RECALLED');
    const recalled = (await t.query(DocumentDocument, { id: invitation.id }, { token: clerk })).document!;
    expect(recalled.recipients.map((r: any) => r.status)).toEqual(['RECALLED', 'RECALLED', 'RECALLED']);

    // The province's leader sees the copies at UBND tỉnh, received electronically, with their own arrival numbers.
    const atProvince = (
      await t.query(
        DocumentsDocument,
        { filter: { direction: 'INCOMING' }, first: 50 },
        { token: provinceLeader },
      )
    ).documents.nodes.filter((d: any) => d.agency.electronicId === '000.00.00.H49');
    expect(atProvince.map((d: any) => [d.status, d.receivedElectronically, d.subject]).sort()).toEqual([
      ['ASSIGNED', true, 'Báo cáo tình hình tiếp nhận hồ sơ một cửa quý III năm 2026'],
      ['REGISTERED', true, 'Quyết định phê duyệt kế hoạch chuyển đổi số năm 2026 của phường Hồng Gai'],
    ]);
  });

  it('full-text search without diacritics finds the digital transformation documents', async () => {
    const found = (await list(leader, { search: 'chuyen doi so' })).nodes.map((d: any) => d.subject).sort();
    expect(found).toEqual([
      'Kế hoạch chuyển đổi số tỉnh Quảng Ninh năm 2027',
      'Quyết định phê duyệt kế hoạch chuyển đổi số năm 2026 của phường Hồng Gai',
    ]);
  });
});
