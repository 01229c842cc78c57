import { Client } from 'pg';
import fs from 'node:fs';
import { freePort } from './harness/free-port';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from './harness';
import { builtMain, productionEnv, startAppProcess, waitReady, type AppProcess } from './harness/built-app';

/**
 * Three API processes (the built app, production mode) on one empty database, behind Debian's nginx
 * started by this test as a load balancer: they start together, a role revoked through one is
 * refused by the others at once, the rate limits count across them, and a cron job runs once per
 * schedule among them.
 */
jest.setTimeout(420_000);

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => fs.existsSync(file));

async function startNginx(dir: string, upstreams: string[]): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // Worker processes of a root-started nginx run as "nobody": the folder must be theirs to write.
  fs.chmodSync(dir, 0o777);
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream api {
${upstreams.map((u) => `    server ${u};`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://api;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`,
  );
  const child = spawn(NGINX!, ['-p', dir, '-c', conf, '-e', `${dir}/error.log`], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await fetch(`${url}/livez`);
      return { url, child };
    } catch {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`nginx did not start: ${fs.readFileSync(`${dir}/error.log`, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function gql(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{
  data?: any;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
  upstream: string;
}> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: any };
  return { ...body, upstream: response.headers.get('x-upstream') ?? '' };
}

async function ok(baseUrl: string, query: string, variables: Record<string, unknown>, token: string) {
  const result = await gql(baseUrl, query, variables, token);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

// In CI nginx is installed by .ci/run: a missing nginx there must fail, not skip.
(NGINX || process.env.CI ? describe : describe.skip)(
  'three API processes on one database behind nginx',
  () => {
    let db: TestDatabase;
    let dir: string;
    let procs: AppProcess[] = [];
    let nginx: { url: string; child: ChildProcess } | undefined;
    let token: (username: string, roles: string[]) => string;
    let started: number;
    let allReady: number;

    beforeAll(async () => {
      const main = await builtMain();
      db = await createTestDatabase();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-three-'));
      const prod = productionEnv(db.url, path.join(dir, 'data'), {
        LOG_LEVEL: 'debug', // graphile-worker reports each completed job at debug level
        JOBS_POLL_INTERVAL_MS: '200',
        CAMERAS_PROBE_SCHEDULE: '* * * * *',
        PROCEDURES_LOOKUP_PER_IP: '4',
        PROCEDURES_LOOKUP_WINDOW_SECONDS: '600',
        STAFF_SCOPE_CACHE_SECONDS: '600', // a stale cache would survive the whole test
        TRUST_PROXY: 'loopback',
      });
      token = prod.token;
      started = Date.now();
      // All three at once on the empty database: one migrates and seeds, the others wait for the lock.
      procs = [0, 1, 2].map(() => startAppProcess(main, prod.env));
      await Promise.all(procs.map((p) => waitReady(p)));
      allReady = Date.now();
      nginx = await startNginx(
        dir,
        procs.map((p) => new URL(p.baseUrl).host),
      );
    });

    afterAll(async () => {
      nginx?.child.kill('SIGTERM');
      await Promise.all(procs.map((p) => p.stop()));
      await db?.drop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('start together on an empty database: all ready, migrations and seeds applied once', async () => {
      for (const p of procs) expect((await fetch(`${p.baseUrl}/readyz`)).status).toBe(200);
      const migrationLogs = procs.filter((p) => p.lines.some((l) => l.msg === 'migrations applied'));
      expect(migrationLogs).toHaveLength(1);
      const seedLogs = procs.filter((p) => p.lines.some((l) => l.msg === 'seeds applied'));
      expect(seedLogs).toHaveLength(1);
      // Nothing crashed (each is still running) and the balancer reaches all three.
      const upstreams = new Set<string>();
      for (let i = 0; i < 6; i++) upstreams.add((await gql(nginx!.url, '{ __typename }')).upstream);
      expect(upstreams.size).toBe(3);
    });

    it('a role revoked through one process is refused by the others at once', async () => {
      const admin = token('admin', ['platform-admin']);
      const [a, b, c] = procs.map((p) => p.baseUrl);
      const unit = (
        await ok(
          a,
          `mutation($input: CreateUnitInput!) { createAdministrativeUnit(input: $input) { id } }`,
          { input: { code: '99', name: 'Tỉnh Thử Nghiệm', type: 'PROVINCE' } },
          admin,
        )
      ).createAdministrativeUnit.id as string;
      const agency = (
        await ok(
          a,
          `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
          {
            input: {
              unitId: unit,
              name: 'UBND tỉnh Thử Nghiệm',
              kind: 'PEOPLES_COMMITTEE',
              electronicId: '000.00.00.H99',
            },
          },
          admin,
        )
      ).createAgency.id as string;
      const official = (
        await ok(
          a,
          `mutation($input: CreateOfficialInput!) { createOfficial(input: $input) { id } }`,
          {
            input: {
              fullName: 'Trần Thị Kiểm',
              username: 'kiemtoan',
              position: 'OTHER',
              postings: [{ agencyId: agency }],
              roles: [{ role: 'auditor', unitId: unit }],
            },
          },
          admin,
        )
      ).createOfficial.id as string;
      // Production finds officials by the linked Keycloak account only (no username fallback);
      // provisioning links it, and no Keycloak runs here, so link it as provisioning would.
      const link = new Client({ connectionString: db.url });
      await link.connect();
      await link.query(`update staff_official set keycloak_user_id = $1 where id = $2`, [
        'kc-kiemtoan',
        official,
      ]);
      await link.end();
      const auditor = token('kiemtoan', ['auditor']);
      const TRAIL = `{ auditTrail(first: 50) { nodes { action unitId } } }`;
      // B and C cache the auditor's scope (cache time 10 minutes) ...
      for (const url of [b, c]) {
        const trail = await ok(url, TRAIL, {}, auditor);
        expect(trail.auditTrail.nodes.length).toBeGreaterThan(0);
      }
      // ... the role is revoked through A ...
      const [assignment] = (
        await ok(
          a,
          `query($id: ID!) { official(id: $id) { roleAssignments { id role } } }`,
          { id: official },
          admin,
        )
      ).official.roleAssignments as Array<{ id: string }>;
      await ok(
        a,
        `mutation($input: RevokeRoleInput!) { revokeRole(input: $input) { deletedId } }`,
        { input: { roleAssignmentId: assignment.id } },
        admin,
      );
      // ... and B and C refuse it at once (a notification is delivered within milliseconds).
      await new Promise((r) => setTimeout(r, 200));
      for (const url of [b, c]) {
        const trail = await gql(url, TRAIL, {}, auditor);
        expect(trail.data?.auditTrail?.nodes ?? []).toEqual([]);
      }
    });

    it('rate limits hold across the processes', async () => {
      const codes: Array<string | undefined> = [];
      const upstreams = new Set<string>();
      for (let i = 0; i < 7; i++) {
        const result = await gql(
          nginx!.url,
          `query($input: LookupDossierInput!) { lookupDossier(input: $input) { code } }`,
          { input: { code: `000.01.01.H99-991231-00${10 + i}`, secret: '000000' } },
        );
        codes.push(result.errors?.[0]?.extensions?.code);
        upstreams.add(result.upstream);
      }
      expect(upstreams.size).toBe(3);
      expect(codes).toEqual([
        'NOT_FOUND',
        'NOT_FOUND',
        'NOT_FOUND',
        'NOT_FOUND',
        'TOO_MANY_REQUESTS',
        'TOO_MANY_REQUESTS',
        'TOO_MANY_REQUESTS',
      ]);
    });

    it('runs a cron job once per schedule among the three', async () => {
      // The camera probe is scheduled every minute: wait until two minute marks have passed since start.
      const firstMark = Math.ceil(started / 60_000) * 60_000;
      await new Promise((r) => setTimeout(r, Math.max(0, firstMark + 60_000 + 8_000 - Date.now())));
      const now = Date.now() - 5_000; // a run at a mark is done within seconds
      const marks = (from: number) => {
        let count = 0;
        for (let mark = Math.ceil(from / 60_000) * 60_000; mark <= now; mark += 60_000) count++;
        return count;
      };
      const runs = procs.flatMap((p) =>
        p.lines.filter(
          (l) => typeof l.msg === 'string' && /^Completed task \d+ \(cameras\.probe,/.test(l.msg),
        ),
      );
      // Once per minute mark: every mark after all three were ready, at most every mark since start
      // (a mark during start-up may find one process up). Once per process would be three per mark.
      expect(runs.length).toBeGreaterThanOrEqual(marks(allReady));
      expect(runs.length).toBeLessThanOrEqual(marks(started));
      expect(marks(allReady)).toBeGreaterThanOrEqual(1);
    });
  },
);
