import path from 'node:path';
import { loadConfig } from '../src/config/config';
import { ConfigError } from '../src';

/** Configuration is read once, with a working default for every variable, and every problem reported together. */

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/platform');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('loadConfig accepted a bad configuration');
}

describe('configuration', () => {
  it('has a working default for every variable', () => {
    const config = loadConfig({}, '/srv/platform');
    expect(config).toMatchObject({
      env: 'development',
      host: '0.0.0.0',
      port: 4000,
      publicUrl: 'http://localhost:4000',
      dataDir: path.resolve('/srv/platform', '.data'),
      databaseUrl: null,
      plugins: null,
      seedDemo: true,
      corsOrigins: ['*'],
      graphql: { introspection: true, maxDepth: 12, maxAliases: 20, maxPageSize: 100 },
      auth: {
        keycloakUrl: null,
        realm: 'chinh-quyen',
        clientId: 'platform-api',
        verifyAudience: true,
        realmPublicKey: null,
      },
      mail: { smtpUrl: null },
      jobs: { runWorker: true },
    });
  });

  it('reads typed values', () => {
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        PORT: '8080',
        PLUGINS: 'staff, cameras',
        DATABASE_URL: 'postgres://u:p@db:5432/platform',
        KEYCLOAK_URL: 'http://keycloak:8080',
        GRAPHQL_MAX_PAGE_SIZE: '50',
        JOBS_RUN_WORKER: 'no',
        SMTP_URL: 'smtp://mailpit:1025',
        FILES_URL_KEY: Buffer.alloc(32, 3).toString('base64'),
      },
      '/srv/platform',
    );
    expect(config).toMatchObject({
      env: 'production',
      port: 8080,
      plugins: ['staff', 'cameras'],
      seedDemo: false,
      graphql: { introspection: false, maxPageSize: 50 },
      jobs: { runWorker: false },
      auth: { keycloakUrl: 'http://keycloak:8080' },
      mail: { smtpUrl: 'smtp://mailpit:1025' },
    });
  });

  it('reports every bad variable in one ConfigError, one line each', () => {
    const problems = problemsOf({
      NODE_ENV: 'staging',
      PORT: 'eighty',
      EMBEDDED_POSTGRES_PORT: '70000',
      DATABASE_URL: 'not a url',
      SMTP_URL: '::',
      GRAPHQL_INTROSPECTION: 'maybe',
      GRAPHQL_MAX_PAGE_SIZE: '0',
      LOG_LEVEL: 'loud',
      JOBS_CONCURRENCY: '2.5',
      // One connection is kept out of the transactions' reach (src/db/transaction-slots.ts).
      DATABASE_POOL_MAX: '1',
    });
    expect(problems).toEqual([
      'NODE_ENV must be one of development, production, test, got "staging"',
      'PORT must be a whole number, got "eighty"',
      'DATABASE_URL must be a URL, got "not a url"',
      'EMBEDDED_POSTGRES_PORT must be between 1 and 65535, got 70000',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'GRAPHQL_INTROSPECTION must be true or false, got "maybe"',
      'GRAPHQL_MAX_PAGE_SIZE must be between 1 and 10000, got 0',
      'SMTP_URL must be a URL, got "::"',
      'JOBS_CONCURRENCY must be a whole number, got "2.5"',
      'DATABASE_POOL_MAX must be between 2 and 500, got 1',
    ]);
  });

  it('puts every problem in the error message', () => {
    expect(() => loadConfig({ PORT: '-1', JOBS_RUN_WORKER: 'sometimes' })).toThrow(
      /Invalid configuration:\n {2}- PORT must be between 0 and 65535, got -1\n {2}- JOBS_RUN_WORKER must be true or false, got "sometimes"/,
    );
  });

  it('requires Keycloak and a database server in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'FILES_URL_KEY must be set in production (32 random bytes, base64: openssl rand -base64 32)',
      'KEYCLOAK_URL must be set in production (the development realm is for development only)',
      'DATABASE_URL must be set in production (the embedded PostgreSQL is for development only)',
    ]);
  });

  it('never echoes a password from a connection URL', () => {
    const problems = problemsOf({ DATABASE_URL: 'postgres://platform:s3cr3t-pw@db host/platform' });
    expect(problems.join('\n')).not.toContain('s3cr3t-pw');
    expect(problems).toEqual(['DATABASE_URL must be a URL, got "postgres://platform:***@db host/platform"']);
  });
});

describe('logging of database errors', () => {
  it('keeps the reason and SQLSTATE but not the statement or the values', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { serializeError } = require('../src/logging') as typeof import('../src/logging');
    const error = Object.assign(
      new Error(
        `insert into "procedures_dossier" ("applicant_name", "pin_hash") values ('Nguyễn Văn Hùng', 'scrypt$abc') - duplicate key value violates unique constraint "procedures_dossier_code_unique"`,
      ),
      {
        name: 'UniqueConstraintViolationException',
        code: '23505',
        constraint: 'procedures_dossier_code_unique',
        table: 'procedures_dossier',
        detail: 'Key (code)=(000.01.01.H46-261122-0001) already exists.',
      },
    );
    const logged = JSON.stringify(serializeError(error));
    expect(logged).toContain('duplicate key value violates unique constraint');
    expect(logged).toContain('23505');
    expect(logged).not.toContain('Nguyễn');
    expect(logged).not.toContain('scrypt');
    expect(logged).not.toContain('000.01.01.H46-261122-0001');
  });

  it('leaves other errors to the standard serializer', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { serializeError } = require('../src/logging') as typeof import('../src/logging');
    expect(serializeError(new Error('boom'))).toMatchObject({ type: 'Error', message: 'boom' });
  });
});
