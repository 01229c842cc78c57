/**
 * The Keycloak realm roles of the platform. Plugins map these names to their permissions, so one
 * role in Keycloak means one job at the office across every plugin.
 */
export const StandardRoles = {
  /** Every permission, platform-wide scope. */
  platformAdmin: 'platform-admin',
  /** lãnh đạo: chairman, vice-chairmen, heads of departments. */
  leader: 'leader',
  /** cán bộ một cửa: receives and returns dossiers at the one-stop desk. */
  oneStopOfficer: 'one-stop-officer',
  /** chuyên viên: appraises dossiers and handles documents in a department. */
  specialist: 'specialist',
  /** văn thư: registers incoming and outgoing documents. */
  recordsClerk: 'records-clerk',
  /** quản trị CNTT: staff accounts, mailboxes, devices. */
  itAdmin: 'it-admin',
  /** thanh tra / kiểm tra: reads the audit trail. */
  auditor: 'auditor',
} as const;

export type StandardRole = (typeof StandardRoles)[keyof typeof StandardRoles];
