import type { NextFunction, Request, Response } from 'express';
import type { TokenVerifier, VerifiedToken } from './token-verifier';
import type { RoleMap } from './role-map';
import type { AuthUser } from './user';
import type { Logger } from '../logging';

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser | null;
    requestId?: string;
  }
}

export function userFromClaims(
  claims: VerifiedToken,
  roleMap: RoleMap,
  clientId: string,
  usernameFallback = false,
): AuthUser {
  const roles = [...(claims.realm_access?.roles ?? []), ...(claims.resource_access?.[clientId]?.roles ?? [])];
  const unique = [...new Set(roles)];
  const username = claims.preferred_username ?? claims.sub ?? 'unknown';
  return {
    subject: claims.sub ?? `username:${username}`,
    usernameFallback,
    username,
    name: claims.name ?? null,
    email: claims.email ?? null,
    roles: unique,
    permissions: roleMap.permissionsOf(unique),
    expiresAt: new Date(claims.exp * 1000),
  };
}

/** A bearer token refused: `description` is for the client, `reason` (when verification failed) for the log. */
export class TokenRefused extends Error {
  constructor(
    readonly description: string,
    readonly reason?: string,
  ) {
    super(description);
  }
}

/**
 * The user of an `Authorization` header: null without one; a header that is malformed or does not
 * verify throws TokenRefused. The user is kept with the verified claims (which the verifier caches
 * per token until expiry), so a session's requests share one user and its permission set.
 */
export function bearerUser(
  verifier: TokenVerifier,
  roleMap: RoleMap,
  clientId: string,
  usernameFallback = false,
): (header: string | undefined) => Promise<AuthUser | null> {
  const users = new WeakMap<VerifiedToken, AuthUser>();
  return async (header) => {
    if (!header) return null;
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
    if (!match) throw new TokenRefused('expected "Authorization: Bearer <token>"');
    let claims: VerifiedToken;
    try {
      claims = await verifier.verify(match[1]);
    } catch (error) {
      throw new TokenRefused('the token is invalid or expired', (error as Error).message);
    }
    let user = users.get(claims);
    if (!user) {
      user = userFromClaims(claims, roleMap, clientId, usernameFallback);
      users.set(claims, user);
    }
    return user;
  };
}

function unauthorized(res: Response, description: string): void {
  res
    .status(401)
    .set('WWW-Authenticate', `Bearer error="invalid_token", error_description="${description}"`)
    .json({
      errors: [{ message: `Unauthenticated: ${description}`, extensions: { code: 'UNAUTHENTICATED' } }],
    });
}

/**
 * Resolves the bearer token into `req.user`. No header: anonymous. A header that does not verify is
 * answered 401 at once: a bad token is never served as anonymous.
 */
export function authenticate(
  verifyBearer: (header: string | undefined) => Promise<AuthUser | null>,
  logger: Logger,
) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      req.user = await verifyBearer(req.headers.authorization);
    } catch (error) {
      const refused = error as TokenRefused;
      if (refused.reason) logger.info({ requestId: req.requestId, reason: refused.reason }, 'token refused');
      unauthorized(res, refused.description);
      return;
    }
    next();
  };
}
