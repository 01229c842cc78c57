import { ref, type FilterQuery } from '@mikro-orm/core';
import { MailDomainOrder } from '../list-orders';
import {
  BadInputError,
  ConflictError,
  NotFoundError,
  optionsOf,
  type RequestContext,
  KeysetPageArgs,
  paginateKeyset,
  type OrderInput,
  escapeLike,
} from '../../../src';
import { MailDomain } from '../entities/mail-domain.entity';
import { Mailbox } from '../entities/mailbox.entity';
import { AddressRule, MailboxKind, MailboxState } from '../entities/enums';
import { EmailPermissions } from '../permissions';
import { PLUGIN_ID, type EmailAccountsOptions } from '../options';
import { checkDomainName } from './addresses';
import { agencyLimits } from './agency-limits.service';
import { domainOwner, namedAgency, readableCondition, requireScoped, requireVisible } from './scope';
import { EmailAccountsRecords } from '../errors';
import { StaffRecords } from '../../staff';

export interface DomainInput {
  name: string;
  agencyId: string;
  addressRule?: AddressRule | null;
  maxMailboxes: number;
  defaultQuotaMb: number;
  maxQuotaMb: number;
  createOnJoin?: boolean | null;
  retentionDays?: number | null;
  quotaWarningPercent?: number | null;
}

export interface DomainUpdate {
  id: string;
  version?: number | null;
  addressRule?: AddressRule | null;
  maxMailboxes?: number | null;
  defaultQuotaMb?: number | null;
  maxQuotaMb?: number | null;
  createOnJoin?: boolean | null;
  leaverMailboxId?: string | null;
  clearLeaverMailbox?: boolean | null;
  retentionDays?: number | null;
  quotaWarningPercent?: number | null;
  active?: boolean | null;
}

export interface DomainFilter {
  agencyId?: string;
  search?: string;
}

export class DomainsService {
  /** A domain the user may see (NOT_FOUND otherwise). */
  async get(ctx: RequestContext, id: string): Promise<MailDomain> {
    const domain = await ctx.em.findOne(MailDomain, { id });
    if (!domain) throw new NotFoundError(EmailAccountsRecords.domain, id);
    await requireVisible(ctx, domainOwner(domain), EmailAccountsRecords.domain, id);
    return domain;
  }

  /** A domain the user may manage mailboxes of (`email-accounts.manage` over its unit). */
  async getForManage(
    ctx: RequestContext,
    id: string,
    permission: string = EmailPermissions.manage,
  ): Promise<MailDomain> {
    const domain = await ctx.em.findOne(MailDomain, { id });
    if (!domain) throw new NotFoundError(EmailAccountsRecords.domain, id);
    await requireScoped(ctx, permission, domainOwner(domain), EmailAccountsRecords.domain, id);
    return domain;
  }

  async list(ctx: RequestContext, filter: DomainFilter, page: KeysetPageArgs, orderBy?: OrderInput | null) {
    const readable = await readableCondition(ctx, 'agencyId');
    const where: FilterQuery<MailDomain> = {};
    if (readable) Object.assign(where, readable);
    if (filter.agencyId) where.agencyId = filter.agencyId;
    if (filter.search) where.name = { $ilike: `%${escapeLike(filter.search)}%` };
    return paginateKeyset(
      ctx.em,
      MailDomain,
      where,
      page,
      MailDomainOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
    );
  }

  async create(ctx: RequestContext, input: DomainInput): Promise<MailDomain> {
    const agency = await namedAgency(ctx, input.agencyId);
    if (!agency) throw new NotFoundError(StaffRecords.agency, input.agencyId);
    await ctx.requireIn(EmailPermissions.domainsManage, { unitId: agency.unit.id, agencyId: agency.id });
    const name = checkDomainName(input.name);
    if (await ctx.em.count(MailDomain, { name }))
      throw new ConflictError(
        { vi: `Tên miền ${name} đã có`, en: `The domain ${name} exists already` },
        { field: 'name' },
      );
    // Before the new domain exists: the agency's limits count its other domains.
    await agencyLimits.check(ctx, {
      agencyId: agency.id,
      maxMailboxes: input.maxMailboxes,
      maxQuotaMb: input.maxQuotaMb,
    });
    const options = optionsOf<EmailAccountsOptions>(ctx.app, PLUGIN_ID);
    const domain = ctx.em.create(MailDomain, {
      name,
      agencyId: agency.id,
      unitId: agency.unit.id,
      addressRule: input.addressRule ?? AddressRule.GIVEN_INITIALS,
      maxMailboxes: input.maxMailboxes,
      defaultQuotaMb: input.defaultQuotaMb,
      maxQuotaMb: input.maxQuotaMb,
      createOnJoin: input.createOnJoin ?? false,
      retentionDays: input.retentionDays ?? options.defaultRetentionDays,
      quotaWarningPercent: input.quotaWarningPercent ?? 90,
    });
    this.checkLimits(domain);
    await ctx.em.flush();
    ctx.audit({
      action: 'email-accounts.domain.create',
      entityType: 'MailDomain',
      entityId: domain.id,
      unitId: domain.unitId,
      agencyId: domain.agencyId,
      after: snapshot(domain),
    });
    return domain;
  }

  async update(ctx: RequestContext, input: DomainUpdate): Promise<MailDomain> {
    const domain = await this.getForManage(ctx, input.id, EmailPermissions.domainsManage);
    if (input.version != null && input.version !== domain.version)
      throw new ConflictError({
        vi: 'Tên miền này vừa được người khác sửa; hãy tải lại và thử lại',
        en: 'This domain was changed by someone else; reload and try again',
      });
    const before = snapshot(domain);
    if (input.addressRule != null) domain.addressRule = input.addressRule;
    if (input.maxMailboxes != null) domain.maxMailboxes = input.maxMailboxes;
    if (input.defaultQuotaMb != null) domain.defaultQuotaMb = input.defaultQuotaMb;
    if (input.maxQuotaMb != null) domain.maxQuotaMb = input.maxQuotaMb;
    if (input.createOnJoin != null) domain.createOnJoin = input.createOnJoin;
    if (input.retentionDays != null) domain.retentionDays = input.retentionDays;
    if (input.quotaWarningPercent != null) domain.quotaWarningPercent = input.quotaWarningPercent;
    if (input.active != null) domain.active = input.active;
    if (input.clearLeaverMailbox) domain.leaverMailbox = null;
    if (input.leaverMailboxId) {
      const unitMailbox = await ctx.em.findOne(Mailbox, { id: input.leaverMailboxId });
      if (!unitMailbox || unitMailbox.domain.id !== domain.id)
        throw new BadInputError(
          {
            vi: 'Hộp thư đơn vị phải là một hộp thư của tên miền này',
            en: 'The unit mailbox must be a mailbox of this domain',
          },
          {
            field: 'leaverMailboxId',
          },
        );
      if (unitMailbox.kind !== MailboxKind.SHARED)
        throw new BadInputError(
          {
            vi: 'Thư của cán bộ đã nghỉ được chuyển vào một hộp thư dùng chung (của đơn vị)',
            en: 'Mail of officials who left goes to a shared (unit) mailbox',
          },
          {
            field: 'leaverMailboxId',
          },
        );
      if (unitMailbox.state === MailboxState.DELETED)
        throw new BadInputError(
          { vi: 'Hộp thư đó đã bị xóa', en: 'That mailbox is deleted' },
          { field: 'leaverMailboxId' },
        );
      domain.leaverMailbox = ref(unitMailbox);
    }
    this.checkLimits(domain);
    await agencyLimits.check(ctx, {
      id: domain.id,
      agencyId: domain.agencyId,
      maxMailboxes: domain.maxMailboxes,
      maxQuotaMb: domain.maxQuotaMb,
    });
    await ctx.em.flush();
    ctx.audit({
      action: 'email-accounts.domain.update',
      entityType: 'MailDomain',
      entityId: domain.id,
      unitId: domain.unitId,
      agencyId: domain.agencyId,
      before,
      after: snapshot(domain),
    });
    return domain;
  }

  /** Mailboxes (not deleted) the domain holds, for its limit. */
  async liveMailboxCount(ctx: RequestContext, domainId: string): Promise<number> {
    return ctx.em.count(Mailbox, { domain: domainId, state: { $ne: MailboxState.DELETED } });
  }

  private checkLimits(domain: MailDomain): void {
    const positive = ['maxMailboxes', 'defaultQuotaMb', 'maxQuotaMb'] as const;
    for (const field of positive) {
      if (!Number.isInteger(domain[field]) || domain[field] < 1)
        throw new BadInputError(
          { vi: `${field} phải là số nguyên dương`, en: `${field} must be a positive whole number` },
          { field },
        );
    }
    if (domain.defaultQuotaMb > domain.maxQuotaMb)
      throw new BadInputError(
        {
          vi: 'Dung lượng mặc định không được lớn hơn dung lượng tối đa',
          en: 'The default quota cannot exceed the maximum quota',
        },
        {
          field: 'defaultQuotaMb',
        },
      );
    if (domain.retentionDays < 0 || domain.retentionDays > 3650)
      throw new BadInputError(
        { vi: 'retentionDays phải từ 0 đến 3650', en: 'retentionDays must be between 0 and 3650' },
        { field: 'retentionDays' },
      );
    if (domain.quotaWarningPercent < 1 || domain.quotaWarningPercent > 99)
      throw new BadInputError(
        { vi: 'quotaWarningPercent phải từ 1 đến 99', en: 'quotaWarningPercent must be between 1 and 99' },
        {
          field: 'quotaWarningPercent',
        },
      );
  }
}

export function snapshot(d: MailDomain): Record<string, unknown> {
  return {
    name: d.name,
    addressRule: d.addressRule,
    maxMailboxes: d.maxMailboxes,
    defaultQuotaMb: d.defaultQuotaMb,
    maxQuotaMb: d.maxQuotaMb,
    createOnJoin: d.createOnJoin,
    leaverMailboxId: d.leaverMailbox?.id ?? null,
    retentionDays: d.retentionDays,
    quotaWarningPercent: d.quotaWarningPercent,
    active: d.active,
  };
}
