import { MailDashboardResolver } from './dashboard.resolver';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { MailAliasOrder, MailboxOrder, MailDomainOrder } from '../list-orders';
import {
  ConnectionType,
  nullIfNotFound,
  type RequestContext,
  KeysetPageArgs,
  type OrderInput,
  DeletePayload,
  deleted,
} from '../../../src';
import { directory, StaffPermissions, StaffTypes, isOfficialAccount, type OfficialRecord } from '../../staff';
import { CredentialDelivery } from '../entities/credential-delivery.entity';
import { MailAlias, MailAliasTarget } from '../entities/mail-alias.entity';
import { MailDomain } from '../entities/mail-domain.entity';
import { Mailbox } from '../entities/mailbox.entity';
import { MailboxState } from '../entities/enums';
import { EmailPermissions } from '../permissions';
import { credentials } from '../services/credentials.service';
import { DomainsService } from '../services/domains.service';
import { lists } from '../services/lists.service';
import { mailboxes } from '../services/mailboxes.service';
import { provisioning } from '../services/provisioning.service';
import { quota } from '../services/quota.service';
import { MailAgencyLimitsResolver } from './agency-limits.resolver';
import { canRead, ownerOf } from '../services/scope';
import {
  ChangeMailboxPasswordInput,
  CreateMailAliasInput,
  CreateMailboxInput,
  CreateMailDomainInput,
  MailAliasFilterInput,
  MailboxFilterInput,
  MailAliasIdInput,
  MailboxIdInput,
  ProvisionMailboxesPayload,
  MailDomainFilterInput,
  ProvisionMailboxesInput,
  RecordMailboxUsageInput,
  RecordMailboxUsagePayload,
  ResetMailboxPasswordInput,
  SetMailAliasTargetsInput,
  SetMailboxDelegatesInput,
  UpdateMailboxInput,
  UpdateMailDomainInput,
} from './inputs';

const domains = new DomainsService();
const MailDomainConnection = ConnectionType(MailDomain);
const MailboxConnection = ConnectionType(Mailbox);
const MailAliasConnection = ConnectionType(MailAlias);
const MIB = 1024 * 1024;

@ObjectType({ description: 'A credential mail that was queued' })
class MailCredentialRequest {
  @Field(() => ID) id!: string;
  @Field() recipient!: string;
}

@Resolver(() => MailDomain)
export class MailDomainResolver {
  @Authorized(EmailPermissions.read)
  @Query(() => MailDomainConnection, { description: 'Mail domains of agencies in your scope' })
  mailDomains(
    @Ctx() ctx: RequestContext,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => MailDomainFilterInput, { nullable: true }) filter?: MailDomainFilterInput,
    @Arg('orderBy', () => MailDomainOrder.input, { nullable: true }) orderBy?: OrderInput | null,
  ) {
    return domains.list(ctx, filter ?? {}, page, orderBy);
  }

  @Authorized(EmailPermissions.read)
  @Query(() => MailDomain, { nullable: true, description: 'Null when it does not exist or is not visible' })
  mailDomain(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return nullIfNotFound(domains.get(ctx, id));
  }

  @Authorized(EmailPermissions.domainsManage)
  @Mutation(() => MailDomain)
  createMailDomain(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateMailDomainInput) input: CreateMailDomainInput,
  ) {
    return domains.create(ctx, input);
  }

  @Authorized(EmailPermissions.domainsManage)
  @Mutation(() => MailDomain, { description: 'Limits, policies and the unit mailbox for officials who left' })
  updateMailDomain(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateMailDomainInput) input: UpdateMailDomainInput,
  ) {
    return domains.update(ctx, input);
  }

  @FieldResolver(() => StaffTypes.Agency)
  agency(@Root() domain: MailDomain, @Ctx() ctx: RequestContext) {
    return directory.agency(ctx, domain.agencyId);
  }

  @FieldResolver(() => Mailbox, { nullable: true, description: 'Receives the mail of officials who left' })
  leaverMailbox(@Root() domain: MailDomain) {
    return domain.leaverMailbox?.load() ?? null;
  }

  @FieldResolver(() => Int, { description: 'Mailboxes that are not deleted' })
  mailboxCount(@Root() domain: MailDomain, @Ctx() ctx: RequestContext) {
    return domains.liveMailboxCount(ctx, domain.id);
  }
}

@Resolver(() => Mailbox)
export class MailboxResolver {
  @Authorized(EmailPermissions.read)
  @Query(() => MailboxConnection, { description: 'Mailboxes of agencies in your scope' })
  mailboxes(
    @Ctx() ctx: RequestContext,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => MailboxFilterInput, { nullable: true }) filter?: MailboxFilterInput,
    @Arg('orderBy', () => MailboxOrder.input, { nullable: true }) orderBy?: OrderInput | null,
  ) {
    return mailboxes.list(ctx, filter ?? {}, page, orderBy);
  }

  @Authorized()
  @Query(() => Mailbox, {
    nullable: true,
    description: 'A mailbox in your scope, or one you own or use; null otherwise or when not found',
  })
  mailbox(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return nullIfNotFound(mailboxes.get(ctx, id));
  }

  @Authorized()
  @Query(() => [Mailbox], { description: 'Mailboxes you own, and shared mailboxes you may use' })
  myMailboxes(@Ctx() ctx: RequestContext) {
    return mailboxes.mine(ctx);
  }

  @Authorized(EmailPermissions.manage)
  @Mutation(() => Mailbox, {
    description: 'A personal mailbox (its first password is mailed to the owner) or a shared unit mailbox',
  })
  createMailbox(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateMailboxInput) input: CreateMailboxInput,
  ) {
    return mailboxes.create(ctx, input);
  }

  @Authorized(EmailPermissions.manage)
  @Mutation(() => Mailbox)
  updateMailbox(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateMailboxInput) input: UpdateMailboxInput,
  ) {
    return mailboxes.update(ctx, input);
  }

  @Authorized(EmailPermissions.manage)
  @Mutation(() => Mailbox)
  suspendMailbox(@Ctx() ctx: RequestContext, @Arg('input', () => MailboxIdInput) input: MailboxIdInput) {
    return mailboxes.suspend(ctx, input);
  }

  @Authorized(EmailPermissions.manage)
  @Mutation(() => Mailbox)
  reactivateMailbox(@Ctx() ctx: RequestContext, @Arg('input', () => MailboxIdInput) input: MailboxIdInput) {
    return mailboxes.reactivate(ctx, input);
  }

  @Authorized(EmailPermissions.manage)
  @Mutation(() => DeletePayload, {
    description: "Deleted now, purged after the domain's retention period (until then, mailbox(id) reads it)",
  })
  async deleteMailbox(@Ctx() ctx: RequestContext, @Arg('input', () => MailboxIdInput) input: MailboxIdInput) {
    return deleted((await mailboxes.delete(ctx, input)).id);
  }

  @Authorized(EmailPermissions.manage)
  @Mutation(() => Mailbox, { description: 'A deleted mailbox back (suspended) before its purge' })
  restoreMailbox(@Ctx() ctx: RequestContext, @Arg('input', () => MailboxIdInput) input: MailboxIdInput) {
    return mailboxes.restore(ctx, input);
  }

  @Authorized(EmailPermissions.manage)
  @Mutation(() => MailCredentialRequest, {
    description: "Generates a new password and mails it to the owner's personal address",
  })
  async resetMailboxPassword(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ResetMailboxPasswordInput) input: ResetMailboxPasswordInput,
  ) {
    const delivery = await credentials.reset(ctx, input);
    return { id: delivery.id, recipient: delivery.recipient };
  }

  @Authorized()
  @Mutation(() => Mailbox, {
    description: 'The owner sets their own password (checked against the password policy)',
  })
  changeMailboxPassword(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ChangeMailboxPasswordInput) input: ChangeMailboxPasswordInput,
  ) {
    return credentials.change(ctx, input);
  }

  @Authorized(EmailPermissions.manage)
  @Mutation(() => Mailbox, {
    description: 'Officials who may use a shared mailbox (they sign in as "shared@domain*own@domain")',
  })
  setMailboxDelegates(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetMailboxDelegatesInput) input: SetMailboxDelegatesInput,
  ) {
    return mailboxes.setDelegates(ctx, input);
  }

  @Authorized(EmailPermissions.manage)
  @Mutation(() => ProvisionMailboxesPayload, {
    description:
      'Many mailboxes at once (a whole agency, rows or CSV), in one transaction; re-running skips what exists',
  })
  provisionMailboxes(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ProvisionMailboxesInput) input: ProvisionMailboxesInput,
  ) {
    return provisioning.provision(ctx, input);
  }

  @Authorized(EmailPermissions.manage)
  @Mutation(() => RecordMailboxUsagePayload, {
    description: 'Records mailbox usage (from doveadm quota or a quota dict); warnings follow',
  })
  async recordMailboxUsage(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordMailboxUsageInput) input: RecordMailboxUsageInput,
  ): Promise<RecordMailboxUsagePayload> {
    return { mailboxes: await quota.recordUsage(ctx, input.entries) };
  }

  @FieldResolver(() => MailDomain)
  domain(@Root() mailbox: Mailbox) {
    return mailbox.domain.load();
  }

  @FieldResolver(() => StaffTypes.Official, {
    nullable: true,
    description: 'The owner (null for a shared mailbox, or when you may not see officials there)',
  })
  async official(@Root() mailbox: Mailbox, @Ctx() ctx: RequestContext) {
    if (!mailbox.officialId) return null;
    const official = await directory.official(ctx, mailbox.officialId);
    if (!official) return null;
    const self = isOfficialAccount(ctx.user, official);
    return self || (await ctx.can(StaffPermissions.officialsRead, await ownerOf(mailbox))) ? official : null;
  }

  @FieldResolver(() => Mailbox, {
    nullable: true,
    description: 'Where mail to this address goes instead (the unit mailbox, once the owner left)',
  })
  forwardTo(@Root() mailbox: Mailbox) {
    return mailbox.forwardTo?.load() ?? null;
  }

  @FieldResolver(() => [StaffTypes.Official], { description: 'Officials who may use this shared mailbox' })
  delegates(@Root() mailbox: Mailbox, @Ctx() ctx: RequestContext) {
    return mailboxes.delegatesOf(ctx, mailbox.id);
  }

  @FieldResolver(() => Float, { description: 'Used bytes as a percentage of the quota' })
  usagePercent(@Root() mailbox: Mailbox) {
    return Math.round((mailbox.usedBytes * 10000) / (mailbox.quotaMb * MIB)) / 100;
  }

  @FieldResolver(() => CredentialDelivery, {
    nullable: true,
    description: 'The latest credential mail (admins of the mailbox only)',
  })
  async lastCredentialDelivery(@Root() mailbox: Mailbox, @Ctx() ctx: RequestContext) {
    if (!(await ctx.can(EmailPermissions.manage, await ownerOf(mailbox)))) return null;
    return ctx.em.findOne(
      CredentialDelivery,
      { mailbox: mailbox.id },
      { orderBy: { createdAt: 'desc', id: 'desc' } },
    );
  }
}

@Resolver(() => MailAlias)
export class MailAliasResolver {
  @Authorized(EmailPermissions.read)
  @Query(() => MailAliasConnection, { description: 'Aliases and distribution lists in your scope' })
  mailAliases(
    @Ctx() ctx: RequestContext,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => MailAliasFilterInput, { nullable: true }) filter?: MailAliasFilterInput,
    @Arg('orderBy', () => MailAliasOrder.input, { nullable: true }) orderBy?: OrderInput | null,
  ) {
    return lists.list(ctx, filter ?? {}, page, orderBy);
  }

  @Authorized(EmailPermissions.read)
  @Query(() => MailAlias, { nullable: true, description: 'Null when it does not exist or is not visible' })
  mailAlias(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return nullIfNotFound(lists.get(ctx, id));
  }

  @Authorized(EmailPermissions.manage)
  @Mutation(() => MailAlias)
  createMailAlias(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateMailAliasInput) input: CreateMailAliasInput,
  ) {
    return lists.create(ctx, input);
  }

  @Authorized(EmailPermissions.manage)
  @Mutation(() => MailAlias, {
    description: 'Replaces the manual targets; automatic ones follow the staff register',
  })
  setMailAliasTargets(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetMailAliasTargetsInput) input: SetMailAliasTargetsInput,
  ) {
    return lists.setTargets(ctx, input);
  }

  @Authorized(EmailPermissions.manage)
  @Mutation(() => DeletePayload)
  async deleteMailAlias(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => MailAliasIdInput) input: MailAliasIdInput,
  ) {
    await lists.delete(ctx, input);
    return deleted(input.id);
  }

  @FieldResolver(() => MailDomain)
  domain(@Root() alias: MailAlias) {
    return alias.domain.load();
  }

  @FieldResolver(() => [MailAliasTarget])
  targets(@Root() alias: MailAlias, @Ctx() ctx: RequestContext) {
    return lists.targetsOf(ctx, alias.id);
  }

  @FieldResolver(() => StaffTypes.Official, {
    nullable: true,
    description: "Set when the platform keeps this alias for an official posted in this domain's agency",
  })
  official(@Root() alias: MailAlias, @Ctx() ctx: RequestContext) {
    return alias.officialId ? directory.official(ctx, alias.officialId) : null;
  }
}

@Resolver(() => MailAliasTarget)
export class MailAliasTargetResolver {
  @FieldResolver(() => Mailbox, {
    nullable: true,
    description: 'The target mailbox, when it is in your scope (address is always shown)',
  })
  async mailbox(@Root() target: MailAliasTarget, @Ctx() ctx: RequestContext) {
    const mailbox = target.mailbox ? await target.mailbox.load() : null;
    if (!mailbox) return null;
    return (await canRead(ctx, await ownerOf(mailbox))) ? mailbox : null;
  }

  @FieldResolver(() => String, {
    description: "Where mail goes: the mailbox's address or the outside address",
  })
  async address(@Root() target: MailAliasTarget) {
    return target.externalAddress ?? (await target.mailbox!.load())?.address ?? '';
  }

  @FieldResolver(() => Boolean, {
    description: 'False when the target mailbox is deleted or not yet active (mail skips it)',
  })
  async deliverable(@Root() target: MailAliasTarget) {
    if (!target.mailbox) return true;
    const mailbox = await target.mailbox.load();
    return !!mailbox && (mailbox.state === MailboxState.ACTIVE || mailbox.state === MailboxState.SUSPENDED);
  }
}

/** Adds `mailboxes` to the staff plugin's Official type (the staff plugin knows nothing of mail). */
@Resolver(() => StaffTypes.Official)
export class OfficialMailboxesResolver {
  @FieldResolver(() => [Mailbox], { description: "The official's mailboxes you may see" })
  mailboxes(@Root() official: OfficialRecord, @Ctx() ctx: RequestContext) {
    return mailboxes.ofOfficial(ctx, official.id);
  }
}

export const emailResolvers = [
  MailDashboardResolver,
  MailAgencyLimitsResolver,
  MailDomainResolver,
  MailboxResolver,
  MailAliasResolver,
  MailAliasTargetResolver,
  OfficialMailboxesResolver,
];
