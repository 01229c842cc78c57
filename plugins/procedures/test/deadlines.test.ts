import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { intake } from '../services/intake.service';
import { lifecycle } from '../services/lifecycle.service';
import { createDepartment, createProcedure } from './helpers';
import { DossierDocument, type ProcedureCaseInput } from '../../../test/graphql/generated';

/**
 * Deadline vectors: dossiers received, paused and resolved at chosen instants through the services
 * (the API acts "now"), on the real working calendar (statutory holidays seeded), read back through
 * GraphQL. Times are Vietnamese local time.
 */
const vn = (local: string) => new Date(`${local}+07:00`);
const iso = (local: string) => vn(local).toISOString();

describe('deadlines: appointments, cut-offs, pauses, verdicts', () => {
  let t: TestApp;
  let w: StaffWorld;
  let dept: { id: string };

  const sys = () => t.app.systemContext();
  const run = async <T>(work: (ctx: ReturnType<typeof sys>) => Promise<T>): Promise<T> => {
    const ctx = sys();
    return ctx.transactional(() => work(ctx));
  };
  const receiveAt = (local: string, procedureCode = '1.001193') =>
    run((ctx) =>
      intake.receiveAtCounter(
        ctx,
        {
          procedureCode,
          deskId: w.deskA.id,
          applicant: { kind: 'CITIZEN' as never, name: 'Nguyễn Văn An' },
        },
        { at: vn(local), silent: true },
      ),
    );
  const dossier = async (id: string) =>
    (await t.query(DossierDocument, { id }, { token: w.adminToken })).dossier!;
  const v = async (id: string) => ({ dossierId: id, version: (await dossier(id)).version });

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
    await t.app.runSeeds({ only: ['staff.statutory-holidays'] });
    w = await arrangeStaffWorld(t);
    dept = await createDepartment(t, w.adminToken, w.agencyA.id, 'Phòng Tư pháp');
    const threeDays: ProcedureCaseInput[] = [
      { code: 'TH1', name: 'Thông thường', limits: [{ amount: 3, unit: 'WORKING_DAYS' }] },
    ];
    await createProcedure(t, w.adminToken, {
      code: '1.001193',
      cutoffHour: 15,
      cases: threeDays,
      fees: [],
      components: [{ code: 'TK', name: 'Tờ khai', originals: 1 }],
    });
    await createProcedure(t, w.adminToken, {
      code: '1.000656',
      name: 'Đăng ký khai tử',
      cutoffHour: null,
      cases: threeDays,
      fees: [],
      components: [{ code: 'TK', name: 'Tờ khai', originals: 1 }],
    });
    await createProcedure(t, w.adminToken, {
      code: '1.004227',
      name: 'Chuyển mục đích sử dụng đất',
      field: 'Đất đai',
      cutoffHour: null,
      cases: [{ code: 'TH1', name: 'Hộ gia đình, cá nhân', limits: [{ amount: 15, unit: 'CALENDAR_DAYS' }] }],
      fees: [],
      components: [{ code: 'DON', name: 'Đơn', originals: 1 }],
    });
  });
  afterAll(() => t.close());

  it('computes appointments with the procedure cut-off, lunch, weekends and holidays', async () => {
    const vectors: Array<[string, string, string]> = [
      // [received (local), procedure, appointment (local)]
      ['2026-04-13T09:00:00', '1.001193', '2026-04-16T09:00:00'], // Monday morning: 24 working hours later
      ['2026-04-13T14:59:00', '1.001193', '2026-04-16T14:59:00'], // just before the 15:00 cut-off
      ['2026-04-13T15:30:00', '1.001193', '2026-04-16T17:00:00'], // after the cut-off: counts from Tuesday 07:00
      ['2026-04-13T15:30:00', '1.000656', '2026-04-16T15:30:00'], // same time, a procedure without cut-off
      ['2026-04-13T12:00:00', '1.000656', '2026-04-16T11:30:00'], // during lunch: counts from 13:30 (3.5 h Monday, 8 + 8, 4.5 h Thursday morning)
      ['2026-04-13T18:00:00', '1.000656', '2026-04-16T17:00:00'], // after closing: counts from Tuesday 07:00
      ['2026-04-17T16:00:00', '1.000656', '2026-04-22T16:00:00'], // Friday afternoon, over the weekend
      ['2026-04-29T09:00:00', '1.000656', '2026-05-06T09:00:00'], // over 30 April and 1 May
      ['2026-03-06T09:00:00', '1.004227', '2026-03-23T17:00:00'], // 15 calendar days end on a Saturday: next working day's closing
    ];
    for (const [received, code, expected] of vectors) {
      const receipt = await receiveAt(received, code);
      expect([received, code, receipt.appointmentAt]).toEqual([received, code, iso(expected)]);
    }
  });

  it('a supplement stops the clock and the appointment moves by the time it stood still', async () => {
    const r = await receiveAt('2026-04-13T09:00:00', '1.000656');
    expect(r.appointmentAt).toBe(iso('2026-04-16T09:00:00'));
    await run(async (ctx) =>
      lifecycle.transfer(
        ctx,
        { ...(await v(r.dossierId)), toDepartmentId: dept.id, budgetAmount: 1 },
        { at: vn('2026-04-13T10:00:00') },
      ),
    );
    let d = await dossier(r.dossierId);
    expect(d.steps[1]).toMatchObject({ action: 'TRANSFER', dueAt: iso('2026-04-14T10:00:00') });
    await run(async (ctx) =>
      lifecycle.acceptTransfer(ctx, await v(r.dossierId), { at: vn('2026-04-13T10:05:00') }),
    );
    await run(async (ctx) =>
      lifecycle.requestSupplement(
        ctx,
        { ...(await v(r.dossierId)), items: ['Giấy báo tử'] },
        { at: vn('2026-04-14T09:00:00'), silent: true },
      ),
    );
    // Three working days later the supplement arrives.
    await run(async (ctx) =>
      lifecycle.receiveSupplement(ctx, await v(r.dossierId), { at: vn('2026-04-17T09:00:00') }),
    );
    d = await dossier(r.dossierId);
    expect(d.appointmentAt).toBe(iso('2026-04-21T09:00:00'));
    expect(d.originalAppointmentAt).toBe(iso('2026-04-16T09:00:00'));
    // The department's step budget moves too: 7 of its 8 hours were used before the pause.
    expect(d.steps[1].dueAt).toBe(iso('2026-04-17T10:00:00'));
    const history = await t.sql(
      `select since, due_at, paused from procedures_dossier_deadline where dossier_id = $1 order by since`,
      [r.dossierId],
    );
    expect(history.map((h) => [h.since.toISOString(), h.due_at.toISOString(), h.paused])).toEqual([
      [iso('2026-04-13T09:00:00'), iso('2026-04-16T09:00:00'), false],
      [iso('2026-04-14T09:00:00'), iso('2026-04-16T09:00:00'), true],
      [iso('2026-04-17T09:00:00'), iso('2026-04-21T09:00:00'), false],
    ]);
    // Resolved on the appointment date, after its hour: on time. The department's hold: late by a day.
    await run(async (ctx) => lifecycle.propose(ctx, await v(r.dossierId), { at: vn('2026-04-21T15:00:00') }));
    await run(async (ctx) => lifecycle.approve(ctx, await v(r.dossierId), { at: vn('2026-04-21T15:00:00') }));
    await run(async (ctx) =>
      lifecycle.recordResult(
        ctx,
        { ...(await v(r.dossierId)), resultNumber: '01/2026/TT', signer: 'Chủ tịch' },
        { at: vn('2026-04-21T16:00:00'), silent: true },
      ),
    );
    d = await dossier(r.dossierId);
    expect(d.timeliness).toBe('ON_TIME');
    expect(
      d.steps
        .filter((s: any) => ['RECEIVE_AT_COUNTER', 'TRANSFER'].includes(s.action))
        .map((s: any) => s.verdict),
    ).toEqual(['EARLY', 'LATE']);
  });

  it('classifies resolved dossiers by the appointment date: early, on time, late', async () => {
    const cases: Array<[string, string]> = [
      ['2026-04-15T16:59:00', 'EARLY'], // the day before
      ['2026-04-16T07:00:00', 'ON_TIME'], // the appointment date, before its hour
      ['2026-04-16T16:30:00', 'ON_TIME'], // the appointment date, after its hour
      ['2026-04-17T07:00:00', 'LATE'], // the next day
    ];
    for (const [resolved, verdict] of cases) {
      const r = await receiveAt('2026-04-13T09:00:00', '1.000656');
      await run(async (ctx) =>
        lifecycle.propose(ctx, await v(r.dossierId), { at: vn('2026-04-15T08:00:00') }),
      );
      await run(async (ctx) =>
        lifecycle.approve(ctx, await v(r.dossierId), { at: vn('2026-04-15T08:00:00') }),
      );
      await run(async (ctx) =>
        lifecycle.recordResult(
          ctx,
          { ...(await v(r.dossierId)), resultNumber: 'x', signer: 'y' },
          { at: vn(resolved), silent: true },
        ),
      );
      expect([resolved, (await dossier(r.dossierId)).timeliness]).toEqual([resolved, verdict]);
    }
  });

  it('an apology records a promise; a later pause moves both the appointment and the promise', async () => {
    const r = await receiveAt('2026-04-13T09:00:00', '1.000656');
    await run(async (ctx) =>
      lifecycle.transfer(
        ctx,
        { ...(await v(r.dossierId)), toDepartmentId: dept.id },
        { at: vn('2026-04-13T10:00:00') },
      ),
    );
    await run(async (ctx) =>
      lifecycle.acceptTransfer(ctx, await v(r.dossierId), { at: vn('2026-04-13T10:30:00') }),
    );
    // Foreseen before the appointment (16 Apr 09:00): the apology is allowed already.
    await run(async (ctx) =>
      lifecycle.apologise(
        ctx,
        { ...(await v(r.dossierId)), reason: 'Chờ xác minh', newAppointmentAt: vn('2026-04-22T17:00:00') },
        { at: vn('2026-04-15T08:00:00'), silent: true },
      ),
    );
    let d = await dossier(r.dossierId);
    expect([d.appointmentAt, d.promisedAt]).toEqual([iso('2026-04-16T09:00:00'), iso('2026-04-22T17:00:00')]);
    await run(async (ctx) =>
      lifecycle.requestFinancialObligation(
        ctx,
        { ...(await v(r.dossierId)), items: ['Lệ phí'] },
        { at: vn('2026-04-15T09:00:00') },
      ),
    );
    await run(async (ctx) =>
      lifecycle.confirmFinancialObligation(ctx, await v(r.dossierId), { at: vn('2026-04-16T09:00:00') }),
    );
    // One working day paused: the legal appointment moves to 17 Apr 09:00, the promise to 23 Apr 17:00.
    d = await dossier(r.dossierId);
    expect([d.appointmentAt, d.promisedAt]).toEqual([iso('2026-04-17T09:00:00'), iso('2026-04-23T17:00:00')]);
  });

  it('an apology never makes a late dossier on time: due 16/4, apologised 17/4 for 22/4, resolved 21/4 is LATE', async () => {
    const r = await receiveAt('2026-04-13T09:00:00', '1.000656');
    await run(async (ctx) =>
      lifecycle.apologise(
        ctx,
        { ...(await v(r.dossierId)), reason: 'Chờ xác minh', newAppointmentAt: vn('2026-04-22T17:00:00') },
        { at: vn('2026-04-17T08:00:00'), silent: true },
      ),
    );
    await run(async (ctx) => lifecycle.propose(ctx, await v(r.dossierId), { at: vn('2026-04-20T08:00:00') }));
    await run(async (ctx) => lifecycle.approve(ctx, await v(r.dossierId), { at: vn('2026-04-20T08:00:00') }));
    await run(async (ctx) =>
      lifecycle.recordResult(
        ctx,
        { ...(await v(r.dossierId)), resultNumber: 'x', signer: 'y' },
        { at: vn('2026-04-21T10:00:00'), silent: true },
      ),
    );
    const d = await dossier(r.dossierId);
    expect([d.appointmentAt, d.promisedAt, d.timeliness]).toEqual([
      iso('2026-04-16T09:00:00'),
      iso('2026-04-22T17:00:00'),
      'LATE',
    ]);
  });
});
