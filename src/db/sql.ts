/**
 * A PostgreSQL array literal for one bind parameter (`= any(?::uuid[])`). Raw queries go through
 * knex, which would expand a JS array into a comma list; a literal keeps it one value of any size.
 */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
