import { wrap, type EntityManager } from '@mikro-orm/postgresql';
import { entitySelect } from './read-entities';
import { preparedRows } from './sql';

type EntityClass<T> = new (...args: never[]) => T;

/**
 * `em.find` for a hot write path: the rows of `entitySelect(em, entity, alias, rest)`, sent by
 * `preparedRows` (so `rest` must be fixed text), as entities the unit of work tracks, to change and
 * flush like any it loaded. Each row becomes managed with MikroORM's own `em.map` (the same
 * conversions, snapshot and version as a find); an entity the unit of work already holds initialised
 * comes back as it is there, pending changes kept, as `em.find` would return it.
 *
 * Why: loading a dossier with `em.findOne` costs 1.6 ms of CPU, most of it building the statement
 * through the query builder and knex; this way, 0.65 ms (`node dist/bench/orm-micro.js`,
 * bench/results/2026-12-07.md).
 *
 * Like `em.find`, it first flushes the unit of work when the read could miss a pending change
 * (FlushMode.AUTO: an entity of this kind created, removed or changed and not yet flushed), so a
 * read sees what the request has done.
 */
export async function findManaged<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  alias: string,
  rest: string,
  values: readonly unknown[],
): Promise<T[]> {
  // MikroORM's own check, the one `em.find` makes (it is marked internal; test/core-managed-rows.test.ts
  // guards it).
  await em.tryFlush(entity.name, {});
  const rows = await preparedRows<Record<string, unknown>>(em, entitySelect(em, entity, alias, rest), values);
  const meta = em.getMetadata().get<T>(entity.name);
  const [primaryKey] = meta.primaryKeys;
  const unitOfWork = em.getUnitOfWork();
  return rows.map((row) => {
    const held = unitOfWork.getById<T>(entity.name, row[meta.properties[primaryKey].fieldNames[0]] as never);
    if (held && wrap(held, true).isInitialized()) return held;
    return em.map(entity, row);
  });
}
