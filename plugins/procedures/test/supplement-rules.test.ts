import { fakeDateOnly } from '../../../test/harness/clock';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createProcedure } from './helpers';
import {
  DossierDocument,
  type ProcedureCaseInput,
  ProcedureDocument,
  ReceiveDossierAtCounterDocument,
  SubmitDossierOnlineDocument,
} from '../../../test/graphql/generated';

/**
 * Supplements through GraphQL with the platform clock (`Date` only) set in May 2026 (no holiday
 * between 11 and 22 May): a supplement pauses or restarts the clock as the procedure says, with
 * explicit date vectors; it may be requested once per dossier, also for an online dossier before
 * reception (status 1), and `availableActions` offers it exactly when it is allowed. The catalogue
 * may restrict the agency kinds that accept a procedure.
 */
const vn = (local: string) => new Date(`${local}+07:00`);
const iso = (local: string) => vn(local).toISOString();
const THREE_DAYS: ProcedureCaseInput[] = [
  { code: 'TH1', name: 'Thông thường', limits: [{ amount: 3, unit: 'WORKING_DAYS' }] },
];
const FIELDS = `id version status appointmentAt supplementRequestedAt availableActions { action }`;

describe('supplement rules', () => {
  let t: TestApp;
  let w: StaffWorld;
  let officer: string;
  let admin: string;

  /** Moves the platform clock and issues fresh tokens at the new time (tokens expire). */
  const at = (local: string) => {
    jest.setSystemTime(vn(local));
    officer = t.token(w.officerA.username, ['one-stop-officer']);
    admin = t.token('root', ['platform-admin']);
  };
  const get = async (id: string) =>
    (await t.query(`query($id: ID) { dossier(id: $id) { ${FIELDS} } }`, { id }, { token: officer })).dossier!;
  const actions = async (id: string) =>
    (await get(id)).availableActions.map((a: { action: string }) => a.action) as string[];
  const receive = async (procedureCode: string) =>
    (
      await t.query(
        ReceiveDossierAtCounterDocument,
        { input: { procedureCode, deskId: w.deskA.id, applicant: { name: 'Nguyễn Văn Bình' } } },
        { token: officer },
      )
    ).receiveDossierAtCounter.dossierId;
  const requestSupplement = async (id: string) =>
    t.request(
      `mutation($input: RequestSupplementInput!) { requestDossierSupplement(input: $input) { ${FIELDS} } }`,
      { input: { dossierId: id, version: (await get(id)).version, items: ['Bản sao giấy tờ tùy thân'] } },
      { token: officer },
    );
  const receiveSupplement = async (id: string) =>
    t.query(
      `mutation($input: DossierVersionInput!) { receiveDossierSupplement(input: $input) { ${FIELDS} } }`,
      { input: { dossierId: id, version: (await get(id)).version } },
      { token: officer },
    );

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
    w = await arrangeStaffWorld(t);
    const common = { cutoffHour: null, cases: THREE_DAYS, fees: [], components: [] };
    await createProcedure(t, w.adminToken, { ...common, code: '1.000656', name: 'Đăng ký khai tử' });
    await createProcedure(t, w.adminToken, {
      ...common,
      code: '1.000894',
      name: 'Đăng ký kết hôn',
      supplementClock: 'RESTART',
    });
    await createProcedure(t, w.adminToken, {
      ...common,
      code: '2.000815',
      name: 'Chứng thực bản sao từ bản chính',
      field: 'Chứng thực',
      acceptingAgencyKinds: ['PUBLIC_SERVICE_CENTRE'],
    });
    fakeDateOnly(vn('2026-05-11T09:00:00'));
    at('2026-05-11T09:00:00');
  }, 120_000);
  afterAll(async () => {
    jest.useRealTimers();
    await t.close();
  });

  it('the catalogue states the clock rule (PAUSE by default) and the accepting agency kinds', async () => {
    expect((await t.query(ProcedureDocument, { code: '1.000656' })).procedure?.latestVersion).toEqual({
      supplementClock: 'PAUSE',
      acceptingAgencyKinds: [],
    });
    expect(
      (await t.query(ProcedureDocument, { code: '1.000894' })).procedure?.latestVersion?.supplementClock,
    ).toBe('RESTART');
  });

  it('PAUSE resumes the clock, RESTART counts the whole limit again; a second request is neither offered nor allowed', async () => {
    at('2026-05-11T09:00:00');
    const paused = await receive('1.000656');
    const restarted = await receive('1.000894');
    // Monday 11 May 09:00 + 3 working days: Thursday 14 May 09:00.
    for (const id of [paused, restarted])
      expect((await get(id)).appointmentAt).toBe(iso('2026-05-14T09:00:00'));

    // Tuesday 12 May 09:00 (one working day used): a supplement is asked for.
    at('2026-05-12T09:00:00');
    for (const id of [paused, restarted]) {
      expect(await actions(id)).toContain('REQUEST_SUPPLEMENT');
      const r = await requestSupplement(id);
      expect(r.errors).toBeUndefined();
      expect(r.data!.requestDossierSupplement).toMatchObject({
        status: 'SUPPLEMENT_REQUESTED',
        supplementRequestedAt: iso('2026-05-12T09:00:00'),
      });
    }

    // Monday 18 May 09:00: it arrives.
    at('2026-05-18T09:00:00');
    // PAUSE: two working days remain → Wednesday 20 May 09:00.
    expect((await receiveSupplement(paused)).receiveDossierSupplement).toMatchObject({
      status: 'RECEIVED',
      appointmentAt: iso('2026-05-20T09:00:00'),
    });
    // RESTART: three working days from the complete dossier → Thursday 21 May 09:00.
    expect((await receiveSupplement(restarted)).receiveDossierSupplement).toMatchObject({
      status: 'RECEIVED',
      appointmentAt: iso('2026-05-21T09:00:00'),
    });

    // Once per dossier: not offered any more, and refused when tried anyway.
    expect(await actions(paused)).not.toContain('REQUEST_SUPPLEMENT');
    const again = await requestSupplement(paused);
    expect(again.errors?.[0].extensions?.code).toBe('DOSSIER_INVALID_TRANSITION');
  });

  it('asks for a supplement of an online dossier before reception (status 1); the clock starts at reception', async () => {
    at('2026-05-11T10:00:00');
    const submitted = (
      await t.query(SubmitDossierOnlineDocument, {
        input: {
          procedureCode: '1.000656',
          agencyId: w.agencyA.id,
          applicant: { name: 'Lê Thị Hoa', idNumber: '022190009876', email: 'hoa@example.vn' },
          components: [],
        },
      })
    ).submitDossierOnline;
    expect(submitted.status).toBe('NEW');
    const id = (await t.query(DossierDocument, { code: submitted.code }, { token: admin })).dossier!
      .id as string;
    expect(await actions(id)).toContain('REQUEST_SUPPLEMENT');
    const asked = await requestSupplement(id);
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.requestDossierSupplement).toMatchObject({
      status: 'SUPPLEMENT_REQUESTED',
      appointmentAt: null,
    });

    // It arrives on Wednesday 13 May: back to NEW, still without an appointment.
    at('2026-05-13T08:00:00');
    expect((await receiveSupplement(id)).receiveDossierSupplement).toMatchObject({
      status: 'NEW',
      appointmentAt: null,
    });
    expect(await actions(id)).not.toContain('REQUEST_SUPPLEMENT');

    // Received on Wednesday 13 May 10:00: three working days from then → Monday 18 May 10:00.
    at('2026-05-13T10:00:00');
    const received = await t.request(
      `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { appointmentAt } }`,
      { input: { dossierId: id, version: (await get(id)).version } },
      { token: officer },
    );
    expect(received.errors).toBeUndefined();
    expect((await get(id)).appointmentAt).toBe(iso('2026-05-18T10:00:00'));
  });

  it('refuses intake at an agency whose kind does not accept the procedure', async () => {
    at('2026-05-11T11:00:00');
    const r = await t.request(
      ReceiveDossierAtCounterDocument,
      { input: { procedureCode: '2.000815', deskId: w.deskA.id, applicant: { name: 'Nguyễn Văn Bình' } } },
      { token: officer },
    );
    expect(r.errors?.[0].extensions).toMatchObject({
      code: 'PROCEDURE_NOT_ACCEPTED_HERE',
      procedureCode: '2.000815',
      agencyId: w.agencyA.id,
    });
    expect(r.errors?.[0].message).toContain('PUBLIC_SERVICE_CENTRE');
  });
});
