import { Ctx, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { Dashboard, dashboardBlockVisible, type RequestContext } from '../../../src';
import { QueuePermissions } from '../permissions';

@ObjectType({ description: "A centre's queue now (as its board shows it)" })
export class QueueDashboardCentre {
  @Field(() => ID) centreId!: string;
  @Field(() => Int, { description: 'Tickets of today waiting (board.waitingCount)' }) waiting!: number;
  @Field(() => Int, {
    description: 'Seconds the oldest waiting ticket has waited (board.longestWaitSeconds)',
  })
  longestWaitSeconds!: number;
  @Field(() => Int, { description: 'Tickets of today served' }) served!: number;
}

@ObjectType({
  description:
    "The queue block of the leader's dashboard: today's tickets of the centres of the unit (and the units below it), or of the agency",
})
export class QueueDashboard {
  @Field(() => Int, { description: 'Waiting now, all centres' }) waiting!: number;
  @Field(() => Int, { description: 'The longest wait now, all centres (0: nobody waits)' })
  longestWaitSeconds!: number;
  @Field(() => Int) served!: number;
  @Field(() => [QueueDashboardCentre], { description: 'Centres with tickets today, longest wait first' })
  centres!: QueueDashboardCentre[];
}

@Resolver(() => Dashboard)
export class QueueDashboardResolver {
  @FieldResolver(() => QueueDashboard, {
    nullable: true,
    description: 'Queue now (queue plugin); null without queue.read over the whole unit or agency',
  })
  async queue(@Ctx() ctx: RequestContext, @Root() dashboard: Dashboard): Promise<QueueDashboard | null> {
    if (!(await dashboardBlockVisible(ctx, dashboard, QueuePermissions.read))) return null;
    // One grouped read of today's tickets of the centres of the unit's subtree (staff's public tree
    // view), or of the agency's centres; the same counts and the same "longest wait" rule as a
    // centre's board.
    const place = dashboard.agencyId
      ? { sql: 't.agency_id = ?', param: dashboard.agencyId }
      : {
          sql: 't.unit_id in (select unit_id from staff_unit_tree_v where ancestor_id = ?)',
          param: dashboard.unitId,
        };
    const rows = await ctx.em.execute<
      Array<{ centre_id: string; waiting: number; served: number; oldest: Date | null }>
    >(
      `select t.centre_id, count(*) filter (where t.status = 'WAITING')::int as waiting,
              count(*) filter (where t.status = 'SERVED')::int as served,
              min(t.issued_at) filter (where t.status = 'WAITING') as oldest
         from queue_ticket t
        where t.day = ? and ${place.sql}
        group by t.centre_id`,
      [dashboard.day, place.param],
    );
    const centres = rows
      .map((r) => ({
        centreId: r.centre_id,
        waiting: r.waiting,
        served: r.served,
        longestWaitSeconds: r.oldest
          ? Math.max(0, Math.floor((dashboard.at.getTime() - new Date(r.oldest).getTime()) / 1000))
          : 0,
      }))
      .sort((a, b) => b.longestWaitSeconds - a.longestWaitSeconds || a.centreId.localeCompare(b.centreId));
    return {
      waiting: centres.reduce((n, c) => n + c.waiting, 0),
      served: centres.reduce((n, c) => n + c.served, 0),
      longestWaitSeconds: centres.reduce((n, c) => Math.max(n, c.longestWaitSeconds), 0),
      centres,
    };
  }
}
