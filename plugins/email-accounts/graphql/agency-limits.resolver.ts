import {
  Arg,
  Authorized,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import type { RequestContext } from '../../../src';
import { EmailPermissions } from '../permissions';
import { agencyLimits } from '../services/agency-limits.service';

@ObjectType('MailAgencyLimits', {
  description: "What an agency's IT admins may give its mail, and what they use of it",
})
class MailAgencyLimitsType {
  @Field(() => ID) agencyId!: string;
  @Field(() => Int) maxDomains!: number;
  @Field(() => Int, { description: 'Most mailboxes over all its domains (sum of their maxMailboxes)' })
  maxMailboxes!: number;
  @Field(() => Int, { description: 'Largest maxQuotaMb of any of its domains, in MiB' }) maxQuotaMb!: number;
  @Field({ description: "false: the platform's defaults (EMAIL_ACCOUNTS_AGENCY_MAX_*)" }) custom!: boolean;
  @Field(() => Int) domains!: number;
  @Field(() => Int, { description: 'Sum of the maxMailboxes of its domains' }) mailboxesAllotted!: number;
}

@InputType()
class SetMailAgencyLimitsInput {
  @Field(() => ID) agencyId!: string;
  @Field(() => Int) maxDomains!: number;
  @Field(() => Int) maxMailboxes!: number;
  @Field(() => Int) maxQuotaMb!: number;
}

@ObjectType()
class SetMailAgencyLimitsPayload {
  @Field(() => MailAgencyLimitsType) limits!: MailAgencyLimitsType;
}

@Resolver()
export class MailAgencyLimitsResolver {
  @Authorized()
  @Query(() => MailAgencyLimitsType, {
    nullable: true,
    description: "An agency's mail limits (null when not found or not in the reader's scope)",
    name: 'mailAgencyLimits',
  })
  mailAgencyLimits(@Ctx() ctx: RequestContext, @Arg('agencyId', () => ID) agencyId: string) {
    return agencyLimits.view(ctx, agencyId);
  }

  @Authorized(EmailPermissions.limitsManage)
  @Mutation(() => SetMailAgencyLimitsPayload, {
    description:
      'Sets how many domains and mailboxes, and how much quota, an agency may have (platform-wide admins)',
  })
  async setMailAgencyLimits(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetMailAgencyLimitsInput) input: SetMailAgencyLimitsInput,
  ) {
    return { limits: await agencyLimits.set(ctx, input) };
  }
}
