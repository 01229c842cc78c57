import { addLocalDays, BadInputError } from '../../../src';
import { StaffErrorCodes, districtAbolishedText } from '../errors';
import { REFORM_DATE } from './unit-import.service';

/**
 * The two-tier state. Local government has two tiers from 1 July 2025 (Luật Tổ chức chính quyền
 * địa phương số 72/2025/QH15, in force that day; Nghị quyết 203/2025/QH15 amending art. 110 of the
 * Constitution): province and commune. No district-level unit (huyện, quận, thị xã, thành phố
 * thuộc tỉnh) can be valid on or after that day, so a district's period ends on 1 July 2025 at the
 * latest. Periods are half-open [validFrom, validTo): `validTo = 2025-07-01` means valid through
 * 30 June 2025.
 */
export const DISTRICTS_ABOLISHED_ON = REFORM_DATE;
/** The last day a district unit can be valid. */
export const DISTRICTS_LAST_DAY = addLocalDays(DISTRICTS_ABOLISHED_ON, -1);

/** Whether a unit of this level and period would be a district valid after the reform. */
export function isDistrictAfterReform(level: number, validTo: string | null): boolean {
  return level === 2 && (validTo === null || validTo > DISTRICTS_ABOLISHED_ON);
}

/** Refuses (BAD_USER_INPUT, reason UNIT_DISTRICT_ABOLISHED) a district valid on or after 1 Jul 2025. */
export function requireNoDistrictAfterReform(
  unit: { level: number; code: string; name: string; validFrom: string | null; validTo: string | null },
  field = 'validTo',
): void {
  if (!isDistrictAfterReform(unit.level, unit.validTo)) return;
  throw new BadInputError(districtAbolishedText(unit, DISTRICTS_ABOLISHED_ON, DISTRICTS_LAST_DAY), {
    field,
    reason: StaffErrorCodes.UNIT_DISTRICT_ABOLISHED,
  });
}
