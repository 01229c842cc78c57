import { createHash } from 'node:crypto';

const md5 = (value: string) => createHash('md5').update(value).digest('hex');

/**
 * The camera's side of RTSP Digest authentication (RFC 7616, MD5, qop=auth), for the RTSP servers the
 * tests run: whether an `Authorization` header answers `nonce` for these credentials.
 */
export function digestAccepts(
  authorization: string | undefined,
  nonce: string,
  realm: string,
  credentials: { username: string; password: string },
): boolean {
  if (!authorization?.startsWith('Digest ')) return false;
  const p = Object.fromEntries([...authorization.matchAll(/(\w+)="?([^",]*)"?/g)].map((m) => [m[1], m[2]]));
  const ha1 = md5(`${credentials.username}:${realm}:${credentials.password}`);
  const ha2 = md5(`OPTIONS:${p.uri}`);
  return (
    p.username === credentials.username &&
    p.realm === realm &&
    p.nonce === nonce &&
    p.response === md5(`${ha1}:${nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`)
  );
}

/** The 401 a camera sends: a Digest challenge, and Basic as a second offer. */
export function digestChallenge(cseq: string, nonce: string, realm: string): string {
  return (
    `RTSP/1.0 401 Unauthorized\r\nCSeq: ${cseq}\r\nWWW-Authenticate: Digest realm="${realm}", nonce="${nonce}", qop="auth"\r\n` +
    `WWW-Authenticate: Basic realm="${realm}"\r\n\r\n`
  );
}
