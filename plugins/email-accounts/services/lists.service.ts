import type { FilterQuery } from '@mikro-orm/core';
import { MailAliasOrder } from '../list-orders';
import {
  BadInputError,
  NotFoundError,
  pgArray,
  requireId,
  type RequestContext,
  KeysetPageArgs,
  paginateKeyset,
  type OrderInput,
  escapeLike,
} from '../../../src';
import { directory, type AgencyRecord, type DepartmentRecord } from '../../staff';
import { MailAlias, MailAliasTarget } from '../entities/mail-alias.entity';
import { MailDomain } from '../entities/mail-domain.entity';
import { Mailbox } from '../entities/mailbox.entity';
import { AliasKind, ListSource, MailboxState } from '../entities/enums';
import { EmailPermissions } from '../permissions';
import { addressRegistry } from './address-registry';
import { checkExternalAddress, checkLocalPart } from './addresses';
import {
  canRead,
  domainOwner,
  namedAgency,
  ownerOf,
  readableCondition,
  requireScoped,
  requireVisible,
} from './scope';
import { EmailAccountsRecords } from '../errors';
import { StaffRecords } from '../../staff';

export interface TargetInput {
  mailboxId?: string | null;
  address?: string | null;
}

export interface CreateAliasInput {
  domainId: string;
  kind: AliasKind;
  localPart: string;
  name?: string | null;
  source?: ListSource | null;
  sourceAgencyId?: string | null;
  sourceDepartmentId?: string | null;
  targets?: TargetInput[] | null;
}

export interface AliasFilter {
  domainId?: string;
  kind?: AliasKind;
  search?: string;
}

/**
 * Aliases and distribution lists. Lists with source AGENCY or DEPARTMENT have automatic targets
 * kept equal, by syncList(), to the personal mailboxes of the officials currently posted there;
 * manual targets (people or outside addresses) are never touched by the sync.
 */
export class ListsService {
  async get(ctx: RequestContext, id: string): Promise<MailAlias> {
    const alias = await ctx.em.findOne(MailAlias, { id });
    if (!alias) throw new NotFoundError(EmailAccountsRecords.alias, id);
    await requireVisible(ctx, await ownerOf(alias), EmailAccountsRecords.alias, id);
    return alias;
  }

  private async getForManage(ctx: RequestContext, id: string): Promise<MailAlias> {
    const alias = await ctx.em.findOne(MailAlias, { id });
    if (!alias) throw new NotFoundError(EmailAccountsRecords.alias, id);
    await requireScoped(ctx, EmailPermissions.manage, await ownerOf(alias), EmailAccountsRecords.alias, id);
    return alias;
  }

  async list(ctx: RequestContext, filter: AliasFilter, page: KeysetPageArgs, orderBy?: OrderInput | null) {
    const readable = await readableCondition(ctx, 'domain.agencyId');
    const where: FilterQuery<MailAlias> = {};
    if (readable) Object.assign(where, readable);
    if (filter.domainId) where.domain = filter.domainId;
    if (filter.kind) where.kind = filter.kind;
    if (filter.search) where.address = { $ilike: `%${escapeLike(filter.search)}%` };
    return paginateKeyset(
      ctx.em,
      MailAlias,
      where,
      page,
      MailAliasOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
    );
  }

  async targetsOf(ctx: RequestContext, aliasId: string): Promise<MailAliasTarget[]> {
    return ctx.em.find(
      MailAliasTarget,
      { alias: aliasId },
      { orderBy: { automatic: 'asc', externalAddress: 'asc', createdAt: 'asc' } },
    );
  }

  async create(ctx: RequestContext, input: CreateAliasInput): Promise<MailAlias> {
    const domain = await ctx.em.findOne(MailDomain, { id: input.domainId });
    if (!domain) throw new NotFoundError(EmailAccountsRecords.domain, input.domainId);
    await requireScoped(
      ctx,
      EmailPermissions.manage,
      domainOwner(domain),
      EmailAccountsRecords.domain,
      input.domainId,
    );
    const source = input.source ?? ListSource.MANUAL;
    if (source !== ListSource.MANUAL && input.kind !== AliasKind.LIST)
      throw new BadInputError(
        {
          vi: 'Chỉ danh sách thư mới được giữ theo hồ sơ cán bộ',
          en: 'Only a list can be kept from the staff register',
        },
        { field: 'source' },
      );
    let sourceAgency: AgencyRecord | null = null;
    let sourceDepartment: DepartmentRecord | null = null;
    if (source === ListSource.AGENCY) {
      sourceAgency = input.sourceAgencyId
        ? await namedAgency(ctx, input.sourceAgencyId, 'sourceAgencyId')
        : await directory.agency(ctx, domain.agencyId);
      if (!sourceAgency)
        throw new NotFoundError(StaffRecords.agency, input.sourceAgencyId ?? domain.agencyId);
      await requireScoped(
        ctx,
        EmailPermissions.manage,
        { unitId: sourceAgency.unit.id, agencyId: sourceAgency.id },
        StaffRecords.agency,
        sourceAgency.id,
      );
    }
    if (source === ListSource.DEPARTMENT) {
      if (!input.sourceDepartmentId)
        throw new BadInputError(
          {
            vi: 'Danh sách thư của phòng ban cần phòng ban của nó',
            en: 'A department list needs its department',
          },
          { field: 'sourceDepartmentId' },
        );
      sourceDepartment = await directory.department(
        ctx,
        requireId(input.sourceDepartmentId, 'sourceDepartmentId'),
      );
      const departmentAgency = sourceDepartment
        ? await directory.agency(ctx, sourceDepartment.agency.id)
        : null;
      if (!sourceDepartment || !departmentAgency)
        throw new NotFoundError(StaffRecords.department, input.sourceDepartmentId);
      await requireScoped(
        ctx,
        EmailPermissions.manage,
        { unitId: departmentAgency.unit.id, agencyId: departmentAgency.id },
        StaffRecords.department,
        sourceDepartment.id,
      );
    }
    if (input.kind === AliasKind.ALIAS && !input.targets?.length)
      throw new BadInputError(
        { vi: 'Địa chỉ thư phụ cần ít nhất một địa chỉ nhận', en: 'An alias needs at least one target' },
        { field: 'targets' },
      );
    const address = await addressRegistry.claim(ctx, domain, checkLocalPart(input.localPart), 'ALIAS', false);
    const alias = ctx.em.create(MailAlias, {
      domain,
      unitId: domain.unitId,
      address,
      kind: input.kind,
      name: input.name?.trim() || null,
      source,
      sourceAgencyId: sourceAgency?.id ?? null,
      sourceDepartmentId: sourceDepartment?.id ?? null,
    });
    await ctx.em.flush();
    await this.writeTargets(ctx, alias, input.targets ?? []);
    if (source !== ListSource.MANUAL) await this.syncList(ctx, alias.id);
    ctx.audit({
      action: 'email-accounts.alias.create',
      entityType: 'MailAlias',
      entityId: alias.id,
      unitId: alias.unitId,
      agencyId: (await ownerOf(alias)).agencyId,
      after: { address, kind: alias.kind, source, targets: input.targets ?? [] },
    });
    return alias;
  }

  /** Replaces the manual targets (automatic ones stay with the staff register). */
  async setTargets(ctx: RequestContext, input: { id: string; targets: TargetInput[] }): Promise<MailAlias> {
    const alias = await this.getForManage(ctx, input.id);
    if (alias.officialId)
      throw new BadInputError(
        {
          vi: 'Địa chỉ thư phụ này theo chức vụ của cán bộ và do nền tảng quản lý',
          en: "This alias follows an official's postings and is kept by the platform",
        },
        {
          field: 'id',
        },
      );
    if (alias.kind === AliasKind.ALIAS && !input.targets.length)
      throw new BadInputError(
        { vi: 'Địa chỉ thư phụ cần ít nhất một địa chỉ nhận', en: 'An alias needs at least one target' },
        { field: 'targets' },
      );
    const before = (await this.targetsOf(ctx, alias.id)).filter((t) => !t.automatic).map(describeTarget);
    await ctx.em.nativeDelete(MailAliasTarget, { alias: alias.id, automatic: false });
    await this.writeTargets(ctx, alias, input.targets);
    ctx.audit({
      action: 'email-accounts.alias.targets',
      entityType: 'MailAlias',
      entityId: alias.id,
      unitId: alias.unitId,
      agencyId: (await ownerOf(alias)).agencyId,
      before: { targets: before },
      after: { targets: input.targets },
    });
    return alias;
  }

  async delete(ctx: RequestContext, input: { id: string }): Promise<boolean> {
    const alias = await this.getForManage(ctx, input.id);
    const snapshot = { address: alias.address, kind: alias.kind };
    ctx.em.remove(alias);
    await ctx.em.flush();
    await addressRegistry.release(ctx, snapshot.address);
    ctx.audit({
      action: 'email-accounts.alias.delete',
      entityType: 'MailAlias',
      entityId: input.id,
      unitId: alias.unitId,
      agencyId: (await ownerOf(alias)).agencyId,
      before: snapshot,
    });
    return true;
  }

  private async writeTargets(ctx: RequestContext, alias: MailAlias, targets: TargetInput[]): Promise<void> {
    const seen = new Set<string>();
    for (const target of targets) {
      if (!!target.mailboxId === !!target.address)
        throw new BadInputError(
          {
            vi: 'Địa chỉ nhận là một mailboxId hoặc một địa chỉ bên ngoài',
            en: 'A target is either a mailboxId or an outside address',
          },
          { field: 'targets' },
        );
      if (target.mailboxId) {
        const mailbox = await ctx.em.findOne(Mailbox, { id: target.mailboxId });
        if (!mailbox || !(await canRead(ctx, await ownerOf(mailbox)))) {
          throw new NotFoundError(EmailAccountsRecords.mailbox, target.mailboxId);
        }
        if (mailbox.state === MailboxState.DELETED)
          throw new BadInputError(
            { vi: `${mailbox.address} đã bị xóa`, en: `${mailbox.address} is deleted` },
            { field: 'targets' },
          );
        if (seen.has(mailbox.id)) continue;
        seen.add(mailbox.id);
        const automatic = await ctx.em.findOne(MailAliasTarget, { alias: alias.id, mailbox: mailbox.id });
        if (automatic) {
          automatic.automatic = false;
          continue;
        }
        ctx.em.create(MailAliasTarget, { alias, mailbox, automatic: false });
      } else {
        const address = checkExternalAddress(target.address!, 'targets');
        if (address === alias.address)
          throw new BadInputError(
            { vi: 'Địa chỉ thư phụ không thể chuyển tới chính nó', en: 'An alias cannot point to itself' },
            { field: 'targets' },
          );
        if (seen.has(address)) continue;
        seen.add(address);
        ctx.em.create(MailAliasTarget, { alias, externalAddress: address, automatic: false });
      }
    }
    await ctx.em.flush();
  }

  /** Makes a list's automatic targets equal to the mailboxes of the officials posted in its agency/department. Idempotent. */
  async syncList(ctx: RequestContext, listId: string): Promise<void> {
    const desired = `
      select distinct on (o.id) m.id as mailbox_id
        from email_accounts_alias l
        join staff_current_posting_v a
          on (l.source = 'AGENCY' and a.agency_id = l.source_agency_id) or (l.source = 'DEPARTMENT' and a.department_id = l.source_department_id)
        join staff_official_v o on o.id = a.official_id and o.status <> 'LEFT'
        join email_accounts_mailbox m on m.official_id = o.id and m.kind = 'PERSONAL' and m.state <> 'DELETED'
       where l.id = ? and l.active and l.source <> 'MANUAL'
       order by o.id, (m.domain_id = l.domain_id) desc, m.created_at, m.id`;
    await ctx.em.execute(
      `delete from email_accounts_alias_target t where t.alias_id = ? and t.automatic
          and t.mailbox_id not in (select mailbox_id from (${desired}) d)`,
      [listId, listId],
    );
    await ctx.em.execute(
      `insert into email_accounts_alias_target (id, created_at, updated_at, alias_id, mailbox_id, automatic)
       select gen_random_uuid(), now(), now(), ?, d.mailbox_id, true from (${desired}) d
        where not exists (select 1 from email_accounts_alias_target t where t.alias_id = ? and t.mailbox_id = d.mailbox_id)`,
      [listId, listId, listId],
    );
  }

  /**
   * Re-syncs every automatic list the official is in or should be in: those of the given agencies
   * (old and new postings) and their departments, and those that list one of their mailboxes now.
   */
  async syncForOfficial(ctx: RequestContext, officialId: string, agencyIds: string[]): Promise<void> {
    const rows = await ctx.em.execute<Array<{ id: string }>>(
      `select l.id from email_accounts_alias l
        where l.source <> 'MANUAL' and (
              l.source_agency_id = any(?::uuid[])
           or l.source_department_id in (select id from staff_department_v where agency_id = any(?::uuid[]))
           or l.source_agency_id in (select agency_id from staff_current_posting_v where official_id = ?)
           or l.source_department_id in (select department_id from staff_current_posting_v where official_id = ?)
           or l.id in (select t.alias_id from email_accounts_alias_target t join email_accounts_mailbox m on m.id = t.mailbox_id
                        where m.official_id = ? and t.automatic))`,
      [pgArray(agencyIds), pgArray(agencyIds), officialId, officialId, officialId],
    );
    for (const row of rows) await this.syncList(ctx, row.id);
  }
}

function describeTarget(t: MailAliasTarget): string {
  return t.externalAddress ?? `mailbox:${t.mailbox?.id}`;
}

export const lists = new ListsService();
