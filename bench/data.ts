import 'reflect-metadata';
import path from 'node:path';
import type { Client } from 'pg';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/logging';
import { discoverPlugins } from '../src/plugin/discovery';
import { benchDbOptions, recreateDatabase, startBenchPostgres } from './lib/postgres';
import { connect, env, envNumber, fmtInt, fmtMs, ms, tableExists } from './lib/util';
import { GEN, HELPERS, type GenSettings, type Step } from './data/common';
import { loadUnits, REFORM_DATE } from './data/units';
import { staffSteps } from './data/staff';
import { BENCH_PIN, proceduresSteps } from './data/procedures';
import { benchPinHash } from './lib/pin';
import { storeSampleScans } from './data/files';
import { FileService } from '../src/files/files.service';
import { camerasSteps } from './data/cameras';
import { mailSteps } from './data/mail';
import { documentsSteps } from './data/documents';

/**
 * `npm run bench:data`: a province-sized dataset in its own database, deterministically, with bulk SQL.
 *
 *   BENCH_SCALE=1            row counts (0.01 for a smoke run)
 *   BENCH_DATABASE_URL       use this server and database instead of the embedded one
 *   BENCH_DB=bench           database name on the embedded server (.data/bench-postgres, port BENCH_PG_PORT=54339)
 *   BENCH_END_DATE=2026-11-20  last day of the three years of dossiers
 *   BENCH_UNITS_DIR          vn-admin-units-2025 folder (default ../shared/data/vn-admin-units-2025)
 */
/** Plugin functions that recompute trigger-maintained roll-ups from the base tables. */
const ROLLUP_REBUILDS = ['procedures_rebuild_daily_stats'];

export function genSettings(): GenSettings {
  const scale = envNumber('BENCH_SCALE', 1);
  if (!(scale > 0 && scale <= 10)) throw new Error('BENCH_SCALE must be in (0, 10]');
  const n = (base: number, min: number) => Math.max(min, Math.round(base * scale));
  return {
    scale,
    endDate: env('BENCH_END_DATE', '2026-11-20'),
    reformDate: REFORM_DATE,
    counts: {
      officials: n(10_000, 1_000),
      devices: n(2_000, 100),
      mailboxes: n(1_000, 50),
      documents: n(100_000, 500),
      dossiers: n(1_000_000, 2_000),
    },
  };
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const settings = genSettings();
  const dbOptions = benchDbOptions();
  const pg = await startBenchPostgres(dbOptions);
  const timings: Array<{ table: string; rows: number | null; ms: number }> = [];
  const time = async (table: string, fn: () => Promise<number | null | void>) => {
    const t = process.hrtime.bigint();
    const rows = await fn();
    const elapsed = ms(t);
    timings.push({ table, rows: typeof rows === 'number' ? rows : null, ms: elapsed });
    process.stdout.write(
      `  ${table.padEnd(34)} ${(typeof rows === 'number' ? fmtInt(rows) : '').padStart(11)}  ${fmtMs(elapsed).padStart(8)}\n`,
    );
  };
  let client: Client | null = null;
  let extra: Client | null = null;
  try {
    process.stdout.write(`bench:data scale ${settings.scale} -> ${redact(pg.url)}\n`);
    await time('(database)', async () => {
      const u = new URL(pg.url);
      await recreateDatabase(pg.serverUrl, u.pathname.slice(1));
    });
    client = await connect(pg.url);
    await client.query(`create extension if not exists pg_stat_statements`).catch(() => undefined);

    // Migrations (and the platform seeds: the statutory calendar) by booting the real app.
    const base = loadConfig({
      ...process.env,
      DATABASE_URL: pg.url,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      JOBS_RUN_WORKER: 'false',
      NODE_ENV: 'development',
    });
    let app!: Awaited<ReturnType<typeof createApp>>;
    await time('(migrations: the app boots)', async () => {
      app = await createApp({
        config: base,
        plugins: discoverPlugins(),
        logger: createLogger('warn'),
        listen: false,
      });
    });
    let unitsSource = '';
    try {
      await time('(platform seeds)', async () => {
        await app.runSeeds({ demo: false });
      });
      await time('staff_unit (+ successions)', async () => {
        const result = await loadUnits(app, client!, {
          dataDir: path.resolve(env('BENCH_UNITS_DIR', '../shared/data/vn-admin-units-2025')),
          province: env('BENCH_PROVINCE', '22'),
        });
        unitsSource = result.source;
        return Number((await client!.query(`select count(*) from staff_unit`)).rows[0].count);
      });
    } finally {
      await app.close();
    }
    process.stdout.write(`  units: ${unitsSource}\n`);

    await client.query(HELPERS);
    const lanes = [client, await connect(pg.url)];
    extra = lanes[1];
    for (const lane of lanes) await prepareSession(lane);
    const groups: Array<{ plugin: string; table: string; steps: Step[]; phase: number; lane: number }> = [
      { plugin: 'staff', table: 'staff_agency', steps: staffSteps(settings), phase: 1, lane: 1 },
      {
        plugin: 'procedures',
        table: 'procedures_procedure',
        steps: proceduresSteps(
          settings,
          async () => benchPinHash(BENCH_PIN),
          async () => storeSampleScans(FileService.fromConfig(base.files, '').store),
        ),
        phase: 1,
        lane: 1,
      },
      { plugin: 'cameras', table: 'cameras_device', steps: camerasSteps(settings), phase: 2, lane: 2 },
      {
        plugin: 'email-accounts',
        table: 'email_accounts_mailbox',
        steps: mailSteps(settings),
        phase: 2,
        lane: 2,
      },
      {
        plugin: 'documents',
        table: 'documents_document',
        steps: documentsSteps(settings),
        phase: 2,
        lane: 2,
      },
    ];
    // The schedule: phase by phase; within a phase each lane runs its steps in order on its own
    // connection, the lanes at the same time.
    const scheduled: Array<Step & { phase: number; lane: number }> = [];
    for (const group of groups) {
      if (!(await tableExists(client, group.table))) {
        process.stdout.write(`  (${group.plugin}: no ${group.table} table, skipped)\n`);
        continue;
      }
      for (const step of group.steps) {
        if (step.optional && !(await tableExists(client, step.table.split(' ')[0]))) {
          process.stdout.write(`  (${step.table}: no such table, skipped)\n`);
          continue;
        }
        scheduled.push({ ...step, phase: step.phase ?? group.phase, lane: step.lane ?? group.lane });
      }
    }
    for (const phase of [...new Set(scheduled.map((s) => s.phase))].sort()) {
      const inPhase = scheduled.filter((s) => s.phase === phase);
      await Promise.all(
        [1, 2].map(async (lane) => {
          for (const step of inPhase.filter((s) => s.lane === lane))
            await time(step.table, () => step.run(lanes[lane - 1]));
        }),
      );
    }
    await client.query(`set session_replication_role = origin`);
    // Roll-ups that plugins keep with triggers (which a bulk load in replica mode does not fire) are
    // rebuilt with the plugin's own function, when the plugin has one.
    for (const fn of ROLLUP_REBUILDS) {
      const { rows } = await client.query(`select to_regprocedure($1) is not null as ok`, [`${fn}()`]);
      if (rows[0].ok)
        await time(`${fn}()`, async () => {
          await client!.query(`select ${fn}()`);
        });
    }
    await time('(vacuum analyze)', async () => {
      await client!.query(`vacuum (analyze)`);
    });
    await client.query(`drop schema if exists ${GEN} cascade`);
    await client.query(`select pg_stat_statements_reset()`).catch(() => undefined);
    process.stdout.write(`done in ${fmtMs(ms(started))}\n`);
  } finally {
    await extra?.end();
    await client?.end();
    await pg.stop();
  }
}

/** Bulk-load settings: no foreign-key triggers (the data is consistent by construction), big sorts. */
async function prepareSession(c: Client): Promise<void> {
  await c.query(`set session_replication_role = replica`);
  await c.query(`set maintenance_work_mem = '512MB'`);
  await c.query(`set work_mem = '128MB'`);
  await c.query(`set synchronous_commit = off`);
  await c.query(`set max_parallel_maintenance_workers = 1`);
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
