import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from './config/config';
import type { Logger } from './logging';
import type { JobQueue } from './jobs/job-queue';
import type { Mailer } from './mail/mailer';
import type { EventBus } from './events/event-bus';
import type { AuditService } from './audit/audit.service';
import type { ScopeResolver } from './auth/scope';
import type { RoleMap } from './auth/role-map';
import type { TokenVerifier } from './auth/token-verifier';
import type { TransactionSlots } from './db/transaction-slots';
import type { PluginDefinition } from './plugin/plugin';
import type { FileService } from './files/files.service';
import type { Notifications } from './notify/notifications';
import type { LiveEvents } from './live/live';
import type { Metrics } from './metrics/metrics';

/** The long-lived services of one running app, reachable from every request context. */
export interface AppServices {
  config: AppConfig;
  logger: Logger;
  orm: MikroORM;
  /** Where every top-level transaction of this process waits its turn: all but one pooled connection. */
  transactionSlots: TransactionSlots;
  jobs: JobQueue;
  /** Messages to every API process on this database (LISTEN/NOTIFY). */
  notifications: Notifications;
  /** Live events for GraphQL subscriptions, across processes. */
  live: LiveEvents;
  mailer: Mailer;
  events: EventBus;
  audit: AuditService;
  scopeResolver: ScopeResolver;
  roles: RoleMap;
  tokens: TokenVerifier;
  /** The core file store. */
  files: FileService;
  plugins: PluginDefinition[];
  /** Prometheus metrics of this process (counted always; served at /metrics when METRICS_ENABLED). */
  metrics: Metrics;
  /** Validated options of each enabled plugin, by plugin id. */
  pluginOptions: Map<string, unknown>;
}

/** Typed access to a plugin's options. */
export function optionsOf<O>(app: AppServices, pluginId: string): O {
  if (!app.pluginOptions.has(pluginId)) throw new Error(`Plugin "${pluginId}" is not enabled`);
  return app.pluginOptions.get(pluginId) as O;
}
