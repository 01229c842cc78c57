import { StandardRoles } from '../../src';

export const WebhooksPermissions = {
  /** Register, change and remove webhook endpoints of agencies in scope; see and replay their deliveries. */
  manage: 'webhooks.manage',
} as const;

export const webhooksPermissions = [
  {
    name: WebhooksPermissions.manage,
    description: 'Register webhook endpoints of agencies in scope, see and replay their deliveries',
  },
];

export const webhooksRoles: Record<string, string[]> = {
  [StandardRoles.itAdmin]: [WebhooksPermissions.manage],
};
