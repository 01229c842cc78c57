import { createTestApp, Operation, TestApp, Variables } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { camerasPlugin } from '../../cameras';
import { proceduresPlugin } from '../../procedures';
import { createProcedure } from '../../procedures/test/helpers';
import { queuePlugin } from '..';
import {
  CreateDeskDocument,
  CreateDeviceDocument,
  CreateQueueServiceDocument,
  type DeviceType,
  QueueCentreDocument,
  QueueCentreStatisticsDocument,
  ReceiveDossierAtCounterDocument,
  RegisterQueueKioskDocument,
  SetOfficeHoursDocument,
  UpdateDeviceDocument,
} from '../../../test/graphql/generated';

/**
 * The queue through the API: a centre's services and counters, a kiosk of the cameras inventory
 * issuing tickets with its own credential (no user token), officers calling, recalling, skipping,
 * transferring and linking to a received dossier, the board, statistics, the audit trail, the daily
 * reset, the rate limit per kiosk, closing time from the working calendar, and scope.
 */
describe('queue plugin', () => {
  let t: TestApp;
  let w: StaffWorld;
  let centreA: string;
  let deskA2: string;
  let procedureId: string;
  let serviceA: string;
  let serviceB: string;
  let kioskId: string;
  let credential: string;
  const tickets: Record<string, string> = {};

  const q = async <T = any, V extends Variables = Variables>(
    query: Operation<T, V>,
    variables: V,
    token?: string,
  ) => t.query(query, variables, token ? { token } : {});
  const err = async <T, V extends Variables = Variables>(
    query: Operation<T, V>,
    variables: V,
    token?: string,
  ) => {
    const result = await t.request(query, variables, token ? { token } : {});
    expect(result.errors).toBeDefined();
    return result.errors![0].extensions as Record<string, unknown> & { code: string };
  };
  const TICKET = `id number status seq day deskId targetDeskId recallCount dossierId calledAt finishedAt desk { code } service { prefix }`;
  const ISSUE = `mutation($input: IssueQueueTicketInput!) { issueQueueTicket(input: $input) {
    ticket { ${TICKET} issuedAt } serviceName peopleAhead estimatedWaitSeconds } }`;
  const CALL = `mutation($input: CallNextQueueTicketInput!) { callNextQueueTicket(input: $input) { ticket { ${TICKET} } finished { ${TICKET} } } }`;
  const act = (name: string, inputType: string) =>
    `mutation($input: ${inputType}!) { ${name}(input: $input) { ${TICKET} } }`;
  const RECALL = act('recallQueueTicket', 'QueueTicketIdInput');
  const SKIP = act('skipQueueTicket', 'QueueTicketIdInput');
  const COMPLETE = act('completeQueueTicket', 'QueueTicketIdInput');
  const TRANSFER = act('transferQueueTicket', 'TransferQueueTicketInput');
  const LINK = act('linkQueueTicketDossier', 'LinkQueueTicketDossierInput');
  const issue = async (serviceId = serviceA, key = credential) =>
    (await q(ISSUE, { input: { kioskCredential: key, serviceId } })).issueQueueTicket;
  const device = async (assetTag: string, type: DeviceType, placement: Record<string, string>) =>
    (await q(CreateDeviceDocument, { input: { assetTag, type, placement } }, w.itAdminA.token)).createDevice
      .id;
  /** Today's ISO weekday in Vietnam. */
  const localWeekday = () => ((new Date(Date.now() + 7 * 3600_000).getUTCDay() + 6) % 7) + 1;
  /** Office hours of agency A: `ranges` every day, except today when `closedToday`. */
  const setHours = (ranges: Array<{ start: string; end: string }>, closedToday = false) =>
    q(
      SetOfficeHoursDocument,
      {
        input: {
          agencyId: w.agencyA.id,
          days: [1, 2, 3, 4, 5, 6, 7]
            .filter((weekday) => !closedToday || weekday !== localWeekday())
            .map((weekday) => ({ weekday, ranges })),
        },
      },
      w.adminToken,
    );

  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, camerasPlugin, proceduresPlugin, queuePlugin],
      env: { QUEUE_KIOSK_TICKETS_PER_MINUTE: '8', CAMERAS_PROBE_SCHEDULE: 'off' },
    });
    w = await arrangeStaffWorld(t);
    centreA = (await t.sql(`select centre_id from staff_desk where id = $1`, [w.deskA.id]))[0].centre_id;
    deskA2 = (
      await q(
        CreateDeskDocument,
        { input: { centreId: centreA, code: '02', name: 'Quầy số 02' } },
        w.adminToken,
      )
    ).createDesk.id;
    procedureId = (await createProcedure(t, w.adminToken)).id;
    // Open all day, every day, so the test does not depend on the hour it runs at.
    await setHours([{ start: '00:00', end: '24:00' }]);
  });
  afterAll(() => t.close());

  it('offers services at a centre, mapped to its counters; refuses bad input clearly', async () => {
    const created = (
      await q(
        CreateQueueServiceDocument,
        {
          input: {
            centreId: centreA,
            prefix: 'a',
            name: 'Hộ tịch',
            procedureField: 'Hộ tịch',
            deskIds: [w.deskA.id, deskA2],
          },
        },
        w.itAdminA.token,
      )
    ).createQueueService;
    expect(created).toMatchObject({
      prefix: 'A',
      procedureField: 'Hộ tịch',
      procedureId: null,
      active: true,
    });
    expect(created.deskIds.sort()).toEqual([w.deskA.id, deskA2].sort());
    serviceA = created.id;
    serviceB = (
      await q(
        CreateQueueServiceDocument,
        { input: { centreId: centreA, prefix: 'B', name: 'Khai sinh', procedureId, deskIds: [deskA2] } },
        w.itAdminA.token,
      )
    ).createQueueService.id;

    const base = {
      centreId: centreA,
      prefix: 'C',
      name: 'X',
      procedureField: 'Hộ tịch',
      deskIds: [w.deskA.id],
    };
    expect(
      await err(
        CreateQueueServiceDocument,
        { input: { ...base, procedureField: 'Không có' } },
        w.itAdminA.token,
      ),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'procedureField',
    });
    expect(
      await err(CreateQueueServiceDocument, { input: { ...base, procedureId } }, w.itAdminA.token),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'procedureField',
    });
    expect(
      await err(CreateQueueServiceDocument, { input: { ...base, deskIds: [w.deskB.id] } }, w.itAdminA.token),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'deskIds[0]',
    });
    expect(
      await err(CreateQueueServiceDocument, { input: { ...base, prefix: 'A1' } }, w.itAdminA.token),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'prefix',
    });
    expect(
      await err(CreateQueueServiceDocument, { input: { ...base, prefix: 'A' } }, w.itAdminA.token),
    ).toMatchObject({
      code: 'CONFLICT',
    });
    // An officer may not set up services; another commune's centre is not visible at all.
    expect((await err(CreateQueueServiceDocument, { input: base }, w.officerA.token)).code).toBe('FORBIDDEN');
    const [deskB] = await t.sql(`select centre_id from staff_desk where id = $1`, [w.deskB.id]);
    expect(
      (
        await err(
          CreateQueueServiceDocument,
          { input: { ...base, centreId: deskB.centre_id, deskIds: [w.deskB.id] } },
          w.itAdminA.token,
        )
      ).code,
    ).toBe('NOT_FOUND');
  });

  it('registers a queue machine of the inventory as a kiosk; the credential is shown once and kept hashed', async () => {
    const machine = await device('HL-QUEUE-01', 'QUEUE_MACHINE', { centreId: centreA });
    await q(UpdateDeviceDocument, { input: { id: machine, status: 'IN_SERVICE' } }, w.itAdminA.token);
    const registered = (
      await q(RegisterQueueKioskDocument, { input: { deviceId: machine } }, w.itAdminA.token)
    ).registerQueueKiosk;
    expect(registered.kiosk).toMatchObject({
      name: 'HL-QUEUE-01',
      deviceId: machine,
      centreId: centreA,
      revokedAt: null,
    });
    expect(registered.credential).toMatch(/^qk_[0-9a-f-]{36}_[A-Za-z0-9_-]{43}$/);
    kioskId = registered.kiosk.id;
    credential = registered.credential;
    const [row] = await t.sql(`select secret_hash from queue_kiosk where id = $1`, [kioskId]);
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.secret_hash).not.toContain(credential.slice(-43));
    const audit = await t.sql(`select after::text as after from core_audit_entry where entity_id = $1`, [
      kioskId,
    ]);
    expect(audit).toHaveLength(1);
    expect(audit[0].after).not.toContain(credential.slice(-43));

    expect(
      (await err(RegisterQueueKioskDocument, { input: { deviceId: machine } }, w.itAdminA.token)).code,
    ).toBe('CONFLICT');
    const computer = await device('HL-PC-01', 'COMPUTER', { deskId: w.deskA.id });
    expect(
      await err(RegisterQueueKioskDocument, { input: { deviceId: computer } }, w.itAdminA.token),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'deviceId',
    });
  });

  it('a kiosk issues tickets without a user token: number, service, people ahead, estimated wait', async () => {
    const first = await issue();
    expect(first).toMatchObject({ serviceName: 'Hộ tịch', peopleAhead: 0, estimatedWaitSeconds: 0 });
    expect(first.ticket).toMatchObject({
      number: 'A001',
      seq: 1,
      status: 'WAITING',
      service: { prefix: 'A' },
    });
    const second = await issue();
    // Nobody served yet: the default 300 s for the one person ahead, shared by the service's 2 counters.
    expect(second).toMatchObject({ peopleAhead: 1, estimatedWaitSeconds: 150, ticket: { number: 'A002' } });
    const b = await issue(serviceB);
    expect(b).toMatchObject({ peopleAhead: 0, ticket: { number: 'B001' } });
    tickets.A001 = first.ticket.id;
    tickets.A002 = second.ticket.id;
    tickets.B001 = b.ticket.id;

    expect(
      (await err(ISSUE, { input: { kioskCredential: credential.slice(0, -2) + 'xx', serviceId: serviceA } }))
        .code,
    ).toBe('QUEUE_KIOSK_INVALID');
    expect((await err(ISSUE, { input: { kioskCredential: 'nonsense', serviceId: serviceA } })).code).toBe(
      'QUEUE_KIOSK_INVALID',
    );
    expect(await err(ISSUE, { input: { kioskCredential: credential, serviceId: w.deskA.id } })).toMatchObject(
      {
        code: 'BAD_USER_INPUT',
        field: 'serviceId',
      },
    );
  });

  it('refuses an officer of another centre, and a leader without the operate permission', async () => {
    expect((await err(CALL, { input: { deskId: w.deskA.id } }, w.officerB.token)).code).toBe('NOT_FOUND');
    expect((await err(RECALL, { input: { ticketId: tickets.A001 } }, w.officerB.token)).code).toBe(
      'NOT_FOUND',
    );
    expect((await err(CALL, { input: { deskId: w.deskA.id } }, w.leaderP.token)).code).toBe('FORBIDDEN');
    expect((await err(CALL, { input: { deskId: w.deskA.id } })).code).toBe('UNAUTHENTICATED');
    expect(
      (await q(`query($id: ID!) { queueTicket(id: $id) { id } }`, { id: tickets.A001 }, w.officerB.token))
        .queueTicket,
    ).toBeNull();
    expect((await t.sql(`select count(*)::int as n from queue_ticket where status <> 'WAITING'`))[0].n).toBe(
      0,
    );
  });

  it('a malformed id is BAD_USER_INPUT naming its field; a well-formed unknown one is null or NOT_FOUND', async () => {
    const MALFORMED = 'not-a-uuid';
    const UNKNOWN = '00000000-0000-4000-8000-000000000000';
    const TICKET_BY_ID = `query($id: ID!) { queueTicket(id: $id) { id } }`;
    expect(await err(TICKET_BY_ID, { id: MALFORMED }, w.officerA.token)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    expect((await q(TICKET_BY_ID, { id: UNKNOWN }, w.officerA.token)).queueTicket).toBeNull();
    // Each kind of record is loaded by one loader, which names the field the id came in.
    const cases: Array<[string, (id: string) => Variables, string, string]> = [
      [RECALL, (id) => ({ input: { ticketId: id } }), 'ticketId', w.officerA.token],
      [SKIP, (id) => ({ input: { ticketId: id } }), 'ticketId', w.officerA.token],
      [COMPLETE, (id) => ({ input: { ticketId: id } }), 'ticketId', w.officerA.token],
      [TRANSFER, (id) => ({ input: { ticketId: id, deskId: deskA2 } }), 'ticketId', w.officerA.token],
      [LINK, (id) => ({ input: { ticketId: id, dossierId: UNKNOWN } }), 'ticketId', w.officerA.token],
      [
        `mutation($input: UpdateQueueServiceInput!) { updateQueueService(input: $input) { id } }`,
        (id) => ({ input: { id, name: 'X' } }),
        'id',
        w.itAdminA.token,
      ],
      [
        `mutation($input: UpdateQueueKioskInput!) { updateQueueKiosk(input: $input) { id } }`,
        (id) => ({ input: { id, name: 'X' } }),
        'id',
        w.itAdminA.token,
      ],
      [
        `mutation($input: RegisterQueueKioskInput!) { registerQueueKiosk(input: $input) { credential } }`,
        (id) => ({ input: { deviceId: id } }),
        'deviceId',
        w.itAdminA.token,
      ],
      [CALL, (id) => ({ input: { deskId: id } }), 'deskId', w.officerA.token],
    ];
    for (const [mutation, variables, field, token] of cases) {
      expect(await err(mutation, variables(MALFORMED), token)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
      expect((await err(mutation, variables(UNKNOWN), token)).code).toBe('NOT_FOUND');
    }
    // An id beside a good ticket: its own field, nothing changed.
    expect(
      await err(TRANSFER, { input: { ticketId: tickets.A002, deskId: MALFORMED } }, w.officerA.token),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deskId' });
    expect((await t.sql(`select count(*)::int as n from queue_ticket where status <> 'WAITING'`))[0].n).toBe(
      0,
    );
  });

  it('an officer calls next, recalls, transfers, skips; transferred tickets are called first at their counter', async () => {
    const call1 = (await q(CALL, { input: { deskId: w.deskA.id } }, w.officerA.token)).callNextQueueTicket;
    expect(call1.ticket).toMatchObject({ number: 'A001', status: 'CALLED', desk: { code: '01' } });
    expect(call1.finished).toBeNull();
    expect(
      (await q(RECALL, { input: { ticketId: tickets.A001 } }, w.officerA.token)).recallQueueTicket,
    ).toMatchObject({ recallCount: 1, status: 'CALLED' });
    expect(
      (await q(TRANSFER, { input: { ticketId: tickets.A001, deskId: deskA2 } }, w.officerA.token))
        .transferQueueTicket,
    ).toMatchObject({ status: 'WAITING', targetDeskId: deskA2 });
    expect(
      await err(TRANSFER, { input: { ticketId: tickets.A002, deskId: w.deskB.id } }, w.officerA.token),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deskId' });
    // Desk 01: A001 now waits for desk 02 only, so A002 comes.
    const call2 = (await q(CALL, { input: { deskId: w.deskA.id } }, w.officerA.token)).callNextQueueTicket;
    expect(call2.ticket).toMatchObject({ number: 'A002' });
    // Desk 02: the transferred A001 before B001 (issued later) — transferred tickets first.
    const call3 = (await q(CALL, { input: { deskId: deskA2 } }, w.officerA.token)).callNextQueueTicket;
    expect(call3.ticket).toMatchObject({ number: 'A001', desk: { code: '02' }, targetDeskId: null });
    expect(
      (await q(SKIP, { input: { ticketId: tickets.A002 } }, w.officerA.token)).skipQueueTicket,
    ).toMatchObject({
      status: 'SKIPPED',
    });
    expect((await err(RECALL, { input: { ticketId: tickets.A002 } }, w.officerA.token)).code).toBe(
      'QUEUE_TICKET_INVALID_STATE',
    );
  });

  it('links a ticket to the dossier it produced, checked through procedures', async () => {
    const applicant = {
      name: 'Nguyễn Thị Mai',
      idNumber: '022190001234',
      phone: '0912345678',
      address: 'Hạ Long',
    };
    const receive = (token: string, deskId: string) =>
      t.query(
        ReceiveDossierAtCounterDocument,
        { input: { procedureId, caseCode: 'TH1', deskId, applicant } },
        { token },
      );
    const dossierA = (await receive(w.officerA.token, deskA2)).receiveDossierAtCounter.dossierId;
    const dossierB = (await receive(w.officerB.token, w.deskB.id)).receiveDossierAtCounter.dossierId;
    expect(
      await err(LINK, { input: { ticketId: tickets.A001, dossierId: dossierB } }, w.officerA.token),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'dossierId',
    });
    expect(
      (await q(LINK, { input: { ticketId: tickets.A001, dossierId: dossierA } }, w.officerA.token))
        .linkQueueTicketDossier,
    ).toMatchObject({ dossierId: dossierA });
    expect(
      (await err(LINK, { input: { ticketId: tickets.B001, dossierId: dossierA } }, w.officerA.token)).code,
    ).toBe('QUEUE_TICKET_INVALID_STATE');
    // Serving A001 ends by calling the next ticket at desk 02 (B001).
    const call = (await q(CALL, { input: { deskId: deskA2 } }, w.officerA.token)).callNextQueueTicket;
    expect(call.finished).toMatchObject({ number: 'A001', status: 'SERVED' });
    expect(call.ticket).toMatchObject({ number: 'B001' });
    expect(
      (await q(COMPLETE, { input: { ticketId: tickets.B001 } }, w.officerA.token)).completeQueueTicket,
    ).toMatchObject({
      status: 'SERVED',
    });
  });

  it('estimates the wait from the recent serving times', async () => {
    const [{ s }] = await t.sql(
      `select extract(epoch from finished_at - called_at)::float8 as s from queue_ticket where id = $1`,
      [tickets.A001],
    );
    await issue(); // A003, nobody ahead
    const a4 = await issue();
    expect(a4.ticket.number).toBe('A004');
    // One ahead; one served ticket of service A (A001); 2 counters.
    expect(a4).toMatchObject({ peopleAhead: 1, estimatedWaitSeconds: Math.ceil((1 * Number(s)) / 2) });
  });

  it('shows the board and statistics with the same numbers as the tickets', async () => {
    const centre = (await q(QueueCentreDocument, { id: centreA }, w.leaderP.token)).queueCentre!;
    const day = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const { statistics } = (
      await q(QueueCentreStatisticsDocument, { id: centreA, input: { from: day, to: day } }, w.leaderP.token)
    ).queueCentre!;
    expect(centre.services.map((s) => s.prefix)).toEqual(['A', 'B']);
    expect(centre.kiosks).toEqual([{ id: expect.any(String), name: 'HL-QUEUE-01', revokedAt: null }]);
    expect(centre.board).toMatchObject({
      waitingCount: 2,
      calling: [],
      waiting: [{ number: 'A003' }, { number: 'A004' }],
    });
    const byService = Object.fromEntries(statistics.byService.map((r: any) => [r.serviceId, r]));
    expect(byService[serviceA]).toMatchObject({ tickets: 4, served: 1, skipped: 1 });
    expect(byService[serviceB]).toMatchObject({ tickets: 1, served: 1, skipped: 0 });
    const byDesk = Object.fromEntries(statistics.byDesk.map((r: any) => [r.deskId, r]));
    expect(byDesk[w.deskA.id]).toMatchObject({
      tickets: 1,
      served: 0,
      skipped: 1,
      averageServingSeconds: null,
    });
    expect(byDesk[deskA2]).toMatchObject({ tickets: 2, served: 2, skipped: 0 });
    const [expected] = await t.sql(
      `select avg(extract(epoch from finished_at - called_at))::float8 as serving from queue_ticket where desk_id = $1`,
      [deskA2],
    );
    expect(byDesk[deskA2].averageServingSeconds).toBeCloseTo(Number(expected.serving), 1);
    expect(statistics.byHour.reduce((n: number, r: any) => n + r.tickets, 0)).toBe(5);
    // An officer of another commune does not see the centre.
    expect((await q(QueueCentreDocument, { id: centreA }, w.officerB.token)).queueCentre).toBeNull();
  });

  it('audits every officer action', async () => {
    const rows = await t.sql(
      `select action, count(*)::int as n from core_audit_entry where entity_type = 'QueueTicket' group by action order by action`,
    );
    expect(Object.fromEntries(rows.map((r: any) => [r.action, r.n]))).toEqual({
      'queue.ticket.call': 4,
      'queue.ticket.complete': 2,
      'queue.ticket.link': 1,
      'queue.ticket.recall': 1,
      'queue.ticket.skip': 1,
      'queue.ticket.transfer': 1,
    });
    const [officer] = await t.sql(
      `select distinct actor_name from core_audit_entry where entity_type = 'QueueTicket'`,
    );
    expect(officer.actor_name).toBeTruthy();
  });

  it('numbers start again at 1 on a new local day, per centre and prefix', async () => {
    // Yesterday's counter of prefix B stood at 41; today's does not continue it.
    // (Today's B tickets move to yesterday with it, as if issued then.)
    await t.sql(`update queue_number set day = day - 1, last = 41 where prefix = 'B'`);
    await t.sql(`update queue_ticket set day = day - 1 where prefix = 'B'`);
    expect((await issue(serviceB)).ticket).toMatchObject({ number: 'B001', seq: 1 });
    expect((await issue(serviceB)).ticket).toMatchObject({ number: 'B002' });
  });

  it('limits each kiosk per minute, with the seconds to wait', async () => {
    // 8 a minute: this kiosk has used most of them already; within 9 more one must be refused.
    let refused: Record<string, unknown> | null = null;
    for (let i = 0; i < 10 && !refused; i++) {
      const result = await t.request(ISSUE, { input: { kioskCredential: credential, serviceId: serviceA } });
      if (result.errors) refused = result.errors[0].extensions as Record<string, unknown>;
    }
    expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(refused!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('closes at closing time: no new tickets, an explicit code', async () => {
    // Today's office hours are gone (the rule at closing time itself is in rules.test.ts).
    await setHours([{ start: '00:00', end: '24:00' }], true);
    const second = await device('HL-QUEUE-02', 'QUEUE_MACHINE', { centreId: centreA });
    await q(UpdateDeviceDocument, { input: { id: second, status: 'IN_SERVICE' } }, w.itAdminA.token);
    const key = (await q(RegisterQueueKioskDocument, { input: { deviceId: second } }, w.itAdminA.token))
      .registerQueueKiosk.credential;
    expect((await err(ISSUE, { input: { kioskCredential: key, serviceId: serviceA } })).code).toBe(
      'QUEUE_CLOSED',
    );
    await setHours([{ start: '00:00', end: '24:00' }]);
    expect((await issue(serviceA, key)).ticket.number).toMatch(/^A\d{3}$/);
    // A revoked kiosk issues nothing.
    expect(
      (await err(RegisterQueueKioskDocument, { input: { deviceId: second } }, w.itAdminA.token)).code,
    ).toBe('CONFLICT');
    const [row] = await t.sql(`select id from queue_kiosk where device_id = $1`, [second]);
    await q(
      `mutation($input: UpdateQueueKioskInput!) { updateQueueKiosk(input: $input) { revokedAt } }`,
      { input: { id: row.id, revoked: true } },
      w.itAdminA.token,
    );
    expect((await err(ISSUE, { input: { kioskCredential: key, serviceId: serviceA } })).code).toBe(
      'QUEUE_KIOSK_INVALID',
    );
  });
});
