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
  verifier: TokenVerifier,
  roleMap: RoleMap,
  clientId: string,
  logger: Logger,
  usernameFallback = false,
) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization;
    if (!header) {
      req.user = null;
      next();
      return;
    }
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
    if (!match) {
      unauthorized(res, 'expected "Authorization: Bearer <token>"');
      return;
    }
    try {
      const claims = await verifier.verify(match[1]);
      req.user = userFromClaims(claims, roleMap, clientId, usernameFallback);
      next();
    } catch (error) {
      logger.info({ requestId: req.requestId, reason: (error as Error).message }, 'token refused');
      unauthorized(res, 'the token is invalid or expired');
    }
  };
}
