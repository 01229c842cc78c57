import { defineListOrder, OrderDirection } from '../../src';
import type { AdministrativeUnit } from './entities/administrative-unit.entity';
import type { Agency } from './entities/agency.entity';
import type { Official } from './entities/official.entity';

// The orders staff's lists offer (`orderBy: { field, direction }`); the id breaks ties.

export const OfficialOrder = defineListOrder<Official, 'FULL_NAME' | 'USERNAME' | 'CREATED_AT'>(
  'OfficialOrder',
  { FULL_NAME: ['fullName'], USERNAME: ['username'], CREATED_AT: ['createdAt'] },
  { field: 'FULL_NAME', direction: OrderDirection.ASC },
  'Order of the officials list',
);

export const AgencyOrder = defineListOrder<Agency, 'NAME' | 'ELECTRONIC_ID'>(
  'AgencyOrder',
  { NAME: ['name'], ELECTRONIC_ID: ['electronicId'] },
  { field: 'NAME', direction: OrderDirection.ASC },
  'Order of the agencies list',
);

export const UnitOrder = defineListOrder<AdministrativeUnit, 'LEVEL_AND_CODE' | 'NAME' | 'CODE'>(
  'UnitOrder',
  { LEVEL_AND_CODE: ['level', 'code'], NAME: ['name'], CODE: ['code'] },
  { field: 'LEVEL_AND_CODE', direction: OrderDirection.ASC },
  'Order of the administrative units list (LEVEL_AND_CODE: the province, then its communes, by GSO code)',
);
