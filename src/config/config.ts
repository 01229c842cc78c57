import path from 'node:path';
import { EnvReader, EnvSource } from './env-reader';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The whole platform configuration, parsed and validated once at start-up. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Base URL citizens and staff reach the platform on; used in QR codes and emails. */
  publicUrl: string;
  dataDir: string;
  /** null: run the embedded PostgreSQL under dataDir. */
  databaseUrl: string | null;
  embeddedPostgresPort: number;
  /** Plugin ids to enable; null means every plugin found under plugins/. */
  plugins: string[] | null;
  seedDemo: boolean;
  logLevel: LogLevel;
  corsOrigins: string[];
  /** Largest accepted request body in bytes (documents upload attachments as base64). */
  bodyLimitBytes: number;
  graphql: {
    introspection: boolean;
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    maxPageSize: number;
  };
  auth: {
    /** null: development realm with a key generated under dataDir. */
    keycloakUrl: string | null;
    realm: string;
    /** The API's client id; tokens must carry it in `aud` when verifyAudience is on. */
    clientId: string;
    verifyAudience: boolean;
    /** Realm public key (base64 DER, as Keycloak shows it); unset: fetched from the realm's JWKS. */
    realmPublicKey: string | null;
  };
  mail: {
    smtpUrl: string | null;
    from: string;
  };
  jobs: {
    concurrency: number;
    pollIntervalMs: number;
    /** false: jobs are only enqueued (tests run them explicitly). */
    runWorker: boolean;
  };
  /** Every variable, for plugins to read their own options from. */
  source: EnvSource;
}

export function loadConfig(source: EnvSource = process.env, cwd = process.cwd()): AppConfig {
  const env = new EnvReader(source);
  const mode = env.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = env.int('PORT', 4000, { min: 0, max: 65535 });
  const host = env.string('HOST', '0.0.0.0');
  const dataDir = path.resolve(cwd, env.string('DATA_DIR', '.data'));
  const keycloakUrl = env.url('KEYCLOAK_URL') ?? null;
  const config: AppConfig = {
    env: mode,
    host,
    port,
    publicUrl: (env.url('PUBLIC_URL', `http://localhost:${port}`) ?? `http://localhost:${port}`).replace(
      /\/$/,
      '',
    ),
    dataDir,
    databaseUrl: env.url('DATABASE_URL') ?? null,
    embeddedPostgresPort: env.int('EMBEDDED_POSTGRES_PORT', 54329, { min: 1, max: 65535 }),
    plugins: env.string('PLUGINS') ? env.list('PLUGINS', []) : null,
    seedDemo: env.bool('SEED_DEMO', mode === 'development'),
    logLevel: env.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    corsOrigins: env.list('CORS_ORIGINS', ['*']),
    bodyLimitBytes: env.int('HTTP_BODY_LIMIT_MB', 32, { min: 1, max: 512 }) * 1024 * 1024,
    graphql: {
      introspection: env.bool('GRAPHQL_INTROSPECTION', mode !== 'production'),
      maxDepth: env.int('GRAPHQL_MAX_DEPTH', 12, { min: 2, max: 100 }),
      maxCost: env.int('GRAPHQL_MAX_COST', 20000, { min: 10 }),
      maxAliases: env.int('GRAPHQL_MAX_ALIASES', 20, { min: 1 }),
      maxPageSize: env.int('GRAPHQL_MAX_PAGE_SIZE', 100, { min: 1, max: 10000 }),
    },
    auth: {
      keycloakUrl,
      realm: env.string('KEYCLOAK_REALM', 'chinh-quyen'),
      clientId: env.string('KEYCLOAK_CLIENT_ID', 'platform-api'),
      verifyAudience: env.bool('KEYCLOAK_VERIFY_AUDIENCE', true),
      realmPublicKey: env.secret('KEYCLOAK_REALM_PUBLIC_KEY') ?? null,
    },
    mail: {
      smtpUrl: env.url('SMTP_URL') ?? null,
      from: env.string('MAIL_FROM', 'Cổng dịch vụ công <no-reply@localhost>'),
    },
    jobs: {
      concurrency: env.int('JOBS_CONCURRENCY', 4, { min: 1, max: 64 }),
      pollIntervalMs: env.int('JOBS_POLL_INTERVAL_MS', 1000, { min: 10 }),
      runWorker: env.bool('JOBS_RUN_WORKER', true),
    },
    source,
  };
  if (mode === 'production' && !keycloakUrl) {
    env.fail('KEYCLOAK_URL must be set in production (the development realm is for development only)');
  }
  if (mode === 'production' && !config.databaseUrl) {
    env.fail('DATABASE_URL must be set in production (the embedded PostgreSQL is for development only)');
  }
  env.throwIfProblems();
  return config;
}
