import { defineListOrder, OrderDirection } from '../../src';
import type { Device } from './entities/device.entity';

// The orders the cameras plugin's lists offer (`orderBy: { field, direction }`); the id breaks ties.

export const DeviceOrder = defineListOrder<Device, 'ASSET_TAG' | 'CREATED_AT'>(
  'DeviceOrder',
  { ASSET_TAG: ['assetTag'], CREATED_AT: ['createdAt'] },
  { field: 'ASSET_TAG', direction: OrderDirection.ASC },
  'Order of the devices list',
);
