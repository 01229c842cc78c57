import { fakeDateOnly } from '../../../test/harness/clock';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createCommuneLeader, createOfficial, createProcedure } from './helpers';
import {
  ApologiseForDossierDelayDocument,
  ApproveDossierDocument,
  DossierDocument,
  DossierStatisticsDocument,
  ReceiveDossierAtCounterDocument,
  RecordDossierResultDocument,
  SubmitDossierProposalDocument,
} from '../../../test/graphql/generated';

/**
 * End to end through GraphQL, with the platform clock (`Date` only) moved across April 2026: an
 * apology (Mẫu 04) issued as soon as lateness is foreseen, before the appointment passes, records a
 * new promised date, and the dossier is still reported LATE in Biểu II.06a when the original
 * appointment is missed (and, while still open, overdue) — Thông tư 01/2018/TT-VPCP, Mẫu 04.
 */
const vn = (local: string) => new Date(`${local}+07:00`);
const iso = (local: string) => vn(local).toISOString();

describe('an apologised dossier in Biểu II.06a', () => {
  let t: TestApp;
  let w: StaffWorld;
  let officer: string;
  let specialist: string;
  let leader: string;
  let admin: string;
  let specialistUser: string;
  let leaderUser: string;

  /** Moves the platform clock and issues fresh tokens at the new time (tokens expire). */
  const at = (local: string) => {
    jest.setSystemTime(vn(local));
    officer = t.token(w.officerA.username, ['one-stop-officer']);
    specialist = t.token(specialistUser, ['specialist']);
    leader = t.token(leaderUser, ['leader']);
    admin = t.token('root', ['platform-admin']);
  };
  const get = async (id: string) => (await t.query(DossierDocument, { id }, { token: admin })).dossier!;
  const receive = async () =>
    (
      await t.query(
        ReceiveDossierAtCounterDocument,
        {
          input: {
            procedureCode: '1.000656',
            deskId: w.deskA.id,
            applicant: { name: 'Nguyễn Thị Mai', idNumber: '022190001234' },
          },
        },
        { token: officer },
      )
    ).receiveDossierAtCounter.dossierId;
  const apologise = async (id: string, newAppointmentAt: string, token = officer) =>
    t.request(
      ApologiseForDossierDelayDocument,
      {
        input: {
          dossierId: id,
          version: (await get(id)).version,
          reason: 'Cần xác minh thêm tại nơi cư trú',
          newAppointmentAt,
        },
      },
      { token },
    );

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
    w = await arrangeStaffWorld(t);
    specialistUser = (
      await createOfficial(t, w.adminToken, {
        fullName: 'Vũ Thị Hằng',
        position: 'SPECIALIST',
        agencyId: w.agencyA.id,
        role: 'specialist',
        scope: { agencyId: w.agencyA.id },
      })
    ).username;
    leaderUser = (await createCommuneLeader(t, w)).username;
    await createProcedure(t, w.adminToken, {
      code: '1.000656',
      name: 'Đăng ký khai tử',
      cutoffHour: null,
      cases: [{ code: 'TH1', name: 'Thông thường', limits: [{ amount: 3, unit: 'WORKING_DAYS' }] }],
      fees: [],
      components: [{ code: 'TK', name: 'Tờ khai', originals: 1 }],
    });
    // Monday 13 April 2026, 09:00 in Vietnam; tokens issued at the faked time.
    fakeDateOnly(vn('2026-04-13T09:00:00'));
    at('2026-04-13T09:00:00');
  }, 120_000);
  afterAll(async () => {
    jest.useRealTimers();
    await t.close();
  });

  it('apologises before the appointment passes, and the report counts the dossier late (resolved) and overdue (open)', async () => {
    const resolved = await receive();
    const open = await receive();
    // 3 working days from Monday 09:00: Thursday 16 April 09:00.
    expect((await get(resolved)).appointmentAt).toBe(iso('2026-04-16T09:00:00'));

    // Wednesday 15 April: lateness is foreseen a day before the appointment; the apology is offered and allowed.
    at('2026-04-15T08:00:00');
    expect((await get(resolved)).availableActions.map((a: { action: string }) => a.action)).toContain(
      'APOLOGISE',
    );
    const early = await apologise(resolved, iso('2026-04-22T17:00:00'));
    expect(early.errors).toBeUndefined();
    expect(early.data!.apologiseForDossierDelay).toMatchObject({
      appointmentAt: iso('2026-04-16T09:00:00'),
      promisedAt: iso('2026-04-22T17:00:00'),
    });
    // A "new" appointment not after the one apologised for is no apology.
    const notLater = await apologise(open, iso('2026-04-16T08:00:00'));
    expect(notLater.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await apologise(open, iso('2026-04-24T17:00:00'))).errors).toBeUndefined();

    // Tuesday 21 April, before the promised 22 April: approved and resolved, still LATE.
    at('2026-04-20T08:00:00');
    const proposed = await t.request(
      SubmitDossierProposalDocument,
      { input: { dossierId: resolved, version: (await get(resolved)).version } },
      { token: specialist },
    );
    expect(proposed.errors).toBeUndefined();
    const approved = await t.request(
      ApproveDossierDocument,
      { input: { dossierId: resolved, version: (await get(resolved)).version } },
      { token: leader },
    );
    expect(approved.errors).toBeUndefined();
    at('2026-04-21T10:00:00');
    const result = await t.request(
      RecordDossierResultDocument,
      {
        input: {
          dossierId: resolved,
          version: (await get(resolved)).version,
          resultNumber: '12/TLKT',
          signer: 'Đặng Văn Quang',
        },
      },
      { token: specialist },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.recordDossierResult.timeliness).toBe('LATE');
    // The open one keeps its legal appointment beside the promise (24 April, still ahead).
    expect(await get(open)).toMatchObject({
      appointmentAt: iso('2026-04-16T09:00:00'),
      promisedAt: iso('2026-04-24T17:00:00'),
    });

    // At the end of the period (21 April) the open one is overdue though its promise is ahead.
    const report = (
      await t.query(
        DossierStatisticsDocument,
        { filter: { from: '2026-04-01', to: '2026-04-21', agencyId: w.agencyA.id, groupBy: 'NONE' } },
        { token: admin },
      )
    ).dossierStatistics.total;
    expect(report).toMatchObject({
      received: { total: 2 },
      resolved: { total: 1, early: 0, onTime: 0, late: 1 },
      inProgress: { total: 1, withinDeadline: 0, overdue: 1 },
    });
  });
});
