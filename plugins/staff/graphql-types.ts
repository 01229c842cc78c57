import { AdministrativeUnit } from './entities/administrative-unit.entity';
import { Agency } from './entities/agency.entity';
import { Department } from './entities/department.entity';
import { Desk } from './entities/desk.entity';
import { OneStopCentre } from './entities/one-stop-centre.entity';
import { Official } from './entities/official.entity';

/**
 * Staff's GraphQL object types, for other plugins' fields that return a staff record
 * (`@FieldResolver(() => StaffTypes.Agency)` answering `directory.agency(ctx, dossier.agencyId)`).
 * A type reference only: lint (local/staff-boundary) refuses any other use of them outside staff.
 */
export const StaffTypes = { AdministrativeUnit, Agency, Department, Desk, OneStopCentre, Official } as const;
