import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AddressRule, AliasKind, ListSource, MailboxKind, MailboxState } from '../entities/enums';
import { ProvisionStatus } from '../services/provisioning.service';
import { Mailbox } from '../entities/mailbox.entity';

registerEnumType(ProvisionStatus, { name: 'MailboxProvisionStatus' });

@InputType()
export class MailDomainFilterInput {
  @Field(() => ID, { nullable: true }) agencyId?: string;
  @Field({ nullable: true }) search?: string;
}

@InputType()
export class CreateMailDomainInput {
  @Field({ description: 'e.g. halong.quangninh.gov.vn' }) name!: string;
  @Field(() => ID) agencyId!: string;
  @Field(() => AddressRule, { nullable: true, description: 'Default GIVEN_INITIALS (hungnv)' })
  addressRule?: AddressRule;
  @Field(() => Int) maxMailboxes!: number;
  @Field(() => Int, { description: 'MiB' }) defaultQuotaMb!: number;
  @Field(() => Int, { description: 'MiB' }) maxQuotaMb!: number;
  @Field({ nullable: true, description: 'Create a mailbox when an official joins the agency' })
  createOnJoin?: boolean;
  @Field(() => Int, { nullable: true }) retentionDays?: number;
  @Field(() => Int, { nullable: true }) quotaWarningPercent?: number;
}

@InputType()
export class UpdateMailDomainInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true }) version?: number;
  @Field(() => AddressRule, { nullable: true }) addressRule?: AddressRule;
  @Field(() => Int, { nullable: true }) maxMailboxes?: number;
  @Field(() => Int, { nullable: true }) defaultQuotaMb?: number;
  @Field(() => Int, { nullable: true }) maxQuotaMb?: number;
  @Field({ nullable: true }) createOnJoin?: boolean;
  @Field(() => ID, {
    nullable: true,
    description: 'Shared mailbox of this domain that receives the mail of officials who left',
  })
  leaverMailboxId?: string;
  @Field({ nullable: true }) clearLeaverMailbox?: boolean;
  @Field(() => Int, { nullable: true }) retentionDays?: number;
  @Field(() => Int, { nullable: true }) quotaWarningPercent?: number;
  @Field({ nullable: true }) active?: boolean;
}

@InputType()
export class MailboxFilterInput {
  @Field(() => ID, { nullable: true }) domainId?: string;
  @Field(() => MailboxState, { nullable: true }) state?: MailboxState;
  @Field(() => MailboxKind, { nullable: true }) kind?: MailboxKind;
  @Field(() => ID, { nullable: true }) officialId?: string;
  @Field({ nullable: true, description: 'Part of the address or name, diacritics ignored' }) search?: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Mailboxes of agencies of this unit and the units below it',
  })
  withinUnitId?: string;
  @Field(() => ID, { nullable: true, description: 'Mailboxes of this agency (in its mail domains)' })
  agencyId?: string;
}

@InputType()
export class CreateMailboxInput {
  @Field(() => ID) domainId!: string;
  @Field(() => MailboxKind, { defaultValue: MailboxKind.PERSONAL }) kind!: MailboxKind;
  @Field(() => ID, { nullable: true, description: "PERSONAL: the owner (posted in the domain's agency)" })
  officialId?: string;
  @Field(() => String, {
    nullable: true,
    description:
      "Default for PERSONAL: from the name by the domain's rule, numbered on collision. Required for SHARED.",
  })
  localPart?: string;
  @Field(() => String, { nullable: true }) displayName?: string;
  @Field(() => Int, { nullable: true, description: "MiB; default the domain's default quota" })
  quotaMb?: number;
  @Field(() => String, {
    nullable: true,
    description: "Where the first password is mailed; default the official's personal email",
  })
  deliverTo?: string;
  @Field(() => [ID], { nullable: true, description: 'SHARED: officials who may use it' })
  delegateOfficialIds?: string[];
}

@InputType()
export class UpdateMailboxInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true }) version?: number;
  @Field(() => Int, { nullable: true }) quotaMb?: number;
  @Field(() => String, { nullable: true }) displayName?: string;
}

@InputType()
export class MailboxIdInput {
  @Field(() => ID) id!: string;
}

@InputType()
export class MailAliasIdInput {
  @Field(() => ID) id!: string;
}

@InputType()
export class ResetMailboxPasswordInput {
  @Field(() => ID) mailboxId!: string;
  @Field(() => String, { nullable: true, description: "Default: the owner's personal email" })
  deliverTo?: string;
}

@InputType()
export class ChangeMailboxPasswordInput {
  @Field(() => ID) mailboxId!: string;
  @Field() currentPassword!: string;
  @Field() newPassword!: string;
}

@InputType()
export class SetMailboxDelegatesInput {
  @Field(() => ID) mailboxId!: string;
  @Field(() => [ID]) officialIds!: string[];
}

@InputType()
export class MailTargetInput {
  @Field(() => ID, { nullable: true }) mailboxId?: string;
  @Field(() => String, { nullable: true, description: 'An outside address' }) address?: string;
}

@InputType()
export class MailAliasFilterInput {
  @Field(() => ID, { nullable: true }) domainId?: string;
  @Field(() => AliasKind, { nullable: true }) kind?: AliasKind;
  @Field({ nullable: true }) search?: string;
}

@InputType()
export class CreateMailAliasInput {
  @Field(() => ID) domainId!: string;
  @Field(() => AliasKind) kind!: AliasKind;
  @Field() localPart!: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => ListSource, {
    nullable: true,
    description: 'LIST only: AGENCY or DEPARTMENT keep the targets from the staff register',
  })
  source?: ListSource;
  @Field(() => ID, { nullable: true, description: "AGENCY lists: default the domain's agency" })
  sourceAgencyId?: string;
  @Field(() => ID, { nullable: true }) sourceDepartmentId?: string;
  @Field(() => [MailTargetInput], { nullable: true }) targets?: MailTargetInput[];
}

@InputType()
export class SetMailAliasTargetsInput {
  @Field(() => ID) id!: string;
  @Field(() => [MailTargetInput]) targets!: MailTargetInput[];
}

@InputType('MailboxProvisionRowInput')
export class ProvisionRowInput {
  @Field(() => String, { nullable: true }) username?: string;
  @Field(() => ID, { nullable: true }) officialId?: string;
  @Field(() => String, { nullable: true }) localPart?: string;
  @Field(() => String, { nullable: true }) displayName?: string;
  @Field(() => Int, { nullable: true }) quotaMb?: number;
  @Field(() => String, { nullable: true }) deliverTo?: string;
}

@InputType()
export class ProvisionMailboxesInput {
  @Field(() => ID) domainId!: string;
  @Field({ nullable: true, description: "Every active official posted in the domain's agency" })
  wholeAgency?: boolean;
  @Field(() => [ProvisionRowInput], { nullable: true }) rows?: ProvisionRowInput[];
  @Field(() => String, {
    nullable: true,
    description: 'CSV with a header: username, local_part, display_name, quota_mb, deliver_to',
  })
  csv?: string;
  @Field({ nullable: true, description: 'Plan and report only' }) dryRun?: boolean;
}

@InputType()
export class MailboxUsageEntryInput {
  @Field() address!: string;
  @Field(() => Float) usedBytes!: number;
}

@InputType()
export class RecordMailboxUsageInput {
  @Field(() => [MailboxUsageEntryInput]) entries!: MailboxUsageEntryInput[];
}

@ObjectType()
export class MailboxProvisionRow {
  @Field(() => Int) row!: number;
  @Field(() => ID, { nullable: true }) officialId!: string | null;
  @Field(() => String, { nullable: true }) username!: string | null;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => ProvisionStatus) status!: ProvisionStatus;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field() credentialsQueued!: boolean;
}

@ObjectType({ description: 'What provisionMailboxes created, skipped or could not create, row by row' })
export class ProvisionMailboxesPayload {
  @Field() domain!: string;
  @Field() dryRun!: boolean;
  @Field(() => Int) total!: number;
  @Field(() => Int) created!: number;
  @Field(() => Int) skipped!: number;
  @Field(() => Int) failed!: number;
  @Field(() => [MailboxProvisionRow]) rows!: MailboxProvisionRow[];
}

@ObjectType({
  description: 'The mailboxes whose usage recordMailboxUsage stored, in the order of the entries',
})
export class RecordMailboxUsagePayload {
  @Field(() => [Mailbox]) mailboxes!: Mailbox[];
}
