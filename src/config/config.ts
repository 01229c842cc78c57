import path from 'node:path';
import { isIP } from 'node:net';
import { hkdfSync } from 'node:crypto';
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
  /**
   * Largest GraphQL body of a request without a token, in bytes, after gzip/deflate inflation
   * (HTTP_ANONYMOUS_BODY_LIMIT_KB, default 64 KiB): the body is parsed only after authentication.
   */
  anonymousBodyLimitBytes: number;
  graphql: {
    introspection: boolean;
    maxDepth: number;
    /** Cost budget of a signed-in operation (see src/graphql/cost.ts). */
    maxCost: number;
    /** Cost budget of an anonymous operation. */
    anonymousMaxCost: number;
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
    /** Clock drift tolerated on a token's exp, nbf and iat (AUTH_CLOCK_SKEW_SECONDS, default 30). */
    clockSkewSeconds: number;
    /**
     * Find the official by username when no official is linked to the token's `sub`
     * (AUTH_USERNAME_FALLBACK; default on outside production, off in production).
     */
    usernameFallback: boolean;
  };
  mail: {
    smtpUrl: string | null;
    from: string;
    /** TCP connect limit (MAIL_CONNECT_TIMEOUT_MS, default 10 s); also the wait for the greeting. */
    connectTimeoutMs: number;
    /** Longest silence of the SMTP server mid-conversation (MAIL_SOCKET_TIMEOUT_MS, default 60 s). */
    socketTimeoutMs: number;
  };
  jobs: {
    concurrency: number;
    pollIntervalMs: number;
    /** false: jobs are only enqueued (tests run them explicitly). */
    runWorker: boolean;
    /** Slots of each named worker pool (mail, probes, keycloak…): JOBS_POOL_CONCURRENCY, default 2. */
    poolConcurrency: number;
    /** Connections of the job worker's own pool (graphile-worker). */
    poolMax: number;
    /** A run's default time limit (JOBS_TIMEOUT_MS, default 5 min); a job may set its own. */
    timeoutMs: number;
  };
  database: {
    /**
     * Connections of the ORM's pool (requests, seeds, job handlers' queries), at least 2: one is kept
     * out of the transactions' reach (src/db/transaction-slots.ts).
     */
    poolMax: number;
    /** Longest a single SQL statement of the API may run, in ms; 0 = no limit. */
    statementTimeoutMs: number;
  };
  http: {
    /**
     * Express's `trust proxy`: which hops in front of the API may say who the client is
     * (X-Forwarded-For). false, a hop count, or addresses/subnets/`loopback`/`uniquelocal`.
     */
    trustProxy: boolean | number | string[];
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
    /**
     * Longest an API request may take before it is answered 503 REQUEST_TIMEOUT
     * (HTTP_RESPONSE_TIMEOUT_MS, default 30 s; 0 = no limit).
     */
    responseTimeoutMs: number;
  };
  /** How long a SIGTERM/SIGINT may take before the process gives up waiting, in ms. */
  shutdownTimeoutMs: number;
  metrics: {
    /** Serve Prometheus metrics at /metrics (METRICS_ENABLED; default on, in production only with a token). */
    enabled: boolean;
    /** METRICS_TOKEN: /metrics then needs `Authorization: Bearer <token>`; required in production. */
    token: string | null;
  };
  tracing: {
    /** OpenTelemetry tracing exported over OTLP/HTTP (TRACING_ENABLED, default off). */
    enabled: boolean;
    /** Where spans are POSTed (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces). */
    endpoint: string;
    /** OTEL_SERVICE_NAME, default `chinh-quyen-api`. */
    serviceName: string;
  };
  files: FilesConfig;
  /** Every variable, for plugins to read their own options from. */
  source: EnvSource;
}

/** The core file store (src/files): where bytes live and what clients may send. */
export interface FilesConfig {
  storage: 'local' | 's3';
  /** Local store root (FILES_DIR, default `<DATA_DIR>/files`). */
  dir: string;
  s3: {
    endpoint: string | null;
    region: string;
    bucket: string;
    accessKeyId: string | null;
    secretAccessKey: string | null;
    forcePathStyle: boolean;
    prefix: string;
  };
  /** Largest file accepted, bytes (FILES_MAX_BYTES, default 10 MiB). */
  maxBytes: number;
  /** Anonymous uploads per client IP per hour (FILES_ANONYMOUS_UPLOADS_PER_HOUR, default 30). */
  anonymousUploadsPerHour: number;
  /** HMAC-SHA-256 key of signed download links (FILES_URL_KEY, 32 bytes base64; derived in development). */
  urlKey: Buffer;
  /** Lifetime of a signed download link (FILES_URL_TTL_SECONDS, default 900). */
  urlTtlSeconds: number;
  /** Files nothing refers to are removed once older than this (FILES_ORPHAN_GRACE_HOURS, default 24). */
  orphanGraceHours: number;
}

/** Named worker pools of the bundled plugins (mail, probes, keycloak), for sizing the worker's connections. */
const NAMED_WORKER_POOLS = 3;

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
    anonymousBodyLimitBytes: env.int('HTTP_ANONYMOUS_BODY_LIMIT_KB', 64, { min: 1, max: 512 * 1024 }) * 1024,
    graphql: {
      introspection: env.bool('GRAPHQL_INTROSPECTION', mode !== 'production'),
      maxDepth: env.int('GRAPHQL_MAX_DEPTH', 12, { min: 2, max: 100 }),
      maxCost: env.int('GRAPHQL_MAX_COST', 20000, { min: 10 }),
      anonymousMaxCost: env.int('GRAPHQL_ANONYMOUS_MAX_COST', 2000, { min: 10 }),
      maxAliases: env.int('GRAPHQL_MAX_ALIASES', 20, { min: 1 }),
      maxPageSize: env.int('GRAPHQL_MAX_PAGE_SIZE', 100, { min: 1, max: 10000 }),
    },
    auth: {
      keycloakUrl,
      realm: env.string('KEYCLOAK_REALM', 'chinh-quyen'),
      clientId: env.string('KEYCLOAK_CLIENT_ID', 'platform-api'),
      verifyAudience: env.bool('KEYCLOAK_VERIFY_AUDIENCE', true),
      realmPublicKey: env.secret('KEYCLOAK_REALM_PUBLIC_KEY') ?? null,
      clockSkewSeconds: env.int('AUTH_CLOCK_SKEW_SECONDS', 30, { min: 0, max: 300 }),
      usernameFallback: env.bool('AUTH_USERNAME_FALLBACK', mode !== 'production'),
    },
    mail: {
      smtpUrl: env.url('SMTP_URL') ?? null,
      from: env.string('MAIL_FROM', 'Cổng dịch vụ công <no-reply@localhost>'),
      connectTimeoutMs: env.int('MAIL_CONNECT_TIMEOUT_MS', 10_000, { min: 100, max: 300_000 }),
      socketTimeoutMs: env.int('MAIL_SOCKET_TIMEOUT_MS', 60_000, { min: 100, max: 600_000 }),
    },
    jobs: {
      concurrency: env.int('JOBS_CONCURRENCY', 4, { min: 1, max: 64 }),
      pollIntervalMs: env.int('JOBS_POLL_INTERVAL_MS', 1000, { min: 10 }),
      runWorker: env.bool('JOBS_RUN_WORKER', true),
      poolConcurrency: env.int('JOBS_POOL_CONCURRENCY', 2, { min: 1, max: 64 }),
      poolMax: env.int('JOBS_POOL_MAX', 0, { min: 0, max: 200 }),
      timeoutMs: env.int('JOBS_TIMEOUT_MS', 300_000, { min: 100, max: 86_400_000 }),
    },
    database: {
      poolMax: env.int('DATABASE_POOL_MAX', 10, { min: 2, max: 500 }),
      statementTimeoutMs: env.int('DATABASE_STATEMENT_TIMEOUT_MS', 30_000, { min: 0 }),
    },
    http: {
      trustProxy: readTrustProxy(env),
      headersTimeoutMs: env.int('HTTP_HEADERS_TIMEOUT_MS', 30_000, { min: 1000 }),
      requestTimeoutMs: env.int('HTTP_REQUEST_TIMEOUT_MS', 120_000, { min: 0 }),
      keepAliveTimeoutMs: env.int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, { min: 0 }),
      responseTimeoutMs: env.int('HTTP_RESPONSE_TIMEOUT_MS', 30_000, { min: 0 }),
    },
    shutdownTimeoutMs: env.int('SHUTDOWN_TIMEOUT_SECONDS', 8, { min: 1, max: 600 }) * 1000,
    metrics: readMetricsConfig(env, mode),
    tracing: readTracingConfig(env),
    files: readFilesConfig(env, mode, dataDir),
    source,
  };
  if (mode === 'production' && !keycloakUrl) {
    env.fail('KEYCLOAK_URL must be set in production (the development realm is for development only)');
  }
  if (mode === 'production' && !config.databaseUrl) {
    env.fail('DATABASE_URL must be set in production (the embedded PostgreSQL is for development only)');
  }
  // The worker's pool: one connection per concurrent job plus a listener per runner and cron
  // (0 = derived): the default runner and the named worker pools (mail, probes, keycloak).
  if (!config.jobs.poolMax)
    config.jobs.poolMax =
      config.jobs.concurrency + 2 + NAMED_WORKER_POOLS * (config.jobs.poolConcurrency + 1);
  if (config.http.requestTimeoutMs && config.http.headersTimeoutMs > config.http.requestTimeoutMs)
    env.fail('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  env.throwIfProblems();
  return config;
}

/**
 * TRUST_PROXY: `false` (nobody may forward), a number of hops, or a
 * comma-separated list of addresses, subnets (CIDR) and Express's names `loopback`, `linklocal`,
 * `uniquelocal`. `true` (trust every hop) is refused: any client could then choose its own address
 * and escape the per-address rate limits.
 */
function readTrustProxy(env: EnvReader): boolean | number | string[] {
  const raw = (env.string('TRUST_PROXY', 'loopback') ?? '').trim();
  if (['', 'false', 'none', 'off', '0'].includes(raw.toLowerCase())) return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (raw.toLowerCase() === 'true') {
    env.fail('TRUST_PROXY=true would let any client choose its address: name the proxies or a hop count');
    return false;
  }
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const ok =
      extra === undefined &&
      (named.includes(entry) ||
        (isIP(address) !== 0 && bits === undefined) ||
        (isIP(address) !== 0 &&
          /^\d{1,3}$/.test(bits ?? '') &&
          Number(bits) <= (isIP(address) === 4 ? 32 : 128)));
    if (!ok)
      env.fail(`TRUST_PROXY: "${entry}" is not an address, a subnet or loopback/linklocal/uniquelocal`);
  }
  return entries;
}

/**
 * /metrics tells operation names, traffic and queue sizes: outside production it is open, in
 * production it is served only with a bearer token (METRICS_TOKEN), so a deployment that publishes
 * the API port never publishes its metrics by accident.
 */
function readMetricsConfig(env: EnvReader, mode: AppConfig['env']): AppConfig['metrics'] {
  const token = env.secret('METRICS_TOKEN') || null;
  if (token !== null && (token.length < 16 || /\s/.test(token)))
    env.fail('METRICS_TOKEN must be at least 16 characters without spaces (e.g. openssl rand -hex 24)');
  const enabled = env.bool('METRICS_ENABLED', mode !== 'production' || token !== null);
  if (enabled && mode === 'production' && token === null)
    env.fail('METRICS_ENABLED in production needs METRICS_TOKEN (Prometheus sends it as a bearer token)');
  return { enabled, token };
}

function readTracingConfig(env: EnvReader): AppConfig['tracing'] {
  const base = env.url('OTEL_EXPORTER_OTLP_ENDPOINT');
  const endpoint =
    env.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ??
    (base ? `${base.replace(/\/$/, '')}/v1/traces` : 'http://localhost:4318/v1/traces');
  return {
    enabled: env.bool('TRACING_ENABLED', false),
    endpoint,
    serviceName: env.string('OTEL_SERVICE_NAME', 'chinh-quyen-api') ?? 'chinh-quyen-api',
  };
}

function readFilesConfig(env: EnvReader, mode: AppConfig['env'], dataDir: string): FilesConfig {
  const storage = env.oneOf('FILES_STORAGE', ['local', 's3'] as const, 'local');
  const bucket = env.string('FILES_S3_BUCKET', '');
  if (storage === 's3' && !bucket) env.fail('FILES_S3_BUCKET must be set when FILES_STORAGE=s3');
  const rawKey = env.secret('FILES_URL_KEY');
  let urlKey: Buffer;
  if (rawKey === undefined) {
    if (mode === 'production')
      env.fail('FILES_URL_KEY must be set in production (32 random bytes, base64: openssl rand -base64 32)');
    // Development: stable across restarts of the same data folder, useless anywhere else.
    urlKey = Buffer.from(hkdfSync('sha256', dataDir, 'files-development-key', 'download-links', 32));
  } else {
    urlKey = Buffer.from(rawKey, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(rawKey) || urlKey.length < 32)
      env.fail('FILES_URL_KEY must be at least 32 bytes, base64-encoded');
  }
  return {
    storage,
    dir: path.resolve(dataDir, env.string('FILES_DIR', path.join(dataDir, 'files'))),
    s3: {
      endpoint: env.url('FILES_S3_ENDPOINT') ?? null,
      region: env.string('FILES_S3_REGION', 'us-east-1'),
      bucket,
      accessKeyId: env.secret('FILES_S3_ACCESS_KEY_ID') ?? null,
      secretAccessKey: env.secret('FILES_S3_SECRET_ACCESS_KEY') ?? null,
      forcePathStyle: env.bool('FILES_S3_FORCE_PATH_STYLE', true),
      prefix: env.string('FILES_S3_PREFIX', ''),
    },
    maxBytes: env.int('FILES_MAX_BYTES', 10 * 1024 * 1024, { min: 1024, max: 512 * 1024 * 1024 }),
    anonymousUploadsPerHour: env.int('FILES_ANONYMOUS_UPLOADS_PER_HOUR', 30, { min: 1, max: 100000 }),
    urlKey,
    urlTtlSeconds: env.int('FILES_URL_TTL_SECONDS', 900, { min: 10, max: 7 * 86400 }),
    orphanGraceHours: env.int('FILES_ORPHAN_GRACE_HOURS', 24, { min: 1, max: 8760 }),
  };
}
