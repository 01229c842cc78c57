import { BadInputError, ForbiddenError, NotFoundError, optionsOf, type RequestContext } from '../../../src';
import { MailAgencyLimits } from '../entities/agency-limits.entity';
import { MailDomain } from '../entities/mail-domain.entity';
import { EmailPermissions } from '../permissions';
import { PLUGIN_ID, type EmailAccountsOptions } from '../options';
import { MailLimitExceededError } from '../errors';
import { canRead, namedAgency } from './scope';
import { StaffRecords } from '../../staff';

export interface AgencyLimitsView {
  agencyId: string;
  maxDomains: number;
  maxMailboxes: number;
  maxQuotaMb: number;
  /** false: the plugin's defaults (no limits set for this agency). */
  custom: boolean;
  domains: number;
  /** Sum of the maxMailboxes of the agency's domains. */
  mailboxesAllotted: number;
}

/** The domain-to-be of an agency, as create/update would leave it. */
interface DomainPlan {
  id?: string;
  agencyId: string;
  maxMailboxes: number;
  maxQuotaMb: number;
}

export class AgencyLimitsService {
  async limitsOf(
    ctx: RequestContext,
    agencyId: string,
  ): Promise<{ maxDomains: number; maxMailboxes: number; maxQuotaMb: number; custom: boolean }> {
    const row = await ctx.em.findOne(MailAgencyLimits, { agencyId });
    if (row)
      return {
        maxDomains: row.maxDomains,
        maxMailboxes: row.maxMailboxes,
        maxQuotaMb: row.maxQuotaMb,
        custom: true,
      };
    return { ...optionsOf<EmailAccountsOptions>(ctx.app, PLUGIN_ID).agencyLimits, custom: false };
  }

  /**
   * Limits and what is used of them, for whoever may read the agency's mail (else null, an unknown
   * agency too); a malformed agencyId is BAD_USER_INPUT.
   */
  async view(ctx: RequestContext, agencyId: string): Promise<AgencyLimitsView | null> {
    const agency = await namedAgency(ctx, agencyId);
    if (!agency) return null;
    if (
      !(await canRead(ctx, { unitId: agency.unit.id, agencyId })) &&
      !(await ctx.can(EmailPermissions.domainsManage, { unitId: agency.unit.id, agencyId }))
    )
      return null;
    const limits = await this.limitsOf(ctx, agencyId);
    const used = await this.used(ctx, agencyId);
    return { agencyId, ...limits, domains: used.domains, mailboxesAllotted: used.mailboxes };
  }

  /** Platform admins set the limits (platform-wide: they bound every province's IT admins). */
  async set(
    ctx: RequestContext,
    input: { agencyId: string; maxDomains: number; maxMailboxes: number; maxQuotaMb: number },
  ): Promise<AgencyLimitsView> {
    ctx.require(EmailPermissions.limitsManage);
    if (!(await ctx.can(EmailPermissions.limitsManage, null)))
      throw new ForbiddenError({
        vi: 'Giới hạn thư của cơ quan do quản trị viên toàn nền tảng đặt',
        en: 'Mail limits of agencies are set by a platform-wide administrator',
      });
    const agency = await namedAgency(ctx, input.agencyId);
    if (!agency) throw new NotFoundError(StaffRecords.agency, input.agencyId);
    for (const field of ['maxDomains', 'maxMailboxes', 'maxQuotaMb'] as const)
      if (!Number.isInteger(input[field]) || input[field] < 0)
        throw new BadInputError(
          { vi: `${field} phải là số nguyên từ 0 trở lên`, en: `${field} must be a whole number, 0 or more` },
          { field },
        );
    const before = await this.limitsOf(ctx, input.agencyId);
    const values = {
      maxDomains: input.maxDomains,
      maxMailboxes: input.maxMailboxes,
      maxQuotaMb: input.maxQuotaMb,
      setBy: ctx.user?.username ?? null,
    };
    const row =
      (await ctx.em.findOne(MailAgencyLimits, { agencyId: input.agencyId })) ??
      ctx.em.create(MailAgencyLimits, { agencyId: input.agencyId, ...values });
    Object.assign(row, values);
    await ctx.em.flush();
    ctx.audit({
      action: 'email-accounts.agency-limits.set',
      entityType: 'MailAgencyLimits',
      entityId: input.agencyId,
      unitId: agency.unit.id,
      agencyId: input.agencyId,
      before: {
        maxDomains: before.maxDomains,
        maxMailboxes: before.maxMailboxes,
        maxQuotaMb: before.maxQuotaMb,
      },
      after: { maxDomains: row.maxDomains, maxMailboxes: row.maxMailboxes, maxQuotaMb: row.maxQuotaMb },
    });
    return (await this.view(ctx, input.agencyId))!;
  }

  /**
   * Refuses a domain created or changed beyond the agency's limits (MAIL_AGENCY_LIMIT_EXCEEDED, with
   * the field, the limit and what was asked). Platform-wide admins set the limits and are not bound.
   */
  async check(ctx: RequestContext, plan: DomainPlan): Promise<void> {
    if (await ctx.can(EmailPermissions.limitsManage, null)) return;
    const limits = await this.limitsOf(ctx, plan.agencyId);
    const used = await this.used(ctx, plan.agencyId, plan.id);
    if (!plan.id && used.domains + 1 > limits.maxDomains)
      throw new MailLimitExceededError(
        {
          vi: `Cơ quan này được có tối đa ${limits.maxDomains} tên miền thư; hiện có ${used.domains}. Hãy đề nghị quản trị viên nền tảng nâng giới hạn.`,
          en: `This agency may have at most ${limits.maxDomains} mail domain(s); it has ${used.domains}. Ask a platform administrator to raise the limit.`,
        },
        { field: 'name', limit: limits.maxDomains, requested: used.domains + 1 },
      );
    if (used.mailboxes + plan.maxMailboxes > limits.maxMailboxes)
      throw new MailLimitExceededError(
        {
          vi: `Cơ quan này được có tối đa ${limits.maxMailboxes} hộp thư trên mọi tên miền; các tên miền khác đã dùng ${used.mailboxes}, nên tên miền này được tối đa ${Math.max(limits.maxMailboxes - used.mailboxes, 0)}.`,
          en: `This agency may have at most ${limits.maxMailboxes} mailboxes over all its domains; its other domains take ${used.mailboxes}, so this one may allow at most ${Math.max(limits.maxMailboxes - used.mailboxes, 0)}.`,
        },
        { field: 'maxMailboxes', limit: limits.maxMailboxes, requested: used.mailboxes + plan.maxMailboxes },
      );
    if (plan.maxQuotaMb > limits.maxQuotaMb)
      throw new MailLimitExceededError(
        {
          vi: `Mỗi hộp thư của cơ quan này được tối đa ${limits.maxQuotaMb} MiB`,
          en: `A mailbox of this agency may have at most ${limits.maxQuotaMb} MiB`,
        },
        {
          field: 'maxQuotaMb',
          limit: limits.maxQuotaMb,
          requested: plan.maxQuotaMb,
        },
      );
  }

  /** Domains of the agency and the sum of their maxMailboxes (without `exceptId`). */
  private async used(
    ctx: RequestContext,
    agencyId: string,
    exceptId?: string,
  ): Promise<{ domains: number; mailboxes: number }> {
    const domains = await ctx.em.find(MailDomain, {
      agencyId,
      ...(exceptId ? { id: { $ne: exceptId } } : {}),
    });
    return { domains: domains.length, mailboxes: domains.reduce((sum, d) => sum + d.maxMailboxes, 0) };
  }
}

export const agencyLimits = new AgencyLimitsService();
