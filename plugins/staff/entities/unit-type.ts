import { registerEnumType } from 'type-graphql';

/** Kinds of administrative unit (đơn vị hành chính), with their level in the tree. */
export enum UnitType {
  /** Tỉnh */
  PROVINCE = 'PROVINCE',
  /** Thành phố trực thuộc trung ương */
  CENTRAL_CITY = 'CENTRAL_CITY',
  /** Huyện (abolished 1 Jul 2025) */
  RURAL_DISTRICT = 'RURAL_DISTRICT',
  /** Quận */
  URBAN_DISTRICT = 'URBAN_DISTRICT',
  /** Thị xã */
  DISTRICT_TOWN = 'DISTRICT_TOWN',
  /** Thành phố thuộc tỉnh (or thuộc thành phố trực thuộc trung ương) */
  PROVINCIAL_CITY = 'PROVINCIAL_CITY',
  /** Xã */
  COMMUNE = 'COMMUNE',
  /** Phường */
  WARD = 'WARD',
  /** Thị trấn */
  TOWNSHIP = 'TOWNSHIP',
  /** Đặc khu (since 2025) */
  SPECIAL_ZONE = 'SPECIAL_ZONE',
}

registerEnumType(UnitType, { name: 'UnitType', description: 'Kind of administrative unit' });

export const UNIT_LEVEL: Record<UnitType, 1 | 2 | 3> = {
  PROVINCE: 1,
  CENTRAL_CITY: 1,
  RURAL_DISTRICT: 2,
  URBAN_DISTRICT: 2,
  DISTRICT_TOWN: 2,
  PROVINCIAL_CITY: 2,
  COMMUNE: 3,
  WARD: 3,
  TOWNSHIP: 3,
  SPECIAL_ZONE: 3,
};

/** GSO codes: 2 digits for provinces, 3 for districts, 5 for communes. */
export const CODE_LENGTH: Record<1 | 2 | 3, number> = { 1: 2, 2: 3, 3: 5 };

/** The type a unit's name announces ("Phường Ba Đình", "Tỉnh Quảng Ninh"). */
export function unitTypeFromName(name: string, level: 1 | 2 | 3): UnitType | null {
  const n = name.trim();
  if (level === 1) {
    if (n.startsWith('Tỉnh ')) return UnitType.PROVINCE;
    if (n.startsWith('Thành phố ')) return UnitType.CENTRAL_CITY;
    return null;
  }
  if (level === 2) {
    if (n.startsWith('Huyện ')) return UnitType.RURAL_DISTRICT;
    if (n.startsWith('Quận ')) return UnitType.URBAN_DISTRICT;
    if (n.startsWith('Thị xã ')) return UnitType.DISTRICT_TOWN;
    if (n.startsWith('Thành phố ')) return UnitType.PROVINCIAL_CITY;
    return null;
  }
  if (n.startsWith('Xã ')) return UnitType.COMMUNE;
  if (n.startsWith('Phường ')) return UnitType.WARD;
  if (n.startsWith('Thị trấn ')) return UnitType.TOWNSHIP;
  if (n.startsWith('Đặc khu ')) return UnitType.SPECIAL_ZONE;
  return null;
}
