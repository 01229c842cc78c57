/** The staff plugin's public face: what other plugins may use. */
export { staffPlugin as plugin, staffPlugin } from './staff.plugin';
export { directory } from './directory';
export { StaffTypes } from './graphql-types';
export type {
  StaffDirectory,
  Posting,
  RoleGrant,
  UnitRecord,
  AgencyRecord,
  DepartmentRecord,
  CentreRecord,
  DeskRecord,
  OfficialRecord,
  DeskPlace,
  DepartmentPlace,
} from './directory';
export { AdministrativeUnit } from './entities/administrative-unit.entity';
export { UnitSuccession, SuccessionKind } from './entities/unit-succession.entity';
export { UnitType, UNIT_LEVEL } from './entities/unit-type';
export { Agency, AgencyKind } from './entities/agency.entity';
export { Department } from './entities/department.entity';
export { OneStopCentre } from './entities/one-stop-centre.entity';
export { Desk } from './entities/desk.entity';
export { Official, OfficialStatus, Position } from './entities/official.entity';
export { Assignment } from './entities/assignment.entity';
export { RoleAssignment } from './entities/role-assignment.entity';
export { RoleDelegation, DelegationReach } from './entities/role-delegation.entity';
export { StaffPermissions } from './permissions';
export { StaffErrorCodes, StaffRecords } from './errors';
export * from './events';
export { units, agencies, officials } from './services';
export { foldVietnamese, defaultUsername } from './services/officials.service';
export { descendantIds, ancestorIds, predecessorIds } from './services/unit-tree';
export { importUnits, planUnitImport, REFORM_DATE } from './services/unit-import.service';
export type { UnitImportSummary, UnitImportProblem, UnitImportInput } from './services/unit-import.service';
export { reorganisation } from './services/reorganisation.service';
export type {
  ReorganisationInput,
  ReorganisationResult,
  ReorganisationEvent,
} from './services/reorganisation.service';
export {
  calendarService,
  CalendarService,
  computeDue,
  workingTimeBetween,
  classify,
  deadlineState,
  createCalendar,
  countingStart,
  isWorkingTime,
  nextOpening,
  DeadlineUnit,
} from './calendar';
export type { CalendarDueInput } from './calendar';
export { officialImport, IMPORT_COLUMNS } from './services/official-import.service';
export type {
  ImportResult as OfficialImportResult,
  ImportRowResult as OfficialImportRowResult,
} from './services/official-import.service';
export { KEYCLOAK_SYNC_JOB, KEYCLOAK_RECONCILE_JOB } from './services/provisioning';
export { officialAccountWhere, officialAccountSql, isOfficialAccount } from './services/account-link';
