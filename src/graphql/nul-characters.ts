import { BadInputError } from '../errors';

/** The path of the first string holding a NUL character, e.g. `input.postings.0.note`, or null. */
function nulPath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 20 || value === null || typeof value !== 'object' || value instanceof Date) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = nulPath(inner, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * PostgreSQL text cannot hold a NUL character: a string argument carrying one would fail deep in the
 * database driver (a protocol error, answered as INTERNAL_SERVER_ERROR). Refused up front instead.
 */
export function rejectNulCharacters(args: Record<string, unknown>): void {
  const field = nulPath(args, '');
  if (field)
    throw new BadInputError(
      {
        vi: `${field} chứa ký tự NUL, không thể lưu`,
        en: `${field} contains a NUL character, which cannot be stored`,
      },
      { field },
    );
}
