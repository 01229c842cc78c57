import { Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { Dashboard, dashboardBlockVisible, type RequestContext } from '../../../src';
import { MailboxState } from '../entities/enums';
import { EmailPermissions } from '../permissions';
import { mailboxes } from '../services/mailboxes.service';

@ObjectType({
  description:
    "The mail block of the leader's dashboard: mailboxes of the unit's agencies (and the units below it), or of the agency; the number is the totalCount of the mailboxes query named (with agencyId instead of withinUnitId for an agency)",
})
export class MailDashboard {
  @Field(() => Int, {
    description:
      'Requested, no password delivered yet: mailboxes(filter: { withinUnitId, state: REQUESTED })',
  })
  mailboxesPending!: number;
}

@Resolver(() => Dashboard)
export class MailDashboardResolver {
  @FieldResolver(() => MailDashboard, {
    nullable: true,
    description:
      'Mailboxes pending (email-accounts plugin); null without email-accounts.read over the whole unit or agency',
  })
  async mail(@Ctx() ctx: RequestContext, @Root() d: Dashboard): Promise<MailDashboard | null> {
    if (!(await dashboardBlockVisible(ctx, d, EmailPermissions.read))) return null;
    const pending = await mailboxes.list(
      ctx,
      {
        ...(d.agencyId ? { agencyId: d.agencyId } : { withinUnitId: d.unitId }),
        state: MailboxState.REQUESTED,
      },
      { first: 0 },
    );
    return { mailboxesPending: await pending.totalCount };
  }
}
