import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const FORMAT = 'v1';

/** A new endpoint secret: `whsec_` and 32 random bytes (base64url). Its UTF-8 bytes are the HMAC key. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The endpoint id is the additional data: a sealed secret copied onto another endpoint does not open. */
const aad = (endpointId: string) => Buffer.from(`webhooks.secret:${endpointId}`, 'utf8');

/**
 * Seals a secret for storage: AES-256-GCM with a random 96-bit IV, `v1:<iv>:<tag>:<ciphertext>`.
 * It must be recoverable (the platform signs with it), so it cannot be hashed like a password.
 */
export function sealSecret(key: Buffer, endpointId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(aad(endpointId));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [
    FORMAT,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    sealed.toString('base64'),
  ].join(':');
}

export function openSecret(key: Buffer, endpointId: string, stored: string): string {
  const [format, iv, tag, sealed, ...rest] = stored.split(':');
  // Says nothing about the value: a wrong key, a tampered row or a row of another endpoint.
  const refuse = () =>
    new Error('The webhook secret cannot be opened with the configured WEBHOOKS_SECRET_KEY');
  if (format !== FORMAT || !iv || !tag || sealed === undefined || rest.length) throw refuse();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'), { authTagLength: 16 });
    decipher.setAAD(aad(endpointId));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw refuse();
  }
}

/**
 * The signature a receiver checks: hex HMAC-SHA256, keyed with the endpoint secret, over
 * `<timestamp>.<body>` (the timestamp header, a dot, the raw body bytes). Sent as `v1=<hex>`.
 */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * The signature header of a delivery: one `v1=<hex>` per secret, the current one first, joined by
 * commas (`v1=<new>,v1=<old>` during a rotation's overlap), as Stripe lists its `v1` signatures.
 */
export function signatureHeader(secrets: string[], timestamp: number, body: string): string {
  return secrets.map((secret) => signature(secret, timestamp, body)).join(',');
}

/**
 * What a receiver does (and the tests do): recompute and compare in constant time with each `v1=`
 * signature of the header (any one matching is enough: during a rotation's overlap the header
 * carries one per secret), and refuse a timestamp further than `toleranceSeconds` from now (a
 * replayed capture).
 */
export function verifySignature(
  secret: string,
  header: { timestamp: string | null; signature: string | null },
  body: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const timestamp = Number(header.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, timestamp, body));
  let found = false;
  for (const part of (header.signature ?? '').split(',')) {
    const given = Buffer.from(part.trim());
    // Every part is compared (no early exit), each in constant time.
    if (expected.length === given.length && timingSafeEqual(expected, given)) found = true;
  }
  return found;
}
