import { Migration } from '@mikro-orm/migrations';

/** A sync that found provisioning not configured says so (account state NOT_CONFIGURED). */
export class Migration20261205100000_keycloak_not_configured extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table staff_keycloak_account add column not_configured boolean not null default false`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table staff_keycloak_account drop column not_configured`);
  }
}
