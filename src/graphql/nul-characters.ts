import type { ResolverData } from 'type-graphql';
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

/** Arguments objects already checked (a field with several `@Arg`s is checked once). */
const checked = new WeakSet<object>();

/**
 * PostgreSQL text cannot hold a NUL character: a string argument carrying one would fail deep in the
 * database driver (a protocol error, answered as INTERNAL_SERVER_ERROR). Refused up front instead.
 *
 * type-graphql's argument validation hook (`validateFn`): it runs for fields that take arguments
 * only, after the permission check, before the resolver. (A global middleware did this before, but
 * it wrapped every field of every type, scalars included, in a chain of promises: most of the CPU
 * time of a list.)
 */
export function rejectNulCharacters(_value: unknown, _type: unknown, { args }: ResolverData): void {
  if (!args || checked.has(args)) return;
  checked.add(args);
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
