import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPublicKey } from 'node:crypto';
import type { Client } from 'pg';
import { loadConfig } from '../src/config/config';
import { DEV_AUTH_SERVER_URL, loadOrCreateDevRealmKey, mintToken } from '../src/auth/dev-realm';
import { benchDbOptions, startBenchPostgres } from './lib/postgres';
import { connect, env, envNumber, fmtInt } from './lib/util';
import { installBenchPg } from './lib/bench-pg';
import { BENCH_SECRET_KEY } from './lib/pin';
import { cpuMs, freePort, repoRoot, sampleRss, startTarget, type Target } from './lib/targets';
import { runLoad, type LoadResult } from './lib/load';
import { SCENARIOS, type Sample, type Scenario, type TargetName } from './scenarios';

/**
 * `npm run bench`: our API, PostGraphile v4 and the raw-SQL floor on the benchmark database, one
 * scenario at a time, each target for a fixed duration with autocannon, every response checked.
 *
 *   BENCH_DURATION=10  BENCH_WARMUP=2  BENCH_CONNECTIONS=10   seconds per scenario and target; connections
 *   BENCH_SCENARIOS=a,b      only these scenarios        BENCH_TARGETS=ours,postgraphile,floor
 *   BENCH_LABEL=before       name of the run in the results file
 *   BENCH_OUT=bench/results/<date>.md   results file (appended: one section per run)
 *   BENCH_STATS_FROM=2025-01-01 BENCH_STATS_TO=2025-12-31   the statistics period (crosses the reform)
 */
interface Row {
  scenario: Scenario;
  target: TargetName;
  result: LoadResult | null;
  na?: string;
  statements: number | null;
  dbMs: number | null;
  rssPeak: number | null;
  /** CPU time of the server process per request (ms). */
  cpuMs: number | null;
}

const ORDER: TargetName[] = ['ours', 'postgraphile', 'floor'];

async function main(): Promise<void> {
  const root = repoRoot();
  process.chdir(root);
  const options = {
    durationS: envNumber('BENCH_DURATION', 10),
    warmupS: envNumber('BENCH_WARMUP', 2),
    connections: envNumber('BENCH_CONNECTIONS', 10),
    scenarios: env('BENCH_SCENARIOS', '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    targets: env('BENCH_TARGETS', ORDER.join(','))
      .split(',')
      .map((s) => s.trim()) as TargetName[],
    label: env('BENCH_LABEL', ''),
    period: { from: env('BENCH_STATS_FROM', '2025-01-01'), to: env('BENCH_STATS_TO', '2025-12-31') },
  };
  const started = new Date();
  const loadAtStart = os.loadavg();
  const out = env('BENCH_OUT', path.join('bench', 'results', `${started.toISOString().slice(0, 10)}.md`));
  let scenarios = SCENARIOS.filter((s) => !options.scenarios.length || options.scenarios.includes(s.name));
  const log = (line: string) => process.stdout.write(`${line}\n`);

  const pg = await startBenchPostgres(benchDbOptions());
  const db = await connect(pg.url);
  const targets = new Map<TargetName, Target>();
  try {
    const dossiers = Number(
      (await db.query(`select count(*) from procedures_dossier`).catch(() => ({ rows: [{ count: 0 }] })))
        .rows[0].count,
    );
    if (!dossiers) throw new Error('the benchmark database has no dossiers: run `npm run bench:data` first');
    await db.query(`create extension if not exists pg_stat_statements`);
    const statsAvailable = await db.query(`select 1 from pg_stat_statements limit 1`).then(
      () => true,
      () => false,
    );
    await installBenchPg(db);
    // Rate-limit windows are not part of the data: rows left by an earlier run, a script or a server
    // on the same database change what the limiter's statement reads (leftover keys once cost the
    // lookup a fifth of its rate: bench/results/2026-12-08.md), so every run starts with none.
    await db.query(`delete from core_rate_limit`);
    await db.query(`vacuum core_rate_limit`);
    ensurePostgraphile(root);

    // Tokens of the development realm, as `npm run token` mints them (our API and PostGraphile both verify them).
    const config = loadConfig({ ...process.env, DATABASE_URL: pg.url });
    const key = loadOrCreateDevRealmKey(config.dataDir);
    const tokens = new Map<string, string>();
    const tokenOf = (user: NonNullable<Sample['user']>) => {
      const id = `${user.username}:${user.roles.join(',')}`;
      if (!tokens.has(id)) {
        tokens.set(
          id,
          mintToken({
            key,
            authServerUrl: DEV_AUTH_SERVER_URL,
            realm: config.auth.realm,
            audience: config.auth.clientId,
            username: user.username,
            roles: user.roles,
            expiresInSeconds: 4 * 3600,
          }),
        );
      }
      return tokens.get(id)!;
    };

    log(`pools: sampling variables from ${fmtInt(dossiers)} dossiers`);
    const pools = new Map<string, Sample[]>();
    for (const scenario of scenarios) {
      const samples = await scenario.pool(db, { size: scenario.write ? 6000 : 2000, period: options.period });
      if (!samples.length) {
        log(`scenario ${scenario.name}: no samples in this database (too small a scale?), skipped`);
        continue;
      }
      pools.set(scenario.name, samples);
    }
    scenarios = scenarios.filter((s) => pools.has(s.name));

    // The three servers, each a child process with a pool of 10 connections.
    const env0: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development' };
    delete env0.KEYCLOAK_URL;
    delete env0.DATABASE_URL;
    if (options.targets.includes('ours')) {
      const port = await freePort();
      targets.set(
        'ours',
        await startTarget({
          name: 'ours',
          command: process.execPath,
          // BENCH_PROFILE=<dir>: a V8 CPU profile of our server, written when it stops.
          args: [
            ...(process.env.BENCH_PROFILE
              ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`]
              : []),
            'dist/src/main.js',
          ],
          cwd: root,
          base: `http://127.0.0.1:${port}`,
          env: {
            ...env0,
            DATABASE_URL: pg.url,
            PORT: String(port),
            HOST: '127.0.0.1',
            SEED_DEMO: 'false',
            LOG_LEVEL: 'warn',
            JOBS_RUN_WORKER: 'false',
            // The PIN hashes of the generated data are keyed with this (bench/lib/pin.ts).
            PROCEDURES_SECRET_KEY: BENCH_SECRET_KEY.toString('base64'),
            PROCEDURES_LOOKUP_PER_IP: '100000',
            PROCEDURES_LOOKUP_PER_CODE: '10000',
            PROCEDURES_LOOKUP_WINDOW_SECONDS: '1',
            PROCEDURES_SUBMIT_PER_IP_PER_HOUR: '100000',
          },
          ready: { url: `http://127.0.0.1:${port}/readyz` },
        }),
      );
    }
    if (options.targets.includes('postgraphile')) {
      const port = await freePort();
      targets.set(
        'postgraphile',
        await startTarget({
          name: 'postgraphile',
          command: process.execPath,
          args: ['bench/postgraphile/server.js', String(port)],
          cwd: root,
          base: `http://127.0.0.1:${port}`,
          env: {
            ...env0,
            DATABASE_URL: pg.url,
            JWT_PUBLIC_KEY_PEM: createPublicKey(key.privateKey)
              .export({ type: 'spki', format: 'pem' })
              .toString(),
            JWT_AUDIENCE: config.auth.clientId,
          },
          ready: {
            url: `http://127.0.0.1:${port}/graphql`,
            init: {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: '{"query":"{__typename}"}',
            },
          },
        }),
      );
    }
    if (options.targets.includes('floor')) {
      const port = await freePort();
      targets.set(
        'floor',
        await startTarget({
          name: 'floor',
          command: process.execPath,
          args: ['dist/bench/floor.js', String(port)],
          cwd: root,
          base: `http://127.0.0.1:${port}`,
          env: { ...env0, DATABASE_URL: pg.url },
          ready: { url: `http://127.0.0.1:${port}/health` },
        }),
      );
    }
    log(`targets: ${[...targets.values()].map((t) => `${t.name} (pid ${t.pid})`).join(', ')}`);

    const specOf = (target: TargetName, scenario: Scenario, step = 0) => {
      const spec = scenario.targets[target]!;
      return spec.steps?.[step] ?? spec;
    };
    const request = (target: TargetName, scenario: Scenario, sample: Sample, step = 0) => {
      const spec = specOf(target, scenario, step);
      const variables = spec.variables ? spec.variables(sample) : sample.vars;
      if (target === 'floor')
        return {
          path: `/${spec.route}`,
          headers: {} as Record<string, string>,
          body: JSON.stringify(variables),
        };
      const user = sample.users?.[step] ?? sample.user;
      const headers: Record<string, string> = user ? { authorization: `Bearer ${tokenOf(user)}` } : {};
      return { path: '/graphql', headers, body: JSON.stringify({ query: spec.query, variables }) };
    };
    const fetchOne = async (target: TargetName, scenario: Scenario, sample: Sample) => {
      const t = targets.get(target)!;
      const r = request(target, scenario, sample);
      const res = await fetch(`${t.base}${r.path}`, {
        method: 'POST',
        headers: { ...r.headers, 'content-type': 'application/json' },
        body: r.body,
      });
      const body = await res.json().catch(() => null);
      return { status: res.status, data: scenario.targets[target]!.extract(body, sample) };
    };

    // Equivalence: the same samples through every target give the same values (reads only).
    const equivalence: string[] = [];
    for (const scenario of scenarios.filter((s) => !s.write && s.compare)) {
      const present = ORDER.filter((t) => targets.has(t) && scenario.targets[t]);
      let verdict = 'equal';
      for (const sample of pools.get(scenario.name)!.slice(0, 3)) {
        const answers = await Promise.all(
          present.map(async (t) => {
            const { status, data } = await fetchOne(t, scenario, sample);
            const problem = status !== 200 ? `HTTP ${status}` : scenario.targets[t]!.check(data, sample);
            return { t, problem, value: problem ? null : JSON.stringify(scenario.compare!(data, t)) };
          }),
        );
        const broken = answers.filter((a) => a.problem);
        if (broken.length) {
          verdict = `FAILED: ${broken.map((b) => `${b.t}: ${b.problem}`).join('; ')}`;
          break;
        }
        const distinct = new Set(answers.map((a) => a.value));
        if (distinct.size > 1) {
          verdict = `DIFFERENT: ${answers.map((a) => `${a.t} ${a.value}`).join(' | ')}`;
          break;
        }
      }
      equivalence.push(`${scenario.name}: ${present.join(' = ')} → ${verdict}`);
      log(`equivalence ${scenario.name}: ${verdict.slice(0, 400)}`);
    }

    // Load.
    const rows: Row[] = [];
    for (const scenario of scenarios) {
      const pool = pools.get(scenario.name)!;
      const present = ORDER.filter((t) => targets.has(t));
      // A pool whose samples change state (transitions) is split between the targets.
      const split = Boolean(scenario.targets.ours.steps);
      // Every target is warmed up before any is measured: the first target measured would otherwise
      // read the scenario's rows from disk and leave them cached for the targets after it.
      const plans = present.flatMap((target) => {
        const spec = scenario.targets[target];
        if (!spec) return [];
        const t = targets.get(target)!;
        const users = present.filter((x) => scenario.targets[x]);
        const samples = split ? pool.filter((_, i) => i % users.length === users.indexOf(target)) : pool;
        const load = (durationS: number) =>
          runLoad({
            url: t.base,
            samples,
            steps: spec.steps?.length ?? 1,
            connections: options.connections,
            durationS,
            build: (s, step) => request(target, scenario, s, step),
            check: (status, body, s, step) => {
              if (status !== 200) return `HTTP ${status}`;
              let json: unknown;
              try {
                json = JSON.parse(body);
              } catch {
                return 'not JSON';
              }
              const stepSpec = specOf(target, scenario, step);
              return stepSpec.check(stepSpec.extract(json, s), s);
            },
          });
        // Requests still in flight when autocannon stops must not count in the next measurement.
        const settle = async () => {
          const deadline = Date.now() + 60_000;
          while (Date.now() < deadline) {
            const before = cpuMs(t.pid);
            await new Promise((r) => setTimeout(r, 250));
            const busy = Number(
              (
                await db.query(`select count(*) from pg_stat_activity
              where datname = current_database() and state <> 'idle' and pid <> pg_backend_pid() and backend_type = 'client backend'`)
              ).rows[0].count,
            );
            const after = cpuMs(t.pid);
            if (!busy && before !== null && after !== null && after - before < 20) return;
          }
        };
        return [{ target, t, samples, load, settle }];
      });
      if (options.warmupS > 0)
        for (const { samples, load, settle } of plans) {
          await scenario.resync?.(db, samples);
          await load(options.warmupS);
          await settle();
        }
      for (const target of present) {
        const plan = plans.find((p) => p.target === target);
        if (!plan) {
          rows.push({
            scenario,
            target,
            result: null,
            na: scenario.postgraphileNa ?? 'n/a',
            statements: null,
            dbMs: null,
            rssPeak: null,
            cpuMs: null,
          });
          continue;
        }
        const { t, samples, load, settle } = plan;
        await scenario.resync?.(db, samples);
        // The writes before (a warm-up, another target) are flushed now, not during this measurement.
        if (scenario.write)
          await db
            .query('checkpoint')
            .catch((error: Error) =>
              log(
                `checkpoint before ${scenario.name} ${target} failed (${error.message}): its writes may flush during it`,
              ),
            );
        if (statsAvailable) await db.query(`select pg_stat_statements_reset()`);
        const stopRss = sampleRss(t.pid);
        const cpuBefore = cpuMs(t.pid);
        const result = await load(options.durationS);
        const rss = stopRss();
        // CPU and statements are read once the server has finished every request sent, and divided by them.
        await settle();
        const cpuAfter = cpuMs(t.pid);
        const cpu =
          cpuBefore !== null && cpuAfter !== null && result.sent
            ? (cpuAfter - cpuBefore) / result.sent
            : null;
        let statements: number | null = null;
        let dbMs: number | null = null;
        if (statsAvailable) {
          const { rows: s } = await db.query<{ calls: string | null; ms: number | null }>(
            `select sum(calls)::text as calls, sum(total_exec_time) as ms from pg_stat_statements s
               where s.dbid = (select oid from pg_database where datname = current_database()) and s.toplevel and s.query not ilike '%pg_stat_statements%'
                 and s.query not ilike '%pg_stat_activity%'`,
          );
          statements = result.sent ? Number(s[0].calls ?? 0) / result.sent : null;
          dbMs = result.sent ? Number(s[0].ms ?? 0) / result.sent : null;
        }
        rows.push({ scenario, target, result, statements, dbMs, rssPeak: rss.peak, cpuMs: cpu });
        log(
          `${scenario.name.padEnd(20)} ${target.padEnd(13)} ${result.rps.toFixed(1).padStart(8)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  ` +
            `${result.failures ? `FAILURES ${result.failures} (${[...result.reasons].map(([k, v]) => `${k}: ${v}`).join('; ')})` : 'all checked ok'}  ` +
            `${statements === null ? '' : `${statements.toFixed(1)} stmt/req  ${dbMs!.toFixed(2)} db ms/req  `}cpu ${cpu?.toFixed(2)} ms/req  rss ${rss.peak?.toFixed(0)} MB`,
        );
      }
    }

    if (rows.some((r) => r.result?.failures)) {
      for (const t of targets.values()) {
        const output = t.output();
        if (output)
          log(
            `--- last output of ${t.name}:\n${output
              .split('\n')
              .slice(-12)
              .map((l) => l.slice(0, 600))
              .join('\n')}`,
          );
      }
    }
    const report = await renderReport({
      rows,
      options,
      started,
      db,
      equivalence,
      command: commandLine(),
      statsAvailable,
      load: [loadAtStart, os.loadavg()],
    });
    process.stdout.write(`\n${report.table}\n`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const header = fs.existsSync(out)
      ? ''
      : `# Benchmark results ${started.toISOString().slice(0, 10)}\n\nSee bench/README.md for what each scenario does and how to read the table. Each run below is appended by \`npm run bench\`.\n\n`;
    fs.appendFileSync(out, `${header}${report.markdown}\n`);
    log(`results appended to ${out}`);
  } finally {
    for (const t of targets.values()) await t.stop();
    await db.end();
    await pg.stop();
  }
}

function ensurePostgraphile(root: string): void {
  if (fs.existsSync(path.join(root, 'bench/postgraphile/node_modules/postgraphile/package.json'))) return;
  process.stdout.write('installing PostGraphile v4 into bench/postgraphile (npm ci)\n');
  execFileSync('npm', ['ci', '--prefix', 'bench/postgraphile', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
}

function commandLine(): string {
  const vars = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_'))
    .map(([k, v]) => `${k}=${v}`);
  return [...vars, 'node', ...process.argv.slice(1).map((a) => path.relative(process.cwd(), a) || a)].join(
    ' ',
  );
}

async function renderReport(input: {
  rows: Row[];
  options: {
    durationS: number;
    warmupS: number;
    connections: number;
    label: string;
    period: { from: string; to: string };
  };
  started: Date;
  db: Client;
  equivalence: string[];
  command: string;
  statsAvailable: boolean;
  /** Load averages (1, 5, 15 min) at the start and at the end of the run. */
  load: number[][];
}): Promise<{ table: string; markdown: string }> {
  const { rows, options } = input;
  const rate = (scenario: string, target: TargetName) =>
    rows.find((r) => r.scenario.name === scenario && r.target === target)?.result?.rps ?? null;
  const ratio = (a: number | null, b: number | null) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
  const fmt = (v: number | null | undefined, digits = 1) =>
    v === null || v === undefined ? '–' : v.toFixed(digits);
  const header = [
    'scenario',
    'target',
    'req/s',
    'p50 ms',
    'p99 ms',
    'checked',
    'failed',
    'SQL stmt/req',
    'DB ms/req',
    'CPU ms/req',
    'RSS MB',
    'vs PostGraphile',
    'vs floor',
  ];
  const body = rows.map((r) => {
    if (!r.result) return [r.scenario.name, r.target, 'n/a', '', '', '', '', '', '', '', '', '', r.na ?? ''];
    const isOurs = r.target === 'ours';
    return [
      r.scenario.name,
      r.target,
      fmt(r.result.rps),
      String(r.result.p50),
      String(r.result.p99),
      fmtInt(r.result.requests),
      String(r.result.failures),
      fmt(r.statements),
      fmt(r.dbMs, 2),
      fmt(r.cpuMs, 2),
      fmt(r.rssPeak, 0),
      isOurs ? ratio(r.result.rps, rate(r.scenario.name, 'postgraphile')) : '',
      isOurs ? ratio(r.result.rps, rate(r.scenario.name, 'floor')) : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  const table = [line(header), ...body.map(line)].join('\n');

  const md = (cells: string[]) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  const version = (await input.db.query<{ server_version: string }>(`show server_version`)).rows[0]
    .server_version;
  const { rows: sizes } = await input.db.query<{ t: string; n: string }>(
    `select relname as t, n_live_tup::text as n from pg_stat_user_tables
      where relname in ('staff_unit','staff_official','procedures_dossier','procedures_dossier_step','cameras_device','email_accounts_mailbox','documents_document') order by relname`,
  );
  const cpu = os.cpus();
  const pgVersion = readVersion('bench/postgraphile/node_modules/postgraphile/package.json');
  const failures = rows
    .filter((r) => r.result?.failures)
    .map(
      (r) =>
        `- ${r.scenario.name} / ${r.target}: ${[...r.result!.reasons].map(([k, v]) => `${k} × ${v}`).join('; ')}`,
    );
  const notes = [...new Set(rows.map((r) => r.scenario.note).filter(Boolean))].map((n) => `- ${n}`);
  const markdown = [
    `## Run ${input.started.toISOString().slice(0, 16).replace('T', ' ')} UTC${options.label ? ` — ${options.label}` : ''}`,
    '',
    `- Command: \`${input.command}\``,
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB memory, ${os.type()} ${os.release()}; ` +
      `load average ${input.load[0].map((l) => l.toFixed(1)).join(' / ')} at the start, ${input.load[1].map((l) => l.toFixed(1)).join(' / ')} at the end (other work on the machine counts)`,
    `- Node ${process.version}, PostgreSQL ${version} (embedded, shared with the load generator), PostGraphile ${pgVersion}, autocannon ${readVersion('node_modules/autocannon/package.json')}`,
    `- Load: ${options.connections} connections, ${options.durationS} s per scenario and target after a ${options.warmupS} s warm-up; statistics period ${options.period.from} … ${options.period.to}`,
    `- Data: ${sizes.map((s) => `${s.t} ${fmtInt(Number(s.n))}`).join(', ')}`,
    '',
    md(header),
    md(header.map((_, i) => (i < 2 ? '---' : '---:'))),
    ...body.map(md),
    '',
    'Equivalence (same samples through every target, compared values):',
    '',
    ...input.equivalence.map((e) => `- ${e}`),
    '',
    ...(failures.length
      ? ['Failures:', '', ...failures, '']
      : ['Every response was checked; none failed.', '']),
    ...(notes.length ? ['Notes:', '', ...notes, ''] : []),
    input.statsAvailable
      ? ''
      : 'pg_stat_statements is not loaded on this server: statement counts are missing.\n',
  ].join('\n');
  return { table, markdown };
}

function readVersion(file: string): string {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  } catch {
    return '?';
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
