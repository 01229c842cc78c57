import { formatLocalDate, type LocalizedText } from '../../src';

/**
 * Staff's error codes: `<RECORD>_<PROBLEM>`, upper case, stable. The generic codes (BAD_USER_INPUT,
 * NOT_FOUND, FORBIDDEN, UNAUTHENTICATED, CONFLICT, TOO_MANY_REQUESTS) come from core.
 */
export const StaffErrorCodes = {
  /** Keycloak provisioning is asked for while KEYCLOAK_ADMIN_URL / KEYCLOAK_PROVISIONER_SECRET are unset. */
  KEYCLOAK_NOT_CONFIGURED: 'KEYCLOAK_NOT_CONFIGURED',
  /** An official import stopped on a row the database refused; nothing was written. */
  OFFICIAL_IMPORT_FAILED: 'OFFICIAL_IMPORT_FAILED',
  /**
   * Not a code of its own: the `extensions.reason` of a BAD_USER_INPUT refusing a district-level unit
   * valid on or after 1 July 2025 (the district level was abolished that day).
   */
  UNIT_DISTRICT_ABOLISHED: 'UNIT_DISTRICT_ABOLISHED',
} as const;

/** The refusal of a district unit valid after the reform, in both languages. */
export function districtAbolishedText(
  unit: { code: string; name: string; validFrom: string | null; validTo: string | null },
  abolishedOn: string,
  lastDay: string,
): LocalizedText {
  return {
    vi:
      `Cấp huyện đã chấm dứt từ ngày ${formatLocalDate(abolishedOn)} (chính quyền địa phương hai cấp): ` +
      `đơn vị cấp huyện ${unit.name} (${unit.code}) chỉ có thể có hiệu lực đến hết ngày ${formatLocalDate(lastDay)} ` +
      `(validTo không được sau ${abolishedOn}, không được để trống).`,
    en:
      `The district level was abolished on ${abolishedOn} (two-tier local government): district unit ` +
      `${unit.name} (${unit.code}) can be valid until ${lastDay} at the latest ` +
      `(validTo on or before ${abolishedOn}, not open-ended).`,
  };
}

/** Staff's records as messages name them (NOT_FOUND), in both languages; other plugins use them too. */
export const StaffRecords = {
  unit: { vi: 'đơn vị hành chính', en: 'Administrative unit' },
  agency: { vi: 'cơ quan', en: 'Agency' },
  department: { vi: 'phòng, ban', en: 'Department' },
  centre: { vi: 'bộ phận một cửa', en: 'One-stop centre' },
  desk: { vi: 'quầy', en: 'Desk' },
  official: { vi: 'cán bộ', en: 'Official' },
  roleAssignment: { vi: 'phân quyền', en: 'Role assignment' },
  driftReport: { vi: 'báo cáo đối soát Keycloak', en: 'Keycloak drift report' },
} as const satisfies Record<string, LocalizedText>;
