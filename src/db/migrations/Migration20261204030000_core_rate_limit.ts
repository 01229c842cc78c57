import { Migration } from '@mikro-orm/migrations';

/**
 * Shared rate-limit counters (see src/rate-limit/rate-limiter.ts): one row per bucket, hashed key and
 * fixed window. Unlogged: losing the counters in a crash only resets the limits.
 */
export class Migration20261204030000_core_rate_limit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create unlogged table core_rate_limit (
      bucket text not null, key text not null, window_start timestamptz not null, hits int not null, expires_at timestamptz not null,
      primary key (bucket, key, window_start))`);
    this.addSql(`create index core_rate_limit_expires_idx on core_rate_limit (expires_at)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table core_rate_limit`);
  }
}
