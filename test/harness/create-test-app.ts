import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, sign } from 'node:crypto';
import { Client } from 'pg';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createApp, App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { generateRealmKey, mintToken } from '../../src/auth/dev-realm';
import { createLogger } from '../../src/logging';
import type { PluginDefinition } from '../../src/plugin/plugin';

/** Issuer of test tokens: a test realm whose key only this test file holds. */
export const TEST_AUTH_SERVER_URL = 'http://keycloak.test';
export const TEST_REALM = 'test-realm';
export const TEST_CLIENT_ID = 'platform-api';

export interface TokenOptions {
  username: string;
  roles?: string[];
  subject?: string;
  name?: string;
  email?: string;
  expiresInSeconds?: number;
  claims?: Record<string, unknown>;
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: Array<{
    message: string;
    path?: string[];
    extensions?: { code?: string; [key: string]: unknown };
  }>;
  headers: Headers;
}

/**
 * A GraphQL operation as the harness sends it: a typed document of test/graphql (variables and answer
 * typed from the schema) or a string. Lets a test's own wrapper of query()/request() take either:
 * `const q = <T, V extends Variables>(op: Operation<T, V>, variables: V) => t.query(op, variables, …)`.
 */
export type Variables = Record<string, unknown>;
export type Operation<T = Record<string, any>, V extends Variables = Variables> =
  TypedDocumentNode<T, V> | string;

export interface TestApp {
  app: App;
  url: string;
  baseUrl: string;
  /** A real RS256 token of the test realm, verified by the production keycloak-connect code. */
  token(options: TokenOptions | string, roles?: string[]): string;
  /**
   * Signs any header and payload with the test realm's key (RS256 over `header.payload`), for forged
   * tokens whose claims or header the realm would never issue.
   */
  signRaw(header: object, payload: object): string;
  /**
   * POSTs a GraphQL operation, as a client would: a typed document of test/graphql (its variables
   * and answer typed from the schema), or a string.
   */
  request<T, V extends Record<string, unknown>>(
    document: TypedDocumentNode<T, V>,
    variables: V,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  request<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  request<T, V extends Variables>(
    operation: Operation<T, V>,
    variables?: V,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  /** Like request(), but fails the test on any GraphQL error and returns `data`. */
  query<T, V extends Record<string, unknown>>(
    document: TypedDocumentNode<T, V>,
    variables: V,
    options?: { token?: string },
  ): Promise<T>;
  query<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string },
  ): Promise<T>;
  query<T, V extends Variables>(
    operation: Operation<T, V>,
    variables?: V,
    options?: { token?: string },
  ): Promise<T>;
  /** Runs every due job until the queue is idle. */
  runJobs(): Promise<void>;
  /** Raw SQL on the test database, for assertions and arranging edge cases. */
  sql<R = Record<string, any>>(text: string, params?: unknown[]): Promise<R[]>;
  databaseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export interface CreateTestAppOptions {
  plugins: PluginDefinition[];
  /** Extra environment, e.g. plugin options or SMTP_URL. */
  env?: Record<string, string>;
  /** Poll for jobs in the background (default false: call runJobs()). */
  runWorker?: boolean;
  /**
   * Boot on this existing database (from createTestDatabase()) instead of a fresh one; close() then
   * leaves it in place. Lets a test restart the app on the same data (migrations re-run, a plugin
   * disabled).
   */
  databaseUrl?: string;
  /** Receives every log line (JSON) instead of stdout, for tests that inspect what is logged. */
  logDestination?: { write(line: string): void };
}

function testServerUrl(): string {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl)
    throw new Error('TEST_DATABASE_URL is not set: run tests through jest (global setup starts PostgreSQL)');
  return serverUrl;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test PostgreSQL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => onServer(serverUrl, `drop database if exists "${name}" with (force)`),
  };
}

/**
 * Boots the real app with the given plugins (and core) on a fresh database created on the test
 * PostgreSQL, through real migrations, listening on a free port. If start-up fails, the database
 * and data folder are removed before the error is rethrown.
 */
export async function createTestApp(options: CreateTestAppOptions): Promise<TestApp> {
  const ownDatabase = options.databaseUrl ? null : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? ownDatabase!.url;

  const key = generateRealmKey();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-test-data-'));
  const discard = async () => {
    await ownDatabase?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JOBS_RUN_WORKER: options.runWorker ? 'true' : 'false',
    JOBS_POLL_INTERVAL_MS: '100',
    KEYCLOAK_URL: TEST_AUTH_SERVER_URL,
    KEYCLOAK_REALM: TEST_REALM,
    KEYCLOAK_CLIENT_ID: TEST_CLIENT_ID,
    KEYCLOAK_REALM_PUBLIC_KEY: key.publicKeyBase64,
    ...options.env,
  });
  const logger = createLogger(config.logLevel, options.logDestination);
  let app: App;
  try {
    app = await createApp({ config, plugins: options.plugins, databaseUrl, logger });
  } catch (error) {
    await discard();
    throw error;
  }
  const pool = new Client({ connectionString: databaseUrl });
  // A test may terminate connections on purpose (database unreachable); that must not crash jest.
  pool.on('error', () => {});
  await pool.connect();

  const token = (opts: TokenOptions | string, roles: string[] = []): string => {
    const o = typeof opts === 'string' ? { username: opts, roles } : opts;
    return mintToken({
      key,
      authServerUrl: TEST_AUTH_SERVER_URL,
      realm: TEST_REALM,
      audience: TEST_CLIENT_ID,
      username: o.username,
      subject: o.subject ?? `kc-${o.username}`,
      name: o.name,
      email: o.email,
      roles: o.roles ?? [],
      expiresInSeconds: o.expiresInSeconds,
      claims: o.claims,
    });
  };

  type AnyDocument = string | TypedDocumentNode<unknown, Record<string, unknown>>;
  type RequestOptions = { token?: string; headers?: Record<string, string> };
  const send = async (
    document: AnyDocument,
    variables?: Record<string, unknown>,
    opts: RequestOptions = {},
  ): Promise<GraphQLResponse> => {
    const query = typeof document === 'string' ? document : print(document);
    const response = await fetch(app.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // Assertions read English messages; Vietnamese, the default, is tested in core-error-language.
        'accept-language': 'en',
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...opts.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    // Node answers some refusals (431: headers too large) with an empty body.
    const text = await response.text();
    const body = (text ? JSON.parse(text) : {}) as { data?: any; errors?: any };
    return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
  };
  const request = send as TestApp['request'];
  const query = (async (
    document: AnyDocument,
    variables?: Record<string, unknown>,
    opts?: RequestOptions,
  ) => {
    const result = await send(document, variables, opts);
    if (result.errors?.length) {
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
    }
    return result.data;
  }) as TestApp['query'];

  const signRaw = (header: object, payload: object): string => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode(header)}.${encode(payload)}`;
    return `${input}.${sign('RSA-SHA256', Buffer.from(input), key.privateKey).toString('base64url')}`;
  };

  return {
    app,
    url: app.url,
    baseUrl: app.baseUrl,
    token,
    signRaw,
    request,
    query,
    runJobs: () => app.services.jobs.runUntilIdle(),
    async sql(text, params) {
      const result = await pool.query(text, params as unknown[]);
      return result.rows;
    },
    databaseUrl,
    dataDir,
    async close() {
      await pool.end().catch(() => {});
      await app.close();
      await discard();
    },
  };
}
