import type { VerifiedToken } from './token-verifier';

/** Why a token was refused before or after its signature was checked. */
export class TokenRejectedError extends Error {}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * The compact JWS form keycloak-connect does not police: exactly three non-empty base64url segments
 * (header, payload, signature). keycloak-connect splits on "." and ignores anything after the third
 * part, so `<valid token>.<anything>` would otherwise pass; padding and other alphabets are refused too.
 */
export function assertCompactJws(token: string): void {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenRejectedError('a JWS compact token has exactly three segments');
  if (!parts.every((part) => SEGMENT.test(part)))
    throw new TokenRejectedError('each token segment must be non-empty base64url');
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    throw new TokenRejectedError('the token header is not JSON');
  }
  if (!header || typeof header !== 'object' || (header as { alg?: unknown }).alg !== 'RS256')
    throw new TokenRejectedError('only RS256 tokens are accepted');
}

/**
 * Time claims keycloak-connect leaves unchecked: it compares `exp` only when present (a token without
 * one never expires) and ignores `nbf` and `iat`. `skewSeconds` absorbs clock drift between Keycloak
 * and this server, in both directions.
 */
export function assertTimeClaims(claims: VerifiedToken, skewSeconds: number, nowMs = Date.now()): void {
  const now = nowMs / 1000;
  const exp = claims.exp as unknown;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new TokenRejectedError('the token has no exp');
  if (exp + skewSeconds <= now) throw new TokenRejectedError('the token has expired');
  const nbf = claims.nbf as unknown;
  if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf) || nbf > now + skewSeconds))
    throw new TokenRejectedError('the token is not valid yet (nbf)');
  const iat = claims.iat as unknown;
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat) || iat > now + skewSeconds))
    throw new TokenRejectedError('the token was issued in the future (iat)');
  if (claims.sub !== undefined && (typeof claims.sub !== 'string' || !claims.sub))
    throw new TokenRejectedError('the token subject is not a string');
}
