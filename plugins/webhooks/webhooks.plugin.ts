import { definePlugin } from '../../src';
import { WebhookEndpoint } from './entities/endpoint.entity';
import { WebhookDelivery } from './entities/delivery.entity';
import { WebhooksResolver } from './graphql/webhooks.resolver';
import { deliverJob } from './jobs/deliver.job';
import { webhooksMigrations } from './migrations';
import { readWebhooksOptions, type WebhooksOptions } from './options';
import { webhooksPermissions, webhooksRoles } from './permissions';
import { webhooks } from './services/webhooks.service';

export const webhooksPlugin = definePlugin<WebhooksOptions>({
  id: 'webhooks',
  description:
    'Signed, retried, logged and replayable deliveries of public events to outside HTTPS endpoints',
  dependsOn: ['staff'],
  options: readWebhooksOptions,
  entities: () => [WebhookEndpoint, WebhookDelivery],
  resolvers: () => [WebhooksResolver],
  migrations: () => webhooksMigrations,
  permissions: webhooksPermissions,
  roles: webhooksRoles,
  jobs: [deliverJob],
  onBootstrap: ({ app }) =>
    app.events.observe((ctx, event, payload) => webhooks.onEvent(ctx, event, payload)),
});
