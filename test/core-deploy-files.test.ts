import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/config';
import { StandardRoles } from '../src/auth/standard-roles';
import { KeycloakTokenVerifier } from '../src/auth/keycloak-verifier';
import { EnvReader } from '../src/config/env-reader';
import { discoverPlugins } from '../src/plugin/discovery';
import { resolvePlugins } from '../src/plugin/registry';
import { corePlugin } from '../src/core.plugin';
import { mintToken } from '../src/auth/dev-realm';

/**
 * docker-compose.yml, the Dockerfile and the Keycloak realm cannot be run here (no Docker), so they
 * are checked for what the platform relies on: services, the environment the API reads, realm roles
 * equal to the platform's standard roles, clients, the audience mapper, demo users, and a signing key
 * whose public half the API is given.
 */
const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

const composeText = read('docker-compose.yml');
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, any>;
  volumes?: Record<string, unknown>;
};
const REALM_FILE = 'deploy/keycloak/chinh-quyen-realm.json';
const realm = JSON.parse(read(REALM_FILE));

const env = (service: string): Record<string, string> => {
  const raw = compose.services[service].environment;
  if (Array.isArray(raw))
    return Object.fromEntries(raw.map((line: string) => line.split(/=(.*)/s).slice(0, 2)));
  return Object.fromEntries(Object.entries(raw ?? {}).map(([k, v]) => [k, String(v)]));
};
const client = (clientId: string) => {
  const found = realm.clients.find((c: any) => c.clientId === clientId);
  if (!found) throw new Error(`realm has no client ${clientId}`);
  return found;
};

/**
 * Environment variable names the core and the plugins mention: quoted UPPER_SNAKE strings in their
 * sources (env.int('PORT', ...), helpers such as readKey(env, config, 'CAMERAS_GRANT_KEY')).
 */
function variablesTheApiReads(): Set<string> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'test' && entry.name !== 'node_modules') walk(rel);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(rel);
    }
  };
  walk('src');
  walk('plugins');
  const names = new Set<string>();
  for (const file of files) {
    for (const m of read(file).matchAll(/['"`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)['"`]/g)) names.add(m[1]);
  }
  return names;
}

/**
 * Variables the API is given that nothing reads: typos. A variable whose family (first word, e.g.
 * CAMERAS_) nothing reads at all belongs to a plugin not in this checkout and is let through.
 */
function unreadVariables(given: string[]): string[] {
  const known = variablesTheApiReads();
  const families = new Set([...known].map((name) => name.split('_')[0]));
  return given.filter((name) => !known.has(name) && families.has(name.split('_')[0]));
}

describe('docker-compose.yml', () => {
  it('runs PostgreSQL 16, Keycloak 26, Mailpit, MinIO, the migrate step, the API and the mail server', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'api',
      'demo-seed',
      'keycloak',
      'mail',
      'mailpit',
      'migrate',
      'minio',
      'minio-bucket',
      'postgres',
    ]);
    expect(compose.services.minio.volumes).toContain('minio-data:/data');
    expect(compose.volumes).toHaveProperty('minio-data');
    expect(env('api')).toMatchObject({ FILES_STORAGE: 's3', FILES_S3_BUCKET: 'platform-files' });
    expect(compose.services.postgres.image).toMatch(/^postgres:16\./);
    expect(compose.services.keycloak.image).toMatch(/^quay\.io\/keycloak\/keycloak:26\./);
    expect(compose.services.mailpit.image).toMatch(/^axllent\/mailpit:v\d/);
    // the migrate step builds the image the API and the demo step run
    expect(compose.services.migrate.build).toMatchObject({ context: '.', dockerfile: 'Dockerfile' });
    expect(compose.services.api.image).toBe(compose.services.migrate.image);
  });

  it('builds the mail server from deploy/mail and gives it the database users the init script creates', () => {
    const mail = compose.services.mail;
    expect(mail.build).toMatchObject({ context: 'deploy/mail' });
    expect(fs.existsSync(path.join(ROOT, 'deploy/mail/Dockerfile'))).toBe(true);
    const init = compose.services.postgres.volumes.find((v: string) => v.includes('postgres-init'));
    expect(init).toBeDefined();
    expect(fs.existsSync(path.join(ROOT, init.split(':')[0]))).toBe(true);
    expect(mail.environment.DOVECOT_DB_PASSWORD).toBe(
      compose.services.postgres.environment.DOVECOT_DB_PASSWORD,
    );
    expect(mail.environment.POSTFIX_DB_PASSWORD).toBe(
      compose.services.postgres.environment.POSTFIX_DB_PASSWORD,
    );
    expect(mail.environment.DB_NAME).toBe(compose.services.postgres.environment.POSTGRES_DB);
    expect(Object.keys(compose.volumes ?? {})).toContain('vmail');
  });

  it('starts Keycloak in dev mode importing the realm file, with a bootstrap admin', () => {
    const keycloak = compose.services.keycloak;
    const command = Array.isArray(keycloak.command)
      ? keycloak.command
      : String(keycloak.command).split(/\s+/);
    expect(command).toEqual(['start-dev', '--import-realm']);
    expect(keycloak.volumes).toContain(`./${REALM_FILE}:/opt/keycloak/data/import/chinh-quyen-realm.json:ro`);
    expect(fs.existsSync(path.join(ROOT, REALM_FILE))).toBe(true);
    expect(env('keycloak')).toMatchObject({
      KC_BOOTSTRAP_ADMIN_USERNAME: expect.any(String),
      KC_BOOTSTRAP_ADMIN_PASSWORD: expect.any(String),
    });
    expect(env('keycloak').KC_HOSTNAME).toMatch(/^https?:\/\//);
  });

  it('gives the API only variables the core or a plugin reads, and a configuration that passes production validation', () => {
    const apiEnv = env('api');
    expect([...variablesTheApiReads()]).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'KEYCLOAK_URL', 'SMTP_URL']),
    ); // the scan works
    expect(unreadVariables(['KEYCLOAK_REALM_PUBKEY', 'DATABASE_URI'])).toEqual([
      'KEYCLOAK_REALM_PUBKEY',
      'DATABASE_URI',
    ]); // and catches typos
    expect(unreadVariables(Object.keys(apiEnv))).toEqual([]);

    expect(apiEnv).toMatchObject({
      NODE_ENV: 'production',
      SMTP_URL: 'smtp://mailpit:1025',
      KEYCLOAK_CLIENT_ID: 'platform-api',
    });
    const config = loadConfig(apiEnv, '/app'); // throws ConfigError listing any problem
    expect(config.env).toBe('production');
    expect(config.port).toBe(4000);
    expect(compose.services.api.ports).toContain(`\${BIND_ADDRESS:-127.0.0.1}:${config.port}:${config.port}`);
  });

  it("passes every plugin's option validation, as start-up runs it", () => {
    const apiEnv = env('api');
    const config = loadConfig(apiEnv, '/app');
    const reader = new EnvReader(apiEnv);
    const plugins = resolvePlugins([corePlugin, ...discoverPlugins()], config.plugins);
    for (const plugin of plugins) plugin.options?.(reader, config);
    expect(reader.problems).toEqual([]);
  });

  it("gives the API the provisioning client's secret from the realm", () => {
    const apiEnv = env('api');
    if (!apiEnv.KEYCLOAK_PROVISIONER_SECRET) return;
    expect(apiEnv.KEYCLOAK_PROVISIONER_CLIENT_ID ?? 'platform-provisioner').toBe('platform-provisioner');
    expect(apiEnv.KEYCLOAK_PROVISIONER_SECRET).toBe(client('platform-provisioner').secret);
    expect(new URL(apiEnv.KEYCLOAK_ADMIN_URL).hostname).toBe('keycloak');
  });

  it('points the API at the compose PostgreSQL with its credentials', () => {
    const db = new URL(env('api').DATABASE_URL);
    const pg = env('postgres');
    expect(db.protocol).toBe('postgres:');
    expect(db.hostname).toBe('postgres');
    expect(decodeURIComponent(db.username)).toBe(pg.POSTGRES_USER);
    expect(decodeURIComponent(db.password)).toBe(pg.POSTGRES_PASSWORD);
    expect(db.pathname).toBe(`/${pg.POSTGRES_DB}`);
    expect(compose.services.migrate.depends_on.postgres).toEqual({ condition: 'service_healthy' });
  });

  it('makes the API accept exactly the tokens this Keycloak issues', () => {
    const apiEnv = env('api');
    // keycloak-connect requires iss = `${KEYCLOAK_URL}/realms/${KEYCLOAK_REALM}`; Keycloak issues
    // `${KC_HOSTNAME}/realms/<realm>` to everyone.
    expect(apiEnv.KEYCLOAK_URL).toBe(env('keycloak').KC_HOSTNAME);
    expect(apiEnv.KEYCLOAK_REALM).toBe(realm.realm);
    // The realm's fixed signing key and the public key the API verifies with are one pair.
    const rsa = realm.components['org.keycloak.keys.KeyProvider'].find((k: any) => k.providerId === 'rsa');
    const publicKey = createPublicKey(
      createPrivateKey({
        key: Buffer.from(rsa.config.privateKey[0], 'base64'),
        format: 'der',
        type: 'pkcs8',
      }),
    )
      .export({ type: 'spki', format: 'der' })
      .toString('base64');
    expect(apiEnv.KEYCLOAK_REALM_PUBLIC_KEY).toBe(publicKey);
    expect(rsa.config).toMatchObject({ algorithm: ['RS256'], active: ['true'], enabled: ['true'] });
    const others = realm.components['org.keycloak.keys.KeyProvider'].filter(
      (k: any) => k !== rsa && /^rsa/.test(k.providerId) && k.providerId !== 'rsa-enc-generated',
    );
    expect(others).toEqual([]); // no other RS256 signing key could take precedence
  });

  it('accepts a token shaped as this realm issues it, verified by keycloak-connect with the compose settings', async () => {
    const apiEnv = env('api');
    const config = loadConfig(apiEnv, '/app');
    const rsa = realm.components['org.keycloak.keys.KeyProvider'].find((k: any) => k.providerId === 'rsa');
    const privateKey = createPrivateKey({
      key: Buffer.from(rsa.config.privateKey[0], 'base64'),
      format: 'der',
      type: 'pkcs8',
    });
    const verifier = new KeycloakTokenVerifier({
      authServerUrl: config.auth.keycloakUrl!,
      realm: config.auth.realm,
      clientId: config.auth.clientId,
      verifyAudience: config.auth.verifyAudience,
      realmPublicKey: config.auth.realmPublicKey!,
    });
    const token = (audience: string) =>
      mintToken({
        key: { privateKey, publicKeyBase64: config.auth.realmPublicKey!, kid: 'rsa-dev-fixed' },
        authServerUrl: env('keycloak').KC_HOSTNAME,
        realm: realm.realm,
        audience,
        username: 'leader',
        roles: ['leader'],
      });
    // what the audience mapper of platform-web puts in `aud`
    const audience = client('platform-web').protocolMappers.find(
      (m: any) => m.protocolMapper === 'oidc-audience-mapper',
    ).config['included.client.audience'];
    await expect(verifier.verify(token(audience))).resolves.toMatchObject({
      preferred_username: 'leader',
      realm_access: { roles: ['leader'] },
    });
    await expect(verifier.verify(token('account'))).rejects.toThrow();
  });

  it('sends the realm mail to Mailpit', () => {
    expect(realm.smtpServer).toMatchObject({ host: 'mailpit', port: '1025' });
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  it('builds with npm ci and npm run build on a Node LTS image (22 or 24) and runs dist/src/main.js in production mode', () => {
    const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThanOrEqual(2); // multi-stage: the runtime carries no build tools
    for (const image of froms) expect(image).toMatch(/^node:(22|24)\.\d+\.\d+-bookworm-slim$/);
    expect(new Set(froms).size).toBe(1);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    // the runtime stage's node_modules come from a production-only install
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK\b[\s\S]*\/readyz/m);
    expect(dockerfile).toMatch(/^RUN npm run build\b/m);
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/src\/main\.js"\]$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    // the path the CMD runs is where `npm run build` puts main.ts
    const build = JSON.parse(read('tsconfig.json')).compilerOptions;
    expect(`${build.outDir}/src/main.js`).toBe('dist/src/main.js');
  });

  it('keeps local state and dependencies out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['node_modules', '.data', 'dist', '.git']) expect(ignored).toContain(entry);
  });
});

describe('Keycloak realm chinh-quyen', () => {
  const realmRoles = () => realm.roles.realm.map((r: any) => r.name).sort();

  it('is the realm the API expects by default', () => {
    expect(realm.realm).toBe('chinh-quyen');
    expect(realm.realm).toBe(loadConfig({}).auth.realm);
    expect(realm.enabled).toBe(true);
  });

  it('has exactly the platform standard roles as realm roles', () => {
    expect(realmRoles()).toEqual(Object.values(StandardRoles).sort());
  });

  it('has a public front-end client using the code flow with PKCE, whose tokens are for platform-api', () => {
    const web = client('platform-web');
    expect(web).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      redirectUris: ['http://localhost:3000/*'],
    });
    expect(web.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(web.defaultClientScopes).toEqual(expect.arrayContaining(['basic', 'roles', 'profile', 'email']));
    const audience = web.protocolMappers.filter((m: any) => m.protocolMapper === 'oidc-audience-mapper');
    expect(audience).toHaveLength(1);
    expect(audience[0].config).toMatchObject({
      'included.client.audience': 'platform-api',
      'access.token.claim': 'true',
    });
  });

  it('has a bearer-only API client named like KEYCLOAK_CLIENT_ID', () => {
    const api = client(loadConfig({}).auth.clientId);
    expect(api).toMatchObject({
      clientId: 'platform-api',
      bearerOnly: true,
      publicClient: false,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
    });
  });

  it('has a confidential provisioning client whose service account may manage users', () => {
    const provisioner = client('platform-provisioner');
    expect(provisioner).toMatchObject({
      publicClient: false,
      serviceAccountsEnabled: true,
      clientAuthenticatorType: 'client-secret',
      standardFlowEnabled: false,
    });
    expect(provisioner.secret).toEqual(expect.any(String));
    const account = realm.users.find((u: any) => u.serviceAccountClientId === 'platform-provisioner');
    expect(account.username).toBe('service-account-platform-provisioner');
    expect([...account.clientRoles['realm-management']].sort()).toEqual([
      'manage-realm',
      'manage-users',
      'query-groups',
      'view-users',
    ]);
  });

  it('has one demo user per role, named after it, password "demo", email verified', () => {
    const people = realm.users.filter((u: any) => !u.serviceAccountClientId);
    expect(people.map((u: any) => u.username).sort()).toEqual(realmRoles());
    for (const user of people) {
      expect(user).toMatchObject({
        enabled: true,
        emailVerified: true,
        email: expect.stringContaining('@'),
        firstName: expect.any(String),
        lastName: expect.any(String),
      });
      expect(user.realmRoles).toContain(user.username);
      expect(user.credentials).toEqual([{ type: 'password', value: 'demo', temporary: false }]);
    }
  });

  it('declares the custom user attributes agencyId, unitId and officialId in the user profile', () => {
    const [provider] = realm.components['org.keycloak.userprofile.UserProfileProvider'];
    expect(provider.providerId).toBe('declarative-user-profile');
    const profile = JSON.parse(provider.config['kc.user.profile.config'][0]);
    const names = profile.attributes.map((a: any) => a.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'username',
        'email',
        'firstName',
        'lastName',
        'agencyId',
        'unitId',
        'officialId',
      ]),
    );
    expect(profile.unmanagedAttributePolicy).toBe('ENABLED');
  });
});
