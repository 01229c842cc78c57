/** Claims of an access token that passed signature, expiry, type, issuer and audience checks. */
export interface VerifiedToken {
  sub?: string;
  preferred_username?: string;
  name?: string;
  email?: string;
  exp: number;
  realm_access?: { roles?: string[] };
  resource_access?: Record<string, { roles?: string[] }>;
  [claim: string]: unknown;
}

/** Verifies bearer tokens. Production uses keycloak-connect; nothing else depends on it. */
export interface TokenVerifier {
  /** Resolves with the claims, or rejects when the token must not be trusted. */
  verify(token: string): Promise<VerifiedToken>;
}
