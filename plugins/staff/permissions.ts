import { StandardRoles } from '../../src';

export const StaffPermissions = {
  unitsManage: 'staff.units.manage',
  agenciesManage: 'staff.agencies.manage',
  officialsRead: 'staff.officials.read',
  officialsManage: 'staff.officials.manage',
  /** Which roles may grant which (role delegations): platform-wide, so a platform admin only. */
  delegationsManage: 'staff.delegations.manage',
  keycloakManage: 'staff.keycloak.manage',
} as const;

export const staffPermissions = [
  { name: StaffPermissions.unitsManage, description: 'Create, change and reorganise administrative units' },
  {
    name: StaffPermissions.agenciesManage,
    description: 'Manage agencies, departments, one-stop centres and desks in scope',
  },
  { name: StaffPermissions.officialsRead, description: 'See officials in scope' },
  {
    name: StaffPermissions.officialsManage,
    description: 'Create, move, suspend officials in scope; import officials',
  },
  {
    name: StaffPermissions.delegationsManage,
    description: 'Decide which roles may grant which roles (role delegations), platform-wide',
  },
  { name: StaffPermissions.keycloakManage, description: 'Reconcile officials with Keycloak accounts' },
];

export const staffRoles: Record<string, string[]> = {
  [StandardRoles.leader]: [StaffPermissions.officialsRead],
  [StandardRoles.oneStopOfficer]: [StaffPermissions.officialsRead],
  [StandardRoles.specialist]: [StaffPermissions.officialsRead],
  [StandardRoles.recordsClerk]: [StaffPermissions.officialsRead],
  [StandardRoles.auditor]: [StaffPermissions.officialsRead],
  [StandardRoles.itAdmin]: [
    StaffPermissions.officialsRead,
    StaffPermissions.officialsManage,
    StaffPermissions.agenciesManage,
    StaffPermissions.keycloakManage,
  ],
};
