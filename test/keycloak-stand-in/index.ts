/**
 * A STAND-IN for Keycloak's Admin REST API, for tests: an in-process HTTP server (express) that
 * implements only the endpoints the platform's provisioning uses, with Keycloak's JSON
 * representations (UserRepresentation, GroupRepresentation, RoleRepresentation, the token
 * response) and its status codes and error bodies. It is not Keycloak: no persistence, no user
 * profile validation, no fine-grained admin permissions, opaque (non-JWT) access tokens. The real
 * Keycloak runs in docker-compose with the realm file under deploy/keycloak/.
 *
 * Endpoints (all under the configured realm):
 *   POST   /realms/{realm}/protocol/openid-connect/token         client_credentials only
 *   GET    /admin/realms/{realm}/users?username=&exact=&first=&max=&briefRepresentation=
 *   POST   /admin/realms/{realm}/users                          201 + Location
 *   GET    /admin/realms/{realm}/users/{id}
 *   PUT    /admin/realms/{realm}/users/{id}
 *   GET    /admin/realms/{realm}/users/{id}/groups?briefRepresentation=
 *   PUT    /admin/realms/{realm}/users/{id}/groups/{groupId}
 *   DELETE /admin/realms/{realm}/users/{id}/groups/{groupId}
 *   GET    /admin/realms/{realm}/users/{id}/role-mappings/realm
 *   POST   /admin/realms/{realm}/users/{id}/role-mappings/realm
 *   DELETE /admin/realms/{realm}/users/{id}/role-mappings/realm
 *   PUT    /admin/realms/{realm}/users/{id}/execute-actions-email?lifespan=&client_id=&redirect_uri=
 *   GET    /admin/realms/{realm}/groups?search=&exact=&briefRepresentation=
 *   POST   /admin/realms/{realm}/groups                          201 + Location
 *   GET    /admin/realms/{realm}/roles/{name}
 *
 * Switches: stop() really closes the listener (clients get ECONNREFUSED) and start() reopens it on
 * the same port; failNext() answers the next admin requests with an error status; revokeTokens()
 * forgets issued tokens. State is inspectable (user(), groupsOf(), realmRolesOf(), actionEmails,
 * requests) and changeable behind the platform's back (updateUser(), joinGroup(), grantRealmRole()).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';

export interface KeycloakStandInOptions {
  realm?: string;
  clientId?: string;
  clientSecret?: string;
  /** Realm roles that exist besides Keycloak's defaults (default: the platform's standard roles). */
  roles?: string[];
  /** Seconds an access token lives (expires_in). Default 300. */
  tokenLifespanSeconds?: number;
  /** Keycloak's realm setting; false (Keycloak's default) refuses two users with one email. */
  duplicateEmailsAllowed?: boolean;
  /** Client ids known to the realm (execute-actions-email's client_id). */
  clients?: string[];
}

/** What the stand-in keeps of a user (Keycloak's UserModel, reduced). */
export interface StandInUser {
  id: string;
  createdTimestamp: number;
  username: string;
  enabled: boolean;
  emailVerified: boolean;
  firstName?: string;
  lastName?: string;
  email?: string;
  attributes: Record<string, string[]>;
  requiredActions: string[];
  groupIds: Set<string>;
  realmRoleIds: Set<string>;
}

export interface StandInGroup {
  id: string;
  name: string;
  path: string;
  attributes: Record<string, string[]>;
}

export interface StandInRole {
  id: string;
  name: string;
  description?: string;
  composite: boolean;
  clientRole: false;
  containerId: string;
}

export interface ActionEmail {
  userId: string;
  username: string;
  email: string;
  actions: string[];
  lifespan: number | null;
  clientId: string | null;
  redirectUri: string | null;
  at: Date;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

/** A user as a test looks at it: the representation plus group names and realm role names. */
export interface InspectedUser {
  id: string;
  username: string;
  enabled: boolean;
  emailVerified: boolean;
  firstName?: string;
  lastName?: string;
  email?: string;
  attributes: Record<string, string[]>;
  requiredActions: string[];
  groups: string[];
  realmRoles: string[];
}

export interface KeycloakStandIn {
  /** Base URL, as KEYCLOAK_ADMIN_URL: http://127.0.0.1:<port> */
  url: string;
  port: number;
  realm: string;
  clientId: string;
  clientSecret: string;
  /** Environment for createTestApp. */
  env: Record<string, string>;
  readonly running: boolean;
  /** Closes the listener and every open connection: clients get "connection refused". */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
  /** The next `count` admin requests are answered with `status` (default 503), as a sick Keycloak would. */
  failNext(count: number, status?: number): void;
  /** Forgets every issued access token (clients must fetch a new one). */
  revokeTokens(): void;
  readonly users: Map<string, StandInUser>;
  readonly groups: Map<string, StandInGroup>;
  readonly roles: Map<string, StandInRole>;
  readonly actionEmails: ActionEmail[];
  readonly requests: LoggedRequest[];
  /** Number of tokens issued so far. */
  readonly tokensIssued: number;
  user(username: string): InspectedUser | null;
  groupsOf(username: string): string[];
  realmRolesOf(username: string): string[];
  group(name: string): StandInGroup | null;
  /** Changes a user directly, as an administrator in Keycloak's console would. */
  updateUser(
    username: string,
    patch: Partial<Pick<StandInUser, 'enabled' | 'email' | 'firstName' | 'lastName' | 'attributes'>>,
  ): void;
  createUser(user: {
    username: string;
    enabled?: boolean;
    email?: string;
    attributes?: Record<string, string[]>;
  }): string;
  joinGroup(username: string, groupName: string): void;
  grantRealmRole(username: string, roleName: string): void;
  createRealmRole(name: string): void;
}

const DEFAULT_ROLES = [
  'platform-admin',
  'leader',
  'one-stop-officer',
  'specialist',
  'records-clerk',
  'it-admin',
  'auditor',
];

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export async function startKeycloakStandIn(options: KeycloakStandInOptions = {}): Promise<KeycloakStandIn> {
  const realm = options.realm ?? 'test-realm';
  const clientId = options.clientId ?? 'platform-provisioner';
  const clientSecret = options.clientSecret ?? `secret-${randomBytes(8).toString('hex')}`;
  const tokenLifespan = options.tokenLifespanSeconds ?? 300;
  const duplicateEmailsAllowed = options.duplicateEmailsAllowed ?? false;
  const knownClients = new Set([
    'account',
    'admin-cli',
    'platform-api',
    clientId,
    ...(options.clients ?? []),
  ]);
  const realmId = randomUUID();

  const users = new Map<string, StandInUser>();
  const groups = new Map<string, StandInGroup>();
  const roles = new Map<string, StandInRole>();
  const tokens = new Map<string, number>();
  const actionEmails: ActionEmail[] = [];
  const requests: LoggedRequest[] = [];
  let tokensIssued = 0;
  let failures = { count: 0, status: 503 };

  const addRole = (name: string, description?: string, composite = false) => {
    if ([...roles.values()].some((r) => r.name === name)) return;
    const role: StandInRole = { id: randomUUID(), name, composite, clientRole: false, containerId: realmId };
    if (description) role.description = description;
    roles.set(role.id, role);
  };
  const defaultRolesName = `default-roles-${realm}`;
  addRole(defaultRolesName, '${role_default-roles}', true);
  addRole('offline_access', '${role_offline-access}');
  addRole('uma_authorization', '${role_uma_authorization}');
  for (const name of options.roles ?? DEFAULT_ROLES) addRole(name);

  const roleByName = (name: string) => [...roles.values()].find((r) => r.name === name) ?? null;
  const userByName = (username: string) =>
    [...users.values()].find((u) => u.username === username.toLowerCase()) ?? null;
  const groupByName = (name: string) => [...groups.values()].find((g) => g.name === name) ?? null;

  // ---- representations (Jackson omits nulls; so do we) ----
  const userRep = (u: StandInUser, brief = false) => {
    const rep: Record<string, unknown> = {
      id: u.id,
      username: u.username,
      ...(u.firstName !== undefined ? { firstName: u.firstName } : {}),
      ...(u.lastName !== undefined ? { lastName: u.lastName } : {}),
      ...(u.email !== undefined ? { email: u.email } : {}),
      emailVerified: u.emailVerified,
      createdTimestamp: u.createdTimestamp,
      enabled: u.enabled,
      totp: false,
      ...(brief
        ? {}
        : {
            ...(Object.keys(u.attributes).length ? { attributes: clone(u.attributes) } : {}),
            disableableCredentialTypes: [],
            requiredActions: [...u.requiredActions],
            notBefore: 0,
          }),
      access: { manageGroupMembership: true, view: true, mapRoles: true, impersonate: false, manage: true },
    };
    return rep;
  };
  const groupRep = (g: StandInGroup, brief = true) => ({
    id: g.id,
    name: g.name,
    path: g.path,
    subGroupCount: 0,
    subGroups: [],
    ...(brief ? {} : { attributes: clone(g.attributes), realmRoles: [], clientRoles: {} }),
    access: { view: true, viewMembers: true, manageMembers: true, manage: true, manageMembership: true },
  });
  const roleRep = (r: StandInRole) => ({ ...r, attributes: {} });

  const error = (res: Response, status: number, body: Record<string, string>) =>
    res.status(status).json(body);
  const notFound = (res: Response, message: string) => error(res, 404, { error: message });
  const bool = (value: unknown, fallback: boolean) =>
    value === undefined ? fallback : String(value) === 'true';
  const normaliseAttributes = (value: unknown): Record<string, string[]> => {
    const result: Record<string, string[]> = {};
    if (!value || typeof value !== 'object') return result;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const list = (Array.isArray(v) ? v : [v])
        .filter((x) => x !== null && x !== undefined && x !== '')
        .map(String);
      if (list.length) result[key] = list;
    }
    return result;
  };
  const emailTaken = (email: string | undefined, exceptId?: string) =>
    !duplicateEmailsAllowed &&
    !!email &&
    [...users.values()].some((u) => u.id !== exceptId && u.email === email);

  // ---- the app ----
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.on('finish', () => requests.push({ method: req.method, path: req.path, status: res.statusCode }));
    next();
  });
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false }));

  app.post('/realms/:realm/protocol/openid-connect/token', (req, res) => {
    if (req.params.realm !== realm) return notFound(res, 'Realm does not exist');
    let id = req.body?.client_id as string | undefined;
    let secret = req.body?.client_secret as string | undefined;
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) [id, secret] = Buffer.from(basic[1], 'base64').toString().split(':').map(decodeURIComponent);
    if (req.body?.grant_type !== 'client_credentials') {
      return error(res, 400, {
        error: 'unsupported_grant_type',
        error_description: 'Unsupported grant_type',
      });
    }
    if (id !== clientId || secret !== clientSecret) {
      return error(res, 401, {
        error: 'unauthorized_client',
        error_description: 'Invalid client or Invalid client credentials',
      });
    }
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, Date.now() + tokenLifespan * 1000);
    tokensIssued++;
    res.set('Cache-Control', 'no-store');
    return res.json({
      access_token: token,
      expires_in: tokenLifespan,
      refresh_expires_in: 0,
      token_type: 'Bearer',
      'not-before-policy': 0,
      scope: 'profile email',
    });
  });

  // Everything under /admin needs a bearer token we issued, for our realm.
  app.use('/admin/realms/:realm', (req: Request, res: Response, next: NextFunction) => {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    const expires = bearer ? tokens.get(bearer[1]) : undefined;
    if (!expires || expires < Date.now()) return error(res, 401, { error: 'HTTP 401 Unauthorized' });
    if (req.params.realm !== realm) return notFound(res, 'Realm not found.');
    if (failures.count > 0) {
      failures.count--;
      return error(res, failures.status, { error: 'unknown_error' });
    }
    return next();
  });

  const base = `/admin/realms/:realm`;
  const withUser =
    (handler: (u: StandInUser, req: Request, res: Response) => unknown) => (req: Request, res: Response) => {
      const u = users.get(String(req.params.id));
      if (!u) return notFound(res, 'User not found');
      return handler(u, req, res);
    };

  app.get(`${base}/users`, (req, res) => {
    const brief = bool(req.query.briefRepresentation, false);
    const exact = bool(req.query.exact, false);
    let list = [...users.values()].sort((a, b) => a.username.localeCompare(b.username));
    if (typeof req.query.username === 'string') {
      const wanted = req.query.username.toLowerCase();
      list = list.filter((u) => (exact ? u.username === wanted : u.username.includes(wanted)));
    }
    if (typeof req.query.email === 'string') {
      const wanted = req.query.email.toLowerCase();
      list = list.filter((u) => (exact ? u.email === wanted : (u.email ?? '').includes(wanted)));
    }
    const first = Math.max(0, Number(req.query.first ?? 0) || 0);
    const max = req.query.max !== undefined ? Number(req.query.max) : 100;
    res.json(list.slice(first, max < 0 ? undefined : first + max).map((u) => userRep(u, brief)));
  });

  app.post(`${base}/users`, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username.trim().toLowerCase() : '';
    if (!username) return error(res, 400, { errorMessage: 'User name is missing' });
    if (userByName(username)) return error(res, 409, { errorMessage: 'User exists with same username' });
    const email = typeof body.email === 'string' && body.email ? body.email.trim().toLowerCase() : undefined;
    if (emailTaken(email)) return error(res, 409, { errorMessage: 'User exists with same email' });
    const u: StandInUser = {
      id: randomUUID(),
      createdTimestamp: Date.now(),
      username,
      enabled: body.enabled === true,
      emailVerified: body.emailVerified === true,
      firstName: typeof body.firstName === 'string' ? body.firstName : undefined,
      lastName: typeof body.lastName === 'string' ? body.lastName : undefined,
      email,
      attributes: normaliseAttributes(body.attributes),
      requiredActions: Array.isArray(body.requiredActions) ? body.requiredActions.map(String) : [],
      groupIds: new Set(),
      // Keycloak gives every new user the realm's default roles.
      realmRoleIds: new Set([roleByName(defaultRolesName)!.id]),
    };
    users.set(u.id, u);
    res
      .status(201)
      .location(`${req.protocol}://${req.get('host')}/admin/realms/${realm}/users/${u.id}`)
      .end();
  });

  app.get(
    `${base}/users/:id`,
    withUser((u, _req, res) => res.json(userRep(u))),
  );

  app.put(
    `${base}/users/:id`,
    withUser((u, req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (typeof body.username === 'string' && body.username.toLowerCase() !== u.username) {
        return error(res, 400, { errorMessage: 'error-user-attribute-read-only', field: 'username' });
      }
      const email =
        typeof body.email === 'string' ? (body.email ? body.email.trim().toLowerCase() : undefined) : u.email;
      if (emailTaken(email, u.id))
        return error(res, 409, { errorMessage: 'User exists with same username or email' });
      if (typeof body.enabled === 'boolean') u.enabled = body.enabled;
      if (typeof body.emailVerified === 'boolean') u.emailVerified = body.emailVerified;
      if ('email' in body) u.email = email;
      if (typeof body.firstName === 'string') u.firstName = body.firstName;
      if (typeof body.lastName === 'string') u.lastName = body.lastName;
      if (body.attributes !== undefined && body.attributes !== null)
        u.attributes = normaliseAttributes(body.attributes);
      if (Array.isArray(body.requiredActions)) u.requiredActions = body.requiredActions.map(String);
      return res.status(204).end();
    }),
  );

  app.get(
    `${base}/users/:id/groups`,
    withUser((u, req, res) => {
      const brief = bool(req.query.briefRepresentation, true);
      res.json(
        [...u.groupIds]
          .map((id) => groups.get(id))
          .filter((g): g is StandInGroup => !!g)
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((g) => groupRep(g, brief)),
      );
    }),
  );

  app.put(
    `${base}/users/:id/groups/:groupId`,
    withUser((u, req, res) => {
      if (!groups.has(String(req.params.groupId))) return notFound(res, 'Group not found');
      u.groupIds.add(String(req.params.groupId));
      return res.status(204).end();
    }),
  );

  app.delete(
    `${base}/users/:id/groups/:groupId`,
    withUser((u, req, res) => {
      if (!groups.has(String(req.params.groupId))) return notFound(res, 'Group not found');
      u.groupIds.delete(String(req.params.groupId));
      return res.status(204).end();
    }),
  );

  app.get(
    `${base}/users/:id/role-mappings/realm`,
    withUser((u, _req, res) => {
      res.json(
        [...u.realmRoleIds]
          .map((id) => roles.get(id))
          .filter((r): r is StandInRole => !!r)
          .map(roleRep),
      );
    }),
  );

  /** Keycloak looks each role up by name and insists the id matches. */
  const rolesFromBody = (body: unknown): StandInRole[] | null => {
    if (!Array.isArray(body)) return null;
    const found: StandInRole[] = [];
    for (const item of body as Array<{ id?: string; name?: string }>) {
      const role = item?.name ? roleByName(item.name) : null;
      if (!role || role.id !== item.id) return null;
      found.push(role);
    }
    return found;
  };

  app.post(
    `${base}/users/:id/role-mappings/realm`,
    withUser((u, req, res) => {
      const list = rolesFromBody(req.body);
      if (!list) return notFound(res, 'Role not found');
      for (const role of list) u.realmRoleIds.add(role.id);
      return res.status(204).end();
    }),
  );

  app.delete(
    `${base}/users/:id/role-mappings/realm`,
    withUser((u, req, res) => {
      // Keycloak deletes every realm role mapping when the body is empty.
      if (req.body === undefined || (Array.isArray(req.body) && req.body.length === 0)) {
        u.realmRoleIds.clear();
        return res.status(204).end();
      }
      const list = rolesFromBody(req.body);
      if (!list) return notFound(res, 'Role not found');
      for (const role of list) u.realmRoleIds.delete(role.id);
      return res.status(204).end();
    }),
  );

  app.put(
    `${base}/users/:id/execute-actions-email`,
    withUser((u, req, res) => {
      if (!u.email) return error(res, 400, { errorMessage: 'User email missing' });
      if (!u.enabled) return error(res, 400, { errorMessage: 'User is disabled' });
      const redirectUri = typeof req.query.redirect_uri === 'string' ? req.query.redirect_uri : null;
      const client = typeof req.query.client_id === 'string' ? req.query.client_id : null;
      if (redirectUri && !client) return error(res, 400, { errorMessage: 'Client id missing' });
      if (client && !knownClients.has(client))
        return error(res, 400, { errorMessage: "Client doesn't exist" });
      const actions = Array.isArray(req.body) ? (req.body as unknown[]).map(String) : [];
      const valid = new Set([
        'UPDATE_PASSWORD',
        'VERIFY_EMAIL',
        'UPDATE_PROFILE',
        'CONFIGURE_TOTP',
        'TERMS_AND_CONDITIONS',
      ]);
      if (actions.some((a) => !valid.has(a)))
        return error(res, 400, { errorMessage: 'Provided invalid required actions' });
      const lifespan = req.query.lifespan !== undefined ? Number(req.query.lifespan) : null;
      actionEmails.push({
        userId: u.id,
        username: u.username,
        email: u.email,
        actions,
        lifespan,
        clientId: client,
        redirectUri,
        at: new Date(),
      });
      return res.status(204).end();
    }),
  );

  app.get(`${base}/groups`, (req, res) => {
    const brief = bool(req.query.briefRepresentation, true);
    const exact = bool(req.query.exact, false);
    let list = [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
    if (typeof req.query.search === 'string') {
      const wanted = req.query.search;
      list = list.filter((g) =>
        exact ? g.name === wanted : g.name.toLowerCase().includes(wanted.toLowerCase()),
      );
    }
    const first = Math.max(0, Number(req.query.first ?? 0) || 0);
    const max = req.query.max !== undefined ? Number(req.query.max) : undefined;
    res.json(
      list
        .slice(first, max === undefined || max < 0 ? undefined : first + max)
        .map((g) => groupRep(g, brief)),
    );
  });

  app.post(`${base}/groups`, (req, res) => {
    const body = (req.body ?? {}) as { name?: unknown; attributes?: unknown };
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name) return error(res, 400, { errorMessage: 'Group name is missing' });
    if (groupByName(name))
      return error(res, 409, { errorMessage: `Top level group named '${name}' already exists.` });
    const g: StandInGroup = {
      id: randomUUID(),
      name,
      path: `/${name}`,
      attributes: normaliseAttributes(body.attributes),
    };
    groups.set(g.id, g);
    res
      .status(201)
      .location(`${req.protocol}://${req.get('host')}/admin/realms/${realm}/groups/${g.id}`)
      .end();
  });

  app.get(`${base}/roles/:name`, (req, res) => {
    const role = roleByName(String(req.params.name));
    if (!role) return notFound(res, 'Could not find role');
    return res.json(roleRep(role));
  });

  // Anything else is not part of the stand-in: answer as Keycloak answers unknown paths.
  app.use((_req, res) => notFound(res, 'HTTP 404 Not Found'));

  // ---- the listener, stoppable ----
  let server: http.Server | null = null;
  const sockets = new Set<Socket>();
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = http.createServer(app);
      s.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const stop = async () => {
    const s = server;
    server = null;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    });
    // Let clients notice their pooled connections are gone: from now on they get ECONNREFUSED.
    await new Promise((resolve) => setTimeout(resolve, 20));
  };
  await listen();

  const inspect = (u: StandInUser): InspectedUser => ({
    id: u.id,
    username: u.username,
    enabled: u.enabled,
    emailVerified: u.emailVerified,
    firstName: u.firstName,
    lastName: u.lastName,
    email: u.email,
    attributes: clone(u.attributes),
    requiredActions: [...u.requiredActions],
    groups: [...u.groupIds]
      .map((id) => groups.get(id)?.name)
      .filter((n): n is string => !!n)
      .sort(),
    realmRoles: [...u.realmRoleIds]
      .map((id) => roles.get(id)?.name)
      .filter((n): n is string => !!n)
      .sort(),
  });
  const mustUser = (username: string) => {
    const u = userByName(username);
    if (!u) throw new Error(`stand-in: no user ${username}`);
    return u;
  };

  const standIn: KeycloakStandIn = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    realm,
    clientId,
    clientSecret,
    get env() {
      return {
        KEYCLOAK_ADMIN_URL: `http://127.0.0.1:${port}`,
        KEYCLOAK_ADMIN_REALM: realm,
        KEYCLOAK_PROVISIONER_CLIENT_ID: clientId,
        KEYCLOAK_PROVISIONER_SECRET: clientSecret,
      };
    },
    get running() {
      return server !== null;
    },
    stop,
    async start() {
      if (!server) await listen();
    },
    close: stop,
    failNext(count, status = 503) {
      failures = { count, status };
    },
    revokeTokens() {
      tokens.clear();
    },
    users,
    groups,
    roles,
    actionEmails,
    requests,
    get tokensIssued() {
      return tokensIssued;
    },
    user(username) {
      const u = userByName(username);
      return u ? inspect(u) : null;
    },
    groupsOf: (username) => inspect(mustUser(username)).groups,
    realmRolesOf: (username) => inspect(mustUser(username)).realmRoles,
    group: (name) => groupByName(name),
    updateUser(username, patch) {
      Object.assign(mustUser(username), clone(patch));
    },
    createUser(input) {
      const u: StandInUser = {
        id: randomUUID(),
        createdTimestamp: Date.now(),
        username: input.username.toLowerCase(),
        enabled: input.enabled ?? true,
        emailVerified: false,
        email: input.email?.toLowerCase(),
        attributes: normaliseAttributes(input.attributes),
        requiredActions: [],
        groupIds: new Set(),
        realmRoleIds: new Set([roleByName(defaultRolesName)!.id]),
      };
      users.set(u.id, u);
      return u.id;
    },
    joinGroup(username, groupName) {
      const g = groupByName(groupName);
      if (!g) throw new Error(`stand-in: no group ${groupName}`);
      mustUser(username).groupIds.add(g.id);
    },
    grantRealmRole(username, roleName) {
      const role = roleByName(roleName);
      if (!role) throw new Error(`stand-in: no role ${roleName}`);
      mustUser(username).realmRoleIds.add(role.id);
    },
    createRealmRole(name) {
      addRole(name);
    },
  };
  return standIn;
}
