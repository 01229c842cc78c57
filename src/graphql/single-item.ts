import { NotFoundError } from '../errors';

/**
 * A single-item query answers null when the record does not exist or is not visible
 * (docs/api-style.md, "Nullability"): one miss must not wipe the other fields of a combined query.
 * Services keep raising NOT_FOUND, which mutations need; the query resolver turns it into null.
 */
export async function nullIfNotFound<T>(lookup: Promise<T> | (() => Promise<T>)): Promise<T | null> {
  try {
    return await (typeof lookup === 'function' ? lookup() : lookup);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}
