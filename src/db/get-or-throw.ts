import type { EntityClass, EntityManager, FilterQuery, FindOneOptions } from '@mikro-orm/core';
import { BadInputError, NotFoundError } from '../errors';
import type { LocalizedText } from '../i18n';

/** The shape of every id the platform hands out. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/**
 * An id a client sent, checked for its shape: a malformed one is BAD_USER_INPUT naming the input
 * `field`. For look-ups that do not go through `getOrThrow` (another plugin's public service).
 */
export function requireId(id: string | null | undefined, field = 'id'): string {
  if (!isUuid(id))
    throw new BadInputError(
      { vi: `${field} không phải là mã định danh hợp lệ`, en: `${field} is not a valid id` },
      { field },
    );
  return id;
}

/**
 * The record with this id, the one way services look a record up by an id a client sent:
 * a malformed id is BAD_USER_INPUT naming the input `field`, a missing record NOT_FOUND naming it
 * as `what`. A record the caller may not see is the caller's to turn into NOT_FOUND (the two are
 * not told apart): check visibility after, and throw `new NotFoundError(what, id)`.
 */
export async function getOrThrow<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  id: string,
  what: LocalizedText,
  options: { field?: string; where?: FilterQuery<T>; find?: FindOneOptions<T> } = {},
): Promise<T> {
  requireId(id, options.field);
  const where = { ...(options.where ?? {}), id } as FilterQuery<T>;
  const found = (await em.findOne(entity, where, options.find)) as T | null;
  if (!found) throw new NotFoundError(what, id);
  return found;
}
