import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { initOrm } from '../src/db/orm';
import { preparedRows } from '../src/db/sql';
import { entityColumns, readEntitiesWhere } from '../src/db/read-entities';
import { findManaged } from '../src/db/managed-rows';
import { discoverPlugins } from '../src/plugin/discovery';
import { corePlugin } from '../src/core.plugin';
import { Dossier } from '../plugins/procedures/entities/dossier.entity';
import { DossierStep } from '../plugins/procedures/entities/dossier-step.entity';
import { benchDbOptions, startBenchPostgres } from './lib/postgres';

/**
 * `node dist/bench/orm-micro.js`: what one load or write costs through MikroORM's query builder and
 * through the prepared paths (`findManaged`, `readEntitiesWhere`, `preparedRows`), on the benchmark
 * database (`npm run bench:data`), one connection, in process: CPU per call after a warm-up. Why a
 * dossier transition or an intake costs what it does, and what a change to their loads saves.
 */
async function main(): Promise<void> {
  const pg = await startBenchPostgres(benchDbOptions());
  const orm = await initOrm({
    clientUrl: pg.url,
    entities: [corePlugin, ...discoverPlugins()].flatMap((p) => p.entities?.() ?? []),
    migrations: [],
    poolMax: 1,
  });
  try {
    const fork = () => orm.em.fork() as EntityManager;
    const ids = (
      await preparedRows<{ id: string }>(
        fork(),
        `select id from procedures_dossier where status = 4 order by id limit 200`,
        [],
      )
    ).map((r) => r.id);
    if (!ids.length)
      throw new Error('the benchmark database has no dossiers: run `npm run bench:data` first');
    const dossierById = `select ${entityColumns(fork(), Dossier, 'd')} from procedures_dossier d where d.id = ?`;
    const openHold =
      'where s.dossier_id = ? and s.handover and s.finished_at is null order by s.seq desc limit 1';

    const cpuMs = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const rows: string[] = [];
    const time = async (label: string, n: number, work: (id: string) => Promise<unknown>) => {
      for (let i = 0; i < 200; i++) await work(ids[i % ids.length]);
      const start = cpuMs();
      for (let i = 0; i < n; i++) await work(ids[i % ids.length]);
      rows.push(`| ${label} | ${((cpuMs() - start) / n).toFixed(3)} ms |`);
    };

    await time('`em.execute(select 1)` (knex raw)', 2000, () => fork().execute('select 1'));
    await time('`preparedRows(select 1)`', 2000, () => preparedRows(fork(), 'select 1', []));
    await time('dossier: `em.findOne(Dossier, { id })`', 2000, (id) => fork().findOne(Dossier, { id }));
    await time('dossier: `findManaged` (prepared, managed by `em.map`)', 2000, (id) =>
      findManaged(fork(), Dossier, 'd', 'where d.id = ?', [id]),
    );
    await time('dossier: `readEntitiesWhere` (prepared, read-only)', 2000, (id) =>
      readEntitiesWhere(fork(), Dossier, 'd', 'where d.id = ?', [id]),
    );
    await time('dossier: `preparedRows` (rows only)', 2000, (id) => preparedRows(fork(), dossierById, [id]));
    await time('open hold: `em.findOne(DossierStep, …)`', 2000, (id) =>
      fork().findOne(
        DossierStep,
        { dossier: id, handover: true, finishedAt: null },
        { orderBy: { seq: 'desc' } },
      ),
    );
    await time('open hold: `findManaged`', 2000, (id) =>
      findManaged(fork(), DossierStep, 's', openHold, [id]),
    );
    // A statement of fixed text with values (the one every change publishes): quoted into a new text
    // and planned on every call (`em.execute`) against prepared once per connection (`preparedRows`).
    // The same choice for the intake's agency and counter and the scope's roles (src/db/sql.ts).
    const notify = 'select pg_notify(?, ?)';
    let n = 0;
    await time('`pg_notify(?, ?)`: `em.execute`', 2000, () =>
      fork().execute(notify, ['bench_micro', `{"i":${n++}}`]),
    );
    await time('`pg_notify(?, ?)`: `preparedRows`', 2000, () =>
      preparedRows(fork(), notify, ['bench_micro', `{"i":${n++}}`]),
    );
    // A change flushed in a transaction that is rolled back: the data stays as generated.
    const rolledBack = (work: (em: EntityManager) => Promise<unknown>) =>
      fork()
        .transactional(async (em) => {
          await work(em as EntityManager);
          throw new RolledBack();
        })
        .catch((error: unknown) => {
          if (!(error instanceof RolledBack)) throw error;
        });
    await time('transaction: load, change, flush (`em.findOne`)', 1000, (id) =>
      rolledBack(async (em) => {
        const dossier = (await em.findOne(Dossier, { id }))!;
        dossier.transferPending = !dossier.transferPending;
        await em.flush();
      }),
    );
    await time('transaction: load, change, flush (`findManaged`)', 1000, (id) =>
      rolledBack(async (em) => {
        const [dossier] = await findManaged(em, Dossier, 'd', 'where d.id = ?', [id]);
        dossier.transferPending = !dossier.transferPending;
        await em.flush();
      }),
    );
    // Where a write's CPU goes: the transaction around it, and one update of the dossier through the
    // unit of work, through the ORM's statement API (no change set) and as a prepared statement. The
    // load is the same `findManaged` in each, so the differences are the write's.
    const knex = orm.em.getConnection().getKnex();
    await time('empty transaction: `em.transactional`', 2000, () => fork().transactional(async () => {}));
    await time('empty transaction: knex `transaction`', 2000, () => knex.transaction(async () => {}));
    await time('empty transaction: `BEGIN`, `COMMIT` on a pooled connection', 2000, async () => {
      const client = knex.client as unknown as {
        acquireConnection(): Promise<{ query(sql: string): Promise<unknown> }>;
        releaseConnection(connection: unknown): Promise<unknown>;
      };
      const connection = await client.acquireConnection();
      try {
        await connection.query('BEGIN');
        await connection.query('COMMIT');
      } finally {
        await client.releaseConnection(connection);
      }
    });
    await time('transaction: load (`findManaged`), no write', 1000, (id) =>
      rolledBack((em) => findManaged(em, Dossier, 'd', 'where d.id = ?', [id])),
    );
    await time('transaction: load, update by the ORM statement API (`em.nativeUpdate`)', 1000, (id) =>
      rolledBack(async (em) => {
        const [dossier] = await findManaged(em, Dossier, 'd', 'where d.id = ?', [id]);
        await em.nativeUpdate(
          Dossier,
          { id, version: dossier.version },
          { transferPending: !dossier.transferPending },
        );
      }),
    );
    await time('transaction: load, update by a prepared statement', 1000, (id) =>
      rolledBack(async (em) => {
        const [dossier] = await findManaged(em, Dossier, 'd', 'where d.id = ?', [id]);
        await preparedRows(
          em,
          'update procedures_dossier set transfer_pending = ?, version = version + 1 where id = ? and version = ?',
          [!dossier.transferPending, id, dossier.version],
        );
      }),
    );
    process.stdout.write(`| operation | CPU per call |\n| --- | ---: |\n${rows.join('\n')}\n`);
  } finally {
    await orm.close(true);
    await pg.stop();
  }
}

class RolledBack extends Error {}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
