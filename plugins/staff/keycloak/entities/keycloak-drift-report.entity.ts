import { Entity, Property, OptionalProps } from '@mikro-orm/core';
import { BaseEntity } from '../../../../src';

export type DriftReportStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED';
export type DriftReportTrigger = 'MANUAL' | 'SCHEDULE';

export type DriftKind =
  | 'MISSING_USER'
  | 'NOT_LINKED'
  | 'OWNED_BY_OTHER'
  | 'SHOULD_BE_DISABLED'
  | 'SHOULD_BE_ENABLED'
  | 'PROFILE'
  | 'GROUPS'
  | 'ROLES'
  | 'ORPHAN_USER'
  | 'SYNC_FAILED';

/** One difference between the staff register and Keycloak. */
export interface DriftItem {
  kind: DriftKind;
  officialId: string | null;
  username: string;
  keycloakUserId: string | null;
  /** Units of the official's current postings (for scoping who sees the item). */
  unitIds: string[];
  /** Agencies of those postings (absent in reports made before agency scope: then units alone decide). */
  agencyIds?: string[];
  message: string;
  /** Groups or roles Keycloak lacks / has too many (GROUPS, ROLES); fields that differ (PROFILE). */
  missing: string[];
  extra: string[];
}

/** What a reconcile run found: stored, returned by `keycloakDriftReport`. */
@Entity({ tableName: 'staff_keycloak_drift_report' })
export class KeycloakDriftReport extends BaseEntity {
  [OptionalProps]?: 'status' | 'officialsChecked' | 'usersChecked' | 'repairsQueued' | 'items';

  @Property({ type: 'text' })
  status: DriftReportStatus = 'PENDING';

  @Property({ type: 'text' })
  trigger: DriftReportTrigger = 'MANUAL';

  @Property({ type: 'boolean' })
  repair: boolean = false;

  /** Username of whoever asked (null: the schedule). */
  @Property({ type: 'text', nullable: true })
  requestedBy: string | null = null;

  /** Units whose officials a repair may touch: null means every unit. */
  @Property({ type: 'json', nullable: true })
  repairUnitIds: string[] | null = null;

  /** Agencies whose officials a repair may touch as well (roles held over an agency). */
  @Property({ type: 'json', nullable: true })
  repairAgencyIds: string[] | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  startedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Property({ type: 'integer' })
  officialsChecked: number = 0;

  @Property({ type: 'integer' })
  usersChecked: number = 0;

  @Property({ type: 'integer' })
  repairsQueued: number = 0;

  @Property({ type: 'json' })
  items: DriftItem[] = [];

  @Property({ type: 'text', nullable: true })
  error: string | null = null;
}
