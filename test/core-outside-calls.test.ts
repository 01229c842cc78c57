import { createServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { OutsideCallInTransactionError } from '../src';
import { KeycloakAdminClient } from '../plugins/staff/keycloak/admin-client';
import { post } from '../plugins/webhooks/services/targets';
import { probe } from '../plugins/cameras/services/probe';
import { createTestApp, startTestSmtpServer, TestApp } from './harness';
import { notesPlugin } from './fixtures/notes.plugin';
import { startKeycloakStandIn, KeycloakStandIn } from './keycloak-stand-in';

/**
 * No call to an outside system from inside a transaction (src/db/outside-calls.ts): the mailer,
 * against a real SMTP server, refuses before it connects when called inside `ctx.transactional`'s
 * work, and sends as usual outside one, after one, and from after-commit work.
 */
describe('outside calls and transactions', () => {
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let t: TestApp;
  const message = (subject: string) => ({ to: 'it@ubnd.example.vn', subject, text: subject });
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestApp({ plugins: [notesPlugin], env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('refuses a mail sent inside a transaction before connecting, and ends the transaction', async () => {
    const ctx = t.app.systemContext();
    const attempt = ctx.transactional(async () => {
      await ctx.em.execute('select 1');
      await t.app.services.mailer.send(message('inside'), 'outside-calls-inside');
    });
    await expect(attempt).rejects.toThrow(OutsideCallInTransactionError);
    await expect(attempt).rejects.toThrow(
      'The mail server was called inside a database transaction: outside calls run in a job',
    );
    expect(smtp.connections()).toBe(0);
    expect(smtp.messages).toEqual([]);
    expect(ctx.em.isInTransaction()).toBe(false);
    expect(t.app.services.transactionSlots.state()).toEqual({ open: 0, waiting: 0 });
  });

  it('refuses it in a nested transaction too, and from a promise the transaction started', async () => {
    const ctx = t.app.systemContext();
    await expect(
      ctx.transactional(() =>
        ctx.transactional(() => t.app.services.mailer.send(message('nested'), 'outside-calls-nested')),
      ),
    ).rejects.toThrow(OutsideCallInTransactionError);
    let late: Promise<void> = Promise.resolve();
    await ctx.transactional(async () => {
      // Started inside, awaited after the commit: it still ran inside, so it is refused.
      late = new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() =>
        t.app.services.mailer.send(message('late'), 'outside-calls-late'),
      );
    });
    await expect(late).rejects.toThrow(OutsideCallInTransactionError);
    expect(smtp.connections()).toBe(0);
  });

  it('sends outside a transaction, after one, and from after-commit work', async () => {
    const ctx = t.app.systemContext();
    await t.app.services.mailer.send(message('outside'), 'outside-calls-outside');
    await ctx.transactional(async () => {
      await ctx.em.execute('select 1');
      ctx.afterCommit(() =>
        t.app.services.mailer.send(message('after commit'), 'outside-calls-after-commit'),
      );
    });
    await ctx.transactional(async () => ctx.em.execute('select 1'));
    await t.app.services.mailer.send(message('after'), 'outside-calls-after');
    for (const subject of ['outside', 'after commit', 'after'])
      await smtp.waitFor((m) => m.subject === subject);
    expect(smtp.messages.map((m) => m.subject).sort()).toEqual(['after', 'after commit', 'outside']);
  });
});

/**
 * Every other client of an outside system refuses the same way, each against a real server that
 * counts what reaches it: the Keycloak admin client (against the Keycloak stand-in), the webhook
 * sender (an HTTP server) and the device probe (a TCP server). Each is also called once outside a
 * transaction, so a count of zero means refused, not unreachable.
 */
describe('clients of outside systems inside a transaction', () => {
  let t: TestApp;
  let kc: KeycloakStandIn;
  let http: { url: string; hits: () => number; close: () => Promise<void> };
  beforeAll(async () => {
    t = await createTestApp({ plugins: [notesPlugin] });
    kc = await startKeycloakStandIn({ realm: 'chinh-quyen' });
    let hits = 0;
    const server = createServer((request, response) => {
      hits++;
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    http = {
      url: `http://127.0.0.1:${port}/hook`,
      hits: () => hits,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  });
  afterAll(async () => {
    await t.close();
    await kc.close();
    await http.close();
  });

  const insideTransaction = (call: () => Promise<unknown>) => {
    const ctx = t.app.systemContext();
    return ctx.transactional(call);
  };

  it('the Keycloak admin client', async () => {
    const client = new KeycloakAdminClient({
      url: `${kc.url}/`,
      realm: kc.realm,
      clientId: kc.clientId,
      clientSecret: kc.clientSecret,
      timeoutMs: 2000,
    });
    const seen = () => kc.requests.length + kc.tokensIssued;
    await expect(insideTransaction(() => client.findUserByUsername('nobody'))).rejects.toThrow(
      'Keycloak was called inside a database transaction',
    );
    expect(seen()).toBe(0);
    await expect(client.findUserByUsername('nobody')).resolves.toBeNull();
    expect(seen()).toBeGreaterThan(0);
  });

  it('the webhook sender', async () => {
    const send = () => post(http.url, '{}', {}, { signal: AbortSignal.timeout(2000), allowPrivate: true });
    await expect(insideTransaction(send)).rejects.toThrow(
      'A webhook receiver was called inside a database transaction',
    );
    expect(http.hits()).toBe(0);
    await expect(send()).resolves.toBe(200);
    expect(http.hits()).toBe(1);
  });

  it('the device probe', async () => {
    let connections = 0;
    const device = createTcpServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => device.listen(0, '127.0.0.1', resolve));
    const target = { kind: 'tcp' as const, host: '127.0.0.1', port: (device.address() as AddressInfo).port };
    try {
      await expect(insideTransaction(() => probe(target, 2000))).rejects.toThrow(
        'A device probe was called inside a database transaction',
      );
      await expect(probe(target, 2000)).resolves.toMatchObject({ ok: true });
      expect(connections).toBe(1);
    } finally {
      await new Promise<void>((resolve) => device.close(() => resolve()));
    }
  });
});
