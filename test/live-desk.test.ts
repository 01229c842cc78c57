import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from 'graphql-ws';
import { createTestApp, liveClient, liveSubscribe, settle, until, type TestApp } from './harness';
import { staffPlugin } from '../plugins/staff';
import { arrangeStaffWorld, type StaffWorld } from '../plugins/staff/test/fixtures';
import { camerasPlugin } from '../plugins/cameras';
import { proceduresPlugin } from '../plugins/procedures';
import { documentsPlugin } from '../plugins/documents';
import { emailAccountsPlugin } from '../plugins/email-accounts';
import { reformIndexPlugin } from '../plugins/reform-index';
import { queuePlugin } from '../plugins/queue';
import { arrangeQueue, CALL_NEXT, ISSUE_TICKET, type QueueWorld } from '../plugins/queue/test/fixtures';
import { webhooksPlugin } from '../plugins/webhooks';
import { verifySignature } from '../plugins/webhooks/services/secrets';
import { ReceiveDossierAtCounterDocument } from './graphql/generated';

interface Hit {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

/**
 * The live desk end to end, through the real server, the real worker and real sockets: a kiosk issues
 * tickets, a board subscribed over WebSocket hears the call, the officer receives the dossier and
 * links the ticket to it, an outside system's endpoint (a real HTTP receiver that fails its first
 * request) receives each signed event once, and the leader's dashboard shows the same numbers as each
 * module's own query. Every plugin that contributes a dashboard block is enabled.
 */
describe('the live desk', () => {
  let t: TestApp;
  let w: StaffWorld;
  let qw: QueueWorld;
  let secret: string;
  let leaderA: string;
  const hits: Hit[] = [];
  const clients: Client[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // The outside system is down for its very first request.
      const answered = hits.length === 0 ? 500 : 200;
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      res.writeHead(answered).end();
    });
  });
  const DASHBOARD = `query($unitId: ID!) { dashboard(unitId: $unitId) { unitId day at
    queue { waiting longestWaitSeconds served centres { centreId waiting longestWaitSeconds served } }
    dossiers { receivedToday resolvedToday overdue waitingAtDesks }
    documents { overdue open receivedToday }
    devices { offline camerasOffline }
    mail { mailboxesPending }
    serviceIndex { points maxPoints } } }`;

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    t = await createTestApp({
      plugins: [
        staffPlugin,
        camerasPlugin,
        proceduresPlugin,
        documentsPlugin,
        emailAccountsPlugin,
        reformIndexPlugin,
        queuePlugin,
        webhooksPlugin,
      ],
      env: { CAMERAS_PROBE_SCHEDULE: 'off', WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' },
      runWorker: true,
    });
    w = await arrangeStaffWorld(t);
    qw = await arrangeQueue(t, w);
    const created = (
      await t.query(
        `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }`,
        {
          input: {
            agencyId: w.agencyA.id,
            url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/dvc`,
            events: ['queue.ticket.called', 'queue.ticket.linked'],
          },
        },
        { token: w.itAdminA.token },
      )
    ).createWebhookEndpoint;
    secret = created.secret;
    const leader = (
      await t.query(
        `mutation($input: CreateOfficialInput!) { createOfficial(input: $input) { username } }`,
        {
          input: {
            fullName: 'Trần Văn Lãnh',
            position: 'LEADER',
            personalEmail: 'lanh@example.org',
            postings: [{ agencyId: w.agencyA.id }],
            roles: [{ role: 'leader', unitId: w.communeA.id }],
          },
        },
        { token: w.adminToken },
      )
    ).createOfficial;
    leaderA = t.token(leader.username, ['leader']);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
    receiver.closeAllConnections();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  it('kiosk → board → dossier → webhook once → the dashboard agrees with every module', async () => {
    const client = liveClient(t.baseUrl, w.officerA.token);
    clients.push(client);
    const board = liveSubscribe(
      client,
      `subscription($centreId: ID!) { queueBoardCalls(centreId: $centreId) { ticketId number deskId recall } }`,
      { centreId: qw.centreId },
    );
    await settle();

    // The kiosk issues three tickets; the officer at desk A calls the first.
    const issued = [];
    for (let i = 0; i < 3; i++)
      issued.push(
        (await t.query(ISSUE_TICKET, { input: { kioskCredential: qw.credential, serviceId: qw.serviceId } }))
          .issueQueueTicket,
      );
    expect(issued.map((x) => [x.ticket.number, x.peopleAhead])).toEqual([
      ['A001', 0],
      ['A002', 1],
      ['A003', 2],
    ]);
    const called = (await t.query(CALL_NEXT, { input: { deskId: w.deskA.id } }, { token: w.officerA.token }))
      .callNextQueueTicket.ticket;
    await until(() => board.events.length > 0, 'the board to hear the call');
    expect(board.events[0].queueBoardCalls).toEqual({
      ticketId: called.id,
      number: 'A001',
      deskId: w.deskA.id,
      recall: false,
    });

    // The applicant's dossier is received at the counter and the ticket linked to it.
    const dossierId = (
      await t.query(
        ReceiveDossierAtCounterDocument,
        {
          input: {
            procedureId: qw.procedureId,
            caseCode: 'TH1',
            deskId: w.deskA.id,
            applicant: {
              name: 'Nguyễn Thị Mai',
              idNumber: '022190001234',
              phone: '0912345678',
              address: 'Hạ Long',
            },
          },
        },
        { token: w.officerA.token },
      )
    ).receiveDossierAtCounter.dossierId;
    const linked = (
      await t.query(
        `mutation($input: LinkQueueTicketDossierInput!) { linkQueueTicketDossier(input: $input) { dossierId } }`,
        { input: { ticketId: called.id, dossierId } },
        { token: w.officerA.token },
      )
    ).linkQueueTicketDossier;
    expect(linked.dossierId).toBe(dossierId);

    // The outside system: the call failed once (500) and came again; both events end delivered once.
    await until(() => hits.filter((h) => h.answered === 200).length >= 2, 'both events delivered', 30_000);
    await settle();
    const byId = new Map<string, Hit[]>();
    for (const hit of hits) {
      const id = String(hit.headers['x-webhook-id']);
      byId.set(id, [...(byId.get(id) ?? []), hit]);
      expect(
        verifySignature(
          secret,
          {
            timestamp: String(hit.headers['x-webhook-timestamp']),
            signature: String(hit.headers['x-webhook-signature']),
          },
          hit.body,
        ),
      ).toBe(true);
    }
    const events = [...byId.values()].map((list) => ({
      event: list[0].headers['x-webhook-event'],
      answers: list.map((h) => h.answered),
      data: JSON.parse(list[0].body).data,
    }));
    expect(events).toEqual([
      {
        event: 'queue.ticket.called',
        answers: [500, 200],
        data: expect.objectContaining({ ticketId: called.id, number: 'A001' }),
      },
      {
        event: 'queue.ticket.linked',
        answers: [200],
        data: expect.objectContaining({ ticketId: called.id, dossierId }),
      },
    ]);

    // A probe found the kiosk's machine offline (the probe's own table, as the scheduled probe writes it).
    await t.sql(
      `insert into cameras_device_health (device_id, state, state_since, consecutive_failures)
       select device_id, 'OFFLINE', now(), 3 from queue_kiosk where id = $1`,
      [qw.kioskId],
    );

    // The leader of the province: the dashboard and each module's own query, side by side.
    const token = w.leaderP.token;
    const dash = (await t.query(DASHBOARD, { unitId: w.province.id }, { token })).dashboard;
    const today = dash.day;
    const mod = await t.query(
      `query($centreId: ID!, $unitId: ID!, $today: Date!, $year: Date!) {
          queueCentre(centreId: $centreId) { board { waitingCount longestWaitSeconds } }
          received: dossiers(first: 0, filter: { unitId: $unitId, receivedFrom: $today, receivedTo: $today }) { totalCount }
          overdue: dossiers(first: 0, filter: { unitId: $unitId, overdue: true }) { totalCount }
          waiting: dossiers(first: 0, filter: { unitId: $unitId, statuses: [NEW] }) { totalCount }
          dossierStatistics(filter: { from: $today, to: $today, unitId: $unitId, view: RECEIVING_AGENCY, groupBy: NONE }) {
            total { resolved { total } } }
          docsOverdue: documents(first: 0, filter: { withinUnitId: $unitId, direction: INCOMING, overdue: true }) { totalCount }
          docsOpen: documents(first: 0, filter: { withinUnitId: $unitId, direction: INCOMING, statuses: [ASSIGNED, IN_PROGRESS] }) { totalCount }
          docsToday: documents(first: 0, filter: { withinUnitId: $unitId, direction: INCOMING, from: $today, to: $today }) { totalCount }
          offline: devices(first: 0, filter: { withinUnitId: $unitId, status: IN_SERVICE, health: OFFLINE }) { totalCount }
          camerasOffline: devices(first: 0, filter: { withinUnitId: $unitId, status: IN_SERVICE, health: OFFLINE, type: CAMERA }) { totalCount }
          mailboxes(first: 0, filter: { withinUnitId: $unitId, state: REQUESTED }) { totalCount }
          serviceIndex(filter: { unitId: $unitId, from: $year, to: $today }) { points maxPoints }
        }`,
      { centreId: qw.centreId, unitId: w.province.id, today, year: `${today.slice(0, 4)}-01-01` },
      { token },
    );
    expect(dash.queue).toMatchObject({ waiting: 2, served: 0 });
    expect(dash.queue.waiting).toBe(mod.queueCentre.board.waitingCount);
    // Computed a moment apart: the longest wait may differ by the time between the two requests.
    expect(
      Math.abs(dash.queue.longestWaitSeconds - mod.queueCentre.board.longestWaitSeconds),
    ).toBeLessThanOrEqual(2);
    expect(dash.queue.centres).toEqual([
      { centreId: qw.centreId, waiting: 2, served: 0, longestWaitSeconds: dash.queue.longestWaitSeconds },
    ]);
    expect(dash.dossiers).toEqual({
      receivedToday: mod.received.totalCount,
      resolvedToday: mod.dossierStatistics.total.resolved.total,
      overdue: mod.overdue.totalCount,
      waitingAtDesks: mod.waiting.totalCount,
    });
    expect(dash.dossiers.receivedToday).toBe(1);
    expect(dash.documents).toEqual({
      overdue: mod.docsOverdue.totalCount,
      open: mod.docsOpen.totalCount,
      receivedToday: mod.docsToday.totalCount,
    });
    expect(dash.devices).toEqual({ offline: 1, camerasOffline: 0 });
    expect(dash.devices).toEqual({
      offline: mod.offline.totalCount,
      camerasOffline: mod.camerasOffline.totalCount,
    });
    expect(dash.mail).toEqual({ mailboxesPending: mod.mailboxes.totalCount });
    expect(dash.serviceIndex).toEqual(mod.serviceIndex);
  });

  it('is scoped: a commune leader sees their commune only; other roles may not ask', async () => {
    const mine = (
      await t.query(
        `query($u: ID!) { dashboard(unitId: $u) { queue { waiting } dossiers { receivedToday } } }`,
        { u: w.communeA.id },
        { token: leaderA },
      )
    ).dashboard;
    expect(mine).toEqual({ queue: { waiting: 2 }, dossiers: { receivedToday: 1 } });
    const neighbour = (
      await t.query(
        `query($u: ID!) { dashboard(unitId: $u) { queue { waiting } } }`,
        { u: w.communeB.id },
        { token: w.leaderP.token },
      )
    ).dashboard;
    expect(neighbour).toEqual({ queue: { waiting: 0 } });
    // Above their unit: nothing.
    expect(
      (
        await t.query(
          `query($u: ID!) { dashboard(unitId: $u) { unitId } }`,
          { u: w.province.id },
          { token: leaderA },
        )
      ).dashboard,
    ).toBeNull();
    expect(
      (
        await t.query(
          `query($u: ID!) { dashboard(unitId: $u) { unitId } }`,
          { u: w.communeB.id },
          { token: leaderA },
        )
      ).dashboard,
    ).toBeNull();
    for (const token of [w.officerA.token, w.itAdminA.token]) {
      const result = await t.request(
        `query($u: ID!) { dashboard(unitId: $u) { unitId } }`,
        { u: w.communeA.id },
        { token },
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const bad = await t.request(`query { dashboard(unitId: "x") { unitId } }`, {}, { token: leaderA });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
  });

  it('a unit or an agency that does not exist answers null, to every caller', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const token of [w.adminToken, w.leaderP.token, leaderA])
      for (const args of [{ u: missing }, { a: missing }, { a: w.communeA.id }, { u: w.agencyA.id }])
        expect(
          (
            await t.query(
              `query($u: ID, $a: ID) { dashboard(unitId: $u, agencyId: $a) { unitId queue { waiting } } }`,
              args,
              { token },
            )
          ).dashboard,
        ).toBeNull();
    for (const args of [{}, { u: w.communeA.id, a: w.agencyA.id }]) {
      const both = await t.request(
        `query($u: ID, $a: ID) { dashboard(unitId: $u, agencyId: $a) { unitId } }`,
        args,
        { token: w.leaderP.token },
      );
      expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const bad = await t.request(`query { dashboard(agencyId: "x") { unitId } }`, {}, { token: leaderA });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'agencyId' });
  });

  it("an agency's leader sees the agency's dashboard, each block as the modules' own queries with agencyId", async () => {
    // A leader whose grant is over agency A only (not over its ward).
    const created = (
      await t.query(
        `mutation($input: CreateOfficialInput!) { createOfficial(input: $input) { username } }`,
        {
          input: {
            fullName: 'Đỗ Thị Hạnh',
            position: 'LEADER',
            personalEmail: 'hanh@example.org',
            postings: [{ agencyId: w.agencyA.id }],
            roles: [{ role: 'leader', agencyId: w.agencyA.id }],
          },
        },
        { token: w.adminToken },
      )
    ).createOfficial;
    const token = t.token(created.username, ['leader']);
    const AGENCY_DASHBOARD = DASHBOARD.replace(
      'query($unitId: ID!) { dashboard(unitId: $unitId) { unitId',
      'query($agencyId: ID!) { dashboard(agencyId: $agencyId) { unitId agencyId',
    );
    const dash = (await t.query(AGENCY_DASHBOARD, { agencyId: w.agencyA.id }, { token })).dashboard;
    expect(dash).toMatchObject({ unitId: w.communeA.id, agencyId: w.agencyA.id });
    const today = dash.day;
    const mod = await t.query(
      `query($agencyId: ID!, $today: Date!, $year: Date!) {
          received: dossiers(first: 0, filter: { agencyId: $agencyId, receivedFrom: $today, receivedTo: $today }) { totalCount }
          overdue: dossiers(first: 0, filter: { agencyId: $agencyId, overdue: true }) { totalCount }
          waiting: dossiers(first: 0, filter: { agencyId: $agencyId, statuses: [NEW] }) { totalCount }
          dossierStatistics(filter: { from: $today, to: $today, agencyId: $agencyId, view: RECEIVING_AGENCY, groupBy: NONE }) {
            total { resolved { total } } }
          docsOverdue: documents(first: 0, filter: { agencyId: $agencyId, direction: INCOMING, overdue: true }) { totalCount }
          docsOpen: documents(first: 0, filter: { agencyId: $agencyId, direction: INCOMING, statuses: [ASSIGNED, IN_PROGRESS] }) { totalCount }
          docsToday: documents(first: 0, filter: { agencyId: $agencyId, direction: INCOMING, from: $today, to: $today }) { totalCount }
          offline: devices(first: 0, filter: { agencyId: $agencyId, status: IN_SERVICE, health: OFFLINE }) { totalCount }
          camerasOffline: devices(first: 0, filter: { agencyId: $agencyId, status: IN_SERVICE, health: OFFLINE, type: CAMERA }) { totalCount }
          mailboxes(first: 0, filter: { agencyId: $agencyId, state: REQUESTED }) { totalCount }
          serviceIndex(filter: { agencyId: $agencyId, from: $year, to: $today }) { points maxPoints }
        }`,
      { agencyId: w.agencyA.id, today, year: `${today.slice(0, 4)}-01-01` },
      { token },
    );
    // Agency A's queue: the two tickets still waiting; its kiosk's machine offline; its dossier.
    expect(dash.queue).toMatchObject({ waiting: 2, served: 0 });
    expect(dash.queue.centres.map((c: { centreId: string }) => c.centreId)).toEqual([qw.centreId]);
    expect(dash.dossiers).toMatchObject({ receivedToday: 1 });
    expect(dash.dossiers).toEqual({
      receivedToday: mod.received.totalCount,
      resolvedToday: mod.dossierStatistics.total.resolved.total,
      overdue: mod.overdue.totalCount,
      waitingAtDesks: mod.waiting.totalCount,
    });
    expect(dash.documents).toEqual({
      overdue: mod.docsOverdue.totalCount,
      open: mod.docsOpen.totalCount,
      receivedToday: mod.docsToday.totalCount,
    });
    expect(dash.devices).toEqual({ offline: 1, camerasOffline: 0 });
    expect(dash.devices).toEqual({
      offline: mod.offline.totalCount,
      camerasOffline: mod.camerasOffline.totalCount,
    });
    expect(dash.mail).toEqual({ mailboxesPending: mod.mailboxes.totalCount });
    expect(dash.serviceIndex).toEqual(mod.serviceIndex);

    // The agency grant covers neither the ward as a whole nor the ward's (or another) agency.
    for (const args of [{ u: w.communeA.id }, { a: w.agencyB.id }, { a: w.provinceAgency.id }])
      expect(
        (
          await t.query(`query($u: ID, $a: ID) { dashboard(unitId: $u, agencyId: $a) { unitId } }`, args, {
            token,
          })
        ).dashboard,
      ).toBeNull();

    // The province's leader may open any agency below: each block holds that agency's things only.
    const q = async (args: Record<string, string>) =>
      (
        await t.query(
          `query($u: ID, $a: ID) { dashboard(unitId: $u, agencyId: $a) { agencyId queue { waiting } dossiers { receivedToday } devices { offline } } }`,
          args,
          { token: w.leaderP.token },
        )
      ).dashboard;
    expect(await q({ a: w.agencyA.id })).toEqual({
      agencyId: w.agencyA.id,
      queue: { waiting: 2 },
      dossiers: { receivedToday: 1 },
      devices: { offline: 1 },
    });
    // The provincial People's Committee: the ward's ticket, dossier and kiosk are not its own.
    expect(await q({ a: w.provinceAgency.id })).toEqual({
      agencyId: w.provinceAgency.id,
      queue: { waiting: 0 },
      dossiers: { receivedToday: 0 },
      devices: { offline: 0 },
    });
    expect(await q({ u: w.province.id })).toEqual({
      agencyId: null,
      queue: { waiting: 2 },
      dossiers: { receivedToday: 1 },
      devices: { offline: 1 },
    });
  });
});
