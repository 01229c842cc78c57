import { StandardRoles } from '../../src';

export const CamerasPermissions = {
  /** See devices (inventory, placement, maintenance, health) in scope. */
  read: 'cameras.read',
  /** Create, move, import devices; camera settings and credentials; maintenance log. */
  manage: 'cameras.manage',
  /** Obtain a viewing grant for a camera in scope. */
  watch: 'cameras.watch',
  /** Coverage figures for a unit subtree. */
  coverageRead: 'cameras.coverage.read',
} as const;

export const camerasPermissions = [
  { name: CamerasPermissions.read, description: 'See devices and cameras of units in scope' },
  {
    name: CamerasPermissions.manage,
    description: 'Manage devices, camera settings and credentials, import inventories, in scope',
  },
  {
    name: CamerasPermissions.watch,
    description: 'Watch cameras of units in scope (short-lived signed viewing grants, audited)',
  },
  {
    name: CamerasPermissions.coverageRead,
    description: 'See camera and equipment coverage of units in scope',
  },
];

export const camerasRoles: Record<string, string[]> = {
  [StandardRoles.leader]: [
    CamerasPermissions.read,
    CamerasPermissions.watch,
    CamerasPermissions.coverageRead,
  ],
  [StandardRoles.itAdmin]: [
    CamerasPermissions.read,
    CamerasPermissions.manage,
    CamerasPermissions.coverageRead,
  ],
  [StandardRoles.oneStopOfficer]: [CamerasPermissions.read],
  [StandardRoles.auditor]: [CamerasPermissions.read],
};
