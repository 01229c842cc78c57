import { Migration20261205210000_webhooks } from './Migration20261205210000_webhooks';

export const webhooksMigrations = [Migration20261205210000_webhooks];
