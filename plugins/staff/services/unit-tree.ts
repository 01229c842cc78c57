import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray, preparedRows } from '../../../src';

/**
 * Tree and succession look-ups in SQL. Units store their ancestor path (`/root/.../self/`), so a
 * subtree is one indexed prefix scan, and successions are followed with a recursive query.
 */
export async function descendantIds(
  em: EntityManager,
  unitIds: string[],
  includeSelf = true,
): Promise<string[]> {
  if (!unitIds.length) return [];
  // Not prepared (unlike predecessorIds): a generic plan cannot use the path index for `like`.
  const rows = await em.execute<Array<{ id: string }>>(
    `select d.id from staff_unit u join staff_unit d on d.path like u.path || '%'
      where u.id = any(?::uuid[]) ${includeSelf ? '' : 'and d.id <> u.id'}`,
    [pgArray(unitIds)],
  );
  return [...new Set(rows.map((r) => r.id))];
}

/** The unit's ancestors from the root down, excluding itself. */
export async function ancestorIds(em: EntityManager, unitId: string): Promise<string[]> {
  const rows = await em.execute<Array<{ path: string }>>(`select path from staff_unit where id = ?`, [
    unitId,
  ]);
  if (!rows.length) return [];
  return rows[0].path
    .split('/')
    .filter(Boolean)
    .filter((id) => id !== unitId);
}

/** Units that became these units, transitively (old communes of a new ward, and so on). */
export async function predecessorIds(em: EntityManager, unitIds: string[]): Promise<string[]> {
  if (!unitIds.length) return [];
  // Prepared (a fixed text): every scope resolution asks it.
  const rows = await preparedRows<{ id: string }>(
    em,
    `with recursive back(id) as (
        select s.predecessor_id from staff_unit_succession s where s.successor_id = any(?::uuid[])
        union
        select s.predecessor_id from staff_unit_succession s join back b on s.successor_id = b.id)
      select id from back`,
    [pgArray(unitIds)],
  );
  return rows.map((r) => r.id);
}

/** Units these became, transitively, ending at units still valid (or the last known ones). */
export async function currentSuccessorIds(
  em: EntityManager,
  unitId: string,
): Promise<Array<{ id: string; kind: string }>> {
  return em.execute<Array<{ id: string; kind: string }>>(
    `with recursive fwd(id, kind, depth) as (
        select s.successor_id, s.kind::text, 1 from staff_unit_succession s where s.predecessor_id = ?
        union
        select s.successor_id, case when f.kind = 'FULL' and s.kind = 'FULL' then 'FULL' else 'PARTIAL' end, f.depth + 1
          from staff_unit_succession s join fwd f on s.predecessor_id = f.id where f.depth < 10)
      select f.id, min(f.kind) as kind from fwd f
        where not exists (select 1 from staff_unit_succession s where s.predecessor_id = f.id)
        group by f.id`,
    [unitId],
  );
}
