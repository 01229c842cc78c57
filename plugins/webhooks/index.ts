/** The webhooks plugin's public face. */
export { webhooksPlugin as plugin, webhooksPlugin } from './webhooks.plugin';
export { WebhookEndpoint } from './entities/endpoint.entity';
export { WebhookDelivery, WebhookDeliveryStatus } from './entities/delivery.entity';
export { WebhooksPermissions } from './permissions';
export type { WebhooksOptions } from './options';
export { signature, verifySignature } from './services/secrets';
