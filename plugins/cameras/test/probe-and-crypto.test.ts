import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { EnvReader, ConfigError } from '../../../src';
import { loadConfig } from '../../../src/config/config';
import { createApp } from '../../../src/app';
import { createLogger } from '../../../src/logging';
import { staffPlugin } from '../../staff';
import { camerasPlugin } from '..';
import { mapBounded, probe, probeTargetOf } from '../services/probe';
import { decryptCredentials, encryptCredentials, CredentialsDecryptionError } from '../services/credentials';
import { signViewingGrant, verifyViewingGrant, ViewingGrantError } from '../services/viewing-grant';
import { readCamerasOptions, parseDeskStandard } from '../options';
import { normaliseDay, normaliseStreamUrl } from '../services/validation';
import { CameraStreamProtocol, DeviceType } from '../entities/enums';
import { digestAccepts, digestChallenge } from './rtsp-digest';

/** A TCP server on a free loopback port; `onSocket` decides how it behaves. */
async function server(onSocket: (socket: net.Socket) => void) {
  const sockets = new Set<net.Socket>();
  const s = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const sock of sockets) sock.destroy();
        s.close(() => resolve());
      }),
  };
}

async function closedPort(): Promise<number> {
  const s = await server(() => {});
  await s.close();
  return s.port;
}

describe('probes over real sockets', () => {
  const requests: string[] = [];
  let rtsp: Awaited<ReturnType<typeof server>>;
  let unauthorised: Awaited<ReturnType<typeof server>>;
  let hanging: Awaited<ReturnType<typeof server>>;
  beforeAll(async () => {
    rtsp = await server((socket) =>
      socket.on('data', (chunk) => {
        requests.push(chunk.toString());
        socket.write(
          'RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n',
        );
      }),
    );
    unauthorised = await server((socket) =>
      socket.on('data', () => socket.write('RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n\r\n')),
    );
    hanging = await server(() => {});
  });
  afterAll(async () => {
    await Promise.all([rtsp.close(), unauthorised.close(), hanging.close()]);
  });

  it('an RTSP server answering 200 to OPTIONS is online, and it got a proper OPTIONS request', async () => {
    const target = probeTargetOf({
      host: null,
      port: null,
      streamUrl: `rtsp://127.0.0.1:${rtsp.port}/Streaming/Channels/101`,
    })!;
    const result = await probe(target, 1000);
    expect(result).toMatchObject({ ok: true, detail: null });
    expect(requests[0]).toBe(
      `OPTIONS rtsp://127.0.0.1:${rtsp.port}/Streaming/Channels/101 RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: chinh-quyen-dien-tu probe\r\n\r\n`,
    );
  });

  it('another RTSP status is a failure that names the status line', async () => {
    const result = await probe(
      {
        kind: 'rtsp',
        host: '127.0.0.1',
        port: unauthorised.port,
        uri: `rtsp://127.0.0.1:${unauthorised.port}/`,
      },
      1000,
    );
    expect(result).toMatchObject({ ok: false, detail: 'unexpected answer "RTSP/1.0 401 Unauthorized"' });
  });

  describe('cameras that ask for authentication', () => {
    const right = { username: 'admin', password: 'Mật-khẩu-01' };
    /** An RTSP server that checks Digest (offering Basic too) or only Basic, like a camera does. */
    const authenticating = (scheme: 'Digest' | 'Basic', seen: string[]) =>
      server((socket) => {
        const nonce = randomBytes(8).toString('hex');
        socket.on('data', (chunk) => {
          const request = chunk.toString();
          seen.push(request);
          const cseq = /CSeq: (\d+)/.exec(request)?.[1] ?? '0';
          const auth = /Authorization: (.*)\r\n/.exec(request)?.[1];
          const ok =
            scheme === 'Basic'
              ? auth === `Basic ${Buffer.from(`${right.username}:${right.password}`).toString('base64')}`
              : digestAccepts(auth, nonce, 'IP Camera', right);
          if (ok) socket.write(`RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n`);
          else if (scheme === 'Digest') socket.write(digestChallenge(cseq, nonce, 'IP Camera'));
          else
            socket.write(
              `RTSP/1.0 401 Unauthorized\r\nCSeq: ${cseq}\r\nWWW-Authenticate: Basic realm="IP Camera"\r\n\r\n`,
            );
        });
      });

    it('answers a Digest challenge with the stored credentials, never sending the password', async () => {
      const seen: string[] = [];
      const camera = await authenticating('Digest', seen);
      try {
        const uri = `rtsp://127.0.0.1:${camera.port}/Streaming/Channels/101`;
        expect(
          await probe({ kind: 'rtsp', host: '127.0.0.1', port: camera.port, uri, credentials: right }, 1000),
        ).toMatchObject({ ok: true, detail: null });
        expect(seen).toHaveLength(2);
        expect(seen[1]).toMatch(
          /^OPTIONS .* RTSP\/1\.0\r\nCSeq: 2\r\nAuthorization: Digest username="admin", realm="IP Camera"/,
        );
        expect(seen.join('')).not.toContain('Mật-khẩu-01');
        const wrong = await probe(
          {
            kind: 'rtsp',
            host: '127.0.0.1',
            port: camera.port,
            uri,
            credentials: { username: 'admin', password: 'sai' },
          },
          1000,
        );
        expect(wrong).toEqual(
          expect.objectContaining({ ok: false, detail: 'credentials refused ("RTSP/1.0 401 Unauthorized")' }),
        );
        // Without stored credentials a 401 stays a failure that says so.
        expect((await probe({ kind: 'rtsp', host: '127.0.0.1', port: camera.port, uri }, 1000)).detail).toBe(
          'unexpected answer "RTSP/1.0 401 Unauthorized"',
        );
      } finally {
        await camera.close();
      }
    });

    it('uses Basic when that is all the camera offers', async () => {
      const seen: string[] = [];
      const camera = await authenticating('Basic', seen);
      try {
        const result = await probe(
          {
            kind: 'rtsp',
            host: '127.0.0.1',
            port: camera.port,
            uri: `rtsp://127.0.0.1:${camera.port}/live`,
            credentials: right,
          },
          1000,
        );
        expect(result).toMatchObject({ ok: true, detail: null });
      } finally {
        await camera.close();
      }
    });
  });

  it('a server that accepts and never answers fails after the timeout, not before', async () => {
    const result = await probe(
      { kind: 'rtsp', host: '127.0.0.1', port: hanging.port, uri: `rtsp://127.0.0.1:${hanging.port}/` },
      300,
    );
    expect(result.ok).toBe(false);
    expect(result.detail).toBe('no answer within 300 ms');
    expect(result.ms).toBeGreaterThanOrEqual(290);
    expect(result.ms).toBeLessThan(1500);
  });

  it('a closed port is refused at once, for RTSP and TCP probes', async () => {
    const port = await closedPort();
    expect(
      await probe({ kind: 'rtsp', host: '127.0.0.1', port, uri: `rtsp://127.0.0.1:${port}/` }, 1000),
    ).toMatchObject({ ok: false, detail: 'ECONNREFUSED' });
    expect(await probe({ kind: 'tcp', host: '127.0.0.1', port }, 1000)).toMatchObject({
      ok: false,
      detail: 'ECONNREFUSED',
    });
  });

  it('a TCP probe only needs the connection to be accepted (even by a silent server)', async () => {
    expect(await probe({ kind: 'tcp', host: '127.0.0.1', port: hanging.port }, 1000)).toMatchObject({
      ok: true,
    });
  });

  it('chooses the probe from the stream URL, or host and port for other devices', () => {
    expect(probeTargetOf({ host: null, port: null, streamUrl: 'rtsp://10.0.0.5/live' })).toEqual({
      kind: 'rtsp',
      host: '10.0.0.5',
      port: 554,
      uri: 'rtsp://10.0.0.5:554/live',
    });
    expect(probeTargetOf({ host: null, port: null, streamUrl: 'rtsps://cam.local:8322/live' })).toEqual({
      kind: 'tcp',
      host: 'cam.local',
      port: 8322,
    });
    expect(probeTargetOf({ host: null, port: null, streamUrl: 'https://cam.local/hls/index.m3u8' })).toEqual({
      kind: 'tcp',
      host: 'cam.local',
      port: 443,
    });
    expect(
      probeTargetOf({ host: null, port: null, streamUrl: 'http://[::1]:8080/onvif/device_service' }),
    ).toEqual({ kind: 'tcp', host: '::1', port: 8080 });
    expect(probeTargetOf({ host: '10.0.0.9', port: 9100, streamUrl: null })).toEqual({
      kind: 'tcp',
      host: '10.0.0.9',
      port: 9100,
    });
    expect(probeTargetOf({ host: null, port: null, streamUrl: null })).toBeNull();
  });

  it('bounds concurrency and keeps the order of results', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapBounded(
      Array.from({ length: 25 }, (_, i) => i),
      4,
      async (i) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5 + (i % 3) * 5));
        running--;
        return i * 2;
      },
    );
    expect(peak).toBe(4);
    expect(results).toEqual(Array.from({ length: 25 }, (_, i) => i * 2));
  });
});

describe('camera credentials: AES-256-GCM bound to the camera', () => {
  const key = randomBytes(32);
  const creds = { username: 'admin', password: 'Mật-khẩu-Camera#2025' };

  it('round-trips, and the stored text contains neither the password nor the user', () => {
    const stored = encryptCredentials(key, 'cam-1', creds);
    expect(stored).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain(creds.password);
    expect(stored).not.toContain('admin');
    expect(decryptCredentials(key, 'cam-1', stored)).toEqual(creds);
  });

  it('uses a fresh IV each time', () => {
    expect(encryptCredentials(key, 'cam-1', creds)).not.toBe(encryptCredentials(key, 'cam-1', creds));
  });

  it('refuses another key, another camera, and any altered part', () => {
    const stored = encryptCredentials(key, 'cam-1', creds);
    expect(() => decryptCredentials(randomBytes(32), 'cam-1', stored)).toThrow(CredentialsDecryptionError);
    expect(() => decryptCredentials(key, 'cam-2', stored)).toThrow(CredentialsDecryptionError);
    const parts = stored.split(':');
    const flip = (text: string) => {
      const b = Buffer.from(text, 'base64');
      b[0] ^= 1;
      return b.toString('base64');
    };
    for (const index of [1, 2, 3]) {
      const altered = [...parts];
      altered[index] = flip(altered[index]);
      expect(() => decryptCredentials(key, 'cam-1', altered.join(':'))).toThrow(CredentialsDecryptionError);
    }
    expect(() => decryptCredentials(key, 'cam-1', 'not-a-ciphertext')).toThrow(CredentialsDecryptionError);
  });
});

describe('viewing grants: HMAC-SHA256 signed, short-lived', () => {
  const key = randomBytes(32);
  const now = Date.UTC(2026, 0, 5, 8, 0, 0);
  const issue = (exp = now / 1000 + 300) =>
    signViewingGrant(key, {
      cam: 'cam-1',
      sub: 'kc-baopq',
      usr: 'baopq',
      off: 'off-1',
      iat: now / 1000,
      exp,
      url: 'rtsp://10.0.0.5:554/live',
      audio: false,
    });
  const reason = (work: () => unknown) => {
    try {
      work();
    } catch (error) {
      return (error as ViewingGrantError).reason;
    }
    return 'accepted';
  };

  it('verifies a fresh grant and returns its claims', () => {
    const { token, claims } = issue();
    expect(token.split('.')).toHaveLength(3);
    expect(token.startsWith('cvg1.')).toBe(true);
    expect(verifyViewingGrant(token, key, { now, cameraId: 'cam-1' })).toEqual(claims);
    expect(claims.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(issue().claims.nonce).not.toBe(claims.nonce);
  });

  it('refuses an expired grant: valid until exp, refused at exp', () => {
    const { token } = issue();
    expect(reason(() => verifyViewingGrant(token, key, { now: now + 299_999 }))).toBe('accepted');
    expect(reason(() => verifyViewingGrant(token, key, { now: now + 300_000 }))).toBe('EXPIRED');
  });

  it('refuses a tampered payload, a tampered signature, another key, another camera and garbage', () => {
    const { token } = issue();
    const [prefix, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const longer = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 3600 })).toString('base64url');
    expect(reason(() => verifyViewingGrant(`${prefix}.${longer}.${signature}`, key, { now }))).toBe(
      'BAD_SIGNATURE',
    );
    const otherCam = Buffer.from(JSON.stringify({ ...claims, cam: 'cam-2' })).toString('base64url');
    expect(reason(() => verifyViewingGrant(`${prefix}.${otherCam}.${signature}`, key, { now }))).toBe(
      'BAD_SIGNATURE',
    );
    const sig = Buffer.from(signature, 'base64url');
    sig[5] ^= 0x10;
    expect(
      reason(() => verifyViewingGrant(`${prefix}.${payload}.${sig.toString('base64url')}`, key, { now })),
    ).toBe('BAD_SIGNATURE');
    expect(reason(() => verifyViewingGrant(token, randomBytes(32), { now }))).toBe('BAD_SIGNATURE');
    expect(reason(() => verifyViewingGrant(token, key, { now, cameraId: 'cam-2' }))).toBe('WRONG_CAMERA');
    expect(reason(() => verifyViewingGrant(`cvg2.${payload}.${signature}`, key, { now }))).toBe('MALFORMED');
    expect(reason(() => verifyViewingGrant('garbage', key, { now }))).toBe('MALFORMED');
  });
});

describe('cameras options', () => {
  const read = (vars: Record<string, string>) => {
    const source = { DATA_DIR: '/tmp/cameras-options-test', ...vars };
    const env = new EnvReader(source);
    const options = readCamerasOptions(
      env,
      loadConfig({
        ...source,
        NODE_ENV: vars.NODE_ENV ?? 'development',
        DATABASE_URL: 'postgres://x/y',
        KEYCLOAK_URL: 'http://kc',
        FILES_URL_KEY: Buffer.alloc(32, 7).toString('base64'),
      }),
    );
    return { options, problems: env.problems };
  };

  it('refuses to start in production without the two keys, naming both and echoing no value', () => {
    const { problems } = read({ NODE_ENV: 'production' });
    expect(problems).toEqual([
      expect.stringContaining('CAMERAS_CREDENTIALS_KEY must be set in production'),
      expect.stringContaining('CAMERAS_GRANT_KEY must be set in production'),
    ]);
    const env = new EnvReader({});
    env.problems.push(...problems);
    expect(() => env.throwIfProblems()).toThrow(ConfigError);
  });

  it('so a production app stops at start-up, before touching the database', async () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      KEYCLOAK_URL: 'http://keycloak.test',
      DATABASE_URL: 'postgres://127.0.0.1:1/unreachable',
      KEYCLOAK_PROVISIONER_SECRET: 'x',
      FILES_URL_KEY: Buffer.alloc(32, 7).toString('base64'),
      DATA_DIR: '/tmp/cameras-production-test',
    });
    const start = createApp({
      config,
      plugins: [staffPlugin, camerasPlugin],
      listen: false,
      logger: createLogger('silent'),
    });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(
      /CAMERAS_CREDENTIALS_KEY must be set in production[\s\S]*CAMERAS_GRANT_KEY must be set in production/,
    );
  });

  it('checks key length without echoing the key', () => {
    const short = Buffer.from('too-short-secret-value').toString('base64');
    const { problems } = read({
      NODE_ENV: 'production',
      CAMERAS_CREDENTIALS_KEY: short,
      CAMERAS_GRANT_KEY: randomBytes(32).toString('base64'),
    });
    expect(problems).toEqual(['CAMERAS_CREDENTIALS_KEY must be exactly 32 bytes, base64-encoded']);
    expect(problems.join()).not.toContain(short);
  });

  it('derives stable development keys from the data folder, different per folder and per purpose', () => {
    const a = read({}).options;
    const b = read({}).options;
    const c = read({ DATA_DIR: '/tmp/other-data' }).options;
    expect(a.credentialsKey.equals(b.credentialsKey)).toBe(true);
    expect(a.credentialsKey.equals(c.credentialsKey)).toBe(false);
    expect(a.credentialsKey.equals(a.grantKey)).toBe(false);
    expect(a.derivedKeys).toEqual(['CAMERAS_CREDENTIALS_KEY', 'CAMERAS_GRANT_KEY']);
  });

  it('reads the probe settings, the schedule (or off) and the desk standard', () => {
    const { options, problems } = read({
      CAMERAS_PROBE_SCHEDULE: 'off',
      CAMERAS_PROBE_FAILURE_THRESHOLD: '5',
      CAMERAS_DESK_STANDARD: 'computer:2, scanner,CAMERA',
    });
    expect(problems).toEqual([]);
    expect(options.probe).toEqual({ schedule: null, timeoutMs: 3000, concurrency: 20, failureThreshold: 5 });
    expect(options.deskStandard).toEqual([
      { type: DeviceType.COMPUTER, count: 2 },
      { type: DeviceType.SCANNER, count: 1 },
      { type: DeviceType.CAMERA, count: 1 },
    ]);
    expect(read({}).options.probe.schedule).toBe('* * * * *');
    expect(read({ CAMERAS_PROBE_SCHEDULE: 'every minute' }).problems).toEqual([
      expect.stringContaining('CAMERAS_PROBE_SCHEDULE'),
    ]);
    expect(parseDeskStandard('TOASTER')).toBe('unknown device type "TOASTER"');
    expect(parseDeskStandard('CAMERA:0')).toMatch(/count/);
  });
});

describe('input rules', () => {
  it('reads dates as YYYY-MM-DD or DD/MM/YYYY and refuses days that do not exist', () => {
    expect(normaliseDay('2027-03-31', 'd')).toBe('2027-03-31');
    expect(normaliseDay('5/9/2026', 'd')).toBe('2026-09-05');
    expect(normaliseDay('', 'd')).toBeNull();
    expect(() => normaliseDay('2026-02-29', 'd')).toThrow('not a day of the calendar');
    expect(() => normaliseDay('31/04/2026', 'd')).toThrow('not a day of the calendar');
    expect(() => normaliseDay('2026/01/01', 'd')).toThrow('YYYY-MM-DD');
  });

  it('refuses stream URLs with credentials without echoing them, and schemes that do not fit the protocol', () => {
    let message = '';
    try {
      normaliseStreamUrl(CameraStreamProtocol.RTSP, 'rtsp://admin:Hunter2!@10.0.0.5/live');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/must not contain credentials/);
    expect(message).not.toContain('Hunter2');
    expect(() => normaliseStreamUrl(CameraStreamProtocol.HLS, 'rtsp://10.0.0.5/live')).toThrow(
      'starts with http:// or https://',
    );
    expect(normaliseStreamUrl(CameraStreamProtocol.HLS, 'https://cam.example/live/index.m3u8')).toBe(
      'https://cam.example/live/index.m3u8',
    );
  });
});
