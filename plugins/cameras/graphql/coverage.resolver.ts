import { Arg, Authorized, Ctx, Extensions, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../src';
import { directory, StaffTypes } from '../../staff';
import { CamerasPermissions } from '../permissions';
import { coverage } from '../services';
import { CameraCoverage, DeskEquipment } from './devices.types';
import { Device } from '../entities/device.entity';
import { staffRecord } from './devices.resolver';

@Resolver(() => CameraCoverage)
export class CoverageResolver {
  @Authorized(CamerasPermissions.coverageRead)
  @Extensions({ cost: 200 })
  @Query(() => CameraCoverage, {
    description: 'Coverage of a unit and every unit below it (the unit must be in your scope)',
  })
  async cameraCoverage(
    @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID) unitId: string,
  ): Promise<CameraCoverage> {
    return (await coverage.coverage(ctx, unitId)) as CameraCoverage;
  }

  @FieldResolver(() => [Device], { description: 'The first 100 of them, oldest warranty first' })
  outOfWarranty(@Root() root: CameraCoverage, @Ctx() ctx: RequestContext): Promise<Device[]> {
    // The scope was checked by cameraCoverage, which produced this root.
    root.outOfWarrantyDevices ??= coverage.outOfWarrantyDevices(ctx, root);
    return root.outOfWarrantyDevices;
  }

  @FieldResolver(() => [DeskEquipment], {
    description: 'Every desk of the subtree with its equipment and what the standard says is missing',
  })
  async deskEquipment(
    @Root() root: CameraCoverage,
    @Ctx() ctx: RequestContext,
    @Arg('incompleteOnly', { defaultValue: false }) incompleteOnly: boolean,
  ): Promise<DeskEquipment[]> {
    // The scope was checked by cameraCoverage, which produced this root.
    root.deskEquipmentRows ??= coverage.deskEquipment(ctx, root.unit);
    return (await root.deskEquipmentRows)
      .filter((row) => !incompleteOnly || !row.complete)
      .map((row) => ({
        deskId: row.desk.id,
        unitId: row.unitId,
        desk: row.desk,
        items: row.items,
        missing: row.missing,
        complete: row.complete,
      }));
  }
}

@Resolver(() => DeskEquipment)
export class DeskEquipmentResolver {
  @FieldResolver(() => StaffTypes.Desk)
  desk(@Root() row: DeskEquipment) {
    return row.desk;
  }

  @FieldResolver(() => StaffTypes.AdministrativeUnit, { nullable: true })
  unit(@Root() row: DeskEquipment, @Ctx() ctx: RequestContext) {
    return staffRecord(ctx, directory.unit, row.unitId);
  }
}
