import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Ids of the official's current postings. "Current" is written once, in the view
 * `staff_current_posting_v` (a posting ends on its `ends_on`, in Vietnam's local date).
 */
export async function currentAssignmentIds(em: EntityManager, officialId: string): Promise<string[]> {
  const rows = await em.execute<Array<{ id: string }>>(
    `select id from staff_current_posting_v where official_id = ?`,
    [officialId],
  );
  return rows.map((r) => r.id);
}
