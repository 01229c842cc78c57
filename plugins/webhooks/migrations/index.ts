import { Migration20261205210000_webhooks } from './Migration20261205210000_webhooks';
import { Migration20261206034000_webhooks_secret_rotation } from './Migration20261206034000_webhooks_secret_rotation';

export const webhooksMigrations = [
  Migration20261205210000_webhooks,
  Migration20261206034000_webhooks_secret_rotation,
];
