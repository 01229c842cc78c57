import { DataloaderType, MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { AnyEntity, EntityClass, EntitySchema } from '@mikro-orm/core';
import type { MigrationClass } from '../plugin/plugin';
import type { Logger } from '../logging';

export interface NamedMigration {
  /** `<owner>/<ClassName>`: the owner is `core` or a plugin id. */
  name: string;
  class: MigrationClass;
}

export const MIGRATIONS_TABLE = 'core_migrations';

/**
 * How long a request waits for a pooled connection (knex's own default, written here so the
 * transaction slots wait no longer: src/db/transaction-slots.ts).
 */
export const POOL_ACQUIRE_TIMEOUT_MS = 60_000;

export function ormOptions(options: {
  clientUrl: string;
  entities: Array<EntityClass<AnyEntity> | EntitySchema>;
  migrations: NamedMigration[];
  logger?: Logger;
  poolMax?: number;
  /** Sent to PostgreSQL as each connection's statement_timeout; 0 or unset = none. */
  statementTimeoutMs?: number;
}): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: options.clientUrl,
    entities: options.entities,
    extensions: [Migrator],
    discovery: { requireEntitiesArray: true, disableDynamicFileAccess: true },
    migrations: {
      tableName: MIGRATIONS_TABLE,
      migrationsList: options.migrations.map((m) => ({ name: m.name, class: m.class })),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    // Batches reference and collection loads per request: the usual N+1 of GraphQL.
    dataloader: DataloaderType.ALL,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: options.poolMax ?? 10, acquireTimeoutMillis: POOL_ACQUIRE_TIMEOUT_MS },
    // A runaway query (a report over a huge range, a missing index) is cancelled by the server
    // instead of holding a pooled connection for ever.
    ...(options.statementTimeoutMs
      ? { driverOptions: { connection: { statement_timeout: options.statementTimeoutMs } } }
      : {}),
    debug: false,
    logger: (message: string) => options.logger?.trace({ orm: message }, 'orm'),
  };
}

export async function initOrm(options: Parameters<typeof ormOptions>[0]): Promise<MikroORM> {
  return MikroORM.init(ormOptions(options));
}

/** Applies pending migrations of core and every enabled plugin, in dependency order. */
export async function runMigrations(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

/** Names of migrations not yet applied (readiness checks). */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  const pending = await orm.getMigrator().getPendingMigrations();
  return pending.map((m) => m.name);
}
