import { ref } from '@mikro-orm/core';
import { DomainError, type RequestContext } from '../../../src';
import { OfficialStatus, directory, type OfficialRecord } from '../../staff';
import { MailAlias, MailAliasTarget } from '../entities/mail-alias.entity';
import { MailDomain } from '../entities/mail-domain.entity';
import { Mailbox } from '../entities/mailbox.entity';
import { MailboxDelegate } from '../entities/mailbox-delegate.entity';
import { AliasKind, MailboxKind, MailboxState, Suspension } from '../entities/enums';
import { forwardingNoticeMail } from '../notifications/templates';
import { addressRegistry } from './address-registry';
import { localPartFor } from './addresses';
import { credentials } from './credentials.service';
import { lists } from './lists.service';
import { mailboxes, transition } from './mailboxes.service';
import { ownerOf } from './scope';

/**
 * What the staff register's events do to mailboxes. Every method is a reconciliation: it reads
 * the current state of the register and makes the mail side agree, so a retried or repeated event
 * changes nothing the second time. Each runs in one transaction of its own (the subscriber's job).
 */
export class LifecycleService {
  /**
   * Joined or moved: a mailbox when an agency's policy says so (and the official has none), aliases
   * in the domains of the other agencies they are posted in, memberships of automatic lists.
   */
  async reconcileOfficial(
    ctx: RequestContext,
    officialId: string,
    previousAgencyIds: string[] = [],
  ): Promise<void> {
    await ctx.transactional(async () => {
      const official = await directory.official(ctx, officialId);
      if (!official) return;
      if (official.status === OfficialStatus.LEFT) {
        await this.leftInTransaction(ctx, official);
        return;
      }
      const postings = await directory.currentPostings(ctx, officialId);
      const agencyIds = [...new Set(postings.map((p) => p.agencyId))];

      let live = await this.liveMailboxes(ctx, officialId);
      if (!live.length && official.status === OfficialStatus.ACTIVE) {
        await this.createByPolicy(ctx, official, agencyIds);
        live = await this.liveMailboxes(ctx, officialId);
      }
      const main = live[0];
      if (main) await this.syncOfficialAliases(ctx, official, main, agencyIds);
      await lists.syncForOfficial(ctx, officialId, [...new Set([...previousAgencyIds, ...agencyIds])]);
    });
  }

  private liveMailboxes(ctx: RequestContext, officialId: string): Promise<Mailbox[]> {
    return ctx.em.find(
      Mailbox,
      { officialId, kind: MailboxKind.PERSONAL, state: { $ne: MailboxState.DELETED } },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
  }

  /** The first agency (primary posting first) whose domain says "create on join" gets the mailbox. */
  private async createByPolicy(
    ctx: RequestContext,
    official: OfficialRecord,
    agencyIds: string[],
  ): Promise<void> {
    if (!agencyIds.length) return;
    const candidates = await ctx.em.find(MailDomain, {
      agencyId: { $in: agencyIds },
      createOnJoin: true,
      active: true,
    });
    const domain = agencyIds.map((id) => candidates.find((d) => d.agencyId === id)).find(Boolean);
    if (!domain) return;
    try {
      await mailboxes.createPersonal(ctx, domain, { officialId: official.id });
    } catch (error) {
      // A full domain or a name without letters will not get better with retries: record and move on.
      if (!(error instanceof DomainError)) throw error;
      ctx.logger.warn(
        { officialId: official.id, domain: domain.name, code: error.code },
        'no mailbox created on join',
      );
      ctx.audit({
        action: 'email-accounts.mailbox.auto-create-refused',
        entityType: 'Official',
        entityId: official.id,
        unitId: domain.unitId,
        agencyId: domain.agencyId,
        after: { domain: domain.name, code: error.code, reason: error.message },
      });
    }
  }

  /**
   * An official posted in agencies of several domains keeps one mailbox and gets an alias in each
   * other domain (built by that domain's rule), pointing to the mailbox; aliases of domains they
   * no longer work in are removed.
   */
  private async syncOfficialAliases(
    ctx: RequestContext,
    official: OfficialRecord,
    main: Mailbox,
    agencyIds: string[],
  ): Promise<void> {
    const domains = agencyIds.length
      ? await ctx.em.find(MailDomain, { agencyId: { $in: agencyIds }, active: true })
      : [];
    const wanted = new Map(domains.filter((d) => d.id !== main.domain.id).map((d) => [d.id, d]));
    const existing = await ctx.em.find(MailAlias, { officialId: official.id });
    for (const alias of existing) {
      if (wanted.has(alias.domain.id)) {
        wanted.delete(alias.domain.id);
        continue;
      }
      const address = alias.address;
      ctx.em.remove(alias);
      await ctx.em.flush();
      await addressRegistry.release(ctx, address);
      ctx.audit({
        action: 'email-accounts.alias.delete',
        entityType: 'MailAlias',
        entityId: alias.id,
        unitId: alias.unitId,
        agencyId: (await ownerOf(alias)).agencyId,
        before: { address, officialId: official.id },
      });
    }
    for (const domain of wanted.values()) {
      const address = await addressRegistry.claim(
        ctx,
        domain,
        localPartFor(official.fullName, domain.addressRule),
        'ALIAS',
        true,
      );
      const alias = ctx.em.create(MailAlias, {
        domain,
        unitId: domain.unitId,
        address,
        kind: AliasKind.ALIAS,
        officialId: official.id,
        name: official.fullName,
      });
      ctx.em.create(MailAliasTarget, { alias, mailbox: main, automatic: true });
      await ctx.em.flush();
      ctx.audit({
        action: 'email-accounts.alias.create',
        entityType: 'MailAlias',
        entityId: alias.id,
        unitId: alias.unitId,
        agencyId: (await ownerOf(alias)).agencyId,
        after: { address, mailbox: main.address, officialId: official.id },
      });
    }
  }

  /** Suspended official: their mailboxes cannot be signed in to (mail still arrives). */
  async officialSuspended(ctx: RequestContext, officialId: string): Promise<void> {
    await ctx.transactional(async () => {
      const owned = await ctx.em.find(Mailbox, {
        officialId,
        state: { $in: [MailboxState.ACTIVE, MailboxState.REQUESTED] },
      });
      for (const mailbox of owned) {
        const before = mailbox.state;
        transition(mailbox, MailboxState.SUSPENDED, Suspension.OFFICIAL_SUSPENDED);
        ctx.audit({
          action: 'email-accounts.mailbox.suspend',
          entityType: 'Mailbox',
          entityId: mailbox.id,
          unitId: mailbox.unitId,
          agencyId: (await ownerOf(mailbox)).agencyId,
          before: { state: before },
          after: { state: mailbox.state, suspension: mailbox.suspension },
        });
      }
      await ctx.em.flush();
    });
  }

  /** Reinstated official: what their suspension suspended comes back (an admin's suspension stays). */
  async officialReinstated(ctx: RequestContext, officialId: string): Promise<void> {
    await ctx.transactional(async () => {
      const official = await directory.official(ctx, officialId);
      if (!official || official.status !== OfficialStatus.ACTIVE) return;
      const owned = await ctx.em.find(Mailbox, {
        officialId,
        state: MailboxState.SUSPENDED,
        suspension: Suspension.OFFICIAL_SUSPENDED,
      });
      for (const mailbox of owned) {
        transition(mailbox, mailbox.passwordSetAt ? MailboxState.ACTIVE : MailboxState.REQUESTED);
        ctx.audit({
          action: 'email-accounts.mailbox.reactivate',
          entityType: 'Mailbox',
          entityId: mailbox.id,
          unitId: mailbox.unitId,
          agencyId: (await ownerOf(mailbox)).agencyId,
          before: { state: MailboxState.SUSPENDED },
          after: { state: mailbox.state },
        });
      }
      await ctx.em.flush();
    });
    await this.reconcileOfficial(ctx, officialId);
  }

  /**
   * Left: every personal mailbox is suspended for good and its mail forwarded to the domain's unit
   * mailbox (a virtual alias in the Postfix view); list memberships and delegations end.
   */
  async officialLeft(ctx: RequestContext, officialId: string): Promise<void> {
    await ctx.transactional(async () => {
      const official = await directory.official(ctx, officialId);
      if (!official || official.status !== OfficialStatus.LEFT) return;
      await this.leftInTransaction(ctx, official);
    });
  }

  private async leftInTransaction(ctx: RequestContext, official: OfficialRecord): Promise<void> {
    const owned = await this.liveMailboxes(ctx, official.id);
    for (const mailbox of owned) {
      const domain = await mailbox.domain.loadOrFail();
      const unitMailbox = domain.leaverMailbox ? await domain.leaverMailbox.loadOrFail() : null;
      const forwardTo =
        unitMailbox && unitMailbox.id !== mailbox.id && unitMailbox.state !== MailboxState.DELETED
          ? unitMailbox
          : null;
      const changed =
        mailbox.state !== MailboxState.SUSPENDED ||
        mailbox.suspension !== Suspension.OFFICIAL_LEFT ||
        (forwardTo !== null && mailbox.forwardTo?.id !== forwardTo.id);
      if (!changed) continue;
      const before = {
        state: mailbox.state,
        suspension: mailbox.suspension,
        forwardTo: mailbox.forwardTo?.id ?? null,
      };
      transition(mailbox, MailboxState.SUSPENDED, Suspension.OFFICIAL_LEFT);
      if (forwardTo) mailbox.forwardTo = ref(forwardTo);
      await credentials.cancelPending(ctx, mailbox.id);
      await ctx.em.flush();
      // Lists no longer include them (the forward would send the unit mailbox every list mail).
      await ctx.em.execute(
        `delete from email_accounts_alias_target t using email_accounts_alias a
          where a.id = t.alias_id and a.kind = 'LIST' and t.mailbox_id = ?`,
        [mailbox.id],
      );
      ctx.audit({
        action: 'email-accounts.mailbox.owner-left',
        entityType: 'Mailbox',
        entityId: mailbox.id,
        unitId: mailbox.unitId,
        agencyId: (await ownerOf(mailbox)).agencyId,
        before,
        after: {
          state: mailbox.state,
          suspension: mailbox.suspension,
          forwardTo: forwardTo?.address ?? null,
        },
      });
      if (forwardTo) {
        await ctx.sendMail(
          forwardingNoticeMail({
            to: forwardTo.address,
            leaverName: official.fullName,
            leaverAddress: mailbox.address,
            unitAddress: forwardTo.address,
          }),
        );
      } else {
        ctx.logger.warn(
          { mailbox: mailbox.address, domain: domain.name },
          'official left but the domain has no unit mailbox: mail stays in the suspended mailbox',
        );
      }
    }
    await ctx.em.nativeDelete(MailboxDelegate, { officialId: official.id });
  }

  /** A unit was closed: records follow their agency (the staff plugin re-homes agencies). */
  async unitReorganised(ctx: RequestContext): Promise<void> {
    await ctx.transactional(async () => {
      await ctx.em.execute(
        `update email_accounts_domain d set unit_id = ag.unit_id, version = d.version + 1, updated_at = now()
           from staff_agency_v ag where ag.id = d.agency_id and d.unit_id <> ag.unit_id`,
      );
      for (const table of ['email_accounts_mailbox', 'email_accounts_alias']) {
        await ctx.em.execute(
          `update ${table} r set unit_id = d.unit_id, updated_at = now()
             from email_accounts_domain d where d.id = r.domain_id and r.unit_id <> d.unit_id`,
        );
      }
    });
  }
}

export const lifecycle = new LifecycleService();
