import { Migration } from '@mikro-orm/migrations';

/** Webhook endpoints of agencies and their deliveries. */
export class Migration20261205210000_webhooks extends Migration {
  override async up(): Promise<void> {
    // Agency ids are plain ids (staff owns its tables); deliveries go with their endpoint.
    this.addSql(`create table webhooks_endpoint (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      agency_id uuid not null, unit_id uuid not null, url text not null, events text[] not null,
      description text not null default '', active boolean not null default true, secret_sealed text not null)`);
    this.addSql(`create index webhooks_endpoint_agency_idx on webhooks_endpoint (agency_id) where active`);
    this.addSql(`create type webhooks_delivery_status as enum ('PENDING', 'DELIVERED', 'FAILED')`);
    this.addSql(`create table webhooks_delivery (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      endpoint_id uuid not null references webhooks_endpoint (id) on update cascade on delete cascade,
      agency_id uuid not null, unit_id uuid not null, event text not null, body text not null,
      status webhooks_delivery_status not null default 'PENDING', attempts int not null default 0,
      last_attempt_at timestamptz null, response_status int null, last_error text null, delivered_at timestamptz null)`);
    this.addSql(
      `create index webhooks_delivery_endpoint_id_created_at_index on webhooks_delivery (endpoint_id, created_at)`,
    );
  }
}
