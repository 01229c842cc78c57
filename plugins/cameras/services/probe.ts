import net from 'node:net';

/** Where and how to probe a device. */
export type ProbeTarget =
  | { kind: 'rtsp'; host: string; port: number; /** Request-URI of the OPTIONS request (no credentials). */ uri: string }
  | { kind: 'tcp'; host: string; port: number };

export interface ProbeResult {
  ok: boolean;
  /** Why it failed (never contains credentials: requests carry none). */
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
export function probeTargetOf(device: { host: string | null; port: number | null; streamUrl: string | null }): ProbeTarget | null {
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
    if (url.protocol === 'rtsp:') return { kind: 'rtsp', host, port, uri: `rtsp://${url.hostname}:${port}${url.pathname}${url.search}` };
    return { kind: 'tcp', host, port };
  }
  if (device.host && device.port) return { kind: 'tcp', host: stripBrackets(device.host), port: device.port };
  return null;
}

/**
 * One probe over a raw socket, settled exactly once: an RTSP server must answer the OPTIONS request
 * with an `RTSP/1.0 200` status line; a TCP target must accept the connection. Any error, an early
 * close, another status or silence beyond `timeoutMs` is a failure.
 */
export function probe(target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
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
    socket.on('connect', () => {
      if (target.kind === 'tcp') {
        finish(true, null);
        return;
      }
      socket.write(`OPTIONS ${target.uri} RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: chinh-quyen-dien-tu probe\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      const end = answer.indexOf('\r\n');
      if (end < 0) {
        if (answer.length > MAX_ANSWER_BYTES) finish(false, 'no RTSP status line');
        return;
      }
      const statusLine = answer.slice(0, end);
      if (/^RTSP\/1\.0 200(\s|$)/.test(statusLine)) finish(true, null);
      else finish(false, `unexpected answer "${statusLine.replace(/[^\x20-\x7e]/g, '?').slice(0, 80)}"`);
    });
  });
}

/** Runs `work` over `items` with at most `limit` at a time; results keep the order of the items. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
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
