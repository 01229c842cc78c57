/**
 * Keycloak provisioning of officials: the Admin REST client, the sync and the reconcile.
 * Wired into the staff plugin by plugins/staff/staff.plugin.ts.
 */
import { KeycloakAccount } from './entities/keycloak-account.entity';
import { KeycloakDriftReport } from './entities/keycloak-drift-report.entity';
import { Migration20261122120000_keycloak } from './migrations/Migration20261122120000_keycloak';
import { Migration20261204000000_keycloak_drift_agencies } from './migrations/Migration20261204000000_keycloak_drift_agencies';
import { Migration20261205100000_keycloak_not_configured } from './migrations/Migration20261205100000_keycloak_not_configured';

export { KeycloakAdminClient, KeycloakError, KeycloakConflictError } from './admin-client';
export type {
  KeycloakAdminConfig,
  UserRepresentation,
  GroupRepresentation,
  RoleRepresentation,
} from './admin-client';
export { keycloakClientFor, provisioningSettings } from './client-registry';
export { syncOfficial, recordSyncFailure, recordNotConfigured } from './provisioner';
export type { SyncOutcome, ProvisioningSettings } from './provisioner';
export { findDrift, applyResult } from './reconcile';
export { splitVietnameseName, loadDesiredAccounts } from './desired-state';
export type { DesiredAccount } from './desired-state';
export { KeycloakAccount, KeycloakDriftReport };
export type {
  DriftItem,
  DriftKind,
  DriftReportStatus,
  DriftReportTrigger,
} from './entities/keycloak-drift-report.entity';

export const keycloakEntities = [KeycloakAccount, KeycloakDriftReport];
export const keycloakMigrations = [
  Migration20261122120000_keycloak,
  Migration20261204000000_keycloak_drift_agencies,
  Migration20261205100000_keycloak_not_configured,
];
