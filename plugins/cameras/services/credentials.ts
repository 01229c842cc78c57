import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A camera's stream login. Lives in memory only while it is encrypted or handed to a stream gateway. */
export interface CameraCredentials {
  username: string;
  password: string;
}

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Binds a ciphertext to its camera: copying it onto another camera's row makes it undecryptable. */
function aad(deviceId: string): Buffer {
  return Buffer.from(`cameras.credentials:${deviceId}`, 'utf8');
}

/**
 * AES-256-GCM with a random 96-bit IV per write. Stored as `v1:<iv>:<tag>:<ciphertext>` (base64
 * parts); the camera id is the additional authenticated data.
 */
export function encryptCredentials(key: Buffer, deviceId: string, credentials: CameraCredentials): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(deviceId));
  const plain = Buffer.from(JSON.stringify({ u: credentials.username, p: credentials.password }), 'utf8');
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  plain.fill(0);
  return [
    FORMAT,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    sealed.toString('base64'),
  ].join(':');
}

export class CredentialsDecryptionError extends Error {
  constructor() {
    // Says nothing about the value: wrong key, tampered row or a row copied from another camera.
    super('Camera credentials cannot be decrypted with the configured CAMERAS_CREDENTIALS_KEY');
    this.name = 'CredentialsDecryptionError';
  }
}

export function decryptCredentials(key: Buffer, deviceId: string, stored: string): CameraCredentials {
  const [format, ivText, tagText, sealedText, ...rest] = stored.split(':');
  if (format !== FORMAT || !ivText || !tagText || sealedText === undefined || rest.length)
    throw new CredentialsDecryptionError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(aad(deviceId));
    decipher.setAuthTag(Buffer.from(tagText, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealedText, 'base64')), decipher.final()]);
    const parsed = JSON.parse(plain.toString('utf8')) as { u?: unknown; p?: unknown };
    plain.fill(0);
    if (typeof parsed.u !== 'string' || typeof parsed.p !== 'string') throw new CredentialsDecryptionError();
    return { username: parsed.u, password: parsed.p };
  } catch {
    throw new CredentialsDecryptionError();
  }
}

/**
 * Decrypts with the current key, else with a previous one (during a key rotation). Says which key
 * opened it, so the re-encryption job knows what to move.
 */
export function decryptWithAnyKey(
  keys: { current: Buffer; previous: Buffer[] },
  deviceId: string,
  stored: string,
): { credentials: CameraCredentials; current: boolean } {
  try {
    return { credentials: decryptCredentials(keys.current, deviceId, stored), current: true };
  } catch (error) {
    for (const key of keys.previous) {
      try {
        return { credentials: decryptCredentials(key, deviceId, stored), current: false };
      } catch {
        // try the next one
      }
    }
    throw error;
  }
}
