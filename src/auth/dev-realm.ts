import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The development realm: an RSA key kept under the data folder, standing in for Keycloak's realm key
 * when no Keycloak is configured. Tokens minted with it are ordinary RS256 access tokens in
 * Keycloak's shape, verified by the same keycloak-connect code as in production.
 */
export const DEV_AUTH_SERVER_URL = 'http://dev-realm.localhost';

export interface RealmKey {
  privateKey: KeyObject;
  /** Base64 DER (SPKI), the form Keycloak shows as the realm's public key. */
  publicKeyBase64: string;
  kid: string;
}

export function generateRealmKey(): RealmKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKeyBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    kid: randomUUID(),
  };
}

/** Loads the development realm key from `dir`, creating it on first use. */
export function loadOrCreateDevRealmKey(dir: string): RealmKey {
  const file = path.join(dir, 'dev-realm-key.pem');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const key = generateRealmKey();
    fs.writeFileSync(file, key.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const privateKey = createPrivateKey(fs.readFileSync(file));
  const publicKeyBase64 = createPublicKey(privateKey)
    .export({ type: 'spki', format: 'der' })
    .toString('base64');
  return { privateKey, publicKeyBase64, kid: 'dev-' + publicKeyBase64.slice(-16) };
}

export interface MintTokenOptions {
  key: RealmKey;
  authServerUrl: string;
  realm: string;
  /** The API client id, put in `aud` (what Keycloak's audience mapper does). */
  audience: string;
  username: string;
  subject?: string;
  name?: string;
  email?: string;
  roles: string[];
  expiresInSeconds?: number;
  /** Extra claims, or overrides (tests use it to make expired or wrongly-typed tokens). */
  claims?: Record<string, unknown>;
}

export function mintToken(options: MintTokenOptions): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    exp: now + (options.expiresInSeconds ?? 3600),
    iat: now,
    jti: randomUUID(),
    iss: `${options.authServerUrl}/realms/${options.realm}`,
    aud: options.audience,
    sub: options.subject ?? `dev-${options.username}`,
    typ: 'Bearer',
    azp: 'platform-web',
    preferred_username: options.username,
    name: options.name ?? options.username,
    email: options.email,
    realm_access: { roles: options.roles },
    ...options.claims,
  };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: 'RS256', typ: 'JWT', kid: options.key.kid })}.${encode(payload)}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), options.key.privateKey).toString(
    'base64url',
  );
  return `${signingInput}.${signature}`;
}
