import { Arg, Authorized, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import { isUuid } from '../db/get-or-throw';
import { BadInputError } from '../errors';
import { DateScalar } from '../graphql/scalars';
import { localDateOf, now, type LocalDate } from '../time/local-time';

/** See the leader's dashboard of a unit wholly in one's scope (each block also needs its plugin's read permission). */
export const DASHBOARD_VIEW = 'dashboard.view';

/**
 * The leader's dashboard (bảng điều hành) of one administrative unit and the units below it, at one
 * instant. Core knows no block: each plugin adds its own field to this type with a field resolver
 * (`@Resolver(() => Dashboard)` + `@FieldResolver`), computed by the same service as the plugin's own
 * queries, nullable, and null when the caller lacks the plugin's read permission over the whole unit
 * (`dashboardBlockVisible`). A disabled plugin contributes no field. This is the extension point.
 */
@ObjectType({
  description:
    'Bảng điều hành: a unit (and the units below it) now; each block comes from its plugin and is null when not yours to see',
})
export class Dashboard {
  @Field(() => ID) unitId!: string;
  @Field(() => DateScalar, { description: 'Vietnam\'s local date the blocks\' "today" means' })
  day!: LocalDate;
  @Field(() => Date, { description: 'The instant the blocks were computed at' })
  at!: Date;
}

/**
 * Whether a block of `permission` is shown on this dashboard: the caller holds it over the whole
 * unit (a grant over the unit or an ancestor; an agency grant does not cover a unit's dashboard).
 */
export function dashboardBlockVisible(ctx: RequestContext, dashboard: Dashboard, permission: string) {
  return ctx.can(permission, { unitId: dashboard.unitId, wholeUnit: true });
}

@Resolver(() => Dashboard)
export class DashboardResolver {
  @Authorized(DASHBOARD_VIEW)
  @Query(() => Dashboard, {
    nullable: true,
    description: 'The dashboard of a unit wholly in your scope; null otherwise',
  })
  async dashboard(
    @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID) unitId: string,
  ): Promise<Dashboard | null> {
    if (!isUuid(unitId))
      throw new BadInputError(
        { vi: 'unitId không hợp lệ', en: 'unitId is not a valid id' },
        { field: 'unitId' },
      );
    if (!(await dashboardBlockVisible(ctx, { unitId } as Dashboard, DASHBOARD_VIEW))) return null;
    const at = now();
    return { unitId, day: localDateOf(at), at };
  }
}
