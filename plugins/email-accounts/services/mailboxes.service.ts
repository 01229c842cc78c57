import type { FilterQuery } from '@mikro-orm/core';
import { MailboxOrder } from '../list-orders';
import { EmailAccountsErrorCodes } from '../errors';
import {
  BadInputError,
  ConflictError,
  DomainError,
  NotFoundError,
  pgArray,
  type RequestContext,
  KeysetPageArgs,
  paginateKeyset,
  type OrderInput,
  escapeLike,
  requireId,
} from '../../../src';
import { OfficialStatus, directory, officials, type OfficialRecord } from '../../staff';
import { MailDomain } from '../entities/mail-domain.entity';
import { Mailbox } from '../entities/mailbox.entity';
import { MailboxDelegate } from '../entities/mailbox-delegate.entity';
import { DeliveryKind, MailboxKind, MailboxState, Suspension } from '../entities/enums';
import { EmailPermissions } from '../permissions';
import { addressRegistry } from './address-registry';
import { checkExternalAddress, checkLocalPart, localPartFor } from './addresses';
import { followPrimaryMailbox } from './work-email';
import { credentials } from './credentials.service';
import { DomainsService } from './domains.service';
import { lists } from './lists.service';
import { ownerOf, readableCondition, requireScoped, requireVisible } from './scope';
import { EmailAccountsRecords } from '../errors';
import { StaffRecords } from '../../staff';

export interface CreateMailboxInput {
  domainId: string;
  kind: MailboxKind;
  /** PERSONAL: the owner. */
  officialId?: string | null;
  /** Default (PERSONAL): built from the owner's name by the domain's rule, numbered on collision. */
  localPart?: string | null;
  displayName?: string | null;
  quotaMb?: number | null;
  /** Where the first password goes; default the official's personal address. */
  deliverTo?: string | null;
  /** SHARED: officials who may use the mailbox. */
  delegateOfficialIds?: string[] | null;
}

export interface MailboxFilter {
  domainId?: string;
  state?: MailboxState;
  kind?: MailboxKind;
  officialId?: string;
  search?: string;
  /** Mailboxes of agencies of this unit and of the units below it (staff's public unit tree). */
  withinUnitId?: string;
  /** Mailboxes of this agency (in its mail domains). */
  agencyId?: string;
}

const { MAIL_DOMAIN_FULL: DOMAIN_FULL, MAILBOX_INVALID_TRANSITION: INVALID_TRANSITION } =
  EmailAccountsErrorCodes;
const DAY_MS = 24 * 3600 * 1000;
const domains = new DomainsService();

export class MailboxesService {
  async get(ctx: RequestContext, id: string): Promise<Mailbox> {
    const mailbox = await ctx.em.findOne(Mailbox, { id });
    if (!mailbox) throw new NotFoundError(EmailAccountsRecords.mailbox, id);
    if (!(await this.usesOwn(ctx, mailbox)))
      await requireVisible(ctx, await ownerOf(mailbox), EmailAccountsRecords.mailbox, id);
    return mailbox;
  }

  /** Whether the signed-in user owns the mailbox or is one of its delegates. */
  private async usesOwn(ctx: RequestContext, mailbox: Mailbox): Promise<boolean> {
    if (!ctx.user) return false;
    const me = await directory.actingOfficial(ctx);
    if (!me) return false;
    if (mailbox.officialId === me.id) return true;
    return (await ctx.em.count(MailboxDelegate, { mailbox: mailbox.id, officialId: me.id })) > 0;
  }

  async getForManage(ctx: RequestContext, id: string): Promise<Mailbox> {
    const mailbox = await ctx.em.findOne(Mailbox, { id });
    if (!mailbox) throw new NotFoundError(EmailAccountsRecords.mailbox, id);
    await requireScoped(
      ctx,
      EmailPermissions.manage,
      await ownerOf(mailbox),
      EmailAccountsRecords.mailbox,
      id,
    );
    return mailbox;
  }

  async list(ctx: RequestContext, filter: MailboxFilter, page: KeysetPageArgs, orderBy?: OrderInput | null) {
    const readable = await readableCondition(ctx, 'domain.agencyId');
    const where: FilterQuery<Mailbox> = {};
    if (readable) Object.assign(where, readable);
    if (filter.domainId) where.domain = filter.domainId;
    if (filter.state) where.state = filter.state;
    if (filter.kind) where.kind = filter.kind;
    if (filter.officialId) where.officialId = filter.officialId;
    if (filter.withinUnitId) {
      requireId(filter.withinUnitId, 'withinUnitId');
      const units = await ctx.em.execute<Array<{ unit_id: string }>>(
        `select unit_id from staff_unit_tree_v where ancestor_id = ?`,
        [filter.withinUnitId],
      );
      where.unitId = { $in: units.map((u) => u.unit_id) };
    }
    if (filter.agencyId) {
      requireId(filter.agencyId, 'agencyId');
      // Beside the scope's own $or and a domainId filter: all must hold.
      Object.assign(where, { $and: [{ domain: { agencyId: filter.agencyId } }] });
    }
    if (filter.search) {
      const found = await ctx.em.execute<Array<{ id: string }>>(
        `select id from email_accounts_mailbox where core_search_key(address || ' ' || display_name) like '%' || core_search_key(?) || '%'`,
        [escapeLike(filter.search)],
      );
      where.id = { $in: found.map((r) => r.id) };
    }
    return paginateKeyset(
      ctx.em,
      Mailbox,
      where,
      page,
      MailboxOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
    );
  }

  /** Mailboxes the signed-in official owns or may use (shared ones). */
  async mine(ctx: RequestContext): Promise<Mailbox[]> {
    const me = await directory.actingOfficial(ctx);
    if (!me) return [];
    const delegated = await ctx.em.find(MailboxDelegate, { officialId: me.id });
    return ctx.em.find(
      Mailbox,
      {
        $or: [{ officialId: me.id }, { id: { $in: delegated.map((d) => d.mailbox.id) } }],
        state: { $ne: MailboxState.DELETED },
      },
      { orderBy: { kind: 'asc', address: 'asc' } },
    );
  }

  /** The official's mailboxes the viewer may see (for Official.mailboxes). */
  async ofOfficial(ctx: RequestContext, officialId: string): Promise<Mailbox[]> {
    const readable = await readableCondition(ctx, 'domain.agencyId');
    const me = ctx.user ? await directory.actingOfficial(ctx) : null;
    const where = {
      officialId,
      ...(readable && me?.id !== officialId ? readable : {}),
    } as FilterQuery<Mailbox>;
    return ctx.em.find(Mailbox, where, { orderBy: { createdAt: 'asc', address: 'asc' } });
  }

  async create(ctx: RequestContext, input: CreateMailboxInput): Promise<Mailbox> {
    const domain = await domains.getForManage(ctx, input.domainId);
    return input.kind === MailboxKind.SHARED
      ? this.createShared(ctx, domain, input)
      : this.createPersonal(ctx, domain, input);
  }

  /** Checks common to every new mailbox; takes the domain's address lock (held until commit). */
  private async admit(
    ctx: RequestContext,
    domain: MailDomain,
    quotaMb: number | null | undefined,
  ): Promise<number> {
    if (!domain.active)
      throw new BadInputError(
        { vi: `Tên miền ${domain.name} không hoạt động`, en: `The domain ${domain.name} is not active` },
        { field: 'domainId' },
      );
    await addressRegistry.lockDomain(ctx, domain.id);
    const count = await domains.liveMailboxCount(ctx, domain.id);
    if (count >= domain.maxMailboxes) {
      throw new DomainError(DOMAIN_FULL, {
        vi: `Tên miền ${domain.name} đã đủ số hộp thư tối đa (${domain.maxMailboxes})`,
        en: `The domain ${domain.name} holds its maximum of ${domain.maxMailboxes} mailboxes`,
      });
    }
    return this.checkQuota(domain, quotaMb);
  }

  checkQuota(domain: MailDomain, quotaMb: number | null | undefined): number {
    const quota = quotaMb ?? domain.defaultQuotaMb;
    if (!Number.isInteger(quota) || quota < 1)
      throw new BadInputError(
        { vi: 'quotaMb phải là số nguyên dương', en: 'quotaMb must be a positive whole number' },
        { field: 'quotaMb' },
      );
    if (quota > domain.maxQuotaMb)
      throw new BadInputError(
        {
          vi: `Tên miền cho phép tối đa ${domain.maxQuotaMb} MB mỗi hộp thư`,
          en: `The domain allows at most ${domain.maxQuotaMb} MB per mailbox`,
        },
        {
          field: 'quotaMb',
        },
      );
    return quota;
  }

  async createPersonal(
    ctx: RequestContext,
    domain: MailDomain,
    input: Omit<CreateMailboxInput, 'domainId' | 'kind'>,
  ): Promise<Mailbox> {
    if (!input.officialId)
      throw new BadInputError(
        { vi: 'Hộp thư cá nhân cần người sở hữu', en: 'A personal mailbox needs its owner' },
        { field: 'officialId' },
      );
    // Checks the staff register's read scope too: an official the admin may not see does not exist.
    const official = await officials.get(ctx, input.officialId);
    if (official.status === OfficialStatus.LEFT)
      throw new BadInputError(
        { vi: `${official.fullName} đã nghỉ việc`, en: `${official.fullName} has left` },
        { field: 'officialId' },
      );
    const quota = await this.admit(ctx, domain, input.quotaMb);
    if (!(await this.isPostedIn(ctx, official.id, domain.agencyId))) {
      throw new BadInputError(
        {
          vi: `${official.fullName} không công tác tại cơ quan của ${domain.name}`,
          en: `${official.fullName} is not posted in the agency of ${domain.name}`,
        },
        {
          field: 'officialId',
        },
      );
    }
    if (
      await ctx.em.count(Mailbox, {
        officialId: official.id,
        domain: domain.id,
        state: { $ne: MailboxState.DELETED },
      })
    ) {
      throw new ConflictError(
        {
          vi: `${official.fullName} đã có hộp thư ở ${domain.name}`,
          en: `${official.fullName} already has a mailbox in ${domain.name}`,
        },
        {
          field: 'officialId',
        },
      );
    }
    const explicit = input.localPart ? checkLocalPart(input.localPart) : null;
    const address = await addressRegistry.claim(
      ctx,
      domain,
      explicit ?? localPartFor(official.fullName, domain.addressRule),
      'MAILBOX',
      !explicit,
    );
    const recipient = input.deliverTo
      ? checkExternalAddress(input.deliverTo, 'deliverTo')
      : official.personalEmail;
    const mailbox = ctx.em.create(Mailbox, {
      domain,
      unitId: domain.unitId,
      address,
      kind: MailboxKind.PERSONAL,
      officialId: official.id,
      displayName: input.displayName?.trim() || official.fullName,
      quotaMb: quota,
      state: official.status === OfficialStatus.SUSPENDED ? MailboxState.SUSPENDED : MailboxState.REQUESTED,
      suspension: official.status === OfficialStatus.SUSPENDED ? Suspension.OFFICIAL_SUSPENDED : null,
    });
    await ctx.em.flush();
    await followPrimaryMailbox(ctx, [official.id]);
    if (recipient) await credentials.request(ctx, mailbox, DeliveryKind.INITIAL, recipient);
    ctx.audit({
      action: 'email-accounts.mailbox.create',
      entityType: 'Mailbox',
      entityId: mailbox.id,
      unitId: mailbox.unitId,
      agencyId: (await ownerOf(mailbox)).agencyId,
      after: {
        address,
        kind: mailbox.kind,
        officialId: official.id,
        quotaMb: quota,
        deliverTo: recipient ?? null,
      },
    });
    await lists.syncForOfficial(ctx, official.id, [domain.agencyId]);
    return mailbox;
  }

  private async createShared(
    ctx: RequestContext,
    domain: MailDomain,
    input: CreateMailboxInput,
  ): Promise<Mailbox> {
    if (input.officialId)
      throw new BadInputError(
        {
          vi: 'Hộp thư dùng chung không có người sở hữu; hãy gửi danh sách người được ủy quyền (delegates)',
          en: 'A shared mailbox has no owner; give delegates instead',
        },
        {
          field: 'officialId',
        },
      );
    if (!input.localPart)
      throw new BadInputError(
        {
          vi: 'Hộp thư dùng chung cần địa chỉ, ví dụ vanphong',
          en: 'A shared mailbox needs its address, e.g. vanphong',
        },
        { field: 'localPart' },
      );
    if (!input.displayName?.trim())
      throw new BadInputError(
        {
          vi: 'Hộp thư dùng chung cần tên hiển thị, ví dụ "Văn phòng UBND phường"',
          en: 'A shared mailbox needs a display name, e.g. "Văn phòng UBND phường"',
        },
        {
          field: 'displayName',
        },
      );
    const quota = await this.admit(ctx, domain, input.quotaMb);
    const address = await addressRegistry.claim(
      ctx,
      domain,
      checkLocalPart(input.localPart),
      'MAILBOX',
      false,
    );
    // No password of its own: delegates sign in with theirs, so it is usable at once.
    const mailbox = ctx.em.create(Mailbox, {
      domain,
      unitId: domain.unitId,
      address,
      kind: MailboxKind.SHARED,
      displayName: input.displayName.trim(),
      quotaMb: quota,
      state: MailboxState.ACTIVE,
      mustChangePassword: false,
    });
    await ctx.em.flush();
    if (input.delegateOfficialIds?.length) await this.writeDelegates(ctx, mailbox, input.delegateOfficialIds);
    ctx.audit({
      action: 'email-accounts.mailbox.create',
      entityType: 'Mailbox',
      entityId: mailbox.id,
      unitId: mailbox.unitId,
      agencyId: (await ownerOf(mailbox)).agencyId,
      after: {
        address,
        kind: mailbox.kind,
        quotaMb: quota,
        delegateOfficialIds: input.delegateOfficialIds ?? [],
      },
    });
    return mailbox;
  }

  isPostedIn(ctx: RequestContext, officialId: string, agencyId: string): Promise<boolean> {
    return directory.isPostedAt(ctx, officialId, agencyId);
  }

  async update(
    ctx: RequestContext,
    input: { id: string; version?: number | null; quotaMb?: number | null; displayName?: string | null },
  ): Promise<Mailbox> {
    const mailbox = await this.getForManage(ctx, input.id);
    if (input.version != null && input.version !== mailbox.version)
      throw new ConflictError({
        vi: 'Hộp thư này vừa được người khác sửa; hãy tải lại và thử lại',
        en: 'This mailbox was changed by someone else; reload and try again',
      });
    const before = { quotaMb: mailbox.quotaMb, displayName: mailbox.displayName };
    if (input.quotaMb != null) {
      mailbox.quotaMb = this.checkQuota(await mailbox.domain.loadOrFail(), input.quotaMb);
      mailbox.quotaWarnedPercent = null;
    }
    if (input.displayName != null) {
      if (!input.displayName.trim())
        throw new BadInputError(
          { vi: 'Tên hiển thị không được để trống', en: 'The display name must not be empty' },
          { field: 'displayName' },
        );
      mailbox.displayName = input.displayName.trim();
    }
    await ctx.em.flush();
    ctx.audit({
      action: 'email-accounts.mailbox.update',
      entityType: 'Mailbox',
      entityId: mailbox.id,
      unitId: mailbox.unitId,
      agencyId: (await ownerOf(mailbox)).agencyId,
      before,
      after: { quotaMb: mailbox.quotaMb, displayName: mailbox.displayName },
    });
    return mailbox;
  }

  async setDelegates(
    ctx: RequestContext,
    input: { mailboxId: string; officialIds: string[] },
  ): Promise<Mailbox> {
    const mailbox = await this.getForManage(ctx, input.mailboxId);
    if (mailbox.kind !== MailboxKind.SHARED)
      throw new BadInputError(
        {
          vi: 'Chỉ hộp thư dùng chung mới có người được ủy quyền',
          en: 'Only a shared mailbox has delegates',
        },
        { field: 'mailboxId' },
      );
    const before = (await ctx.em.find(MailboxDelegate, { mailbox: mailbox.id })).map((d) => d.officialId);
    await ctx.em.nativeDelete(MailboxDelegate, { mailbox: mailbox.id });
    await this.writeDelegates(ctx, mailbox, input.officialIds);
    ctx.audit({
      action: 'email-accounts.mailbox.delegates',
      entityType: 'Mailbox',
      entityId: mailbox.id,
      unitId: mailbox.unitId,
      agencyId: (await ownerOf(mailbox)).agencyId,
      before: { officialIds: before },
      after: { officialIds: input.officialIds },
    });
    return mailbox;
  }

  private async writeDelegates(ctx: RequestContext, mailbox: Mailbox, officialIds: string[]): Promise<void> {
    const unique = [...new Set(officialIds)];
    const found = await directory.officials(ctx, unique);
    for (const id of unique) {
      const official = found.get(id);
      if (!official) throw new NotFoundError(StaffRecords.official, id);
      if (official.status === OfficialStatus.LEFT)
        throw new BadInputError(
          { vi: `${official.fullName} đã nghỉ việc`, en: `${official.fullName} has left` },
          { field: 'officialIds' },
        );
      ctx.em.create(MailboxDelegate, { mailbox, officialId: id });
    }
    await ctx.em.flush();
  }

  async delegatesOf(ctx: RequestContext, mailboxId: string): Promise<OfficialRecord[]> {
    const rows = await ctx.em.find(
      MailboxDelegate,
      { mailbox: mailboxId },
      { orderBy: { createdAt: 'asc' } },
    );
    const found = await directory.officials(
      ctx,
      rows.map((r) => r.officialId),
    );
    // Oldest delegate first; delegates added together by username.
    return rows
      .map((r) => ({ createdAt: r.createdAt.getTime(), official: found.get(r.officialId) }))
      .filter((r): r is { createdAt: number; official: OfficialRecord } => !!r.official)
      .sort((a, b) => a.createdAt - b.createdAt || a.official.username.localeCompare(b.official.username))
      .map((r) => r.official);
  }

  async suspend(ctx: RequestContext, input: { id: string }): Promise<Mailbox> {
    const mailbox = await this.getForManage(ctx, input.id);
    if (mailbox.state === MailboxState.SUSPENDED) return mailbox;
    if (mailbox.state === MailboxState.DELETED)
      throw new DomainError(INVALID_TRANSITION, {
        vi: 'Không thể tạm khóa hộp thư đã xóa; hãy khôi phục trước',
        en: 'A deleted mailbox cannot be suspended; restore it first',
      });
    const before = mailbox.state;
    transition(mailbox, MailboxState.SUSPENDED, Suspension.ADMIN);
    await ctx.em.flush();
    ctx.audit({
      action: 'email-accounts.mailbox.suspend',
      entityType: 'Mailbox',
      entityId: mailbox.id,
      unitId: mailbox.unitId,
      agencyId: (await ownerOf(mailbox)).agencyId,
      before: { state: before },
      after: { state: mailbox.state },
    });
    return mailbox;
  }

  async reactivate(ctx: RequestContext, input: { id: string }): Promise<Mailbox> {
    const mailbox = await this.getForManage(ctx, input.id);
    if (mailbox.state !== MailboxState.SUSPENDED)
      throw new DomainError(INVALID_TRANSITION, {
        vi: `Chỉ hộp thư đang tạm khóa mới mở lại được (hộp thư này đang ở trạng thái ${mailbox.state})`,
        en: `Only a suspended mailbox can be reactivated (this one is ${mailbox.state})`,
      });
    if (mailbox.suspension === Suspension.OFFICIAL_LEFT)
      throw new DomainError(INVALID_TRANSITION, {
        vi: 'Người sở hữu đã nghỉ việc: hộp thư vẫn tạm khóa và được chuyển tiếp',
        en: 'The owner left: the mailbox stays suspended and forwarded',
      });
    if (mailbox.suspension === Suspension.OFFICIAL_SUSPENDED)
      throw new DomainError(INVALID_TRANSITION, {
        vi: 'Người sở hữu đang bị tạm đình chỉ: hãy khôi phục cán bộ trước',
        en: 'The owner is suspended: reinstate the official instead',
      });
    transition(
      mailbox,
      mailbox.kind === MailboxKind.PERSONAL && !mailbox.passwordSetAt
        ? MailboxState.REQUESTED
        : MailboxState.ACTIVE,
    );
    await ctx.em.flush();
    ctx.audit({
      action: 'email-accounts.mailbox.reactivate',
      entityType: 'Mailbox',
      entityId: mailbox.id,
      unitId: mailbox.unitId,
      agencyId: (await ownerOf(mailbox)).agencyId,
      before: { state: MailboxState.SUSPENDED },
      after: { state: mailbox.state },
    });
    return mailbox;
  }

  /** Deleted: no mail, no sign-in; purged (address freed) after the domain's retention period. */
  async delete(ctx: RequestContext, input: { id: string }): Promise<Mailbox> {
    const mailbox = await this.getForManage(ctx, input.id);
    if (mailbox.state === MailboxState.DELETED) return mailbox;
    const domain = await mailbox.domain.loadOrFail();
    if (domain.leaverMailbox?.id === mailbox.id) {
      throw new DomainError(INVALID_TRANSITION, {
        vi: `${mailbox.address} nhận thư của cán bộ đã nghỉ ở ${domain.name}; hãy chọn hộp thư đơn vị khác trước`,
        en: `${mailbox.address} receives the mail of officials who left ${domain.name}; choose another unit mailbox first`,
      });
    }
    const before = mailbox.state;
    transition(mailbox, MailboxState.DELETED, null, new Date(Date.now() + domain.retentionDays * DAY_MS));
    await credentials.cancelPending(ctx, mailbox.id);
    await ctx.em.flush();
    ctx.audit({
      action: 'email-accounts.mailbox.delete',
      entityType: 'Mailbox',
      entityId: mailbox.id,
      unitId: mailbox.unitId,
      agencyId: (await ownerOf(mailbox)).agencyId,
      before: { state: before },
      after: { state: mailbox.state, deleteAfter: mailbox.deleteAfter },
    });
    if (mailbox.officialId) await followPrimaryMailbox(ctx, [mailbox.officialId]);
    return mailbox;
  }

  /** Brings a deleted mailbox back (suspended) before its purge. */
  async restore(ctx: RequestContext, input: { id: string }): Promise<Mailbox> {
    const mailbox = await this.getForManage(ctx, input.id);
    if (mailbox.state !== MailboxState.DELETED)
      throw new DomainError(INVALID_TRANSITION, {
        vi: 'Chỉ hộp thư đã xóa mới khôi phục được',
        en: 'Only a deleted mailbox can be restored',
      });
    if (
      mailbox.officialId &&
      (await ctx.em.count(Mailbox, {
        officialId: mailbox.officialId,
        domain: mailbox.domain.id,
        state: { $ne: MailboxState.DELETED },
      }))
    ) {
      throw new ConflictError({
        vi: 'Người sở hữu hiện đã có hộp thư khác trong tên miền này',
        en: 'The owner has another mailbox in this domain now',
      });
    }
    const domain = await mailbox.domain.loadOrFail();
    if ((await domains.liveMailboxCount(ctx, domain.id)) >= domain.maxMailboxes) {
      throw new DomainError(DOMAIN_FULL, {
        vi: `Tên miền ${domain.name} đã đủ số hộp thư tối đa (${domain.maxMailboxes})`,
        en: `The domain ${domain.name} holds its maximum of ${domain.maxMailboxes} mailboxes`,
      });
    }
    transition(mailbox, MailboxState.SUSPENDED, Suspension.ADMIN);
    await ctx.em.flush();
    ctx.audit({
      action: 'email-accounts.mailbox.restore',
      entityType: 'Mailbox',
      entityId: mailbox.id,
      unitId: mailbox.unitId,
      agencyId: (await ownerOf(mailbox)).agencyId,
      before: { state: MailboxState.DELETED },
      after: { state: mailbox.state },
    });
    if (mailbox.officialId) await followPrimaryMailbox(ctx, [mailbox.officialId]);
    return mailbox;
  }

  /** Purges mailboxes deleted longer than their retention: the address is freed, the rows go. */
  async purgeDue(ctx: RequestContext, now = new Date()): Promise<string[]> {
    return ctx.transactional(async () => {
      const due = await ctx.em.execute<
        Array<{ id: string; address: string; unit_id: string; agency_id: string }>
      >(
        `select m.id, m.address, m.unit_id, d.agency_id from email_accounts_mailbox m join email_accounts_domain d on d.id = m.domain_id
          where m.state = 'DELETED' and m.delete_after <= ? for update of m skip locked`,
        [now],
      );
      if (!due.length) return [];
      await ctx.em.execute(`delete from email_accounts_address where address = any(?::text[])`, [
        pgArray(due.map((d) => d.address)),
      ]);
      for (const row of due) {
        ctx.audit({
          action: 'email-accounts.mailbox.purge',
          entityType: 'Mailbox',
          entityId: row.id,
          unitId: row.unit_id,
          agencyId: row.agency_id,
          before: { address: row.address },
        });
      }
      return due.map((d) => d.address);
    });
  }
}

export function transition(
  mailbox: Mailbox,
  state: MailboxState,
  suspension: Suspension | null = null,
  deleteAfter: Date | null = null,
): void {
  mailbox.state = state;
  mailbox.stateSince = new Date();
  mailbox.suspension = state === MailboxState.SUSPENDED ? suspension : null;
  mailbox.deleteAfter = state === MailboxState.DELETED ? deleteAfter : null;
}

export const mailboxes = new MailboxesService();
