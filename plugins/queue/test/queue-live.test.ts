import type { Client } from 'graphql-ws';
import { createTestApp, liveClient, liveSubscribe, settle, until, type TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, type StaffWorld } from '../../staff/test/fixtures';
import { camerasPlugin } from '../../cameras';
import { proceduresPlugin } from '../../procedures';
import { queuePlugin } from '..';
import { arrangeQueue, CALL_NEXT, ISSUE_TICKET, type QueueWorld } from './fixtures';
import { QueueCentreDocument } from '../../../test/graphql/generated';

/**
 * `queueBoardCalls(centreId)` over WebSocket through the real server: the centre's board hears each
 * call and recall with the counter; another commune's officer subscribing to the same centre (the
 * `queueCentre` query answers null for them) and an anonymous socket hear nothing.
 */
describe('queue: the live board', () => {
  let t: TestApp;
  let w: StaffWorld;
  let qw: QueueWorld;
  const clients: Client[] = [];
  const client = (token?: string) => {
    const c = liveClient(t.baseUrl, token);
    clients.push(c);
    return c;
  };
  const BOARD = `subscription($centreId: ID!) { queueBoardCalls(centreId: $centreId) {
    ticketId centreId number deskId recall at desk { code } ticket { status } } }`;

  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, camerasPlugin, proceduresPlugin, queuePlugin],
      env: { CAMERAS_PROBE_SCHEDULE: 'off' },
    });
    w = await arrangeStaffWorld(t);
    qw = await arrangeQueue(t, w);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.close();
  });

  it('the board hears calls and recalls at its centre, within scope only', async () => {
    const board = liveSubscribe(client(w.officerA.token), BOARD, { centreId: qw.centreId });
    const otherCommune = liveSubscribe(client(w.officerB.token), BOARD, { centreId: qw.centreId });
    const anonymous = liveSubscribe(client(), BOARD, { centreId: qw.centreId });
    const [{ centre_id: centreB }] = await t.sql(`select centre_id from staff_desk where id = $1`, [
      w.deskB.id,
    ]);
    const wrongCentre = liveSubscribe(client(w.adminToken), BOARD, { centreId: centreB });
    await settle();
    // The query the subscription mirrors: null for agency B's officer.
    expect(
      (await t.query(QueueCentreDocument, { id: qw.centreId }, { token: w.officerB.token })).queueCentre,
    ).toBeNull();

    const issued = [];
    for (let i = 0; i < 2; i++)
      issued.push(
        (await t.query(ISSUE_TICKET, { input: { kioskCredential: qw.credential, serviceId: qw.serviceId } }))
          .issueQueueTicket.ticket,
      );
    const called = (await t.query(CALL_NEXT, { input: { deskId: w.deskA.id } }, { token: w.officerA.token }))
      .callNextQueueTicket.ticket;
    expect(called.number).toBe(issued[0].number);
    const [first] = await until(() => board.events.length > 0 && board.events, 'the board to hear the call');
    expect(first.queueBoardCalls).toMatchObject({
      ticketId: called.id,
      centreId: qw.centreId,
      number: 'A001',
      deskId: w.deskA.id,
      recall: false,
      desk: { code: expect.any(String) },
      ticket: { status: 'CALLED' },
    });

    await t.query(
      `mutation($input: QueueTicketIdInput!) { recallQueueTicket(input: $input) { id } }`,
      { input: { ticketId: called.id } },
      { token: w.officerA.token },
    );
    await until(() => board.events.length > 1, 'the board to hear the recall');
    expect(board.events[1].queueBoardCalls).toMatchObject({ number: 'A001', recall: true });

    await settle();
    expect(board.events).toHaveLength(2);
    expect(otherCommune.events).toEqual([]);
    expect(wrongCentre.events).toEqual([]);
    expect(anonymous.events).toEqual([]);
    expect(anonymous.errors.length).toBeGreaterThan(0);
  });
});
