/**
 * What the staff directory answers: staff's records, read-only (staff alone changes them, through its
 * own services), and the shapes of a current posting and a role grant. Apart from the directory so
 * the directory's loaders in their own files can name them without importing the directory back.
 */
import type { AdministrativeUnit } from './entities/administrative-unit.entity';
import type { Agency } from './entities/agency.entity';
import type { Department } from './entities/department.entity';
import type { Desk } from './entities/desk.entity';
import type { OneStopCentre } from './entities/one-stop-centre.entity';
import type { Official } from './entities/official.entity';

export type UnitRecord = Readonly<AdministrativeUnit>;
export type AgencyRecord = Readonly<Agency>;
export type DepartmentRecord = Readonly<Department>;
export type CentreRecord = Readonly<OneStopCentre>;
export type DeskRecord = Readonly<Desk>;
export type OfficialRecord = Readonly<Official>;

/** A current posting of an official (the rule lives in the view `staff_current_posting_v`). */
export interface Posting {
  officialId: string;
  agencyId: string;
  /** The agency's unit. */
  unitId: string;
  departmentId: string | null;
  deskId: string | null;
  primary: boolean;
  startsOn: string;
}

/** A role an official holds over a unit, or over an agency (then `unitId` is the agency's unit). */
export interface RoleGrant {
  officialId: string;
  role: string;
  unitId: string;
  agencyId: string | null;
}
