import type { AnyEntity, Configuration, EntityClass, EntitySchema } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/postgresql';
import type { Migration } from '@mikro-orm/migrations';
import type { AppConfig } from '../config/config';
import type { EnvReader } from '../config/env-reader';
import type { Logger } from '../logging';
import type { JobDefinition } from '../jobs/job';
import type { EventSubscriber, PublicEvent } from '../events/event';
import type { SeedDefinition } from '../db/seeds';
import type { ScopeResolver } from '../auth/scope';
import type { AppServices } from '../app-services';
import type { Router } from 'express';
import type { AuditMask } from '../audit/audit.service';

/** A column that names core files, by id (`core_file.id`) or by storage key: the orphan sweep keeps them. */
export interface FileReference {
  table: string;
  column: string;
  kind: 'id' | 'key';
}

export interface PermissionDefinition {
  /** Dot-named, prefixed with the plugin id: `cameras.watch`. */
  name: string;
  description: string;
}

/** A migration class, constructed by MikroORM's migrator. */
export type MigrationClass = new (driver: AbstractSqlDriver, config: Configuration) => Migration;

/** What register() may contribute before the ORM and schema exist. */
export interface PluginRegisterContext<O = unknown> {
  config: AppConfig;
  options: O;
  logger: Logger;
  /** The staff plugin answers "which units may this user act on"; only one plugin may provide it. */
  provideScopeResolver(resolver: ScopeResolver): void;
}

/** What lifecycle hooks receive once the app runs. */
export interface PluginRuntimeContext<O = unknown> {
  config: AppConfig;
  options: O;
  logger: Logger;
  app: AppServices;
}

export interface PluginDefinition<O = unknown> {
  id: string;
  description?: string;
  /** Hard dependencies: started before this plugin, and required to be enabled. */
  dependsOn?: string[];
  /** Reads and validates this plugin's options from the environment at start-up. */
  options?: (env: EnvReader, config: AppConfig) => O;
  entities?: () => Array<EntityClass<AnyEntity> | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers?: () => Function[];
  migrations?: () => MigrationClass[];
  permissions?: PermissionDefinition[];
  /** Keycloak role name -> permissions it grants. Merged across plugins into the one role map. */
  roles?: Record<string, string[]>;
  jobs?: JobDefinition[];
  subscribers?: EventSubscriber[];
  /** Events of this plugin that systems outside the platform may receive, with whom each is about. */
  publicEvents?: PublicEvent[];
  seeds?: SeedDefinition[];
  /** Columns holding file ids or storage keys, so the daily orphan sweep keeps those files. */
  fileReferences?: FileReference[];
  /** Audit entries about records the reader may not read show masked values (see AuditMask). */
  auditMasks?: AuditMask[];
  /**
   * Plain HTTP routes beside /graphql (public pages, downloads), mounted at the root before it. The
   * router has no authentication: a route that needs it must check it itself.
   */
  routes?(router: Router, ctx: PluginRuntimeContext<O>): void;
  register?(ctx: PluginRegisterContext<O>): void | Promise<void>;
  onBootstrap?(ctx: PluginRuntimeContext<O>): void | Promise<void>;
  onShutdown?(ctx: PluginRuntimeContext<O>): void | Promise<void>;
}

/** Identity function that gives a plugin definition its type. */
export function definePlugin<O = unknown>(definition: PluginDefinition<O>): PluginDefinition<O> {
  return definition;
}
