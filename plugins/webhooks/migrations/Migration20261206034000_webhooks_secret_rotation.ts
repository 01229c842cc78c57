import { Migration } from '@mikro-orm/migrations';

/** The secret before the last rotation, kept (sealed) and signed with until the overlap ends. */
export class Migration20261206034000_webhooks_secret_rotation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table webhooks_endpoint
      add column previous_secret_sealed text null,
      add column previous_secret_expires_at timestamptz null,
      add constraint webhooks_endpoint_previous_secret_check
        check ((previous_secret_sealed is null) = (previous_secret_expires_at is null))`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table webhooks_endpoint
      drop constraint webhooks_endpoint_previous_secret_check,
      drop column previous_secret_expires_at, drop column previous_secret_sealed`);
  }
}
