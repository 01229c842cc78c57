/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are untyped JSON */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../src/config/config';
import { DEV_AUTH_SERVER_URL, loadOrCreateDevRealmKey, mintToken } from '../src/auth/dev-realm';
import { benchDbOptions, startBenchPostgres } from './lib/postgres';
import { connect, env, envNumber, fmtMs } from './lib/util';
import { freePort, repoRoot, startTarget, type Target } from './lib/targets';

/**
 * `npm run bench:live-desk`: the two measurements of the live desk (issue #20) on the benchmark
 * database (`npm run bench:data` first), with two API processes as behind a load balancer:
 *
 * 1. **Dashboard**: `dashboard(unitId: <province>)` as a provincial leader, one request at a time
 *    ("alone"), BENCH_DASHBOARD_REQUESTS times after BENCH_DASHBOARD_WARMUP; target p99 < 200 ms.
 *    With BENCH_PARTS including `agency-dashboard`: `dashboard(agencyId: <the agency with the most open
 *    dossiers>)` by a leader whose grant is over that agency alone (created through the API once).
 * 2. **Board across processes**: BENCH_SUBSCRIPTIONS `queueBoardCalls(centreId)` subscriptions open on
 *    process B (BENCH_SOCKETS WebSockets sharing them), while an officer calls tickets through process
 *    A, BENCH_CALLS times; the latency of a delivery is from the moment the call mutation was sent
 *    to the moment a subscriber got the event; every subscriber must get every call. Target: p99 < 1 s.
 *
 * It sets up one queue through the API (a service "Z" at a centre of the province, a queue machine
 * registered as a kiosk, the centre's agency open around the clock so calls do not depend on the
 * hour), so it changes that agency's office hours: run `npm run bench:data` again before comparing
 * `npm run bench` results that depend on that agency's calendar. Appends its table to
 * bench/results/live-desk-<date>.md (BENCH_OUT).
 */
const log = (line: string) => process.stdout.write(`${line}\n`);

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function gql(
  base: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as any;
  if (body.errors?.length) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors[0])}`);
  return body.data;
}

async function main() {
  const root = repoRoot();
  const requests = envNumber('BENCH_DASHBOARD_REQUESTS', 300);
  const warmup = envNumber('BENCH_DASHBOARD_WARMUP', 20);
  const subscriptions = envNumber('BENCH_SUBSCRIPTIONS', 1000);
  const sockets = Math.max(1, Math.min(subscriptions, envNumber('BENCH_SOCKETS', 100)));
  const calls = envNumber('BENCH_CALLS', 50);
  // Which of the two measurements to run (both by default): `dashboard`, `board`.
  const parts = new Set(
    env('BENCH_PARTS', 'dashboard,board')
      .split(',')
      .map((p) => p.trim()),
  );
  const started = new Date();
  const out = env(
    'BENCH_OUT',
    path.join('bench', 'results', `live-desk-${started.toISOString().slice(0, 10)}.md`),
  );

  const pg = await startBenchPostgres(benchDbOptions());
  const db = await connect(pg.url);
  const targets: Target[] = [];
  const clients: WsClient[] = [];
  try {
    const { rows: provinces } = await db.query<{ id: string }>(
      `select id from staff_unit where level = 1 and valid_from is not null order by code limit 1`,
    );
    if (!provinces.length)
      throw new Error('no province in the benchmark database: run npm run bench:data first');
    const provinceId = provinces[0].id;
    const { rows: leaders } = await db.query<{ username: string }>(
      `select o.username from staff_official o join staff_role_assignment ra on ra.official_id = o.id
        where ra.role = 'leader' and ra.unit_id = $1 and o.status = 'ACTIVE' order by o.username limit 1`,
      [provinceId],
    );
    // A one-stop officer of today posted at a desk of an active centre of the province's agencies.
    const { rows: desks } = await db.query<{
      desk_id: string;
      centre_id: string;
      agency_id: string;
      username: string;
    }>(
      `select a.desk_id, d.centre_id, c.agency_id, o.username
         from staff_assignment a join staff_official o on o.id = a.official_id
         join staff_role_assignment ra on ra.official_id = o.id and ra.role = 'one-stop-officer'
         join staff_desk d on d.id = a.desk_id join staff_one_stop_centre c on c.id = d.centre_id
         join staff_agency g on g.id = c.agency_id
        where a.ends_on is null and o.status = 'ACTIVE' and d.active and c.active and g.active
        order by o.username limit 1`,
    );
    if (!leaders.length || !desks.length)
      throw new Error('no provincial leader or posted one-stop officer in the data');
    const desk = desks[0];

    const config = loadConfig({ ...process.env, DATABASE_URL: pg.url });
    const key = loadOrCreateDevRealmKey(config.dataDir);
    const token = (username: string, roles: string[]) =>
      mintToken({
        key,
        authServerUrl: DEV_AUTH_SERVER_URL,
        realm: config.auth.realm,
        audience: config.auth.clientId,
        username,
        roles,
        expiresInSeconds: 4 * 3600,
      });
    const admin = token('bench-admin', ['platform-admin']);
    const leader = token(leaders[0].username, ['leader']);
    const officer = token(desk.username, ['one-stop-officer']);

    // Two API processes on the same database, as behind a load balancer.
    const env0: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development' };
    delete env0.KEYCLOAK_URL;
    delete env0.DATABASE_URL;
    for (const name of ['A', 'B']) {
      const port = await freePort();
      targets.push(
        await startTarget({
          name: 'ours',
          command: process.execPath,
          args: ['dist/src/main.js'],
          cwd: root,
          base: `http://127.0.0.1:${port}`,
          env: {
            ...env0,
            DATABASE_URL: pg.url,
            PORT: String(port),
            HOST: '127.0.0.1',
            SEED_DEMO: 'false',
            LOG_LEVEL: 'warn',
            // Process A runs the job worker, as one process of a deployment does.
            JOBS_RUN_WORKER: name === 'A' ? 'true' : 'false',
            QUEUE_KIOSK_TICKETS_PER_MINUTE: '10000',
          },
          ready: { url: `http://127.0.0.1:${port}/readyz` },
        }),
      );
    }
    const [a, b] = targets;

    // --- 1. the province's dashboard, alone; an agency's (the busiest), by a leader of that agency ---
    const DASHBOARD = `query Dashboard($unitId: ID, $agencyId: ID) { dashboard(unitId: $unitId, agencyId: $agencyId) { day
      queue { waiting longestWaitSeconds served } dossiers { receivedToday resolvedToday overdue waitingAtDesks }
      documents { overdue open receivedToday } devices { offline camerasOffline } mail { mailboxesPending }
      serviceIndex { points } } }`;
    const timeDashboard = async (who: string, variables: Record<string, string>): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < warmup + requests; i++) {
        const t0 = performance.now();
        const data = await gql(a.base, who, DASHBOARD, variables);
        const elapsed = performance.now() - t0;
        if (!data.dashboard?.dossiers) throw new Error('the dashboard answered no dossiers block');
        if (i >= warmup) times.push(elapsed);
      }
      times.sort((x, y) => x - y);
      return times;
    };
    const dashboardTimes = parts.has('dashboard') ? await timeDashboard(leader, { unitId: provinceId }) : [];
    if (parts.has('dashboard'))
      log(
        `dashboard: n ${dashboardTimes.length}, p50 ${fmtMs(percentile(dashboardTimes, 50))}, p99 ${fmtMs(percentile(dashboardTimes, 99))}`,
      );
    let agencyTimes: number[] = [];
    if (parts.has('agency-dashboard')) {
      const { rows: busiest } = await db.query<{ agency_id: string }>(
        `select agency_id from procedures_dossier where received_at is not null and finished_at is null
          group by agency_id order by count(*) desc limit 1`,
      );
      // A leader whose grant is over that agency alone, created by the first run and reused.
      const { rows: known } = await db.query<{ username: string }>(
        `select o.username from staff_official o join staff_role_assignment ra on ra.official_id = o.id
          where ra.role = 'leader' and ra.agency_id = $1 and o.full_name = 'Bench Agency Leader' limit 1`,
        [busiest[0].agency_id],
      );
      const username = known.length
        ? known[0].username
        : ((
            await gql(
              a.base,
              admin,
              `mutation($input: CreateOfficialInput!) { createOfficial(input: $input) { username } }`,
              {
                input: {
                  fullName: 'Bench Agency Leader',
                  position: 'LEADER',
                  personalEmail: 'bench@example.org',
                  postings: [{ agencyId: busiest[0].agency_id }],
                  roles: [{ role: 'leader', agencyId: busiest[0].agency_id }],
                },
              },
            )
          ).createOfficial.username as string);
      agencyTimes = await timeDashboard(token(username, ['leader']), { agencyId: busiest[0].agency_id });
      log(
        `agency dashboard: n ${agencyTimes.length}, p50 ${fmtMs(percentile(agencyTimes, 50))}, p99 ${fmtMs(percentile(agencyTimes, 99))}`,
      );
    }

    // --- 2. a call reaching the board through the other process -------------------------------
    const latencies: number[] = [];
    let missing = 0;
    let subscribed = 0;
    let errors = 0;
    if (parts.has('board')) {
      await gql(
        a.base,
        admin,
        `mutation($input: SetOfficeHoursInput!) { setOfficeHours(input: $input) { officeHours { agencyId } } }`,
        {
          input: {
            agencyId: desk.agency_id,
            days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
              weekday,
              ranges: [{ start: '00:00', end: '24:00' }],
            })),
          },
        },
      );
      const { rows: fields } = await db.query<{ field: string }>(
        `select field from procedures_procedure where field is not null order by code limit 1`,
      );
      // One service "Z" at the centre, created by the first run and reused by the next ones.
      const { rows: existing } = await db.query<{ id: string }>(
        `select id from queue_service where centre_id = $1 and prefix = 'Z'`,
        [desk.centre_id],
      );
      const serviceId = existing.length
        ? existing[0].id
        : ((
            await gql(
              a.base,
              admin,
              `mutation($input: CreateQueueServiceInput!) { createQueueService(input: $input) { id } }`,
              {
                input: {
                  centreId: desk.centre_id,
                  prefix: 'Z',
                  name: 'Bench',
                  procedureField: fields[0].field,
                  deskIds: [desk.desk_id],
                },
              },
            )
          ).createQueueService.id as string);
      const deviceId = (
        await gql(
          a.base,
          admin,
          `mutation($input: CreateDeviceInput!) { createDevice(input: $input) { id } }`,
          {
            input: {
              assetTag: `BENCH-QUEUE-${Date.now()}`,
              type: 'QUEUE_MACHINE',
              placement: { centreId: desk.centre_id },
            },
          },
        )
      ).createDevice.id as string;
      await gql(
        a.base,
        admin,
        `mutation($input: UpdateDeviceInput!) { updateDevice(input: $input) { id } }`,
        {
          input: { id: deviceId, status: 'IN_SERVICE' },
        },
      );
      const credential = (
        await gql(
          a.base,
          admin,
          `mutation($input: RegisterQueueKioskInput!) { registerQueueKiosk(input: $input) { credential } }`,
          {
            input: { deviceId },
          },
        )
      ).registerQueueKiosk.credential as string;

      // Subscriptions on process B: `subscriptions` of them over `sockets` WebSockets.
      const arrivals = new Map<string, number[]>();
      for (let s = 0; s < sockets; s++) {
        const client = createClient({
          url: `${b.base.replace(/^http/, 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${leader}` },
          retryAttempts: 0,
          lazy: false,
        });
        clients.push(client);
        const share = Math.floor(subscriptions / sockets) + (s < subscriptions % sockets ? 1 : 0);
        for (let k = 0; k < share; k++) {
          subscribed++;
          client.subscribe(
            {
              query: `subscription($centreId: ID!) { queueBoardCalls(centreId: $centreId) { ticketId number } }`,
              variables: { centreId: desk.centre_id },
            },
            {
              next: (event: any) => {
                const id = event.data?.queueBoardCalls?.ticketId;
                if (id) (arrivals.get(id) ?? arrivals.set(id, []).get(id)!).push(performance.now());
              },
              error: () => errors++,
              complete: () => {},
            },
          );
        }
      }
      // Let every subscription reach the server before the first measured call: one call not
      // measured, waited for by every subscriber (up to 60 s); graphql-ws does not acknowledge a subscribe.
      await new Promise((r) => setTimeout(r, 3000));

      for (let i = -1; i < calls; i++) {
        await gql(
          a.base,
          null,
          `mutation($input: IssueQueueTicketInput!) { issueQueueTicket(input: $input) { ticket { id } } }`,
          {
            input: { kioskCredential: credential, serviceId },
          },
        );
        const sent = performance.now();
        const called = await gql(
          a.base,
          officer,
          `mutation($input: CallNextQueueTicketInput!) { callNextQueueTicket(input: $input) { ticket { id } } }`,
          { input: { deskId: desk.desk_id } },
        );
        const ticketId = called.callNextQueueTicket.ticket?.id as string | undefined;
        if (!ticketId) throw new Error('callNextQueueTicket called no ticket');
        const deadline = performance.now() + (i < 0 ? 60_000 : 5000);
        while ((arrivals.get(ticketId)?.length ?? 0) < subscribed && performance.now() < deadline)
          await new Promise((r) => setTimeout(r, 5));
        const got = arrivals.get(ticketId) ?? [];
        if (i < 0) {
          log(`board: ${got.length} of ${subscribed} subscriptions got the first (unmeasured) call`);
          continue;
        }
        missing += subscribed - got.length;
        latencies.push(...got.map((at) => at - sent));
      }
      if (missing) log(`process B's last output:\n${b.output()}`);
    }
    latencies.sort((x, y) => x - y);

    const dashP99 = percentile(dashboardTimes, 99);
    const boardP99 = percentile(latencies, 99);
    const lines = [
      `## Live desk, ${started.toISOString()}`,
      '',
      '| measurement | n | p50 | p99 | max | target | met |',
      '|---|---|---|---|---|---|---|',
      `| province dashboard, alone (process A) | ${dashboardTimes.length} | ${fmtMs(percentile(dashboardTimes, 50))} | ${fmtMs(dashP99)} | ${fmtMs(dashboardTimes.at(-1) ?? NaN)} | p99 < 200 ms | ${dashP99 < 200 ? 'yes' : 'NO'} |`,
      ...(agencyTimes.length
        ? [
            `| the dashboard of the agency with the most open dossiers, alone, by its own leader (process A) | ${agencyTimes.length} | ${fmtMs(percentile(agencyTimes, 50))} | ${fmtMs(percentile(agencyTimes, 99))} | ${fmtMs(agencyTimes.at(-1) ?? NaN)} | p99 < 200 ms | ${percentile(agencyTimes, 99) < 200 ? 'yes' : 'NO'} |`,
          ]
        : []),
      `| call (A) → board subscription (B), ${subscribed} subscriptions on ${sockets} sockets | ${latencies.length} | ${fmtMs(percentile(latencies, 50))} | ${fmtMs(boardP99)} | ${fmtMs(latencies.at(-1) ?? NaN)} | p99 < 1 s, none missing | ${boardP99 < 1000 && missing === 0 ? 'yes' : 'NO'} |`,
      '',
      `Deliveries missing after 5 s: ${missing}; subscription errors: ${errors}.`,
      '',
    ];
    for (const line of lines) log(line);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.appendFileSync(out, `${lines.join('\n')}\n`);
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    for (const target of targets) await target.stop();
    await db.end();
    await pg.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
