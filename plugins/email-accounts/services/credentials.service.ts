import {
  BadInputError,
  DomainError,
  NotFoundError,
  UnauthenticatedError,
  optionsOf,
  enforceRateLimit,
  formatLocalDateTime,
  now,
  type JobRunInfo,
  type RequestContext,
} from '../../../src';
import { EmailAccountsErrorCodes } from '../errors';
import { directory } from '../../staff';
import { CredentialDelivery } from '../entities/credential-delivery.entity';
import { Mailbox } from '../entities/mailbox.entity';
import { DeliveryKind, DeliveryState, MailboxKind, MailboxState } from '../entities/enums';
import { EmailPermissions } from '../permissions';
import { PLUGIN_ID, type EmailAccountsOptions } from '../options';
import { credentialMail, passwordSentElsewhereMail } from '../notifications/templates';
import { checkExternalAddress, nameParts, splitAddress } from './addresses';
import { generatePassword, hashPassword, passwordProblems, verifyPassword } from './passwords';
import { ownerOf, requireScoped } from './scope';
import { EmailAccountsRecords } from '../errors';

export const DELIVER_CREDENTIALS_JOB = 'email-accounts.deliver-credentials';

export interface DeliverCredentialsPayload {
  /** Only the delivery's id: the password is generated inside the job and never queued. */
  deliveryId: string;
}

/**
 * Passwords: generated ones are created, hashed, stored and mailed inside one job (see deliver());
 * chosen ones are checked against the policy and stored as argon2id hashes. Nothing here logs,
 * audits or returns a password.
 */
export class CredentialsService {
  /**
   * Queues a credential mail for the mailbox in the caller's transaction, replacing any delivery
   * still pending (only the newest password request counts).
   */
  async request(
    ctx: RequestContext,
    mailbox: Mailbox,
    kind: DeliveryKind,
    recipient: string,
  ): Promise<CredentialDelivery> {
    await this.cancelPending(ctx, mailbox.id);
    const delivery = ctx.em.create(CredentialDelivery, {
      mailbox,
      kind,
      recipient: checkExternalAddress(recipient, 'deliverTo'),
      requestedBy: ctx.user?.username ?? 'system',
    });
    await ctx.em.flush();
    await ctx.enqueue(
      DELIVER_CREDENTIALS_JOB,
      { deliveryId: delivery.id } satisfies DeliverCredentialsPayload,
      { jobKey: `email-accounts-credentials-${mailbox.id}` },
    );
    return delivery;
  }

  async cancelPending(ctx: RequestContext, mailboxId: string): Promise<void> {
    await ctx.em.execute(
      `update email_accounts_credential_delivery set state = 'CANCELLED', updated_at = now() where mailbox_id = ? and state = 'PENDING'`,
      [mailboxId],
    );
  }

  /** Admin reset: a new generated password for a personal mailbox, mailed to the owner's personal address. */
  async reset(
    ctx: RequestContext,
    input: { mailboxId: string; deliverTo?: string | null },
  ): Promise<CredentialDelivery> {
    const mailbox = await ctx.em.findOne(Mailbox, { id: input.mailboxId });
    if (!mailbox) throw new NotFoundError(EmailAccountsRecords.mailbox, input.mailboxId);
    await requireScoped(
      ctx,
      EmailPermissions.manage,
      await ownerOf(mailbox),
      EmailAccountsRecords.mailbox,
      input.mailboxId,
    );
    if (mailbox.kind !== MailboxKind.PERSONAL)
      throw new BadInputError(
        {
          vi: 'Hộp thư dùng chung không có mật khẩu riêng: người được ủy quyền dùng mật khẩu của mình',
          en: 'A shared mailbox has no password of its own: its delegates use theirs',
        },
        {
          field: 'mailboxId',
        },
      );
    if (mailbox.state === MailboxState.DELETED)
      throw new DomainError(EmailAccountsErrorCodes.MAILBOX_INVALID_TRANSITION, {
        vi: 'Hộp thư đã bị xoá',
        en: 'The mailbox is deleted',
      });
    const owner = mailbox.officialId ? await directory.official(ctx, mailbox.officialId) : null;
    const recipient = input.deliverTo ?? owner?.personalEmail ?? null;
    if (!recipient)
      throw new BadInputError(
        {
          vi: 'Cán bộ không có địa chỉ thư cá nhân: hãy gửi deliverTo',
          en: 'The official has no personal email address: give deliverTo',
        },
        {
          field: 'deliverTo',
        },
      );
    const delivery = await this.request(ctx, mailbox, DeliveryKind.RESET, recipient);
    // Sent to an address the platform does not know for the owner: the owner is told at the one it
    // knows (their personal address, else the mailbox itself), in this transaction, through the queue.
    const known = owner?.personalEmail?.trim() || null;
    const elsewhere = !known || known.toLowerCase() !== delivery.recipient.toLowerCase();
    const notified = elsewhere ? (known ?? mailbox.address) : null;
    if (notified && notified.toLowerCase() !== delivery.recipient.toLowerCase())
      await ctx.sendMail(
        passwordSentElsewhereMail({
          to: notified,
          displayName: owner?.fullName ?? mailbox.displayName ?? mailbox.address,
          address: mailbox.address,
          recipient: delivery.recipient,
          requestedBy: delivery.requestedBy ?? '?',
          at: formatLocalDateTime(now()),
        }),
      );
    ctx.audit({
      action: 'email-accounts.mailbox.password-reset',
      entityType: 'Mailbox',
      entityId: mailbox.id,
      unitId: mailbox.unitId,
      agencyId: (await ownerOf(mailbox)).agencyId,
      after: { deliveryId: delivery.id, recipient: delivery.recipient, ownerNotifiedAt: notified },
    });
    return delivery;
  }

  /** The owner changes their own password (the current one proves it is them). */
  async change(
    ctx: RequestContext,
    input: { mailboxId: string; currentPassword: string; newPassword: string },
  ): Promise<Mailbox> {
    if (!ctx.user) throw new UnauthenticatedError();
    const me = await directory.actingOfficial(ctx);
    const mailbox = await ctx.em.findOne(Mailbox, { id: input.mailboxId });
    if (!mailbox || !me || mailbox.officialId !== me.id)
      throw new NotFoundError(EmailAccountsRecords.mailbox, input.mailboxId);
    if (mailbox.state !== MailboxState.ACTIVE)
      throw new DomainError(EmailAccountsErrorCodes.MAILBOX_NOT_ACTIVE, {
        vi: 'Chỉ hộp thư đang hoạt động mới đổi được mật khẩu',
        en: 'Only an active mailbox can change its password',
      });
    // Every attempt counts, before the current password is checked: guessing it through the API is bounded.
    const perHour = optionsOf<EmailAccountsOptions>(ctx.app, PLUGIN_ID).passwordChangesPerHour;
    await enforceRateLimit(
      ctx.app,
      { bucket: 'email-accounts.password-change', limit: perHour, windowMs: 3_600_000 },
      mailbox.id,
      {
        vi: 'Mật khẩu của hộp thư này đã đổi quá nhiều lần; vui lòng thử lại sau một giờ',
        en: 'Too many password changes for this mailbox; try again in an hour',
      },
    );
    const [row] = await ctx.em.execute<Array<{ password_hash: string | null }>>(
      `select password_hash from email_accounts_mailbox where id = ?`,
      [mailbox.id],
    );
    if (!(await verifyPassword(row?.password_hash ?? null, input.currentPassword))) {
      throw new BadInputError(
        { vi: 'Mật khẩu hiện tại không đúng', en: 'The current password is not correct' },
        { field: 'currentPassword' },
      );
    }
    const policy = optionsOf<EmailAccountsOptions>(ctx.app, PLUGIN_ID).passwordPolicy;
    const problems = passwordProblems(input.newPassword, policy, [
      splitAddress(mailbox.address).localPart,
      nameParts(mailbox.displayName).join(''),
    ]);
    if (input.newPassword === input.currentPassword) problems.push('different from the current password');
    if (problems.length)
      throw new BadInputError(
        {
          vi: `Mật khẩu mới cần: ${problems.join('; ')}`,
          en: `The new password needs: ${problems.join('; ')}`,
        },
        {
          field: 'newPassword',
          problems,
        },
      );
    const hashed = await hashPassword(
      input.newPassword,
      optionsOf<EmailAccountsOptions>(ctx.app, PLUGIN_ID).argon2,
    );
    await this.cancelPending(ctx, mailbox.id);
    mailbox.passwordHash = hashed;
    mailbox.passwordSetAt = new Date();
    mailbox.mustChangePassword = false;
    await ctx.em.flush();
    ctx.audit({
      action: 'email-accounts.mailbox.password-change',
      entityType: 'Mailbox',
      entityId: mailbox.id,
      unitId: mailbox.unitId,
      agencyId: (await ownerOf(mailbox)).agencyId,
    });
    return mailbox;
  }

  /**
   * The delivery job. Idempotent and safe to retry:
   * 1. a delivery that is no longer PENDING (sent, or replaced by a newer request) does nothing;
   * 2. a fresh password is generated and hashed, and the hash is stored (with the delivery's
   *    generation counter) and committed BEFORE the mail leaves, so any mail that is sent carries
   *    the password Dovecot checks: a retry after a failed send never mails a stale password;
   * 3. the mail goes out with a Message-ID of the delivery and generation; then the delivery is SENT.
   * If the process dies between 3's send and the SENT mark, the retry mails a newer password that
   * replaces the first (the mail says so). The password never enters the job payload, the database,
   * the log or the audit trail.
   */
  async deliver(ctx: RequestContext, payload: DeliverCredentialsPayload, _run?: JobRunInfo): Promise<void> {
    const options = optionsOf<EmailAccountsOptions>(ctx.app, PLUGIN_ID);
    const [row] = await ctx.em.execute<
      Array<{
        state: DeliveryState;
        kind: DeliveryKind;
        recipient: string;
        mailbox_id: string;
        address: string;
        display_name: string;
        mailbox_state: MailboxState;
        unit_id: string;
        agency_id: string;
      }>
    >(
      `select d.state, d.kind, d.recipient, d.mailbox_id, m.address, m.display_name, m.state as mailbox_state, m.unit_id, md.agency_id
         from email_accounts_credential_delivery d join email_accounts_mailbox m on m.id = d.mailbox_id
         join email_accounts_domain md on md.id = m.domain_id where d.id = ?`,
      [payload.deliveryId],
    );
    if (!row || row.state !== DeliveryState.PENDING) return;
    if (row.mailbox_state === MailboxState.DELETED) {
      await ctx.em.execute(
        `update email_accounts_credential_delivery set state = 'CANCELLED', updated_at = now() where id = ?`,
        [payload.deliveryId],
      );
      return;
    }

    const password = generatePassword();
    const hashed = await hashPassword(password, options.argon2);
    const generation = await ctx.transactional(async () => {
      const updated = await ctx.em.execute<Array<{ generation: number }>>(
        `update email_accounts_credential_delivery set generation = generation + 1, updated_at = now()
          where id = ? and state = 'PENDING' returning generation`,
        [payload.deliveryId],
      );
      if (!updated.length) return null;
      await ctx.em.execute(
        `update email_accounts_mailbox
            set password_hash = ?, password_set_at = now(), must_change_password = true,
                state_since = case when state = 'REQUESTED' then now() else state_since end,
                state = case when state = 'REQUESTED' then 'ACTIVE'::email_accounts_mailbox_state else state end,
                version = version + 1, updated_at = now()
          where id = ?`,
        [hashed, row.mailbox_id],
      );
      ctx.audit({
        action: 'email-accounts.mailbox.password-generated',
        entityType: 'Mailbox',
        entityId: row.mailbox_id,
        unitId: row.unit_id,
        agencyId: row.agency_id,
        after: { deliveryId: payload.deliveryId, kind: row.kind, generation: updated[0].generation },
      });
      return updated[0].generation;
    });
    if (generation === null) return;

    await ctx.app.mailer.send(
      credentialMail({
        to: row.recipient,
        displayName: row.display_name,
        address: row.address,
        password,
        kind: row.kind,
        server: options.server,
      }),
      `email-accounts-credentials-${payload.deliveryId}-${generation}`,
    );
    await ctx.em.execute(
      `update email_accounts_credential_delivery set state = 'SENT', sent_at = now(), updated_at = now() where id = ? and generation = ?`,
      [payload.deliveryId, generation],
    );
    ctx.logger.info(
      { deliveryId: payload.deliveryId, mailboxId: row.mailbox_id, to: row.recipient, generation },
      'mailbox credentials sent',
    );
  }
}

export const credentials = new CredentialsService();
