import type { RequestContext } from '../../../src';

/** The text searched in each table: SQL expressions of this module, never user input. */
const SEARCHED = {
  staff_unit: 'name',
  staff_agency: 'name',
  staff_official: `full_name || ' ' || username || ' ' || coalesce(email, '')`,
} as const;

/**
 * Ids of the rows whose text contains `search`, diacritics and case ignored (core_search_key on both
 * sides). A plain substring: `%`, `_` and `\` in a search are characters, not LIKE patterns.
 */
export async function idsContaining(
  ctx: RequestContext,
  table: keyof typeof SEARCHED,
  search: string,
): Promise<string[]> {
  const rows = await ctx.em.execute<Array<{ id: string }>>(
    `select id from ${table} where strpos(core_search_key(${SEARCHED[table]}), core_search_key(?)) > 0`,
    [search],
  );
  return rows.map((r) => r.id);
}
