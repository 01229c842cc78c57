import { definePlugin, StandardRoles } from '../../src';
import { AdministrativeUnit } from './entities/administrative-unit.entity';
import { UnitSuccession } from './entities/unit-succession.entity';
import { Agency } from './entities/agency.entity';
import { Department } from './entities/department.entity';
import { OneStopCentre } from './entities/one-stop-centre.entity';
import { Desk } from './entities/desk.entity';
import { Official } from './entities/official.entity';
import { Assignment } from './entities/assignment.entity';
import { RoleAssignment } from './entities/role-assignment.entity';
import { RoleDelegation } from './entities/role-delegation.entity';
import { DelegationsResolver } from './graphql/delegations.resolver';
import { UnitsResolver, UnitSuccessionResolver } from './graphql/units.resolver';
import { ReorganisationResolver } from './graphql/reorganisation.resolver';
import { staffDemoSeeds } from './seeds';
import { listenForScopeChanges } from './services/scope-invalidation';
import {
  AgenciesResolver,
  DepartmentResolver,
  DeskResolver,
  OneStopCentreResolver,
} from './graphql/agencies.resolver';
import {
  AssignmentResolver,
  MeOfficialResolver,
  OfficialsResolver,
  RoleAssignmentResolver,
} from './graphql/officials.resolver';
import { staffMigrations } from './migrations';
import { staffPermissions, staffRoles } from './permissions';
import { readStaffOptions, type StaffOptions } from './options';
import { keycloakSyncJob } from './jobs/keycloak-sync.job';
import { keycloakReconcileJob } from './jobs/keycloak-reconcile.job';
import { keycloakEntities, keycloakMigrations } from './keycloak';
import { announceProvisioning } from './keycloak/announce';
import { KeycloakResolver, OfficialAccountResolver } from './graphql/keycloak.resolver';
import { OfficialImportResolver } from './graphql/official-import.resolver';
import {
  calendarEntities,
  calendarMigrations,
  calendarPermissions,
  calendarResolvers,
  calendarSeeds,
  CALENDAR_MANAGE,
  listenForCalendarChanges,
  setAgencyUnitLookup,
} from './calendar';

export const staffPlugin = definePlugin<StaffOptions>({
  id: 'staff',
  description:
    'Administrative units (with the 2025 reform), agencies, one-stop desks, officials, roles and their Keycloak accounts',
  options: readStaffOptions,
  entities: () => [
    AdministrativeUnit,
    UnitSuccession,
    Agency,
    Department,
    OneStopCentre,
    Desk,
    Official,
    Assignment,
    RoleAssignment,
    RoleDelegation,
    ...calendarEntities,
    ...keycloakEntities,
  ],
  resolvers: () => [
    UnitsResolver,
    UnitSuccessionResolver,
    AgenciesResolver,
    DepartmentResolver,
    OneStopCentreResolver,
    DeskResolver,
    ReorganisationResolver,
    OfficialsResolver,
    MeOfficialResolver,
    AssignmentResolver,
    RoleAssignmentResolver,
    DelegationsResolver,
    ...calendarResolvers,
    KeycloakResolver,
    OfficialAccountResolver,
    OfficialImportResolver,
  ],
  migrations: () => [...staffMigrations, ...calendarMigrations, ...keycloakMigrations],
  permissions: [...staffPermissions, ...calendarPermissions],
  roles: { ...staffRoles, [StandardRoles.itAdmin]: [...staffRoles[StandardRoles.itAdmin], CALENDAR_MANAGE] },
  seeds: [...calendarSeeds, ...staffDemoSeeds],
  jobs: [keycloakSyncJob, keycloakReconcileJob],
  register(ctx) {
    ctx.provideScopeResolver(ctx.options.scopeResolver);
  },
  async onBootstrap(ctx) {
    await announceProvisioning(ctx.app, ctx.logger);
    // Scopes cached in this process are dropped when any process changes roles, postings or units.
    listenForScopeChanges(ctx.app);
    // So are working calendars, when any process changes entries or office hours.
    listenForCalendarChanges(ctx.app);
    // Agency-specific calendar edits are checked against the editor's scope over the agency's unit.
    setAgencyUnitLookup(ctx.app, async (requestCtx, agencyId) => {
      const agency = await requestCtx.em.findOne(Agency, { id: agencyId });
      return agency?.unit.id ?? null;
    });
  },
});
