import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A viewing grant: proof, for a stream gateway, that the platform let this person watch this camera
 * until `exp`. Format (all base64url without padding):
 *
 *   cvg1.<payload>.<signature>
 *   payload   = base64url(JSON of ViewingGrantClaims)
 *   signature = base64url(HMAC-SHA256(CAMERAS_GRANT_KEY, "cvg1." + payload))
 *
 * A gateway recomputes the HMAC over the first two parts, compares in constant time, parses the JSON,
 * checks `v === 1`, `exp` (seconds since the epoch) against its clock and `cam` against the camera
 * asked for, and may remember `nonce` until `exp` to refuse a replay.
 */
export interface ViewingGrantClaims {
  /** Format version. */
  v: 1;
  /** Camera (device) id. */
  cam: string;
  /** Keycloak subject of the viewer. */
  sub: string;
  /** Username of the viewer. */
  usr: string;
  /** Staff official id of the viewer, when they have an official record. */
  off: string | null;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
  /** 128 random bits, base64url: unique per grant. */
  nonce: string;
  /** Stream endpoint (never with credentials). */
  url: string;
  /** Whether the gateway may pass the audio track on (false where recording sound is forbidden). */
  audio: boolean;
}

export const GRANT_PREFIX = 'cvg1';

export type ViewingGrantFailure = 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' | 'WRONG_CAMERA';

export class ViewingGrantError extends Error {
  constructor(readonly reason: ViewingGrantFailure) {
    super(`Viewing grant refused: ${reason}`);
    this.name = 'ViewingGrantError';
  }
}

function sign(key: Buffer, signed: string): Buffer {
  return createHmac('sha256', key).update(signed, 'utf8').digest();
}

export function signViewingGrant(
  key: Buffer,
  claims: Omit<ViewingGrantClaims, 'v' | 'nonce'> & { nonce?: string },
): { token: string; claims: ViewingGrantClaims } {
  const full: ViewingGrantClaims = {
    v: 1,
    ...claims,
    nonce: claims.nonce ?? randomBytes(16).toString('base64url'),
  };
  const payload = Buffer.from(JSON.stringify(full), 'utf8').toString('base64url');
  const signed = `${GRANT_PREFIX}.${payload}`;
  return { token: `${signed}.${sign(key, signed).toString('base64url')}`, claims: full };
}

/**
 * Checks a grant's signature, expiry and (optionally) camera; returns its claims or throws
 * ViewingGrantError with the reason. `now` is in milliseconds (default Date.now()).
 */
export function verifyViewingGrant(
  token: string,
  key: Buffer,
  options: { now?: number; cameraId?: string } = {},
): ViewingGrantClaims {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3 || parts[0] !== GRANT_PREFIX || !parts[1] || !parts[2])
    throw new ViewingGrantError('MALFORMED');
  const expected = sign(key, `${parts[0]}.${parts[1]}`);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new ViewingGrantError('BAD_SIGNATURE');
  let claims: ViewingGrantClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as ViewingGrantClaims;
  } catch {
    throw new ViewingGrantError('MALFORMED');
  }
  if (claims?.v !== 1 || typeof claims.cam !== 'string' || typeof claims.exp !== 'number')
    throw new ViewingGrantError('MALFORMED');
  if (claims.exp * 1000 <= (options.now ?? Date.now())) throw new ViewingGrantError('EXPIRED');
  if (options.cameraId !== undefined && claims.cam !== options.cameraId)
    throw new ViewingGrantError('WRONG_CAMERA');
  return claims;
}
