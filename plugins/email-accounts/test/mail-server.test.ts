import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { verify } from '@node-rs/argon2';
import { createTestApp, startTestSmtpServer, TestApp, CapturedMail } from '../../../test/harness';
import {
  mailServerAvailability,
  renderPostfixMaps,
  startPrivateDovecot,
  PostfixMaps,
  PrivateDovecot,
} from '../../../test/mail-server';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { emailAccountsPlugin } from '..';
import {
  CreateMailAliasDocument,
  CreateMailDomainDocument,
  CreateMailboxDocument,
  MailboxDocument,
  MarkOfficialLeftDocument,
  ReactivateMailboxDocument,
  ResetMailboxPasswordDocument,
  UpdateMailDomainDocument,
} from '../../../test/graphql/generated';

/**
 * The "Done when": a real Dovecot 2.3 reads the test database through the views; a mailbox
 * made through the GraphQL API is signed in to over IMAP with the password that came by mail; the
 * quota shows; suspended, wrong-password and left logins are refused; Postfix's maps answer with
 * `postmap -q`; an official marked as left is suspended and forwarded to the unit mailbox.
 */
const availability = mailServerAvailability();
if (availability.skipReason) {
  console.warn(`SKIPPED email-accounts mail-server tests: ${availability.skipReason}`);
}
const describeMail = availability.skipReason ? describe.skip : describe;

const DOMAIN = 'halong.quangninh.gov.vn';
const MiB = 1024 * 1024;

describeMail('official mailboxes on a real Dovecot and Postfix maps', () => {
  let t: TestApp;
  let w: StaffWorld;
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let dovecot: PrivateDovecot;
  let maps: PostfixMaps;
  let domainId: string;
  let unitMailboxId: string;
  let mailboxId: string;
  let password: string;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestApp({
      plugins: [staffPlugin, emailAccountsPlugin],
      env: { SMTP_URL: smtp.url, EMAIL_ACCOUNTS_IMAP_HOST: 'mail.quangninh.gov.vn' },
    });
    w = await arrangeStaffWorld(t);
    dovecot = await startPrivateDovecot({ databaseUrl: t.databaseUrl, dovecotBinary: availability.dovecot! });
    maps = await renderPostfixMaps({
      databaseUrl: t.databaseUrl,
      postfixUser: dovecot.db.postfix.user,
      postfixPassword: dovecot.db.postfix.password,
      postmapBinary: availability.postmap!,
    });

    const admin = { token: w.adminToken };
    domainId = (
      await t.query(
        CreateMailDomainDocument,
        {
          input: {
            name: DOMAIN,
            agencyId: w.agencyA.id,
            maxMailboxes: 50,
            defaultQuotaMb: 100,
            maxQuotaMb: 2048,
          },
        },
        admin,
      )
    ).createMailDomain.id;
    unitMailboxId = (
      await t.query(
        CreateMailboxDocument,
        {
          input: {
            domainId,
            kind: 'SHARED',
            localPart: 'vanphong',
            displayName: 'Văn phòng UBND phường Hạ Long',
            delegateOfficialIds: [w.officerA.id],
          },
        },
        { token: w.itAdminA.token },
      )
    ).createMailbox.id;
    await t.query(
      UpdateMailDomainDocument,
      { input: { id: domainId, leaverMailboxId: unitMailboxId } },
      admin,
    );
  });

  afterAll(async () => {
    await maps?.close();
    await dovecot?.close();
    await t?.close();
    await smtp?.close();
  });

  async function imap(
    user: string,
    pass: string,
  ): Promise<{ ok: true; quota: any } | { ok: false; error: any }> {
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      auth: { user, pass },
      logger: false,
      disableAutoIdle: true,
    });
    try {
      await client.connect();
      const quota = await client.getQuota('INBOX');
      await client.logout();
      return { ok: true, quota };
    } catch (error) {
      client.close();
      return { ok: false, error };
    }
  }

  /** Delivers a message over LMTP, as Postfix's virtual_transport does. */
  async function deliver(to: string, bytes: number): Promise<void> {
    const lmtp = nodemailer.createTransport({
      host: dovecot.host,
      port: dovecot.lmtpPort,
      lmtp: true,
      secure: false,
      ignoreTLS: true,
    } as never);
    try {
      await lmtp.sendMail({ from: 'vanthu@example.org', to, subject: 'Công văn', text: 'x'.repeat(bytes) });
    } finally {
      lmtp.close();
    }
  }

  const passwordIn = (mail: CapturedMail) => /Mật khẩu: (\S+)/.exec(mail.text)?.[1] ?? '';

  it('provisions a mailbox through the API; the credential job carries no password; the password arrives by mail', async () => {
    const created = await t.query(
      CreateMailboxDocument,
      {
        input: { domainId, officialId: w.officerA.id },
      },
      { token: w.itAdminA.token },
    );
    mailboxId = created.createMailbox.id;
    expect(created.createMailbox).toMatchObject({
      address: `hungnv@${DOMAIN}`,
      state: 'REQUESTED',
      quotaMb: 100,
    });

    const queued =
      await t.sql(`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
      where k.identifier = 'email-accounts.deliver-credentials'`);
    expect(queued).toHaveLength(1);
    expect(Object.keys(queued[0].payload)).toEqual(['deliveryId']);

    await t.runJobs();
    const mail = await smtp.waitFor(
      (m) => m.to.includes('canbo@example.org') && m.subject.includes(`hungnv@${DOMAIN}`),
    );
    expect(mail.subject).toBe(`Cấp hộp thư điện tử công vụ hungnv@${DOMAIN}`);
    expect(mail.text).toContain('Kính gửi Nguyễn Văn Hùng');
    expect(mail.text).toContain('mail.quangninh.gov.vn');
    password = passwordIn(mail);
    expect(password).toMatch(/^\S{16}$/);

    const [row] = await t.sql(`select state, password_hash from email_accounts_mailbox where id = $1`, [
      mailboxId,
    ]);
    expect(row.state).toBe('ACTIVE');
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain(password);
    const leaks = await t.sql(
      `select count(*)::int as n from core_audit_entry where coalesce(after::text, '') || coalesce(before::text, '') like '%' || $1 || '%'`,
      [password],
    );
    expect(leaks[0].n).toBe(0);
  });

  it('signs in over IMAP with the mailed password and sees the quota (GETQUOTAROOT)', async () => {
    const result = await imap(`hungnv@${DOMAIN}`, password);
    expect(result.ok).toBe(true);
    const quota = (result as { quota: any }).quota;
    expect(quota.storage.limit).toBe(100 * MiB);
    expect(quota.storage.usage).toBe(0);
  });

  it('mail delivered over LMTP (as Postfix does) counts against the quota', async () => {
    await deliver(`hungnv@${DOMAIN}`, 200 * 1024);
    const result = await imap(`hungnv@${DOMAIN}`, password);
    expect(result.ok).toBe(true);
    const usage = (result as { quota: any }).quota.storage.usage;
    expect(usage).toBeGreaterThan(200 * 1024);
    expect(usage).toBeLessThan(220 * 1024);
  });

  it('a quota change reaches Dovecot at the next login; the user name is case-insensitive', async () => {
    await t.query(
      `mutation($input: UpdateMailboxInput!) { updateMailbox(input: $input) { quotaMb } }`,
      { input: { id: mailboxId, quotaMb: 1536 } },
      { token: w.itAdminA.token },
    );
    const result = await imap(`HungNV@${DOMAIN.toUpperCase()}`, password);
    expect(result.ok).toBe(true);
    expect((result as { quota: any }).quota.storage.limit).toBe(1536 * MiB);
  });

  it('a delegate signs in to the shared unit mailbox with their own password', async () => {
    const result = await imap(`vanphong@${DOMAIN}*hungnv@${DOMAIN}`, password);
    expect(result.ok).toBe(true);
    expect((result as { quota: any }).quota.storage.limit).toBe(100 * MiB);
  });

  it('the owner changes the password under the policy; the old one is refused', async () => {
    const change = (newPassword: string) =>
      t.request(
        `mutation($input: ChangeMailboxPasswordInput!) { changeMailboxPassword(input: $input) { mustChangePassword } }`,
        { input: { mailboxId, currentPassword: password, newPassword } },
        { token: w.officerA.token },
      );
    const weak = await change('short1A!');
    expect(weak.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(weak.errors?.[0].message).not.toContain('short1A!');
    const named = await change('Hungnv-2025-abc');
    expect(named.errors?.[0].message).toContain('not your address or name');
    const other = await t.request(
      `mutation($input: ChangeMailboxPasswordInput!) { changeMailboxPassword(input: $input) { id } }`,
      { input: { mailboxId, currentPassword: password, newPassword: 'Quảng-Ninh-2025!' } },
      { token: w.officerB.token },
    );
    expect(other.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const ok = await change('Quảng-Ninh-2025!');
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.changeMailboxPassword.mustChangePassword).toBe(false);
    expect((await imap(`hungnv@${DOMAIN}`, 'Quảng-Ninh-2025!')).ok).toBe(true);
    const old = await imap(`hungnv@${DOMAIN}`, password);
    expect(old.ok).toBe(false);
    expect((old as { error: any }).error.authenticationFailed).toBe(true);
    password = 'Quảng-Ninh-2025!';
  });

  it('bounds attempts to change the password (EMAIL_ACCOUNTS_PASSWORD_CHANGES_PER_HOUR, 10): then even the right one waits', async () => {
    const change = (currentPassword: string) =>
      t.request(
        `mutation($input: ChangeMailboxPasswordInput!) { changeMailboxPassword(input: $input) { id } }`,
        { input: { mailboxId, currentPassword, newPassword: 'Hạ-Long-Bay-2026!' } },
        { token: w.officerA.token },
      );
    const codes: string[] = [];
    for (let i = 0; i < 12; i++)
      codes.push((await change(`Sai-mat-khau-${i}!`)).errors?.[0].extensions?.code as string);
    // The previous test made 3 attempts this hour: 7 more are answered, then the limit holds.
    expect(codes).toEqual([...Array(7).fill('BAD_USER_INPUT'), ...Array(5).fill('TOO_MANY_REQUESTS')]);
    expect((await change(password)).errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
    expect((await imap(`hungnv@${DOMAIN}`, password)).ok).toBe(true); // unchanged
  });

  it('a suspended mailbox is refused but still receives mail; reactivated, it signs in again', async () => {
    const before = ((await imap(`hungnv@${DOMAIN}`, password)) as { quota: any }).quota.storage.usage;
    await t.query(
      `mutation($input: MailboxIdInput!) { suspendMailbox(input: $input) { state } }`,
      { input: { id: mailboxId } },
      { token: w.itAdminA.token },
    );
    const refused = await imap(`hungnv@${DOMAIN}`, password);
    expect(refused.ok).toBe(false);
    expect((refused as { error: any }).error.authenticationFailed).toBe(true);
    await deliver(`hungnv@${DOMAIN}`, 50 * 1024);
    await t.query(ReactivateMailboxDocument, { input: { id: mailboxId } }, { token: w.itAdminA.token });
    const back = await imap(`hungnv@${DOMAIN}`, password);
    expect(back.ok).toBe(true);
    expect((back as { quota: any }).quota.storage.usage).toBeGreaterThan(before + 50 * 1024);
  });

  it('a retried credential delivery mails the password that is stored, never an earlier one', async () => {
    const mailer = t.app.services.mailer;
    const realSend = mailer.send.bind(mailer);
    let failures = 0;
    mailer.send = async (message, key) => {
      if (failures++ === 0) throw new Error('SMTP is down');
      return realSend(message, key);
    };
    try {
      await t.query(ResetMailboxPasswordDocument, { input: { mailboxId } }, { token: w.itAdminA.token });
      await t.runJobs();
      const [afterFailure] = await t.sql(
        `select state, generation from email_accounts_credential_delivery where mailbox_id = $1 order by created_at desc limit 1`,
        [mailboxId],
      );
      expect(afterFailure).toEqual({ state: 'PENDING', generation: 1 });
      // The retry graphile-worker would make after its backoff, made now (as an admin's retryJobs would).
      const waiting = await t.sql(
        `select id::text from graphile_worker.jobs where task_identifier = 'email-accounts.deliver-credentials'`,
      );
      expect(waiting).toHaveLength(1);
      await t.app.services.jobs.retry(waiting.map((j) => j.id));
      await t.runJobs();
    } finally {
      mailer.send = realSend;
    }
    const [delivery] = await t.sql(
      `select id, state, generation from email_accounts_credential_delivery where mailbox_id = $1 order by created_at desc limit 1`,
      [mailboxId],
    );
    expect(delivery).toMatchObject({ state: 'SENT', generation: 2 });
    const mail = await smtp.waitFor((m) => m.subject === `Cấp lại mật khẩu hộp thư hungnv@${DOMAIN}`);
    expect(mail.parsed.messageId).toContain(`email-accounts-credentials-${delivery.id}-2@`);
    const resetPassword = passwordIn(mail);
    const [row] = await t.sql(`select password_hash from email_accounts_mailbox where id = $1`, [mailboxId]);
    expect(await verify(row.password_hash, resetPassword)).toBe(true);
    expect((await imap(`hungnv@${DOMAIN}`, resetPassword)).ok).toBe(true);
    password = resetPassword;
  });

  it('Postfix maps answer from the same views (postmap -q)', async () => {
    await t.query(
      CreateMailAliasDocument,
      {
        input: {
          domainId,
          kind: 'LIST',
          localPart: 'toanthe',
          name: 'Toàn thể UBND phường Hạ Long',
          source: 'AGENCY',
          targets: [{ address: 'ChuTich.QuangNinh@Example.org' }],
        },
      },
      { token: w.itAdminA.token },
    );
    await t.query(
      CreateMailAliasDocument,
      {
        input: { domainId, kind: 'ALIAS', localPart: 'motcua', targets: [{ mailboxId }] },
      },
      { token: w.itAdminA.token },
    );

    expect(await maps.query('domains', DOMAIN)).toBe(DOMAIN);
    expect(await maps.query('domains', 'baichay.quangninh.gov.vn')).toBeNull();
    expect(await maps.query('mailboxes', `HUNGNV@${DOMAIN}`)).toBe(`${DOMAIN}/hungnv/Maildir/`);
    expect(await maps.query('mailboxes', `vanphong@${DOMAIN}`)).toBe(`${DOMAIN}/vanphong/Maildir/`);
    expect(await maps.query('mailboxes', `nobody@${DOMAIN}`)).toBeNull();
    expect(await maps.query('aliases', `motcua@${DOMAIN}`)).toBe(`hungnv@${DOMAIN}`);
    expect((await maps.query('aliases', `toanthe@${DOMAIN}`))!.split(',').sort()).toEqual([
      'chutich.quangninh@example.org',
      `hungnv@${DOMAIN}`,
    ]);
    expect(await maps.query('aliases', `hungnv@${DOMAIN}`)).toBeNull();

    // Who may send as an address (smtpd_sender_login_maps): the mailbox itself, the mailboxes an
    // alias delivers to, the delegates of a shared mailbox; a list is nobody's sender address.
    expect(await maps.query('senderLogins', `HungNV@${DOMAIN}`)).toBe(`hungnv@${DOMAIN}`);
    expect(await maps.query('senderLogins', `motcua@${DOMAIN}`)).toBe(`hungnv@${DOMAIN}`);
    expect((await maps.query('senderLogins', `vanphong@${DOMAIN}`))!.split(',').sort()).toEqual([
      `hungnv@${DOMAIN}`,
      `vanphong@${DOMAIN}`,
    ]);
    expect(await maps.query('senderLogins', `toanthe@${DOMAIN}`)).toBeNull();
    expect(await maps.query('senderLogins', `nobody@${DOMAIN}`)).toBeNull();
  });

  it('marking the official as left suspends the mailbox and forwards its mail to the unit mailbox', async () => {
    await t.query(
      MarkOfficialLeftDocument,
      { input: { officialId: w.officerA.id } },
      { token: w.adminToken },
    );
    await t.runJobs();

    const data = await t.query(MailboxDocument, { id: mailboxId }, { token: w.itAdminA.token });
    expect(data.mailbox).toMatchObject({
      state: 'SUSPENDED',
      suspension: 'OFFICIAL_LEFT',
      forwardTo: { address: `vanphong@${DOMAIN}` },
    });
    expect(await maps.query('aliases', `hungnv@${DOMAIN}`)).toBe(`vanphong@${DOMAIN}`);
    // A suspended mailbox sends as nobody, not even itself.
    expect(await maps.query('senderLogins', `hungnv@${DOMAIN}`)).toBeNull();
    // Still a mailbox for Postfix (its old mail stays), but the alias wins: mail goes to the unit.
    expect(await maps.query('mailboxes', `hungnv@${DOMAIN}`)).toBe(`${DOMAIN}/hungnv/Maildir/`);
    // The alias that pointed at the person still reaches someone (through the forward); the list dropped them.
    expect(await maps.query('aliases', `toanthe@${DOMAIN}`)).toBe('chutich.quangninh@example.org');
    await smtp.waitFor(
      (m) => m.to.includes(`vanphong@${DOMAIN}`) && m.subject === `Chuyển tiếp thư của hungnv@${DOMAIN}`,
    );

    const refused = await imap(`hungnv@${DOMAIN}`, password);
    expect(refused.ok).toBe(false);
    expect((refused as { error: any }).error.authenticationFailed).toBe(true);
  });
});
