import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { Client as PgClient } from 'pg';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { createTestDatabase, type Operation, type TestApp, type TestDatabase } from './harness';
import { builtMain, productionEnv, startAppProcess, waitReady, type AppProcess } from './harness/built-app';
import { arrangeStaffWorld, type StaffWorld } from '../plugins/staff/test/fixtures';
import { createProcedure, uploadScan } from '../plugins/procedures/test/helpers';

/**
 * GraphQL subscriptions over WebSocket with two API processes (the built app, production mode) on one
 * database: a subscriber on process A hears of a change made through process B (LISTEN/NOTIFY), only
 * within their scope; anonymous and forged connections hear nothing; SIGTERM closes the sockets.
 */
jest.setTimeout(300_000);

interface Received {
  events: any[];
  errors: unknown[];
  completed: boolean;
}

function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}): Received {
  const received: Received = { events: [], errors: [], completed: false };
  client.subscribe(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) received.errors.push(...value.errors);
        else received.events.push(value.data);
      },
      error: (error) => received.errors.push(error),
      complete: () => (received.completed = true),
    },
  );
  return received;
}

async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const INCOMING = `subscription($agencyId: ID!) { incomingOnlineDossiers(agencyId: $agencyId) { dossierId code action toStatus channel agencyId at } }`;
const STATUS = `subscription { dossierStatusChanged { dossierId code action fromStatus toStatus holderAgencyId } }`;

describe('subscriptions across two API processes', () => {
  let db: TestDatabase;
  let dir: string;
  let a: AppProcess;
  let b: AppProcess;
  let token: (username: string, roles: string[]) => string;
  let w: StaffWorld;
  const clients: Client[] = [];

  const wsClient = (baseUrl: string, bearer?: string, onClosed?: (event: unknown) => void) => {
    const client = createClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: bearer ? { authorization: `Bearer ${bearer}` } : {},
      retryAttempts: 0,
      lazy: false,
      // The sinks of each subscription record errors and closes; no console noise at disposal.
      onNonLazyError: () => undefined,
      on: onClosed ? { closed: onClosed } : undefined,
    });
    clients.push(client);
    return client;
  };

  /** POSTs an operation (a string, or a typed document of test/graphql as the shared fixtures send). */
  async function gql(
    baseUrl: string,
    operation: Operation,
    variables: Record<string, unknown>,
    bearer?: string,
  ) {
    const query = typeof operation === 'string' ? operation : print(operation);
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  beforeAll(async () => {
    const main = await builtMain();
    db = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-subs-'));
    const prod = productionEnv(db.url, path.join(dir, 'data'), { PUBLIC_URL: 'https://dvc.example.vn' });
    token = prod.token;
    a = startAppProcess(main, prod.env);
    b = startAppProcess(main, prod.env);
    await Promise.all([waitReady(a), waitReady(b)]);
    // The world is arranged through process B, through the public API.
    const viaB = {
      token: (user: string, roles: string[]) => token(user, roles),
      query: (q: Operation, v: Record<string, unknown> = {}, o: { token?: string } = {}) =>
        gql(b.baseUrl, q, v, o.token),
    } as unknown as TestApp;
    w = await arrangeStaffWorld(viaB);
    await createProcedure(viaB, w.adminToken);
    // Production finds officials by their linked Keycloak account only (no username fallback), for
    // subscriptions as for requests; provisioning links it, and no Keycloak runs here.
    const link = new PgClient({ connectionString: db.url });
    await link.connect();
    for (const officer of [w.officerA, w.officerB])
      await link.query(`update staff_official set keycloak_user_id = $1 where id = $2`, [
        `kc-${officer.username}`,
        officer.id,
      ]);
    await link.end();
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all([a, b].filter(Boolean).map((p) => p.stop()));
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a change made through process B reaches the subscribers of process A within their scope only', async () => {
    const officerA = wsClient(a.baseUrl, w.officerA.token);
    const officerB = wsClient(a.baseUrl, w.officerB.token);
    const anonymous = wsClient(a.baseUrl);
    const incomingA = subscribe(officerA, INCOMING, { agencyId: w.agencyA.id });
    const statusA = subscribe(officerA, STATUS);
    // Agency B's officer asks for agency A's desk: accepted, but every event fails the scope check.
    const incomingB = subscribe(officerB, INCOMING, { agencyId: w.agencyA.id });
    const statusB = subscribe(officerB, STATUS);
    const incomingAnon = subscribe(anonymous, INCOMING, { agencyId: w.agencyA.id });

    // A forged token is refused when the socket opens (graphql-ws closes with 4403).
    let forgedClose: { code?: number } | undefined;
    const forged = wsClient(
      a.baseUrl,
      `${w.officerA.token.slice(0, -4)}AAAA`,
      (e) => (forgedClose = e as never),
    );
    const forgedSub = subscribe(forged, INCOMING, { agencyId: w.agencyA.id });
    await until(() => forgedClose, 'the forged connection to close');
    expect(forgedClose!.code).toBe(4403);
    expect(forgedSub.events).toEqual([]);

    // Anonymous subscribers are refused at once (every subscription needs a permission).
    await until(() => incomingAnon.errors.length > 0, 'the anonymous subscription to be refused');
    expect(incomingAnon.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    // Queries belong on HTTP.
    const query = subscribe(officerA, '{ __typename }');
    await until(() => query.errors.length > 0, 'the query over WebSocket to be refused');

    // Let the subscriptions settle on process A before the change is made on B.
    await new Promise((r) => setTimeout(r, 500));
    const scan = (text: string) => uploadScan(b.baseUrl, text);
    const submitted = (
      await gql(
        b.baseUrl,
        `mutation($input: SubmitDossierOnlineInput!) { submitDossierOnline(input: $input) { code } }`,
        {
          input: {
            procedureCode: '1.001193',
            agencyId: w.agencyA.id,
            applicant: { name: 'Nguyễn Thị Mai', idNumber: '022190001234', phone: '0912345678' },
            components: [
              { code: 'TK', fileId: await scan('to khai') },
              { code: 'GCS', fileId: await scan('giay chung sinh') },
            ],
          },
        },
      )
    ).submitDossierOnline;

    const incoming = await until(() => incomingA.events[0], 'the incoming online dossier on process A');
    expect(incoming.incomingOnlineDossiers).toMatchObject({
      code: submitted.code,
      action: 'SUBMIT_ONLINE',
      toStatus: 'NEW',
      channel: 'ONLINE',
      agencyId: w.agencyA.id,
    });
    const dossierId = incoming.incomingOnlineDossiers.dossierId as string;
    await until(() => statusA.events[0], 'the status change on process A');
    expect(statusA.events[0].dossierStatusChanged).toMatchObject({
      dossierId,
      action: 'SUBMIT_ONLINE',
      fromStatus: null,
    });

    // The desk receives it through process B: the status change reaches A's subscriber, once.
    const { dossier } = await gql(
      b.baseUrl,
      `query($id: ID) { dossier(id: $id) { version } }`,
      { id: dossierId },
      w.officerA.token,
    );
    await gql(
      b.baseUrl,
      `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossierId } }`,
      { input: { dossierId, version: dossier.version, deskId: w.deskA.id } },
      w.officerA.token,
    );
    await until(() => statusA.events[1], 'the reception on process A');
    expect(statusA.events[1].dossierStatusChanged).toMatchObject({
      dossierId,
      fromStatus: 'NEW',
      toStatus: 'RECEIVED',
      holderAgencyId: w.agencyA.id,
    });
    expect(incomingA.events).toHaveLength(1);

    // Out of scope: nothing arrived for agency B's officer, and nobody anonymous got data.
    await new Promise((r) => setTimeout(r, 1000));
    expect(incomingB.events).toEqual([]);
    expect(statusB.events).toEqual([]);
    expect(incomingB.errors).toEqual([]);
    expect(incomingAnon.events).toEqual([]);
    expect(statusA.events).toHaveLength(2);
  });

  it('refuses forged tokens, anonymous subscribers and queries over WebSocket', async () => {
    let forgedClose: { code?: number } | undefined;
    const forged = wsClient(
      a.baseUrl,
      `${w.officerA.token.slice(0, -4)}AAAA`,
      (e) => (forgedClose = e as never),
    );
    const forgedSub = subscribe(forged, INCOMING, { agencyId: w.agencyA.id });
    await until(() => forgedClose, 'the forged connection to close');
    expect(forgedClose!.code).toBe(4403);
    expect(forgedSub.events).toEqual([]);
    const anonymous = subscribe(wsClient(a.baseUrl), INCOMING, { agencyId: w.agencyA.id });
    await until(() => anonymous.errors.length > 0, 'the anonymous subscription to be refused');
    expect(anonymous.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    // A malformed id is refused when the client subscribes, naming it, as over HTTP.
    const malformed = subscribe(wsClient(a.baseUrl, w.officerA.token), INCOMING, { agencyId: 'not-a-uuid' });
    await until(() => malformed.errors.length > 0, 'the malformed agency id to be refused');
    expect(malformed.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'agencyId' } });
    const query = subscribe(wsClient(a.baseUrl, w.officerA.token), '{ __typename }');
    await until(() => query.errors.length > 0, 'the query over WebSocket to be refused');
    expect(query.events).toEqual([]);
  });

  it('SIGTERM closes the open sockets (1001) and the process exits cleanly', async () => {
    let closed: { code?: number } | undefined;
    const client = wsClient(a.baseUrl, w.officerA.token, (e) => (closed = e as never));
    const sub = subscribe(client, STATUS);
    await new Promise((r) => setTimeout(r, 500));
    expect(sub.errors).toEqual([]);
    const started = Date.now();
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    await until(() => closed, 'the socket to close');
    expect(closed!.code).toBe(1001);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
