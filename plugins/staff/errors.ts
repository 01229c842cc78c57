import type { LocalizedText } from '../../src';

/**
 * Staff's error codes: `<RECORD>_<PROBLEM>`, upper case, stable. The generic codes (BAD_USER_INPUT,
 * NOT_FOUND, FORBIDDEN, UNAUTHENTICATED, CONFLICT, TOO_MANY_REQUESTS) come from core.
 */
export const StaffErrorCodes = {
  /** Keycloak provisioning is asked for while KEYCLOAK_ADMIN_URL / KEYCLOAK_PROVISIONER_SECRET are unset. */
  KEYCLOAK_NOT_CONFIGURED: 'KEYCLOAK_NOT_CONFIGURED',
  /** An official import stopped on a row the database refused; nothing was written. */
  OFFICIAL_IMPORT_FAILED: 'OFFICIAL_IMPORT_FAILED',
} as const;

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
