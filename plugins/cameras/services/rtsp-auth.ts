import { createHash, randomBytes } from 'node:crypto';
import type { CameraCredentials } from './credentials';

const md5 = (value: string) => createHash('md5').update(value).digest('hex');

/** One `WWW-Authenticate` challenge: its scheme and parameters. */
interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

function parseChallenge(header: string): Challenge | null {
  const match = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!match) return null;
  const params: Record<string, string> = {};
  for (const part of match[2].matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[part[1].toLowerCase()] = (part[2] ?? part[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return { scheme: match[1].toLowerCase(), params };
}

/**
 * The `Authorization` header answering an RTSP 401 (RFC 2326 uses HTTP authentication: RFC 7616
 * Digest with MD5, or RFC 7617 Basic), or null when no offered scheme is supported. Digest is
 * preferred when the camera offers both, so the password never crosses the network.
 */
export function rtspAuthorization(
  challenges: string[],
  credentials: CameraCredentials,
  method: string,
  uri: string,
): string | null {
  const parsed = challenges.map(parseChallenge).filter((c): c is Challenge => c !== null);
  const digest = parsed.find(
    (c) =>
      c.scheme === 'digest' &&
      c.params.nonce &&
      (!c.params.algorithm || c.params.algorithm.toUpperCase() === 'MD5'),
  );
  if (digest) {
    const { realm = '', nonce, opaque, qop } = digest.params;
    const ha1 = md5(`${credentials.username}:${realm}:${credentials.password}`);
    const ha2 = md5(`${method}:${uri}`);
    const quote = (value: string) => `"${value.replace(/(["\\])/g, '\\$1')}"`;
    const fields = [
      `username=${quote(credentials.username)}`,
      `realm=${quote(realm)}`,
      `nonce=${quote(nonce)}`,
      `uri=${quote(uri)}`,
    ];
    if (
      qop &&
      qop
        .split(',')
        .map((q) => q.trim())
        .includes('auth')
    ) {
      const nc = '00000001';
      const cnonce = randomBytes(8).toString('hex');
      fields.push(
        `response=${quote(md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`))}`,
        'qop=auth',
        `nc=${nc}`,
        `cnonce=${quote(cnonce)}`,
      );
    } else {
      fields.push(`response=${quote(md5(`${ha1}:${nonce}:${ha2}`))}`);
    }
    if (digest.params.algorithm) fields.push('algorithm=MD5');
    if (opaque !== undefined) fields.push(`opaque=${quote(opaque)}`);
    return `Digest ${fields.join(', ')}`;
  }
  if (parsed.some((c) => c.scheme === 'basic')) {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
  }
  return null;
}
