import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Dashboard, dashboardBlockVisible, type RequestContext } from '../../../src';
import { ReformIndexPermissions as P } from '../permissions';
import { serviceIndex } from '../services/service-index.service';
import { ServiceIndex } from './service-index.types';

@Resolver(() => Dashboard)
export class ServiceIndexDashboardResolver {
  @FieldResolver(() => ServiceIndex, {
    nullable: true,
    description:
      'The service index of the year so far (reform-index plugin): serviceIndex(filter: { unitId or agencyId, from: <1 January>, to: day }); null without reform-index.read over the whole unit or agency',
  })
  async serviceIndex(@Ctx() ctx: RequestContext, @Root() d: Dashboard) {
    if (!(await dashboardBlockVisible(ctx, d, P.read))) return null;
    const place = d.agencyId ? { agencyId: d.agencyId } : { unitId: d.unitId };
    return serviceIndex.index(ctx, { ...place, from: `${d.day.slice(0, 4)}-01-01`, to: d.day });
  }
}
