/**
 * A small client for the Keycloak Admin REST API over fetch: only the endpoints provisioning needs.
 * It signs in as a confidential client's service account (client_credentials) and keeps the access
 * token until shortly before it expires. Secrets and tokens never appear in errors or logs.
 */

import { assertOutsideTransaction } from '../../../src';

/** Keycloak's UserRepresentation (the fields we read or write). */
export interface UserRepresentation {
  id?: string;
  username?: string;
  enabled?: boolean;
  emailVerified?: boolean;
  firstName?: string;
  lastName?: string;
  email?: string;
  attributes?: Record<string, string[]>;
  requiredActions?: string[];
  createdTimestamp?: number;
  [other: string]: unknown;
}

/** Keycloak's GroupRepresentation. */
export interface GroupRepresentation {
  id?: string;
  name: string;
  path?: string;
  attributes?: Record<string, string[]>;
  subGroups?: GroupRepresentation[];
  [other: string]: unknown;
}

/** Keycloak's RoleRepresentation. */
export interface RoleRepresentation {
  id: string;
  name: string;
  description?: string;
  composite?: boolean;
  clientRole?: boolean;
  containerId?: string;
  [other: string]: unknown;
}

export interface KeycloakAdminConfig {
  /** Base URL of Keycloak, e.g. https://sso.example.gov.vn (with /auth for old distributions). */
  url: string;
  realm: string;
  clientId: string;
  clientSecret: string;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
}

/**
 * A failed call. `retryable`: Keycloak unreachable, timing out, 5xx or 429, or the token endpoint
 * refusing the provisioner (fixed by configuration, not by the data): the job is retried. Other 4xx
 * answers are permanent for the request that caused them.
 */
export class KeycloakError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    /** Keycloak's own explanation (errorMessage / error), if any. */
    readonly keycloakMessage: string | null = null,
  ) {
    super(message);
    this.name = 'KeycloakError';
  }
}

/** 409 Conflict: the user or group exists already (username, email or group name). */
export class KeycloakConflictError extends KeycloakError {
  constructor(message: string, keycloakMessage: string | null) {
    super(message, 409, false, keycloakMessage);
    this.name = 'KeycloakConflictError';
  }
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export class KeycloakAdminClient {
  private token: CachedToken | null = null;
  private pendingToken: Promise<string> | null = null;
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly config: KeycloakAdminConfig) {
    this.base = config.url.replace(/\/+$/, '');
    this.timeoutMs = config.timeoutMs ?? 10_000;
  }

  get realm(): string {
    return this.config.realm;
  }

  // ---- users ----

  async findUserByUsername(username: string): Promise<UserRepresentation | null> {
    const users = await this.json<UserRepresentation[]>('GET', '/users', {
      query: { username, exact: 'true', briefRepresentation: 'false' },
    });
    return users.find((u) => u.username === username.toLowerCase()) ?? null;
  }

  /** A page of users with full representations (attributes included), ordered by username. */
  listUsers(first: number, max: number): Promise<UserRepresentation[]> {
    return this.json<UserRepresentation[]>('GET', '/users', {
      query: { first: String(first), max: String(max), briefRepresentation: 'false' },
    });
  }

  getUser(id: string): Promise<UserRepresentation | null> {
    return this.json<UserRepresentation | null>('GET', `/users/${enc(id)}`, { notFound: null });
  }

  /** Creates the user and returns its id (read from the Location header). */
  async createUser(user: UserRepresentation): Promise<string> {
    const response = await this.call('POST', '/users', { body: user });
    const id = idFromLocation(response.headers.get('location'));
    if (!id)
      throw new KeycloakError('Keycloak created a user but sent no Location header', response.status, true);
    return id;
  }

  async updateUser(id: string, user: UserRepresentation): Promise<void> {
    await this.call('PUT', `/users/${enc(id)}`, { body: user });
  }

  /** Sends Keycloak's "execute actions" email (e.g. UPDATE_PASSWORD) valid for `lifespan` seconds. */
  async executeActionsEmail(
    id: string,
    actions: string[],
    options: { lifespan?: number; clientId?: string | null; redirectUri?: string | null } = {},
  ): Promise<void> {
    const query: Record<string, string> = {};
    if (options.lifespan) query.lifespan = String(options.lifespan);
    if (options.clientId) query.client_id = options.clientId;
    if (options.redirectUri) query.redirect_uri = options.redirectUri;
    await this.call('PUT', `/users/${enc(id)}/execute-actions-email`, { query, body: actions });
  }

  // ---- groups ----

  /** The top-level group with exactly this name, with its attributes. */
  async findGroupByName(name: string): Promise<GroupRepresentation | null> {
    const groups = await this.json<GroupRepresentation[]>('GET', '/groups', {
      query: { search: name, exact: 'true', briefRepresentation: 'false' },
    });
    return groups.find((g) => g.name === name && (g.path === undefined || g.path === `/${name}`)) ?? null;
  }

  async createGroup(group: GroupRepresentation): Promise<string> {
    const response = await this.call('POST', '/groups', { body: group });
    const id = idFromLocation(response.headers.get('location'));
    if (!id)
      throw new KeycloakError('Keycloak created a group but sent no Location header', response.status, true);
    return id;
  }

  /** The user's groups, with attributes (briefRepresentation=false). */
  userGroups(userId: string): Promise<GroupRepresentation[]> {
    return this.json<GroupRepresentation[]>('GET', `/users/${enc(userId)}/groups`, {
      query: { briefRepresentation: 'false' },
    });
  }

  async joinGroup(userId: string, groupId: string): Promise<void> {
    await this.call('PUT', `/users/${enc(userId)}/groups/${enc(groupId)}`);
  }

  /** Leaves the group; a group that no longer exists counts as left. */
  async leaveGroup(userId: string, groupId: string): Promise<void> {
    await this.call('DELETE', `/users/${enc(userId)}/groups/${enc(groupId)}`, { notFound: null });
  }

  // ---- realm roles ----

  getRealmRole(name: string): Promise<RoleRepresentation | null> {
    return this.json<RoleRepresentation | null>('GET', `/roles/${enc(name)}`, { notFound: null });
  }

  /** Realm roles mapped directly to the user (not the composite expansion). */
  userRealmRoles(userId: string): Promise<RoleRepresentation[]> {
    return this.json<RoleRepresentation[]>('GET', `/users/${enc(userId)}/role-mappings/realm`);
  }

  async addUserRealmRoles(userId: string, roles: RoleRepresentation[]): Promise<void> {
    if (!roles.length) return;
    await this.call('POST', `/users/${enc(userId)}/role-mappings/realm`, {
      body: roles.map(({ id, name }) => ({ id, name })),
    });
  }

  /** Removes these mappings. Never sent empty: Keycloak reads an empty body as "remove them all". */
  async removeUserRealmRoles(userId: string, roles: RoleRepresentation[]): Promise<void> {
    if (!roles.length) return;
    await this.call('DELETE', `/users/${enc(userId)}/role-mappings/realm`, {
      body: roles.map(({ id, name }) => ({ id, name })),
    });
  }

  // ---- plumbing ----

  /**
   * A valid service-account access token (cached until 30 s before expiry). Every admin call asks
   * for one first, so this is where an outside call inside a transaction is refused.
   */
  async accessToken(): Promise<string> {
    assertOutsideTransaction('Keycloak');
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    this.pendingToken ??= this.fetchToken().finally(() => {
      this.pendingToken = null;
    });
    return this.pendingToken;
  }

  /** Forgets the cached token (after a 401). */
  dropToken(): void {
    this.token = null;
  }

  private async fetchToken(): Promise<string> {
    const path = `/realms/${enc(this.config.realm)}/protocol/openid-connect/token`;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
    });
    let response: globalThis.Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw unreachable('POST', path, error);
    }
    const payload = (await readJson(response)) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
      error_description?: string;
    } | null;
    if (!response.ok || !payload?.access_token) {
      const reason = payload?.error_description ?? payload?.error ?? null;
      if (response.status === 400 || response.status === 401) {
        throw new KeycloakError(
          `Keycloak refused the provisioner's credentials (${response.status}${reason ? `: ${reason}` : ''}); check KEYCLOAK_PROVISIONER_CLIENT_ID and KEYCLOAK_PROVISIONER_SECRET`,
          response.status,
          true,
          reason,
        );
      }
      throw new KeycloakError(
        `Keycloak token endpoint answered ${response.status}`,
        response.status,
        true,
        reason,
      );
    }
    const lifetime = Math.max(5, (payload.expires_in ?? 60) - 30);
    this.token = { value: payload.access_token, expiresAt: Date.now() + lifetime * 1000 };
    return payload.access_token;
  }

  private async json<T>(
    method: Method,
    path: string,
    options: { query?: Record<string, string>; body?: unknown; notFound?: null } = {},
  ): Promise<T> {
    const response = await this.call(method, path, options);
    if (response.status === 404 && 'notFound' in options) return null as T;
    return (await readJson(response)) as T;
  }

  /**
   * One admin call. 401 once: the token is fetched again and the call repeated. 404 with
   * `notFound` in options: returned to the caller. Other failures throw a KeycloakError.
   */
  private async call(
    method: Method,
    path: string,
    options: { query?: Record<string, string>; body?: unknown; notFound?: null } = {},
  ): Promise<globalThis.Response> {
    const adminPath = `/admin/realms/${enc(this.config.realm)}${path}`;
    const query =
      options.query && Object.keys(options.query).length ? `?${new URLSearchParams(options.query)}` : '';
    for (let attempt = 1; ; attempt++) {
      const token = await this.accessToken();
      let response: globalThis.Response;
      try {
        response = await fetch(`${this.base}${adminPath}${query}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        throw unreachable(method, adminPath, error);
      }
      if (response.status === 401 && attempt === 1) {
        await response.body?.cancel();
        this.dropToken();
        continue;
      }
      if (response.ok) return response;
      if (response.status === 404 && 'notFound' in options) {
        await response.body?.cancel();
        return response;
      }
      const payload = (await readJson(response)) as {
        errorMessage?: string;
        error?: string;
        error_description?: string;
      } | null;
      const reason = payload?.errorMessage ?? payload?.error_description ?? payload?.error ?? null;
      const message = `Keycloak answered ${response.status} to ${method} ${adminPath}${reason ? `: ${reason}` : ''}`;
      if (response.status === 409) throw new KeycloakConflictError(message, reason);
      const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new KeycloakError(message, response.status, retryable, reason);
    }
  }
}

function enc(value: string): string {
  return encodeURIComponent(value);
}

function idFromLocation(location: string | null): string | null {
  if (!location) return null;
  const last = location.replace(/\/+$/, '').split('/').pop();
  return last ? decodeURIComponent(last) : null;
}

async function readJson(response: globalThis.Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function unreachable(method: string, path: string, error: unknown): KeycloakError {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const reason =
    (error as Error)?.name === 'TimeoutError'
      ? 'timed out'
      : (cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error));
  return new KeycloakError(`Keycloak unreachable (${reason}) on ${method} ${path}`, null, true);
}
