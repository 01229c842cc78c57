import { StandardRoles } from '../../src';

export const EmailPermissions = {
  /** See domains, mailboxes, aliases and lists of units in scope. */
  read: 'email-accounts.read',
  /** Create, suspend, delete mailboxes, reset passwords, manage aliases and lists, bulk provisioning. */
  manage: 'email-accounts.manage',
  /** Create domains and change their limits and policies. */
  domainsManage: 'email-accounts.domains.manage',
  /** Set each agency's limits (domains, mailboxes, quota): platform-wide only. */
  limitsManage: 'email-accounts.limits.manage',
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
    description:
      "Create mail domains and set their limits and policies, within the agency's limits (units in scope)",
  },
  {
    name: EmailPermissions.limitsManage,
    description:
      'Set how many domains and mailboxes, and how much quota, each agency may have (platform-wide)',
  },
];

/**
 * IT admins run the mailboxes and the domains of their agencies (or of every agency of their unit),
 * within the limits a platform admin sets per agency (email-accounts.limits.manage: no role but
 * platform-admin holds it); leaders and auditors may look.
 */
export const emailRoles: Record<string, string[]> = {
  [StandardRoles.itAdmin]: [EmailPermissions.read, EmailPermissions.manage, EmailPermissions.domainsManage],
  [StandardRoles.leader]: [EmailPermissions.read],
  [StandardRoles.auditor]: [EmailPermissions.read],
};
