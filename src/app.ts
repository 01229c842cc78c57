import http from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Socket, type AddressInfo } from 'node:net';
import express from 'express';
import cors from 'cors';
import helmet from 'helmet';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { MetadataStorage } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { AppConfig } from './config/config';
import { EnvReader } from './config/env-reader';
import { createLogger, Logger } from './logging';
import type { PluginDefinition, PluginRuntimeContext } from './plugin/plugin';
import { PluginRegistryError, resolvePlugins } from './plugin/registry';
import { corePlugin } from './core.plugin';
import { ensureDatabase, startEmbeddedPostgres, EmbeddedPostgresHandle } from './db/embedded-postgres';
import { initOrm, pendingMigrations, runMigrations, NamedMigration } from './db/orm';
import { runSeeds } from './db/seed-runner';
import { withDatabaseLock } from './db/database-lock';
import { preparedRows } from './db/sql';
import { TransactionSlots } from './db/transaction-slots';
import { Notifications } from './notify/notifications';
import { JobQueue } from './jobs/job-queue';
import { Mailer } from './mail/mailer';
import { EventBus } from './events/event-bus';
import { AuditService } from './audit/audit.service';
import { RoleMap } from './auth/role-map';
import { permissionOnlyScopeResolver, ScopeResolver } from './auth/scope';
import type { TokenVerifier } from './auth/token-verifier';
import { KeycloakTokenVerifier } from './auth/keycloak-verifier';
import { DEV_AUTH_SERVER_URL, loadOrCreateDevRealmKey } from './auth/dev-realm';
import { authenticate, bearerUser } from './auth/authenticate';
import type { AuthUser } from './auth/user';
import { buildPlatformSchema } from './graphql/schema';
import {
  createErrorFormatter,
  isClientError,
  isDatabaseUnavailable,
  isStatementTimeout,
} from './graphql/format-error';
import { costLimitPlugin } from './graphql/cost';
import { graphqlHttpHandler, isGraphqlPost } from './graphql/graphql-http';
import { httpErrorAnswer } from './graphql/http-error';
import { localizeErrors } from './graphql/localize-errors';
import { requestLanguageMiddleware } from './i18n';
import { RequestContext } from './context';
import type { AppServices } from './app-services';
import { FileService } from './files/files.service';
import { filesRouter } from './files/files.routes';
import { LiveEvents } from './live/live';
import { startSubscriptionServer } from './live/subscription-server';
import { Metrics } from './metrics/metrics';

export interface CreateAppOptions {
  config: AppConfig;
  plugins: PluginDefinition[];
  logger?: Logger;
  /** Replaces Keycloak verification (never needed: tests use real signed tokens). */
  tokenVerifier?: TokenVerifier;
  /** false: build everything but do not open a port (scripts). Default true. */
  listen?: boolean;
  /** Connection URL to use instead of config/embedded (test harness: a fresh database). */
  databaseUrl?: string;
  /**
   * true: /readyz answers 503 "starting" until markReady() (the server seeds after listening).
   * Default false: ready as soon as createApp returns.
   */
  deferReady?: boolean;
}

export interface App {
  /** GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql (empty when not listening). */
  url: string;
  baseUrl: string;
  orm: MikroORM;
  schema: GraphQLSchema;
  services: AppServices;
  plugins: PluginDefinition[];
  /** A context acting as the platform (jobs, seeds, scripts). */
  systemContext(): RequestContext;
  /** A context for a given user, as a request would have (scripts and tests). */
  contextFor(user: AuthUser | null): RequestContext;
  /**
   * Applies the seeds not yet applied: the platform's (statutory calendar, ...) always, demo data when
   * `demo` (default: SEED_DEMO). Under the start-up lock, so processes started together seed once.
   */
  runSeeds(options?: { demo?: boolean; only?: string[] }): Promise<string[]>;
  /** /readyz answers ready from now on (see deferReady). */
  markReady(): void;
  /**
   * The one stop sequence, in reverse start-up order: stop accepting and drain requests, plugins'
   * shutdown hooks, the job worker (running jobs finish or are released), mail, the ORM, the embedded
   * PostgreSQL. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/** Everything start-up does, in the fixed order of the architecture notes. */
export async function createApp(options: CreateAppOptions): Promise<App> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const cleanup: Array<() => Promise<void>> = [];
  // Steps may need to know how much of the shutdown grace period is left (the job worker).
  let closeDeadline = Number.POSITIVE_INFINITY;
  let closing: Promise<void> | undefined;
  const closeAll = () => {
    closing ??= (async () => {
      // Leave a second of the grace period for the steps after the worker (mail, ORM, database).
      closeDeadline = Date.now() + config.shutdownTimeoutMs - 1000;
      for (const step of cleanup.splice(0).reverse()) {
        try {
          await step();
        } catch (error) {
          logger.error({ err: error }, 'error during shutdown');
        }
      }
    })();
    return closing;
  };

  try {
    // 1. Validate the plugin list and order it by dependencies.
    const enabled = config.plugins ? ['core', ...config.plugins.filter((id) => id !== 'core')] : null;
    const plugins = resolvePlugins([corePlugin, ...options.plugins], enabled);
    assertUniqueTables(plugins);

    // 2. Plugin options, validated together so every problem is reported at once.
    const env = new EnvReader(config.source);
    const pluginOptions = new Map<string, unknown>();
    for (const plugin of plugins) pluginOptions.set(plugin.id, plugin.options?.(env, config));
    env.throwIfProblems();
    const roles = new RoleMap(plugins);

    // 3. register(): contributions that do not need the database.
    let scopeResolver: ScopeResolver = permissionOnlyScopeResolver;
    let scopeProvider: string | null = null;
    for (const plugin of plugins) {
      await plugin.register?.({
        config,
        options: pluginOptions.get(plugin.id),
        logger: logger.child({ plugin: plugin.id }),
        provideScopeResolver(resolver) {
          if (scopeProvider)
            throw new PluginRegistryError(
              `Plugins "${scopeProvider}" and "${plugin.id}" both provide the unit scope`,
            );
          scopeProvider = plugin.id;
          scopeResolver = resolver;
        },
      });
    }

    // 4. Database and ORM, then migrations.
    let databaseUrl = options.databaseUrl ?? config.databaseUrl;
    if (!databaseUrl) {
      const embedded: EmbeddedPostgresHandle = await startEmbeddedPostgres({
        dir: path.join(config.dataDir, 'postgres'),
        port: config.embeddedPostgresPort,
        persistent: true,
        logger,
      });
      cleanup.push(() => embedded.stop());
      databaseUrl = await ensureDatabase(embedded.serverUrl, 'platform');
      logger.info(
        { port: config.embeddedPostgresPort, dir: path.join(config.dataDir, 'postgres') },
        'embedded PostgreSQL running',
      );
    }
    const migrations: NamedMigration[] = plugins.flatMap((p) =>
      (p.migrations?.() ?? []).map((cls) => ({ name: `${p.id}/${cls.name}`, class: cls })),
    );
    const orm = await initOrm({
      clientUrl: databaseUrl,
      entities: plugins.flatMap((p) => p.entities?.() ?? []),
      migrations,
      logger,
      poolMax: config.database.poolMax,
      statementTimeoutMs: config.database.statementTimeoutMs,
    });
    cleanup.push(() => orm.close(true));

    // 5. Services shared by every request.
    const mailer = new Mailer({
      smtpUrl: config.mail.smtpUrl,
      from: config.mail.from,
      outboxDir: path.join(config.dataDir, 'outbox'),
      connectTimeoutMs: config.mail.connectTimeoutMs,
      socketTimeoutMs: config.mail.socketTimeoutMs,
    });
    cleanup.push(async () => mailer.close());
    const services = {} as AppServices;
    const systemContext = (em: EntityManager = orm.em.fork(), requestId?: string) =>
      new RequestContext(services, em, null, { isSystem: true, requestId });
    const jobs = new JobQueue(databaseUrl, logger, (em, jobId) => systemContext(em, `job-${jobId}`), orm, {
      poolMax: config.jobs.poolMax,
      timeoutMs: config.jobs.timeoutMs,
    });
    const metrics = new Metrics({ defaultMetrics: config.metrics.enabled, logger });
    metrics.watchOrmPool(orm);
    const transactionSlots = new TransactionSlots(config.database.poolMax);
    metrics.watchTransactionSlots(transactionSlots);
    metrics.watchPgPool('jobs', () => jobs.openPool);
    metrics.watchJobs(jobs.events);
    metrics.watchQueue(orm);
    const events = new EventBus();
    for (const plugin of plugins) {
      for (const definition of plugin.publicEvents ?? []) events.addPublic(definition);
      for (const job of plugin.jobs ?? []) jobs.register(job);
      for (const subscriber of plugin.subscribers ?? []) {
        events.add(subscriber);
        jobs.register({
          name: subscriber.name,
          maxAttempts: subscriber.maxAttempts,
          handler: (message: { payload: object }, ctx, run) => subscriber.handler(message.payload, ctx, run),
        });
      }
    }
    cleanup.push(() => jobs.stop(closeDeadline - Date.now()));
    // Several processes may start together on an empty database: one migrates, the others wait.
    const lockedUrl = databaseUrl;
    await withDatabaseLock(lockedUrl, logger, 'migrations', async () => {
      const applied = await runMigrations(orm);
      if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
      await jobs.migrate();
    });
    // Messages between the processes sharing this database (cache invalidation, later subscriptions).
    // Published after every change: a prepared statement on a pooled connection of its own.
    const notifications = new Notifications(databaseUrl, logger, (sql, params) =>
      preparedRows(orm.em, sql, params, { ownConnection: true }),
    );
    await notifications.start();
    cleanup.push(() => notifications.stop());

    const live = new LiveEvents(
      notifications,
      logger,
      (subscriber) =>
        new RequestContext(services, orm.em.fork(), subscriber.user, { ip: subscriber.ip ?? undefined }),
    );

    Object.assign(services, {
      notifications,
      live,
      config,
      logger,
      orm,
      transactionSlots,
      jobs,
      mailer,
      events,
      roles,
      plugins,
      pluginOptions,
      scopeResolver,
      audit: new AuditService(),
      tokens: options.tokenVerifier ?? createTokenVerifier(config, logger),
      files: FileService.fromConfig(config.files, config.publicUrl),
      metrics,
    } satisfies AppServices);

    // 6. The schema, built once.
    const schema = await buildPlatformSchema(plugins);

    // 7. HTTP: health, auth, GraphQL.
    const expressApp = express();
    const httpServer = http.createServer(
      {
        // Slow clients (slowloris) cannot hold sockets for ever; keep-alive must outlast a proxy's
        // idle timeout towards the API (see the README).
        headersTimeout: config.http.headersTimeoutMs,
        requestTimeout: config.http.requestTimeoutMs,
        keepAliveTimeout: config.http.keepAliveTimeoutMs,
        // Node checks the two limits above only this often (30 s by default), so a slow client
        // could hold a socket for the limit plus up to 30 s: check at a quarter of the headers limit.
        connectionsCheckingInterval: Math.min(
          5000,
          Math.max(250, Math.round(config.http.headersTimeoutMs / 4)),
        ),
      },
      // POST /graphql is served without Express (graphqlHttpHandler, set below); the rest by Express.
      (req, res) =>
        direct.graphqlPost && isGraphqlPost(req) ? direct.graphqlPost(req, res) : expressApp(req, res),
    );
    const direct: { graphqlPost?: ReturnType<typeof graphqlHttpHandler<RequestContext>> } = {};
    const protection = armorFor(config);
    // Subscriptions on the same server and schema; Apollo's drain closes their sockets first on stop.
    const subscriptions = startSubscriptionServer({
      httpServer,
      schema,
      services,
      fork: () => orm.em.fork(),
      validationRules: protection.validationRules,
      maxPayloadBytes: 64 * 1024,
    });
    const apollo = createApolloServer(
      config,
      schema,
      httpServer,
      protection,
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await subscriptions.close();
            },
          };
        },
      },
      metrics.apolloPlugin<RequestContext>(),
    );
    await apollo.start();
    expressApp.disable('x-powered-by');
    // Who may tell us the client's address (X-Forwarded-For): rate limits are keyed on req.ip.
    expressApp.set('trust proxy', config.http.trustProxy);
    const securityHeaders = helmet({
      contentSecurityPolicy: config.env === 'production' ? undefined : false,
      crossOriginEmbedderPolicy: false,
    });
    expressApp.use(securityHeaders);
    expressApp.use(requestLogging(logger));
    expressApp.get('/livez', (_req, res) => {
      res.json({ status: 'ok' });
    });
    // Prometheus scrapes here (METRICS_ENABLED; with METRICS_TOKEN as a bearer token).
    if (config.metrics.enabled) expressApp.get('/metrics', metrics.handler(config.metrics.token));
    let ready = !options.deferReady;
    expressApp.get('/readyz', async (_req, res) => {
      if (closing) {
        res.status(503).json({ status: 'stopping' });
        return;
      }
      if (!ready) {
        res.status(503).json({ status: 'starting' });
        return;
      }
      try {
        await orm.em.fork().getConnection().execute('select 1');
        const pending = await pendingMigrations(orm);
        if (pending.length) res.status(503).json({ status: 'migrations pending', pending });
        else res.json({ status: 'ready' });
      } catch {
        res.status(503).json({ status: 'database unreachable' });
      }
    });
    const verifyBearer = bearerUser(
      services.tokens,
      roles,
      config.auth.clientId,
      config.auth.usernameFallback,
    );
    const authenticateRequest = authenticate(verifyBearer, logger);
    const corsPolicy = cors({
      origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
      maxAge: 600,
    });
    expressApp.use('/files', corsPolicy);
    expressApp.use(filesRouter(services, authenticateRequest));
    // Every API request and plugin page (not uploads, not health) is answered within the limit.
    expressApp.use(responseTimeout(config.http.responseTimeoutMs, logger));
    for (const plugin of plugins) {
      if (!plugin.routes) continue;
      const router = express.Router();
      plugin.routes(router, {
        config,
        options: pluginOptions.get(plugin.id),
        logger: logger.child({ plugin: plugin.id }),
        app: services,
      });
      expressApp.use(router);
    }
    const requestContext = (request: { user: AuthUser | null; requestId?: string; ip?: string }) =>
      new RequestContext(services, () => orm.em.fork(), request.user, {
        requestId: request.requestId,
        ip: request.ip,
      });
    const bodyFor = {
      signedIn: express.json({ limit: config.bodyLimitBytes }),
      anonymous: express.json({ limit: config.anonymousBodyLimitBytes }),
    };
    direct.graphqlPost = graphqlHttpHandler<RequestContext>({
      apollo,
      logger,
      securityHeaders: headersSetBy(securityHeaders),
      cors: corsPolicy,
      verifyBearer,
      jsonBody: (signedIn) => (signedIn ? bodyFor.signedIn : bodyFor.anonymous),
      trustProxy: expressApp.get('trust proxy fn'),
      responseTimeoutMs: config.http.responseTimeoutMs,
      context: async (request) => requestContext(request),
    });
    // GET queries, preflights and the Sandbox page (POST /graphql does not reach Express).
    expressApp.use(
      '/graphql',
      corsPolicy,
      // The token is checked before the body is read, so an anonymous client cannot make the server
      // parse (or inflate, with Content-Encoding: gzip) more than the anonymous limit.
      authenticateRequest,
      (req: express.Request, res: express.Response, next: express.NextFunction) =>
        (req.user ? bodyFor.signedIn : bodyFor.anonymous)(req, res, next),
      // Last before Apollo: the language must be set in the async context that runs the request (a
      // body parser's stream events would not carry it).
      requestLanguageMiddleware,
      expressMiddleware(apollo, {
        context: async ({ req }) =>
          requestContext({ user: req.user ?? null, requestId: req.requestId, ip: req.ip }),
      }),
    );
    expressApp.use(jsonErrors(logger));

    // 8. Bootstrap hooks, then open the port and start the workers.
    const runtime = (plugin: PluginDefinition): PluginRuntimeContext => ({
      config,
      options: pluginOptions.get(plugin.id),
      logger: logger.child({ plugin: plugin.id }),
      app: services,
    });
    for (const plugin of plugins) await plugin.onBootstrap?.(runtime(plugin));
    cleanup.push(async () => {
      for (const plugin of [...plugins].reverse()) await plugin.onShutdown?.(runtime(plugin));
    });

    let baseUrl = '';
    if (options.listen !== false) {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, resolve);
      });
      const address = httpServer.address() as AddressInfo;
      const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
      baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    }
    // Apollo's drain plugin stops accepting, ends idle keep-alive sockets at once and each busy one
    // as soon as its response is sent (a bare server.close() waited for clients' keep-alive timeouts).
    // Registered once: Apollo's own signal handlers are off, and a second stop() never returned.
    cleanup.push(() => apollo.stop());
    if (config.jobs.runWorker)
      await jobs.start(config.jobs.concurrency, config.jobs.pollIntervalMs, config.jobs.poolConcurrency);

    return {
      url: baseUrl ? `${baseUrl}/graphql` : '',
      baseUrl,
      orm,
      schema,
      services,
      plugins,
      systemContext: () => systemContext(),
      contextFor: (user) => new RequestContext(services, orm.em.fork(), user),
      runSeeds: (opts = {}) =>
        withDatabaseLock(lockedUrl, logger, 'seeds', () =>
          runSeeds(plugins, opts.demo ?? config.seedDemo, () => systemContext(), opts.only),
        ),
      markReady: () => {
        ready = true;
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function createTokenVerifier(config: AppConfig, logger: Logger): TokenVerifier {
  if (config.auth.keycloakUrl) {
    return new KeycloakTokenVerifier({
      authServerUrl: config.auth.keycloakUrl,
      realm: config.auth.realm,
      clientId: config.auth.clientId,
      verifyAudience: config.auth.verifyAudience,
      realmPublicKey: config.auth.realmPublicKey ?? undefined,
      clockSkewSeconds: config.auth.clockSkewSeconds,
    });
  }
  const key = loadOrCreateDevRealmKey(config.dataDir);
  logger.info(
    'no KEYCLOAK_URL: using the development realm; mint a token with `npm run token -- --user <name> --roles <a,b>`',
  );
  return new KeycloakTokenVerifier({
    authServerUrl: DEV_AUTH_SERVER_URL,
    realm: config.auth.realm,
    clientId: config.auth.clientId,
    verifyAudience: config.auth.verifyAudience,
    realmPublicKey: key.publicKeyBase64,
    clockSkewSeconds: config.auth.clockSkewSeconds,
  });
}

function armorFor(config: AppConfig) {
  const armor = new ApolloArmor({
    maxDepth: { n: config.graphql.maxDepth },
    // Cost is counted by costLimitPlugin (page sizes, aliases, declared field costs, per caller).
    costLimit: { enabled: false },
    maxAliases: { n: config.graphql.maxAliases },
    maxDirectives: { n: 50 },
    // Token limit in graphql-js's own parser (parseOptions below): armor's Apollo max-tokens plugin
    // re-parses in parsingDidStart and turns every syntax error into a 500.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.env === 'production' },
  });
  return armor.protect();
}

function createApolloServer(
  config: AppConfig,
  schema: GraphQLSchema,
  httpServer: http.Server,
  protection: ReturnType<typeof armorFor>,
  drainSubscriptions: ApolloServerPlugin<RequestContext>,
  metricsPlugin: ApolloServerPlugin<RequestContext>,
) {
  const logUnexpectedErrors: ApolloServerPlugin<RequestContext> = {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isDatabaseUnavailable(error.originalError ?? error))
              contextValue.logger.warn({ err: error.originalError ?? error }, 'database unavailable');
            else if (isStatementTimeout(error.originalError ?? error))
              contextValue.logger.warn(
                { err: error.originalError ?? error, path: error.path },
                'statement cancelled by the statement timeout',
              );
            else if (!isClientError(error))
              contextValue.logger.error(
                { err: error.originalError ?? error, path: error.path },
                'unexpected error in GraphQL operation',
              );
          }
        },
      };
    },
  };
  return new ApolloServer<RequestContext>({
    schema,
    // The process owns SIGTERM/SIGINT (src/main.ts) and runs one stop sequence.
    stopOnTerminationSignals: false,
    introspection: config.graphql.introspection,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    formatError: localizeErrors(createErrorFormatter({ suggestions: config.env !== 'production' })),
    validationRules: protection.validationRules,
    plugins: [
      ...(protection.plugins as ApolloServerPlugin<RequestContext>[]),
      // Requests still running after this share of the shutdown grace period have their sockets closed.
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: Math.round(config.shutdownTimeoutMs * 0.4),
      }),
      drainSubscriptions,
      costLimitPlugin(schema, {
        signedIn: config.graphql.maxCost,
        anonymous: config.graphql.anonymousMaxCost,
        defaultPageSize: config.graphql.maxPageSize,
      }),
      metricsPlugin,
      logUnexpectedErrors,
      // Apollo's cache-control plugin hooks every field's resolution (so Apollo wraps every resolver)
      // to compute cache hints the schema never gives; every answer is private and uncacheable
      // anyway, which the header below says, as the plugin did.
      ApolloServerPluginCacheControlDisabled(),
      noStore,
      ...(config.env === 'production' ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
}

/** No GraphQL answer may be stored by a browser or a proxy (they carry personal data). */
const noStore: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/** Tokens a GraphQL document may contain; a longer one is refused as GRAPHQL_PARSE_FAILED. */
const MAX_TOKENS = 10000;

/**
 * Errors raised before GraphQL runs (malformed JSON, a body over the limit) answered as GraphQL-shaped
 * JSON: Express's default handler would answer HTML, with a stack trace outside production.
 */
function jsonErrors(logger: Logger) {
  return (
    error: { status?: unknown; type?: unknown },
    req: express.Request,
    res: express.Response,
    next: express.NextFunction,
  ) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const answer = httpErrorAnswer(error);
    if (answer.status === 500)
      logger.error({ err: error, requestId: req.requestId }, 'unexpected error in HTTP request');
    res.status(answer.status).json(answer.body);
  };
}

/** A response that is never sent and keeps the headers set on it, in order, by the names given. */
class HeaderRecorder extends http.ServerResponse {
  readonly recorded = new Map<string, string>();

  override setHeader(name: string, value: number | string | readonly string[]): this {
    this.recorded.set(name, String(value));
    return super.setHeader(name, value);
  }

  override removeHeader(name: string): void {
    this.recorded.delete(name);
    super.removeHeader(name);
  }
}

/**
 * The headers a middleware that sets fixed headers (helmet) sets, captured once: the direct GraphQL
 * handler sets the same list without running it per request.
 */
function headersSetBy(
  middleware: (req: http.IncomingMessage, res: http.ServerResponse, next: (error?: unknown) => void) => void,
): Array<[string, string]> {
  // A real request and response that never reach the network: the response notes each header by the
  // name it was set with.
  const socket = new Socket();
  const req = new http.IncomingMessage(socket);
  req.method = 'POST';
  req.url = '/graphql';
  const res = new HeaderRecorder(req);
  let done = false;
  try {
    middleware(req, res, () => {
      done = true;
    });
  } finally {
    socket.destroy();
  }
  socket.destroy();
  if (!done) throw new Error('the security headers middleware did not finish synchronously');
  return [...res.recorded];
}

/**
 * Ends a request that has run longer than `ms` with 503 REQUEST_TIMEOUT (and Retry-After), so no
 * client waits without end and a proxy sees a clear answer. The handler may still be running (its
 * SQL is bounded by the statement timeout): whatever it writes afterwards is dropped. A mutation
 * that was committing may still have taken effect; clients re-read before retrying.
 */
function responseTimeout(ms: number, logger: Logger) {
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!ms || req.path === '/livez' || req.path === '/readyz' || req.path === '/metrics') {
      next();
      return;
    }
    const timer = setTimeout(() => {
      if (res.headersSent || res.writableEnded) return;
      logger.warn({ requestId: req.requestId, path: req.path, ms }, 'request timed out');
      res
        .status(503)
        .set('Retry-After', '5')
        .json({
          errors: [
            {
              message: `The request took longer than ${ms} ms and was stopped; try again or ask for less`,
              extensions: { code: 'REQUEST_TIMEOUT' },
            },
          ],
        });
      const drop = () => res;
      for (const method of [
        'status',
        'set',
        'setHeader',
        'header',
        'send',
        'json',
        'end',
        'write',
        'writeHead',
      ])
        (res as unknown as Record<string, unknown>)[method] = drop;
    }, ms);
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}

function requestLogging(logger: Logger) {
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    const incoming = req.headers['x-request-id'];
    req.requestId =
      typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      if (req.path === '/livez' || req.path === '/readyz' || req.path === '/metrics') return;
      logger.info(
        {
          requestId: req.requestId,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          user: req.user?.username,
        },
        'request',
      );
    });
    next();
  };
}

/** Two entities (of one plugin or two) mapped to the same table is a start-up error. */
function assertUniqueTables(plugins: PluginDefinition[]): void {
  const owner = new Map<string, string>();
  for (const plugin of plugins) {
    for (const entity of plugin.entities?.() ?? []) {
      const meta =
        typeof entity === 'function'
          ? (MetadataStorage.getMetadataFromDecorator(entity) as {
              tableName?: string;
              collection?: string;
              className?: string;
            })
          : (entity.meta as { tableName?: string; collection?: string; className?: string });
      const table = meta.tableName ?? meta.collection;
      if (!table) continue;
      const previous = owner.get(table);
      if (previous)
        throw new PluginRegistryError(
          `Duplicate table "${table}" declared by plugins "${previous}" and "${plugin.id}"`,
        );
      owner.set(table, plugin.id);
    }
  }
}
