import { defineEvent } from '../../src';

/** An official was created (joined an agency). */
export const OfficialJoined = defineEvent<{ officialId: string; agencyIds: string[]; unitIds: string[] }>(
  'staff.official.joined',
);
/** An official's postings changed (moved between agencies, departments or desks). */
export const OfficialMoved = defineEvent<{
  officialId: string;
  fromAgencyIds: string[];
  toAgencyIds: string[];
  unitIds: string[];
}>('staff.official.moved');
export const OfficialSuspended = defineEvent<{ officialId: string; agencyIds: string[]; unitIds: string[] }>(
  'staff.official.suspended',
);
export const OfficialReinstated = defineEvent<{ officialId: string; agencyIds: string[]; unitIds: string[] }>(
  'staff.official.reinstated',
);
/** An official left: accounts are disabled, mail is forwarded to the unit's mailbox. */
export const OfficialLeft = defineEvent<{
  officialId: string;
  agencyIds: string[];
  unitIds: string[];
  leftOn: string;
}>('staff.official.left');
/**
 * A unit was closed by a reorganisation. One event per closed unit: plugins re-home what they own
 * (desks, devices, open dossiers) to `successorUnitId` (the FULL successor, or the first PARTIAL one)
 * and keep the history pointing at the old unit.
 */
export const UnitReorganised = defineEvent<{
  oldUnitId: string;
  oldUnitCode: string;
  successors: Array<{ unitId: string; code: string; kind: 'FULL' | 'PARTIAL' }>;
  successorUnitId: string | null;
  effectiveDate: string;
}>('staff.unit.reorganised');
