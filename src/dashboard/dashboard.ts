import { Arg, Authorized, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import type { ScopeOwner } from '../auth/scope';
import { isUuid } from '../db/get-or-throw';
import { BadInputError } from '../errors';
import { DateScalar } from '../graphql/scalars';
import { localDateOf, now, type LocalDate } from '../time/local-time';

/** See the leader's dashboard of a unit or an agency in one's scope (each block also needs its plugin's read permission). */
export const DASHBOARD_VIEW = 'dashboard.view';

/**
 * The leader's dashboard (bảng điều hành) at one instant, of one of two places, as scope grants go:
 * - a unit and the units below it (`agencyId` null), for a leader whose grant is over the unit or an
 *   ancestor: a grant over an agency never covers a unit as a whole;
 * - one agency (`agencyId` set, `unitId` its own unit), for a leader whose grant is over that agency
 *   (or over its unit or an ancestor): only what the agency owns, never its unit's other agencies.
 *
 * Core knows no block: each plugin adds its own field to this type with a field resolver
 * (`@Resolver(() => Dashboard)` + `@FieldResolver`), computed by the same service as the plugin's own
 * queries with the same place (`withinUnitId`/`unitId` for a unit, `agencyId` for an agency),
 * nullable, and null when the caller lacks the plugin's read permission over the whole place
 * (`dashboardBlockVisible`). A disabled plugin contributes no field. This is the extension point.
 */
@ObjectType({
  description:
    'Bảng điều hành: a unit (and the units below it) or one agency, now; each block comes from its plugin and is null when not yours to see',
})
export class Dashboard {
  @Field(() => ID, { description: "The unit asked for, or the agency's own unit" }) unitId!: string;
  @Field(() => ID, {
    nullable: true,
    description: "The agency whose dashboard this is; null for a unit's (the unit and the units below it)",
  })
  agencyId!: string | null;
  @Field(() => DateScalar, { description: 'Vietnam\'s local date the blocks\' "today" means' })
  day!: LocalDate;
  @Field(() => Date, { description: 'The instant the blocks were computed at' })
  at!: Date;
}

/** The dashboard's place as a scope owner: an agency, or the unit as a whole. */
function ownerOf(place: Pick<Dashboard, 'unitId' | 'agencyId'>): ScopeOwner {
  return place.agencyId
    ? { unitId: place.unitId, agencyId: place.agencyId }
    : { unitId: place.unitId, wholeUnit: true };
}

/**
 * Whether a block of `permission` is shown on this dashboard: the caller holds it over the whole
 * place — for a unit, a grant over the unit or an ancestor (an agency grant does not cover a unit's
 * dashboard); for an agency, a grant over the agency, its unit or an ancestor.
 */
export function dashboardBlockVisible(ctx: RequestContext, dashboard: Dashboard, permission: string) {
  return ctx.can(permission, ownerOf(dashboard));
}

@Resolver(() => Dashboard)
export class DashboardResolver {
  @Authorized(DASHBOARD_VIEW)
  @Query(() => Dashboard, {
    nullable: true,
    description:
      'The dashboard of a unit (unitId) or of one agency (agencyId) — give exactly one; null when it does not exist or is not wholly in your scope',
  })
  async dashboard(
    @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID, { nullable: true, description: 'A unit and the units below it' })
    unitId?: string | null,
    @Arg('agencyId', () => ID, { nullable: true, description: 'One agency: what it owns' })
    agencyId?: string | null,
  ): Promise<Dashboard | null> {
    if (!unitId === !agencyId)
      throw new BadInputError(
        { vi: 'Cần đúng một trong unitId hoặc agencyId', en: 'Give exactly one of unitId and agencyId' },
        { field: unitId ? 'agencyId' : 'unitId' },
      );
    const field = unitId ? 'unitId' : 'agencyId';
    const id = (unitId ?? agencyId)!;
    if (!isUuid(id))
      throw new BadInputError({ vi: `${field} không hợp lệ`, en: `${field} is not a valid id` }, { field });
    const place = await ctx.app.scopeResolver.locate(ctx, unitId ? { unitId } : { agencyId: id });
    // Unknown and outside one's scope answer alike: null.
    if (!place || !(await ctx.can(DASHBOARD_VIEW, ownerOf(place)))) return null;
    const at = now();
    return { ...place, day: localDateOf(at), at };
  }
}
