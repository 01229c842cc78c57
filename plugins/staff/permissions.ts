import { StandardRoles } from '../../src';

export const StaffPermissions = {
  unitsManage: 'staff.units.manage',
  agenciesManage: 'staff.agencies.manage',
  officialsRead: 'staff.officials.read',
  officialsManage: 'staff.officials.manage',
  rolesManage: 'staff.roles.manage',
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
  { name: StaffPermissions.rolesManage, description: 'Grant and revoke roles in scope' },
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
    StaffPermissions.rolesManage,
    StaffPermissions.keycloakManage,
  ],
};
