import { Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { Dashboard, dashboardBlockVisible, type RequestContext } from '../../../src';
import { DeviceStatus, DeviceType, HealthState } from '../entities/enums';
import { CamerasPermissions } from '../permissions';
import { devices } from '../services';
import type { DeviceFilter } from '../services/devices.service';

@ObjectType({
  description:
    "The devices block of the leader's dashboard: devices in service in the unit (and the units below it), or placed at the agency, the probe finds offline; each number is the totalCount of the devices query named (with agencyId instead of withinUnitId for an agency)",
})
export class DevicesDashboard {
  @Field(() => Int, {
    description: 'devices(filter: { withinUnitId, status: IN_SERVICE, health: OFFLINE })',
  })
  offline!: number;
  @Field(() => Int, {
    description:
      'Cameras among them: devices(filter: { withinUnitId, status: IN_SERVICE, health: OFFLINE, type: CAMERA })',
  })
  camerasOffline!: number;
}

@Resolver(() => Dashboard)
export class DevicesDashboardResolver {
  @FieldResolver(() => DevicesDashboard, {
    nullable: true,
    description: 'Devices offline (cameras plugin); null without cameras.read over the whole unit or agency',
  })
  async devices(@Ctx() ctx: RequestContext, @Root() d: Dashboard): Promise<DevicesDashboard | null> {
    if (!(await dashboardBlockVisible(ctx, d, CamerasPermissions.read))) return null;
    const count = async (filter: DeviceFilter) =>
      (
        await devices.list(
          ctx,
          {
            ...(d.agencyId ? { agencyId: d.agencyId } : { withinUnitId: d.unitId }),
            status: DeviceStatus.IN_SERVICE,
            health: HealthState.OFFLINE,
            ...filter,
          },
          { first: 0 },
        )
      ).totalCount;
    return { offline: await count({}), camerasOffline: await count({ type: DeviceType.CAMERA }) };
  }
}
