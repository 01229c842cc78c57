import { Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { Dashboard, dashboardBlockVisible, type RequestContext } from '../../../src';
import { DossierStatus } from '../domain/enums';
import { ProceduresPermissions as P } from '../permissions';
import { dossiers } from '../services/dossiers.service';
import { statistics } from '../services/statistics.service';

@ObjectType({
  description:
    "The dossiers block of the leader's dashboard: dossiers received by the unit's agencies (and the units below it), or by the agency; each number is the total of the dossiers query or report named (with agencyId instead of unitId for an agency)",
})
export class DossiersDashboard {
  @Field(() => Int, {
    description: 'Received today: dossiers(filter: { unitId, receivedFrom: day, receivedTo: day })',
  })
  receivedToday!: number;
  @Field(() => Int, {
    nullable: true,
    description:
      'Resolved today: dossierStatistics(filter: { from: day, to: day, unitId, view: RECEIVING_AGENCY }).total.resolved.total; null without procedures.statistics.read',
  })
  resolvedToday!: number | null;
  @Field(() => Int, {
    description: 'Open and past their appointment: dossiers(filter: { unitId, overdue: true })',
  })
  overdue!: number;
  @Field(() => Int, {
    description:
      'Submitted online, waiting to be received at a desk: dossiers(filter: { unitId, statuses: [NEW] })',
  })
  waitingAtDesks!: number;
}

@Resolver(() => Dashboard)
export class DossiersDashboardResolver {
  @FieldResolver(() => DossiersDashboard, {
    nullable: true,
    description:
      'Dossiers today (procedures plugin); null without procedures.dossiers.read over the whole unit or agency',
  })
  async dossiers(@Ctx() ctx: RequestContext, @Root() d: Dashboard): Promise<DossiersDashboard | null> {
    if (!(await dashboardBlockVisible(ctx, d, P.dossiersRead))) return null;
    // The dossiers list itself (first: 0, its count only), so the block can never disagree with it.
    // A unit's dashboard counts its subtree; an agency's, the dossiers it received (filter agencyId).
    const place = d.agencyId ? { agencyId: d.agencyId } : { unitId: d.unitId };
    const count = async (filter: Parameters<typeof dossiers.list>[1]) =>
      (await dossiers.list(ctx, { ...place, ...filter }, { first: 0 })).totalCount;
    // One after the other: a request holds one connection at a time.
    const receivedToday = await count({ receivedFrom: d.day, receivedTo: d.day });
    // Overdue and resolved-today from the roll-ups (the same totals as the list and the report,
    // without judging every open dossier or summing the whole history); when the caller's scope
    // would narrow the place (null), with the list and the report themselves.
    const overdue = (await dossiers.overdueCount(ctx, place)) ?? (await count({ overdue: true }));
    const waitingAtDesks = await count({ statuses: [DossierStatus.NEW] });
    const resolvedToday = (await dashboardBlockVisible(ctx, d, P.statisticsRead))
      ? ((await statistics.resolvedOnDay(ctx, place, d.day)) ??
        (
          await statistics.report(ctx, {
            from: d.day,
            to: d.day,
            ...place,
            groupBy: 'NONE',
            view: 'RECEIVING_AGENCY',
          })
        ).total.resolved.total)
      : null;
    return { receivedToday, overdue, waitingAtDesks, resolvedToday };
  }
}
