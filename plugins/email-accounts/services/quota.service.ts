import { BadInputError, NotFoundError, type RequestContext } from '../../../src';
import { Mailbox } from '../entities/mailbox.entity';
import { EmailPermissions } from '../permissions';
import { quotaWarningMail } from '../notifications/templates';
import { ownerOf, requireScoped } from './scope';
import { EmailAccountsRecords } from '../errors';

export const QUOTA_WARNINGS_JOB = 'email-accounts.quota-warnings';
const MIB = 1024 * 1024;

/**
 * Quota warnings from the `used_bytes` the platform knows. Dovecot keeps the real usage (its quota
 * plugin, count backend); without a quota dict shared with the platform, usage reaches us through
 * recordMailboxUsage (an admin, a script running `doveadm quota get -A`, or a future dict writer).
 */
export class QuotaService {
  async recordUsage(
    ctx: RequestContext,
    entries: Array<{ address: string; usedBytes: number }>,
  ): Promise<Mailbox[]> {
    const result: Mailbox[] = [];
    for (const entry of entries) {
      if (!Number.isFinite(entry.usedBytes) || entry.usedBytes < 0)
        throw new BadInputError(
          { vi: 'usedBytes phải là số không âm', en: 'usedBytes must be zero or more' },
          { field: 'usedBytes' },
        );
      const mailbox = await ctx.em.findOne(Mailbox, { address: entry.address.trim().toLowerCase() });
      if (!mailbox) throw new NotFoundError(EmailAccountsRecords.mailbox, entry.address);
      await requireScoped(
        ctx,
        EmailPermissions.manage,
        await ownerOf(mailbox),
        EmailAccountsRecords.mailbox,
        entry.address,
      );
      mailbox.usedBytes = Math.round(entry.usedBytes);
      mailbox.usageUpdatedAt = new Date();
      result.push(mailbox);
    }
    await ctx.em.flush();
    if (result.length) await ctx.enqueue(QUOTA_WARNINGS_JOB, {}, { jobKey: QUOTA_WARNINGS_JOB });
    return result;
  }

  /**
   * Warns each mailbox once per level: at the domain's warning percent, and again when full (then
   * also at the owner's personal address, as a full mailbox may refuse the warning itself). A level
   * is forgotten when usage falls below it, so the next rise warns again. Idempotent.
   */
  async sendWarnings(ctx: RequestContext): Promise<number> {
    return ctx.transactional(async () => {
      await ctx.em.execute(
        `update email_accounts_mailbox m set quota_warned_percent = null
           from email_accounts_domain d
          where d.id = m.domain_id and m.quota_warned_percent is not null
            and m.used_bytes * 100 < m.quota_mb::bigint * ${MIB} * d.quota_warning_percent`,
      );
      const due = await ctx.em.execute<
        Array<{
          id: string;
          address: string;
          display_name: string;
          used_bytes: string;
          quota_mb: number;
          level: number;
          personal_email: string | null;
        }>
      >(
        `select m.id, m.address, m.display_name, m.used_bytes::text, m.quota_mb, o.personal_email,
                case when m.used_bytes >= m.quota_mb::bigint * ${MIB} then 100 else d.quota_warning_percent end as level
           from email_accounts_mailbox m
           join email_accounts_domain d on d.id = m.domain_id
           left join staff_official_v o on o.id = m.official_id
          where m.state in ('ACTIVE', 'SUSPENDED')
            and m.used_bytes * 100 >= m.quota_mb::bigint * ${MIB} * d.quota_warning_percent
            and coalesce(m.quota_warned_percent, 0) < case when m.used_bytes >= m.quota_mb::bigint * ${MIB} then 100 else d.quota_warning_percent end
          for update of m`,
      );
      for (const row of due) {
        const used = Number(row.used_bytes);
        const percent = Math.floor((used * 100) / (row.quota_mb * MIB));
        const to = [row.address, ...(row.level >= 100 && row.personal_email ? [row.personal_email] : [])];
        for (const recipient of to) {
          await ctx.sendMail(
            quotaWarningMail({
              to: recipient,
              displayName: row.display_name,
              address: row.address,
              percent,
              usedMb: Math.round(used / MIB),
              quotaMb: row.quota_mb,
            }),
          );
        }
        await ctx.em.execute(`update email_accounts_mailbox set quota_warned_percent = ? where id = ?`, [
          row.level,
          row.id,
        ]);
      }
      return due.length;
    });
  }
}

export const quota = new QuotaService();
