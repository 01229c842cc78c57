import { definePlugin } from '../../src';
import { AdministrativeUnit } from './entities/administrative-unit.entity';
import { UnitSuccession } from './entities/unit-succession.entity';
import { Agency } from './entities/agency.entity';
import { Department } from './entities/department.entity';
import { OneStopCentre } from './entities/one-stop-centre.entity';
import { Desk } from './entities/desk.entity';
import { Official } from './entities/official.entity';
import { Assignment } from './entities/assignment.entity';
import { RoleAssignment } from './entities/role-assignment.entity';
import { UnitsResolver, UnitSuccessionResolver } from './graphql/units.resolver';
import { AgenciesResolver, DepartmentResolver, DeskResolver, OneStopCentreResolver } from './graphql/agencies.resolver';
import { AssignmentResolver, OfficialsResolver, RoleAssignmentResolver } from './graphql/officials.resolver';
import { staffMigrations } from './migrations';
import { staffPermissions, staffRoles } from './permissions';
import { readStaffOptions, type StaffOptions } from './options';
import { keycloakSyncJob } from './jobs/keycloak-sync.job';

export const staffPlugin = definePlugin<StaffOptions>({
  id: 'staff',
  description: 'Administrative units (with the 2025 reform), agencies, one-stop desks, officials, roles and their Keycloak accounts',
  options: readStaffOptions,
  entities: () => [AdministrativeUnit, UnitSuccession, Agency, Department, OneStopCentre, Desk, Official, Assignment, RoleAssignment],
  resolvers: () => [
    UnitsResolver, UnitSuccessionResolver, AgenciesResolver, DepartmentResolver, OneStopCentreResolver, DeskResolver,
    OfficialsResolver, AssignmentResolver, RoleAssignmentResolver,
  ],
  migrations: () => staffMigrations,
  permissions: staffPermissions,
  roles: staffRoles,
  jobs: [keycloakSyncJob],
  register(ctx) {
    ctx.provideScopeResolver(ctx.options.scopeResolver);
  },
});
