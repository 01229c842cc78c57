import { subscribe } from '../../../src';
import { UnitReorganised } from '../../staff';
import { devices } from '../services';
import { rehomeDevices } from '../services/rehome';

/** Devices follow their desks when staff closes a unit. */
export const rehomeSubscriber = subscribe(UnitReorganised, 'cameras.rehome-devices', async (payload, ctx) => {
  await rehomeDevices(ctx, devices, payload);
});
