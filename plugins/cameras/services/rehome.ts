import type { RequestContext } from '../../../src';
import { directory, UnitReorganised } from '../../staff';
import { Device } from '../entities/device.entity';
import { PlacementReason } from '../entities/enums';
import { deviceSnapshot, placementOf, type DevicesService, type Placement } from './devices.service';

type UnitReorganisedPayload = NonNullable<(typeof UnitReorganised)['__payload']>;

/**
 * After staff closes a unit: devices standing in it follow their desk (its agency's unit, when
 * staff moved the agency) or, placed directly on the unit or at an agency that stayed, go to the
 * successor unit. Each move is a REORGANISATION row of the placement history, so the old unit stays
 * in the device's history. Idempotent: a second run finds nothing left in the old unit.
 */
export async function rehomeDevices(
  ctx: RequestContext,
  devices: DevicesService,
  event: UnitReorganisedPayload,
): Promise<number> {
  const candidates = await ctx.em.find(Device, { unitId: event.oldUnitId }, { orderBy: { assetTag: 'asc' } });
  if (!candidates.length) return 0;
  if (!event.successorUnitId) {
    ctx.logger.warn(
      { oldUnitId: event.oldUnitId, devices: candidates.length },
      'unit closed without a successor: its devices stay where they are',
    );
    return 0;
  }
  const note = `Sắp xếp đơn vị hành chính: ${event.oldUnitCode} → ${event.successors.map((s) => s.code).join(', ') || '?'} (${event.effectiveDate})`;
  return ctx.transactional(async () => {
    for (const device of candidates) {
      const from = placementOf(device);
      const agencyUnit = device.agencyId ? await directory.agencyUnitId(ctx, device.agencyId) : null;
      const to: Placement =
        agencyUnit && agencyUnit !== event.oldUnitId
          ? { ...from, unitId: agencyUnit }
          : { ...from, unitId: event.successorUnitId! };
      const before = deviceSnapshot(device);
      devices.applyPlacement(device, to);
      devices.recordPlacement(ctx, device, from, to, PlacementReason.REORGANISATION, note);
      ctx.audit({
        action: 'cameras.device.rehome',
        entityType: 'Device',
        entityId: device.id,
        unitId: to.unitId,
        agencyId: to.agencyId,
        before,
        after: deviceSnapshot(device),
      });
    }
    await ctx.em.flush();
    ctx.logger.info(
      { oldUnitId: event.oldUnitId, successorUnitId: event.successorUnitId, devices: candidates.length },
      'devices re-homed after a reorganisation',
    );
    return candidates.length;
  });
}
