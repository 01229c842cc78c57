import net from 'node:net';
import { assertOutsideTransaction } from '../../../src';
import type { CameraCredentials } from './credentials';
import { rtspAuthorization } from './rtsp-auth';

/** Where and how to probe a device. */
export type ProbeTarget =
  | {
      kind: 'rtsp';
      host: string;
      port: number;
      /** Request-URI of the OPTIONS request (no credentials in it). */
      uri: string;
      /** The camera's stored credentials: answer a 401 with them (Digest, or Basic when that is all it offers). */
      credentials?: CameraCredentials | null;
    }
  | { kind: 'tcp'; host: string; port: number };

export interface ProbeResult {
  ok: boolean;
  /** Why it failed (never contains credentials: only status lines are quoted). */
  detail: string | null;
  ms: number;
}

const DEFAULT_PORTS: Record<string, number> = { 'rtsp:': 554, 'rtsps:': 322, 'http:': 80, 'https:': 443 };
const MAX_ANSWER_BYTES = 4096;

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * A camera's stream URL decides its probe: rtsp:// gets an RTSP OPTIONS request, anything else a
 * TCP connect to the URL's host and port. Other networked devices get a TCP connect to host:port.
 */
export function probeTargetOf(device: {
  host: string | null;
  port: number | null;
  streamUrl: string | null;
}): ProbeTarget | null {
  if (device.streamUrl) {
    let url: URL;
    try {
      url = new URL(device.streamUrl);
    } catch {
      return null;
    }
    const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
    if (!port) return null;
    const host = stripBrackets(url.hostname);
    if (url.protocol === 'rtsp:')
      return { kind: 'rtsp', host, port, uri: `rtsp://${url.hostname}:${port}${url.pathname}${url.search}` };
    return { kind: 'tcp', host, port };
  }
  if (device.host && device.port) return { kind: 'tcp', host: stripBrackets(device.host), port: device.port };
  return null;
}

/**
 * One probe over a raw socket, settled exactly once: an RTSP server must answer the OPTIONS request
 * with an `RTSP/1.0 200` status line; a TCP target must accept the connection. A camera that asks for
 * authentication (401) gets a second OPTIONS on the same connection with the stored credentials, if
 * any. Any error, an early close, another status or silence beyond `timeoutMs` is a failure.
 */
export function probe(target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  assertOutsideTransaction('A device probe');
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    let answer = '';
    const socket = net.connect({ host: target.host, port: target.port });
    const finish = (ok: boolean, detail: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('data');
      socket.destroy();
      resolve({ ok, detail, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false, `no answer within ${timeoutMs} ms`), timeoutMs);
    socket.on('error', (error: NodeJS.ErrnoException) => finish(false, error.code ?? error.message));
    socket.on('close', () => finish(false, 'connection closed before an answer'));
    let cseq = 1;
    const options = (authorization: string | null) =>
      socket.write(
        `OPTIONS ${target.kind === 'rtsp' ? target.uri : ''} RTSP/1.0\r\nCSeq: ${cseq}\r\n` +
          `${authorization ? `Authorization: ${authorization}\r\n` : ''}User-Agent: chinh-quyen-dien-tu probe\r\n\r\n`,
      );
    socket.on('connect', () => {
      if (target.kind === 'tcp') {
        finish(true, null);
        return;
      }
      options(null);
    });
    socket.on('data', (chunk: Buffer) => {
      if (target.kind !== 'rtsp') return;
      answer += chunk.toString('latin1');
      const headEnd = answer.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        if (answer.length > MAX_ANSWER_BYTES) finish(false, 'no RTSP answer');
        return;
      }
      const [statusLine, ...headerLines] = answer.slice(0, headEnd).split('\r\n');
      const shown = statusLine.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
      if (/^RTSP\/1\.0 200(\s|$)/.test(statusLine)) {
        finish(true, null);
        return;
      }
      if (!/^RTSP\/1\.0 401(\s|$)/.test(statusLine) || !target.credentials) {
        finish(false, `unexpected answer "${shown}"`);
        return;
      }
      if (cseq > 1) {
        finish(false, `credentials refused ("${shown}")`);
        return;
      }
      const challenges = headerLines
        .filter((line) => /^www-authenticate\s*:/i.test(line))
        .map((line) => line.slice(line.indexOf(':') + 1));
      const authorization = rtspAuthorization(challenges, target.credentials, 'OPTIONS', target.uri);
      if (!authorization) {
        finish(false, `unsupported authentication ("${shown}")`);
        return;
      }
      answer = '';
      cseq += 1;
      options(authorization);
    });
  });
}

/** Runs `work` over `items` with at most `limit` at a time; results keep the order of the items. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
