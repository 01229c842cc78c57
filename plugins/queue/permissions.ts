import { StandardRoles } from '../../src';

export const QueuePermissions = {
  /** See a centre's queue: services, kiosks, tickets, board, statistics, in scope. */
  read: 'queue.read',
  /** Call, recall, skip, transfer tickets and link them to dossiers, at centres in scope. */
  operate: 'queue.operate',
  /** Set up a centre's services and counters, register and revoke kiosks, in scope. */
  manage: 'queue.manage',
} as const;

export const queuePermissions = [
  { name: QueuePermissions.read, description: 'See the queue of one-stop centres in scope' },
  {
    name: QueuePermissions.operate,
    description: 'Call, recall, skip and transfer queue tickets and link them to dossiers, in scope',
  },
  {
    name: QueuePermissions.manage,
    description: 'Set up queue services and counters and register kiosks of centres in scope',
  },
];

export const queueRoles: Record<string, string[]> = {
  [StandardRoles.leader]: [QueuePermissions.read, QueuePermissions.manage],
  [StandardRoles.itAdmin]: [QueuePermissions.read, QueuePermissions.manage],
  [StandardRoles.oneStopOfficer]: [QueuePermissions.read, QueuePermissions.operate],
  [StandardRoles.auditor]: [QueuePermissions.read],
};
