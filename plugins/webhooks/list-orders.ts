import { defineListOrder, OrderDirection } from '../../src';
import type { WebhookEndpoint } from './entities/endpoint.entity';
import type { WebhookDelivery } from './entities/delivery.entity';

// The orders the webhooks plugin's lists offer (`orderBy: { field, direction }`); the id breaks ties.

export const WebhookEndpointOrder = defineListOrder<WebhookEndpoint, 'CREATED_AT' | 'URL'>(
  'WebhookEndpointOrder',
  { CREATED_AT: ['createdAt'], URL: ['url'] },
  { field: 'CREATED_AT', direction: OrderDirection.ASC },
  'Order of the webhook endpoints list',
);

export const WebhookDeliveryOrder = defineListOrder<WebhookDelivery, 'CREATED_AT'>(
  'WebhookDeliveryOrder',
  { CREATED_AT: ['createdAt'] },
  { field: 'CREATED_AT', direction: OrderDirection.DESC },
  'Order of the deliveries of an endpoint',
);
