import { createHash } from 'node:crypto';
import type { TokenVerifier, VerifiedToken } from './token-verifier';
import { assertCompactJws, assertTimeClaims } from './claims';

// keycloak-connect ships CommonJS without usable types for its grant manager.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Keycloak = require('keycloak-connect');

export interface KeycloakVerifierOptions {
  /** e.g. https://sso.example.gov.vn (without /realms/...). */
  authServerUrl: string;
  realm: string;
  clientId: string;
  verifyAudience: boolean;
  /** Base64 DER public key as Keycloak displays it; when absent the realm's JWKS is fetched. */
  realmPublicKey?: string;
  /** Clock drift tolerated on `exp`, `nbf` and `iat` (AUTH_CLOCK_SKEW_SECONDS). Default 30. */
  clockSkewSeconds?: number;
}

/**
 * Bearer-only verification through keycloak-connect's grant manager: RS256 signature with the realm
 * key (or the JWKS), expiry, `typ: Bearer`, issuer = the realm URL, and audience = our client id.
 * What it does not check is checked here: the compact form (exactly three segments), a present
 * `exp`, `nbf` and `iat` not in the future beyond a small clock skew.
 *
 * Verified claims are cached by token hash until the token expires: keycloak-connect re-parses the
 * public key on every call, and the same token arrives on every request of a session.
 */
export class KeycloakTokenVerifier implements TokenVerifier {
  private readonly grantManager: {
    createGrant(raw: object): Promise<{ access_token: { content: VerifiedToken } }>;
  };
  private readonly cache = new Map<string, VerifiedToken>();
  private readonly skewSeconds: number;

  constructor(
    options: KeycloakVerifierOptions,
    private readonly maxCacheEntries = 10_000,
  ) {
    const keycloak = new Keycloak(
      {},
      {
        'auth-server-url': options.authServerUrl,
        realm: options.realm,
        resource: options.clientId,
        'bearer-only': true,
        'verify-token-audience': options.verifyAudience,
        'realm-public-key': options.realmPublicKey,
        'ssl-required': 'external',
        'confidential-port': 0,
      },
    );
    this.grantManager = keycloak.grantManager;
    this.skewSeconds = options.clockSkewSeconds ?? 30;
  }

  async verify(token: string): Promise<VerifiedToken> {
    const key = createHash('sha256').update(token).digest('base64url');
    const cached = this.cache.get(key);
    if (cached && cached.exp * 1000 > Date.now()) return cached;
    if (cached) this.cache.delete(key);
    assertCompactJws(token);
    const grant = await this.grantManager.createGrant({ access_token: token, token_type: 'Bearer' });
    const claims = grant.access_token.content;
    assertTimeClaims(claims, this.skewSeconds);
    if (this.cache.size >= this.maxCacheEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, claims);
    return claims;
  }
}
