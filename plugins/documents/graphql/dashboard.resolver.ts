import { Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { Dashboard, dashboardBlockVisible, type RequestContext } from '../../../src';
import { DocumentDirection, DocumentStatus } from '../entities/enums';
import { DocumentsPermissions as P } from '../permissions';
import { documents } from '../services';
import type { DocumentFilter } from '../services/documents.service';

@ObjectType({
  description:
    "The documents block of the leader's dashboard: incoming documents of the unit's agencies (and the units below it), or of the agency, you may read; each number is the totalCount of the documents query named (with agencyId instead of withinUnitId for an agency)",
})
export class DocumentsDashboard {
  @Field(() => Int, {
    description:
      'Open and past their handling due date: documents(filter: { withinUnitId, direction: INCOMING, overdue: true })',
  })
  overdue!: number;
  @Field(() => Int, {
    description:
      'Being handled: documents(filter: { withinUnitId, direction: INCOMING, statuses: [ASSIGNED, IN_PROGRESS] })',
  })
  open!: number;
  @Field(() => Int, {
    description:
      'Registered today: documents(filter: { withinUnitId, direction: INCOMING, from: day, to: day })',
  })
  receivedToday!: number;
}

@Resolver(() => Dashboard)
export class DocumentsDashboardResolver {
  @FieldResolver(() => DocumentsDashboard, {
    nullable: true,
    description:
      'Incoming documents (documents plugin); null without documents.read over the whole unit or agency',
  })
  async documents(@Ctx() ctx: RequestContext, @Root() d: Dashboard): Promise<DocumentsDashboard | null> {
    if (!(await dashboardBlockVisible(ctx, d, P.read))) return null;
    // The documents list itself (first: 0, its count only): the same visibility, confidentiality included.
    const count = async (filter: DocumentFilter) =>
      (
        await documents.list(
          ctx,
          {
            ...(d.agencyId ? { agencyId: d.agencyId } : { withinUnitId: d.unitId }),
            direction: DocumentDirection.INCOMING,
            ...filter,
          },
          { first: 0 },
        )
      ).totalCount;
    return {
      overdue: await count({ overdue: true }),
      open: await count({ statuses: [DocumentStatus.ASSIGNED, DocumentStatus.IN_PROGRESS] }),
      receivedToday: await count({ from: d.day, to: d.day }),
    };
  }
}
