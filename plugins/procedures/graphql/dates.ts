/** GraphQL Date values arrive as JS Dates at UTC midnight: back to 'YYYY-MM-DD'. */
export function dateString(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  return value.toISOString().slice(0, 10);
}
