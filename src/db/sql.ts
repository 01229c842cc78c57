/**
 * A PostgreSQL array literal for one bind parameter (`= any(?::uuid[])`). Raw queries go through
 * knex, which would expand a JS array into a comma list; a literal keeps it one value of any size.
 */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/**
 * `text` as a literal inside a LIKE/ILIKE pattern: `%`, `_` and the escape character `\` (PostgreSQL's
 * default) match themselves, so a search for "50%" or "a_b" finds exactly that and a search of "%"
 * does not list everything. Every search that builds a pattern from client text goes through this:
 * `like '%' || ? || '%'` with `escapeLike(search)`.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
