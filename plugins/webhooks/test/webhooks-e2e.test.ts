import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, until, type Operation, type TestApp, type Variables } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, type StaffWorld } from '../../staff/test/fixtures';
import { camerasPlugin } from '../../cameras';
import { proceduresPlugin } from '../../procedures';
import { queuePlugin } from '../../queue';
import { arrangeQueue, CALL_NEXT, ISSUE_TICKET, type QueueWorld } from '../../queue/test/fixtures';
import { webhooksPlugin } from '..';
import { verifySignature } from '../services/secrets';
import { CreateOfficialDocument, CreateWebhookEndpointDocument } from '../../../test/graphql/generated';

interface Hit {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

/**
 * A real HTTP receiver on 127.0.0.1 (allowed by WEBHOOKS_ALLOW_PRIVATE_TARGETS, as in development)
 * that answers 500 to the first `failFirst` requests and 200 afterwards; with `silentFirst` it keeps
 * the first request unanswered (past the platform's time limit) instead. Events flow from real queue
 * mutations through the durable job queue (the worker runs, with graphile-worker's real backoff).
 */
async function startReceiver(failFirst: number, silentFirst = false) {
  const hits: Hit[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (silentFirst && hits.length === 0) {
        hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered: 0 });
        return;
      }
      const answered = hits.length < failFirst ? 500 : 200;
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      res.writeHead(answered).end();
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/hooks/dvc?token=abc`;
  return {
    hits,
    url,
    port,
    connections: () => connections,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Reads the delivery log of an endpoint until `done` holds for its newest delivery (the worker writes it). */
async function logUntil<Log extends { nodes: Array<Record<string, unknown>> }>(
  read: () => Promise<Log>,
  done: (newest: Record<string, unknown>) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<Log> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await read();
    if (log.nodes[0] && done(log.nodes[0])) return log;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(log.nodes[0])}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('webhooks plugin', () => {
  let t: TestApp;
  let w: StaffWorld;
  let qw: QueueWorld;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let other: Awaited<ReturnType<typeof startReceiver>>;
  let slow: Awaited<ReturnType<typeof startReceiver>>;
  let secret: string;
  let endpointId: string;
  let itAdminB: string;
  const DELIVERIES = `query($id: ID!) { webhookEndpoint(id: $id) { deliveries { totalCount nodes {
    id event status attempts responseStatus lastError deliveredAt body } } } }`;
  const err = async <T, V extends Variables = Variables>(
    query: Operation<T, V>,
    variables: V,
    token: string,
  ) => {
    const result = await t.request(query, variables, { token });
    expect(result.errors).toBeDefined();
    return result.errors![0].extensions as Record<string, unknown> & { code: string };
  };

  beforeAll(async () => {
    receiver = await startReceiver(1);
    other = await startReceiver(0);
    slow = await startReceiver(0, true);
    t = await createTestApp({
      plugins: [staffPlugin, camerasPlugin, proceduresPlugin, queuePlugin, webhooksPlugin],
      env: {
        CAMERAS_PROBE_SCHEDULE: 'off',
        WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
        WEBHOOKS_TIMEOUT_MS: '1000',
      },
      runWorker: true,
    });
    w = await arrangeStaffWorld(t);
    qw = await arrangeQueue(t, w);
    const created = (
      await t.query(
        CreateOfficialDocument,
        {
          input: {
            fullName: 'Hoàng Văn Tin',
            position: 'IT_ADMIN',
            personalEmail: 'tin@example.org',
            postings: [{ agencyId: w.agencyB.id }],
            roles: [{ role: 'it-admin', agencyId: w.agencyB.id }],
          },
        },
        { token: w.adminToken },
      )
    ).createOfficial;
    itAdminB = t.token(created.username, ['it-admin']);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await other?.close();
    await slow?.close();
  });

  it('lists the public events and registers an endpoint in scope; the secret is shown once and sealed', async () => {
    const events = (
      await t.query(`query { webhookEvents { name description } }`, {}, { token: w.itAdminA.token })
    ).webhookEvents;
    expect(events.map((e: { name: string }) => e.name)).toContain('queue.ticket.called');

    const input = { agencyId: w.agencyA.id, url: receiver.url, events: ['queue.ticket.called'] };
    const created = (await t.query(CreateWebhookEndpointDocument, { input }, { token: w.itAdminA.token }))
      .createWebhookEndpoint;
    expect(created.endpoint).toMatchObject({ agencyId: w.agencyA.id, url: receiver.url, active: true });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    secret = created.secret;
    endpointId = created.endpoint.id;
    const [row] = await t.sql(`select secret_sealed from webhooks_endpoint where id = $1`, [endpointId]);
    expect(row.secret_sealed).toMatch(/^v1:/);
    expect(row.secret_sealed).not.toContain(secret.slice(6));
    const audit = await t.sql(`select after::text as after from core_audit_entry where entity_id = $1`, [
      endpointId,
    ]);
    expect(audit).toHaveLength(1);
    expect(audit[0].after).not.toContain(secret.slice(6));

    // Agency B's endpoint, registered by a platform admin: it must not hear agency A's calls.
    await t.query(
      CreateWebhookEndpointDocument,
      { input: { agencyId: w.agencyB.id, url: other.url, events: ['queue.ticket.called'] } },
      { token: w.adminToken },
    );

    expect(
      await err(
        CreateWebhookEndpointDocument,
        { input: { ...input, url: 'ftp://dvc.example.vn/hook' } },
        w.itAdminA.token,
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(
      await err(
        CreateWebhookEndpointDocument,
        { input: { ...input, url: 'https://user:pw@dvc.example.vn/hook' } },
        w.itAdminA.token,
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(
      await err(
        CreateWebhookEndpointDocument,
        { input: { ...input, events: ['procedures.secret.thing'] } },
        w.itAdminA.token,
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events[0]' });
    expect(
      (
        await err(
          CreateWebhookEndpointDocument,
          { input: { ...input, agencyId: w.agencyB.id } },
          w.itAdminA.token,
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect((await err(CreateWebhookEndpointDocument, { input }, w.officerA.token)).code).toBe('FORBIDDEN');
    // Another agency's admin does not see the endpoint at all.
    expect(
      (
        await t.query(
          `query($id: ID!) { webhookEndpoint(id: $id) { id } }`,
          { id: endpointId },
          { token: itAdminB },
        )
      ).webhookEndpoint,
    ).toBeNull();
  });

  it('a malformed id is BAD_USER_INPUT naming its field; a well-formed unknown one is null or NOT_FOUND', async () => {
    const MALFORMED = 'not-a-uuid';
    const UNKNOWN = '00000000-0000-4000-8000-000000000000';
    const ENDPOINT = `query($id: ID!) { webhookEndpoint(id: $id) { id } }`;
    expect(await err(ENDPOINT, { id: MALFORMED }, w.itAdminA.token)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    expect(
      (await t.query(ENDPOINT, { id: UNKNOWN }, { token: w.itAdminA.token })).webhookEndpoint,
    ).toBeNull();
    const cases: Array<[string, (id: string) => Variables, string]> = [
      [
        `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { id } }`,
        (id) => ({ input: { id, active: false } }),
        'id',
      ],
      [
        `mutation($input: RotateWebhookEndpointSecretInput!) { rotateWebhookEndpointSecret(input: $input) { secret } }`,
        (id) => ({ input: { id } }),
        'id',
      ],
      [
        `mutation($input: ReplayWebhookDeliveryInput!) { replayWebhookDelivery(input: $input) { id } }`,
        (id) => ({ input: { deliveryId: id } }),
        'deliveryId',
      ],
    ];
    for (const [mutation, variables, field] of cases) {
      expect(await err(mutation, variables(MALFORMED), w.itAdminA.token)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
      expect((await err(mutation, variables(UNKNOWN), w.itAdminA.token)).code).toBe('NOT_FOUND');
    }
  });

  it('a called ticket arrives once, signed, after the endpoint failed the first time; a replay re-sends it', async () => {
    await t.query(ISSUE_TICKET, { input: { kioskCredential: qw.credential, serviceId: qw.serviceId } });
    const called = (await t.query(CALL_NEXT, { input: { deskId: w.deskA.id } }, { token: w.officerA.token }))
      .callNextQueueTicket.ticket;

    // First attempt answered 500, the retry (graphile-worker backoff, about 3 s) 200.
    await until(() => receiver.hits.some((h) => h.answered === 200), 'the retried delivery', 30_000);
    expect(receiver.hits.map((h) => h.answered)).toEqual([500, 200]);
    const [first, second] = receiver.hits;
    // Same delivery both times: the id header lets the receiver keep it once.
    expect(second.headers['x-webhook-id']).toBe(first.headers['x-webhook-id']);
    expect(second.body).toBe(first.body);
    expect(second.headers['x-webhook-event']).toBe('queue.ticket.called');
    const sig = {
      timestamp: String(second.headers['x-webhook-timestamp']),
      signature: String(second.headers['x-webhook-signature']),
    };
    expect(verifySignature(secret, sig, second.body)).toBe(true);
    expect(verifySignature(secret, sig, second.body.replace('A001', 'A002'))).toBe(false);
    expect(verifySignature(`${secret}x`, sig, second.body)).toBe(false);
    const body = JSON.parse(second.body);
    expect(body).toMatchObject({
      id: second.headers['x-webhook-id'],
      event: 'queue.ticket.called',
      data: {
        ticketId: called.id,
        number: 'A001',
        deskId: w.deskA.id,
        agencyId: w.agencyA.id,
        recall: false,
      },
    });

    // The worker records the attempt after the receiver has answered: read the log until it does.
    const log = await logUntil(
      async () =>
        (await t.query(DELIVERIES, { id: endpointId }, { token: w.itAdminA.token })).webhookEndpoint
          .deliveries,
      (newest) => newest.attempts === 2,
      'the second attempt in the log',
    );
    expect(log.totalCount).toBe(1);
    expect(log.nodes[0]).toMatchObject({
      id: body.id,
      event: 'queue.ticket.called',
      status: 'DELIVERED',
      attempts: 2,
      responseStatus: 200,
      lastError: null,
    });
    // The log narrows by status through its filter.
    const BY_STATUS = `query($id: ID!, $status: WebhookDeliveryStatus) {
      webhookEndpoint(id: $id) { deliveries(filter: { status: $status }) { totalCount nodes { id } } } }`;
    const byStatus = async (status: string) =>
      (await t.query(BY_STATUS, { id: endpointId, status }, { token: w.itAdminA.token })).webhookEndpoint
        .deliveries;
    expect(await byStatus('DELIVERED')).toEqual({ totalCount: 1, nodes: [{ id: body.id }] });
    expect(await byStatus('FAILED')).toEqual({ totalCount: 0, nodes: [] });
    // Only the chosen event, only its agency.
    expect(other.hits).toEqual([]);

    const replayed = (
      await t.query(
        `mutation($input: ReplayWebhookDeliveryInput!) { replayWebhookDelivery(input: $input) { id status } }`,
        { input: { deliveryId: body.id } },
        { token: w.itAdminA.token },
      )
    ).replayWebhookDelivery;
    expect(replayed).toMatchObject({ id: body.id, status: 'PENDING' });
    await until(() => receiver.hits.length === 3, 'the replay', 15_000);
    const replay = receiver.hits[2];
    expect(replay.headers['x-webhook-id']).toBe(body.id);
    expect(replay.body).toBe(first.body);
    expect(
      verifySignature(
        secret,
        {
          timestamp: String(replay.headers['x-webhook-timestamp']),
          signature: String(replay.headers['x-webhook-signature']),
        },
        replay.body,
      ),
    ).toBe(true);
    // The attempt is recorded once the receiver has answered: read the log until it shows it.
    let after: any;
    for (let i = 0; i < 100; i++) {
      after = (await t.query(DELIVERIES, { id: endpointId }, { token: w.itAdminA.token })).webhookEndpoint
        .deliveries;
      if (after.nodes[0].attempts === 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(after.nodes[0]).toMatchObject({ status: 'DELIVERED', attempts: 3 });
    expect(other.hits).toEqual([]);
    // Another agency's admin may not replay it.
    expect(
      (
        await err(
          `mutation($input: ReplayWebhookDeliveryInput!) { replayWebhookDelivery(input: $input) { id } }`,
          { input: { deliveryId: body.id } },
          itAdminB,
        )
      ).code,
    ).toBe('NOT_FOUND');
  });

  it('an attempt without an answer within WEBHOOKS_TIMEOUT_MS is cut off, logged and retried', async () => {
    const created = (
      await t.query(
        CreateWebhookEndpointDocument,
        { input: { agencyId: w.agencyA.id, url: slow.url, events: ['queue.ticket.issued'] } },
        { token: w.itAdminA.token },
      )
    ).createWebhookEndpoint;
    const started = Date.now();
    await t.query(ISSUE_TICKET, { input: { kioskCredential: qw.credential, serviceId: qw.serviceId } });
    const read = async () =>
      (await t.query(DELIVERIES, { id: created.endpoint.id }, { token: w.itAdminA.token })).webhookEndpoint
        .deliveries;
    const timedOut = await logUntil(read, (d) => d.attempts === 1 && d.lastError !== null, 'the timeout');
    expect(timedOut.nodes[0]).toMatchObject({
      event: 'queue.ticket.issued',
      status: 'PENDING',
      responseStatus: null,
      lastError: 'no answer within 1000 ms',
    });
    // Cut off at the limit, not when the receiver (which never answers) gave up.
    expect(Date.now() - started).toBeLessThan(10_000);
    const delivered = await logUntil(read, (d) => d.status === 'DELIVERED', 'the retried delivery');
    expect(delivered.nodes[0]).toMatchObject({ attempts: 2, responseStatus: 200, lastError: null });
    expect(slow.hits.map((h) => h.answered)).toEqual([0, 200]);
    expect(slow.hits[1].headers['x-webhook-id']).toBe(slow.hits[0].headers['x-webhook-id']);
    expect(
      verifySignature(
        created.secret,
        {
          timestamp: String(slow.hits[1].headers['x-webhook-timestamp']),
          signature: String(slow.hits[1].headers['x-webhook-signature']),
        },
        slow.hits[1].body,
      ),
    ).toBe(true);
  });

  it('rotates the secret: both signatures during the overlap, only the new one after, then the old one is gone', async () => {
    const rotating = await startReceiver(0);
    try {
      const created = (
        await t.query(
          CreateWebhookEndpointDocument,
          { input: { agencyId: w.agencyA.id, url: rotating.url, events: ['queue.ticket.issued'] } },
          { token: w.itAdminA.token },
        )
      ).createWebhookEndpoint;
      const id = created.endpoint.id;
      const oldSecret: string = created.secret;
      const ROTATE = `mutation($input: RotateWebhookEndpointSecretInput!) { rotateWebhookEndpointSecret(input: $input) {
        secret previousSecretExpiresAt endpoint { id previousSecretExpiresAt } } }`;
      for (const overlapSeconds of [-1, 604_801])
        expect(await err(ROTATE, { input: { id, overlapSeconds } }, w.itAdminA.token)).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: 'overlapSeconds',
        });
      expect((await err(ROTATE, { input: { id } }, itAdminB)).code).toBe('NOT_FOUND');
      expect((await err(ROTATE, { input: { id, version: 99 } }, w.itAdminA.token)).code).toBe('CONFLICT');

      // Ten seconds of overlap: long enough for the delivery below, short enough to see it end.
      const rotated = (
        await t.query(ROTATE, { input: { id, overlapSeconds: 10 } }, { token: w.itAdminA.token })
      ).rotateWebhookEndpointSecret;
      const newSecret: string = rotated.secret;
      expect(newSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      expect(newSecret).not.toBe(oldSecret);
      const overlapEnds = Date.parse(rotated.previousSecretExpiresAt);
      expect(overlapEnds - Date.now()).toBeGreaterThan(5_000);
      expect(overlapEnds - Date.now()).toBeLessThanOrEqual(10_000);
      expect(rotated.endpoint).toEqual({ id, previousSecretExpiresAt: rotated.previousSecretExpiresAt });
      // Shown once: sealed at rest, never audited.
      const [row] = await t.sql(
        `select secret_sealed, previous_secret_sealed from webhooks_endpoint where id = $1`,
        [id],
      );
      expect(row.secret_sealed).toMatch(/^v1:/);
      expect(row.previous_secret_sealed).toMatch(/^v1:/);
      expect(`${row.secret_sealed}${row.previous_secret_sealed}`).not.toContain(newSecret.slice(6));
      const audit = await t.sql(
        `select action, after::text as after from core_audit_entry where entity_id = $1`,
        [id],
      );
      expect(audit.map((a) => a.action)).toContain('webhooks.endpoint.rotate-secret');
      for (const entry of audit) {
        expect(entry.after).not.toContain(newSecret.slice(6));
        expect(entry.after).not.toContain(oldSecret.slice(6));
      }

      const header = (hit: Hit) => ({
        timestamp: String(hit.headers['x-webhook-timestamp']),
        signature: String(hit.headers['x-webhook-signature']),
      });
      // During the overlap: two signatures, the new secret's first; a receiver holding either accepts.
      await t.query(ISSUE_TICKET, { input: { kioskCredential: qw.credential, serviceId: qw.serviceId } });
      await until(() => rotating.hits.length === 1, 'the delivery during the overlap', 15_000);
      expect(Date.now()).toBeLessThan(overlapEnds);
      const during = rotating.hits[0];
      const parts = header(during).signature.split(',');
      expect(parts).toHaveLength(2);
      for (const part of parts) expect(part).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(verifySignature(newSecret, header(during), during.body)).toBe(true);
      expect(verifySignature(oldSecret, header(during), during.body)).toBe(true);
      const alone = (signature: string) => ({ ...header(during), signature });
      expect(verifySignature(newSecret, alone(parts[0]), during.body)).toBe(true);
      expect(verifySignature(oldSecret, alone(parts[1]), during.body)).toBe(true);
      expect(verifySignature(oldSecret, alone(parts[0]), during.body)).toBe(false);

      // After the overlap: the new secret's signature only, and the old secret is gone from the row.
      await new Promise((r) => setTimeout(r, Math.max(0, overlapEnds - Date.now()) + 500));
      expect(
        (
          await t.query(
            `query($id: ID!) { webhookEndpoint(id: $id) { previousSecretExpiresAt } }`,
            { id },
            { token: w.itAdminA.token },
          )
        ).webhookEndpoint,
      ).toEqual({ previousSecretExpiresAt: null });
      await t.query(ISSUE_TICKET, { input: { kioskCredential: qw.credential, serviceId: qw.serviceId } });
      await until(() => rotating.hits.length === 2, 'the delivery after the overlap', 15_000);
      const after = rotating.hits[1];
      expect(header(after).signature).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(verifySignature(newSecret, header(after), after.body)).toBe(true);
      expect(verifySignature(oldSecret, header(after), after.body)).toBe(false);
      expect(
        await t.sql(
          `select previous_secret_sealed, previous_secret_expires_at from webhooks_endpoint where id = $1`,
          [id],
        ),
      ).toEqual([{ previous_secret_sealed: null, previous_secret_expires_at: null }]);

      // No overlap: the secret before is dropped at once.
      const at_once = (
        await t.query(ROTATE, { input: { id, overlapSeconds: 0 } }, { token: w.itAdminA.token })
      ).rotateWebhookEndpointSecret;
      expect(at_once.previousSecretExpiresAt).toBeNull();
      await t.query(ISSUE_TICKET, { input: { kioskCredential: qw.credential, serviceId: qw.serviceId } });
      await until(() => rotating.hits.length === 3, 'the delivery after a rotation without overlap', 15_000);
      const last = rotating.hits[2];
      expect(verifySignature(at_once.secret, header(last), last.body)).toBe(true);
      expect(verifySignature(newSecret, header(last), last.body)).toBe(false);
      expect(header(last).signature.split(',')).toHaveLength(1);
    } finally {
      await rotating.close();
    }
  });
});

/**
 * As in production (no WEBHOOKS_ALLOW_PRIVATE_TARGETS): endpoints on the machine itself, a private
 * network or the cloud metadata address are refused at registration, and a name that points there
 * at delivery time (DNS rebinding) is refused at connection time: the receiver listening there is
 * never reached and the delivery ends FAILED after WEBHOOKS_MAX_ATTEMPTS.
 */
describe('webhooks plugin without private targets', () => {
  let t: TestApp;
  let w: StaffWorld;
  let qw: QueueWorld;
  let inside: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    inside = await startReceiver(0);
    t = await createTestApp({
      plugins: [staffPlugin, camerasPlugin, proceduresPlugin, queuePlugin, webhooksPlugin],
      env: { CAMERAS_PROBE_SCHEDULE: 'off', WEBHOOKS_MAX_ATTEMPTS: '2' },
      runWorker: true,
    });
    w = await arrangeStaffWorld(t);
    qw = await arrangeQueue(t, w);
  });
  afterAll(async () => {
    await t?.close();
    await inside?.close();
  });

  it('refuses addresses that are not public, and a name that points inside at delivery time', async () => {
    const input = { agencyId: w.agencyA.id, events: ['queue.ticket.issued'] };
    for (const url of [
      inside.url, // http://127.0.0.1:…
      'http://dvc.example.vn/hook',
      `https://127.0.0.1:${inside.port}/hooks`,
      `https://localhost:${inside.port}/hooks`,
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hooks',
      'https://[::ffff:192.168.1.10]/hooks',
      'https://10.20.30.40/hooks',
    ]) {
      const result = await t.request(
        CreateWebhookEndpointDocument,
        { input: { ...input, url } },
        { token: w.itAdminA.token },
      );
      expect([url, result.errors?.[0]?.extensions]).toEqual([
        url,
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'url' }),
      ]);
    }
    expect(await t.sql(`select count(*)::int as n from webhooks_endpoint`)).toEqual([{ n: 0 }]);

    // A public address is accepted; then the endpoint's name comes to point at this machine.
    const created = (
      await t.query(
        CreateWebhookEndpointDocument,
        { input: { ...input, url: 'https://1.1.1.1/hooks' } },
        { token: w.itAdminA.token },
      )
    ).createWebhookEndpoint;
    const UPDATE = `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { url } }`;
    for (const [change, field] of [
      [{ url: `https://127.0.0.1:${inside.port}/hooks` }, 'url'],
      [{ description: 'x'.repeat(501) }, 'description'],
    ] as const) {
      const result = await t.request(
        UPDATE,
        { input: { id: created.endpoint.id, ...change } },
        { token: w.itAdminA.token },
      );
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // Through the API it stays public; the name's records change behind the platform's back.
    await t.sql(`update webhooks_endpoint set url = $2 where id = $1`, [
      created.endpoint.id,
      `https://localhost:${inside.port}/hooks`,
    ]);
    await t.query(ISSUE_TICKET, { input: { kioskCredential: qw.credential, serviceId: qw.serviceId } });
    const read = async () =>
      (
        await t.query(
          `query($id: ID!) { webhookEndpoint(id: $id) { deliveries { nodes { status attempts responseStatus lastError } } } }`,
          { id: created.endpoint.id },
          { token: w.itAdminA.token },
        )
      ).webhookEndpoint.deliveries;
    const failed = await logUntil(read, (d) => d.status === 'FAILED', 'the refused delivery to end FAILED');
    expect(failed.nodes[0]).toMatchObject({
      attempts: 2,
      responseStatus: null,
      lastError: expect.stringMatching(/^refused target: localhost resolves to .*loopback/),
    });
    expect(inside.connections()).toBe(0);
  });
});

/**
 * An operator allows one internal network on purpose (WEBHOOKS_ALLOWED_INTERNAL, as in production:
 * no development switch): an endpoint there is accepted at registration and connected to at delivery
 * time; an internal address outside the list is still refused at both. The receiver is a plain HTTP
 * server on 127.0.0.1 and the endpoint https://: it is reached (the TLS handshake then fails and the
 * attempt is logged as a connection failure, not a refused target), which is what the check decides.
 */
describe('webhooks plugin with an internal allow-list', () => {
  let t: TestApp;
  let w: StaffWorld;
  let qw: QueueWorld;
  let inside: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    inside = await startReceiver(0);
    t = await createTestApp({
      plugins: [staffPlugin, camerasPlugin, proceduresPlugin, queuePlugin, webhooksPlugin],
      env: {
        CAMERAS_PROBE_SCHEDULE: 'off',
        WEBHOOKS_MAX_ATTEMPTS: '1',
        WEBHOOKS_ALLOWED_INTERNAL: '127.0.0.1/32,intranet.invalid',
      },
      runWorker: true,
    });
    w = await arrangeStaffWorld(t);
    qw = await arrangeQueue(t, w);
  });
  afterAll(async () => {
    await t?.close();
    await inside?.close();
  });

  it('accepts and connects to an allowed internal address; refuses one outside the list', async () => {
    const input = { agencyId: w.agencyA.id, events: ['queue.ticket.issued'] };
    const allowed = `https://127.0.0.1:${inside.port}/hooks`;
    for (const url of [`https://127.0.0.2:${inside.port}/hooks`, 'https://10.1.2.3/hooks', inside.url]) {
      const result = await t.request(
        CreateWebhookEndpointDocument,
        { input: { ...input, url } },
        { token: w.itAdminA.token },
      );
      expect([url, result.errors?.[0]?.extensions]).toEqual([
        url,
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'url' }),
      ]);
    }
    const created = (
      await t.query(
        CreateWebhookEndpointDocument,
        { input: { ...input, url: allowed } },
        { token: w.itAdminA.token },
      )
    ).createWebhookEndpoint;
    // A second endpoint whose address leaves the list behind the platform's back (as by DNS).
    const moved = (
      await t.query(
        CreateWebhookEndpointDocument,
        { input: { ...input, url: allowed } },
        { token: w.itAdminA.token },
      )
    ).createWebhookEndpoint;
    await t.sql(`update webhooks_endpoint set url = $2 where id = $1`, [
      moved.endpoint.id,
      `https://127.0.0.2:${inside.port}/hooks`,
    ]);
    await t.query(ISSUE_TICKET, { input: { kioskCredential: qw.credential, serviceId: qw.serviceId } });
    const read = (id: string) => async () =>
      (
        await t.query(
          `query($id: ID!) { webhookEndpoint(id: $id) { deliveries { nodes { status attempts lastError } } } }`,
          { id },
          { token: w.itAdminA.token },
        )
      ).webhookEndpoint.deliveries;
    const reached = await logUntil(read(created.endpoint.id), (d) => d.status === 'FAILED', 'the attempt');
    expect(reached.nodes[0].lastError).toMatch(/^could not connect/);
    expect(inside.connections()).toBeGreaterThanOrEqual(1);
    const refusedAt = await logUntil(read(moved.endpoint.id), (d) => d.status === 'FAILED', 'the refusal');
    expect(refusedAt.nodes[0].lastError).toBe(
      'refused target: 127.0.0.2 is a loopback, private or reserved address',
    );
  });

  it('refuses to start with an entry it cannot read', async () => {
    await expect(
      createTestApp({
        plugins: [staffPlugin, webhooksPlugin],
        env: { WEBHOOKS_ALLOWED_INTERNAL: '10.0.0.0/4,intranet' },
      }),
    ).rejects.toThrow(/WEBHOOKS_ALLOWED_INTERNAL: "10\.0\.0\.0\/4" is too broad/);
  });
});
