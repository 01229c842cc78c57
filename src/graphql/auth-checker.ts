import type { AuthChecker } from 'type-graphql';
import type { RequestContext } from '../context';
import { ForbiddenError, UnauthenticatedError } from '../errors';

/**
 * `@Authorized()` requires a signed-in user; `@Authorized('a.b', 'c.d')` requires every listed
 * permission. Unit scope is checked by services, where the data's unit is known.
 */
export const authChecker: AuthChecker<RequestContext> = ({ context }, permissions) => {
  if (context.isSystem) return true;
  if (!context.user) throw new UnauthenticatedError();
  const missing = permissions.filter((perm) => !context.user!.permissions.has(perm));
  if (missing.length)
    throw new ForbiddenError({
      vi: `Thiếu quyền ${missing.join(', ')}`,
      en: `Missing permission ${missing.join(', ')}`,
    });
  return true;
};
