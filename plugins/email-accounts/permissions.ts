import { StandardRoles } from '../../src';

export const EmailPermissions = {
  /** See domains, mailboxes, aliases and lists of units in scope. */
  read: 'email-accounts.read',
  /** Create, suspend, delete mailboxes, reset passwords, manage aliases and lists, bulk provisioning. */
  manage: 'email-accounts.manage',
  /** Create domains and change their limits and policies. */
  domainsManage: 'email-accounts.domains.manage',
} as const;

export const emailPermissions = [
  {
    name: EmailPermissions.read,
    description: 'See mail domains, mailboxes, aliases and lists of units in scope',
  },
  {
    name: EmailPermissions.manage,
    description: 'Manage mailboxes, passwords, aliases and lists in the mail domains of units in scope',
  },
  {
    name: EmailPermissions.domainsManage,
    description: 'Create mail domains and set their limits and policies (units in scope)',
  },
];

/**
 * IT admins run the mailboxes of their units; leaders and auditors may look. Domains and their limits
 * are set above the agencies (platform-admin, or a role mapped to email-accounts.domains.manage).
 */
export const emailRoles: Record<string, string[]> = {
  [StandardRoles.itAdmin]: [EmailPermissions.read, EmailPermissions.manage],
  [StandardRoles.leader]: [EmailPermissions.read],
  [StandardRoles.auditor]: [EmailPermissions.read],
};
