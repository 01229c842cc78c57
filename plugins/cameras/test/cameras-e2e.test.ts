import net from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  burstPastThePool,
  createTestApp,
  startTestSmtpServer,
  TestApp,
  GraphQLResponse,
  Operation,
  Variables,
} from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { camerasPlugin, verifyViewingGrant } from '..';
import { digestAccepts, digestChallenge } from './rtsp-digest';
import {
  CameraCoverageDocument,
  CreateDeviceDocument,
  type CreateDeviceInput,
  CreateOfficialDocument,
  SetCameraCredentialsDocument,
  UpdateOfficialDocument,
} from '../../../test/graphql/generated';

/**
 * The "done when": cameras at desks in two communes, one camera's server goes silent, the
 * probe marks it offline and the IT contact receives the alert, the coverage query shows the drop, a
 * provincial leader obtains a viewing grant while an officer of the other commune is refused, and no
 * response or log line contains the camera password.
 */

const PASSWORD = 'Cam#Secret-7f3a9Q';
const GRANT_KEY = randomBytes(32);
const IT_EMAIL = 'duclm@halong.quangninh.gov.vn';

/**
 * A camera's RTSP service on loopback: answers OPTIONS with 200 until closed (after Digest
 * authentication when it has credentials, as real cameras do); can come back on the same port.
 */
class RtspCamera {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly credentials: { username: string; password: string } | null = null) {}

  async start(): Promise<this> {
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {});
      const nonce = randomBytes(8).toString('hex');
      socket.on('data', (chunk) => {
        const request = chunk.toString();
        const cseq = /CSeq: (\d+)/.exec(request)?.[1] ?? '0';
        if (
          this.credentials &&
          !digestAccepts(/Authorization: (.*)\r\n/.exec(request)?.[1], nonce, 'Hikvision', this.credentials)
        ) {
          socket.write(digestChallenge(cseq, nonce, 'Hikvision'));
          return;
        }
        socket.write(
          `RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n`,
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

/** Accepts connections and never says a word: an RTSP service that hangs (and a plain TCP service). */
async function silentServer() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('cameras end to end: two communes, a camera goes silent, leaders watch, nothing leaks', () => {
  let t: TestApp;
  let w: StaffWorld;
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  const logLines: string[] = [];
  const responses: string[] = [];
  // Camera A asks for the credentials the IT admin stores (Digest), camera B for none.
  const camA = new RtspCamera({ username: 'admin', password: PASSWORD });
  const camB = new RtspCamera();
  let cameraA: { id: string; assetTag: string };
  let cameraB: { id: string; assetTag: string };
  let hangingCamera: { id: string };
  let printer: { id: string };
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let leaderB: { id: string; token: string };

  /** Every response is kept, to prove none of them carries the password. */
  async function gql<T = any, V extends Variables = Variables>(
    query: Operation<T, V>,
    variables: V,
    token: string,
  ): Promise<GraphQLResponse<T>> {
    const result = await t.request(query, variables, { token });
    responses.push(JSON.stringify({ data: result.data, errors: result.errors }));
    return result;
  }
  async function ok<T = any, V extends Variables = Variables>(
    query: Operation<T, V>,
    variables: V,
    token: string,
  ): Promise<T> {
    const result = await gql(query, variables, token);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data!;
  }
  // A platform-wide round (a ward's IT admin probes only the ward's devices, tested below).
  const PROBE = `mutation($input: RequestDeviceProbeInput!) { requestDeviceProbe(input: $input) { deviceCount } }`;
  const probeNow = async () => {
    await ok(PROBE, { input: {} }, w.adminToken);
    await t.runJobs();
  };
  const COVERAGE = CameraCoverageDocument;
  const HEALTH = `query($id: ID!) { device(id: $id) { health { state consecutiveFailures lastError stateSince lastSeenAt }
    healthTransitions { fromState toState detail } } }`;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    await camA.start();
    await camB.start();
    silent = await silentServer();
    t = await createTestApp({
      plugins: [staffPlugin, camerasPlugin],
      env: {
        SMTP_URL: smtp.url,
        LOG_LEVEL: 'debug',
        CAMERAS_PROBE_FAILURE_THRESHOLD: '2',
        CAMERAS_PROBE_TIMEOUT_MS: '500',
        CAMERAS_GRANT_KEY: GRANT_KEY.toString('base64'),
        CAMERAS_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      },
      logDestination: {
        write: (line) => {
          logLines.push(line);
        },
      },
    });
    w = await arrangeStaffWorld(t);
    await ok(UpdateOfficialDocument, { input: { id: w.itAdminA.id, email: IT_EMAIL } }, w.adminToken);
    const created = await ok(
      CreateOfficialDocument,
      {
        input: {
          fullName: 'Vũ Thị Hoa',
          position: 'LEADER',
          postings: [{ agencyId: w.agencyB.id }],
          roles: [{ role: 'leader', unitId: w.communeB.id }],
        },
      },
      w.adminToken,
    );
    leaderB = { id: created.createOfficial.id, token: t.token(created.createOfficial.username, ['leader']) };
  });

  afterAll(async () => {
    await t?.close();
    await camA.stop();
    await camB.stop();
    await silent.close();
    await smtp?.close();
  });

  const CREATE = CreateDeviceDocument;
  const camera = (
    assetTag: string,
    deskId: string,
    port: number,
    recordsAudio: boolean,
  ): CreateDeviceInput => ({
    assetTag,
    type: 'CAMERA',
    vendor: 'Hikvision',
    model: 'DS-2CD2143G2-IU',
    placement: { deskId },
    camera: { protocol: 'RTSP', streamUrl: `rtsp://127.0.0.1:${port}/Streaming/Channels/101`, recordsAudio },
  });

  it('places a camera at the one-stop desk of each commune, each IT admin within their scope', async () => {
    const a = (
      await ok(CREATE, { input: camera('qn-hl-cam-01', w.deskA.id, camA.port, true) }, w.itAdminA.token)
    ).createDevice;
    expect(a).toMatchObject({
      assetTag: 'QN-HL-CAM-01',
      status: 'IN_SERVICE',
      recordsAudio: true,
      hasCredentials: false,
      unit: { name: 'Phường Hạ Long' },
      desk: { code: '01' },
      watchedDesk: { code: '01' },
    });
    cameraA = a;
    const outside = await gql(
      CREATE,
      { input: camera('QN-BC-CAM-01', w.deskB.id, camB.port, false) },
      w.itAdminA.token,
    );
    expect(outside.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    cameraB = (
      await ok(CREATE, { input: camera('QN-BC-CAM-01', w.deskB.id, camB.port, false) }, w.adminToken)
    ).createDevice;
    expect(cameraB).toMatchObject({ unit: { name: 'Phường Bãi Cháy' }, recordsAudio: false });
    // A second camera in Bãi Cháy whose RTSP service accepts and then hangs, and a networked printer.
    hangingCamera = (
      await ok(CREATE, { input: camera('QN-BC-CAM-02', w.deskB.id, silent.port, false) }, w.adminToken)
    ).createDevice;
    printer = (
      await ok(
        CREATE,
        {
          input: {
            assetTag: 'QN-HL-PRN-01',
            type: 'PRINTER',
            host: '127.0.0.1',
            port: silent.port,
            placement: { deskId: w.deskA.id },
          },
        },
        w.itAdminA.token,
      )
    ).createDevice;
  });

  it('stores the stream password encrypted; the API only says that credentials exist', async () => {
    const data = await ok(
      SetCameraCredentialsDocument,
      { input: { cameraId: cameraA.id, username: 'admin', password: PASSWORD } },
      w.itAdminA.token,
    );
    expect(data.setCameraCredentials.hasCredentials).toBe(true);
    const [row] = await t.sql(`select credentials_cipher from cameras_device where id = $1`, [cameraA.id]);
    expect(row.credentials_cipher).toMatch(/^v1:/);
    expect(row.credentials_cipher).not.toContain(PASSWORD);
    // The platform itself (a stream gateway) can read it back; nobody else can.
    const { devices } = await import('..');
    expect(await devices.credentialsFor(t.app.systemContext(), cameraA.id)).toEqual({
      username: 'admin',
      password: PASSWORD,
    });
    const officerView = await gql(
      `query($id: ID!) { device(id: $id) { credentials } }`,
      { id: cameraA.id },
      w.officerA.token,
    );
    expect(officerView.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const [audit] = await t.sql(
      `select after from core_audit_entry where action = 'cameras.camera.credentials.set' and entity_id = $1`,
      [cameraA.id],
    );
    expect(audit.after).toEqual({ hasCredentials: true, credentialsChanged: true });
  });

  it('the first probe: answering cameras and the printer online, the hanging camera not yet decided', async () => {
    await probeNow();
    const health = (await ok(HEALTH, { id: cameraA.id }, w.itAdminA.token)).device;
    expect(health.health).toMatchObject({ state: 'ONLINE', consecutiveFailures: 0, lastError: null });
    expect(health.healthTransitions).toEqual([{ fromState: null, toState: 'ONLINE', detail: null }]);
    expect((await ok(HEALTH, { id: printer.id }, w.itAdminA.token)).device.health).toMatchObject({
      state: 'ONLINE',
    });
    expect((await ok(HEALTH, { id: hangingCamera.id }, w.adminToken)).device).toEqual({
      health: expect.objectContaining({
        state: null,
        consecutiveFailures: 1,
        lastError: 'no answer within 500 ms',
        lastSeenAt: null,
      }),
      healthTransitions: [],
    });
    const coverage = (await ok(COVERAGE, { unitId: w.province.id }, w.leaderP.token)).cameraCoverage;
    expect(coverage).toMatchObject({
      desks: { covered: 2, total: 2, percent: 100 },
      communes: { covered: 2, total: 2, rate: 1, percent: 100 },
      uncoveredCommunes: [],
      camerasInService: 3,
      camerasOnline: 2,
      offlineCameras: [],
    });
  });

  it('one camera goes silent: offline only after the failure threshold, then the IT contact is alerted once', async () => {
    await camA.stop();
    await probeNow();
    let health = (await ok(HEALTH, { id: cameraA.id }, w.itAdminA.token)).device;
    expect(health.health).toMatchObject({
      state: 'ONLINE',
      consecutiveFailures: 1,
      lastError: 'ECONNREFUSED',
    });
    // The hanging camera reached the threshold: OFFLINE, but Bãi Cháy has no IT contact with an email.
    expect((await ok(HEALTH, { id: hangingCamera.id }, w.adminToken)).device.healthTransitions).toEqual([
      { fromState: null, toState: 'OFFLINE', detail: '2 failed probes; last: no answer within 500 ms' },
    ]);
    expect(logLines.some((l) => l.includes('no IT contact with an email for this unit'))).toBe(true);
    expect(smtp.messages).toHaveLength(0);

    await probeNow();
    health = (await ok(HEALTH, { id: cameraA.id }, w.itAdminA.token)).device;
    expect(health.health).toMatchObject({
      state: 'OFFLINE',
      consecutiveFailures: 2,
      lastError: 'ECONNREFUSED',
    });
    expect(health.healthTransitions[0]).toEqual({
      fromState: 'ONLINE',
      toState: 'OFFLINE',
      detail: '2 failed probes; last: ECONNREFUSED',
    });
    expect(new Date(health.health.stateSince).getTime()).toBeGreaterThan(
      new Date(health.health.lastSeenAt).getTime(),
    );

    const alert = await smtp.waitFor((m) => m.subject.includes('QN-HL-CAM-01'));
    expect(alert.to).toEqual([IT_EMAIL]);
    expect(alert.subject).toBe(
      '[Cảnh báo] Camera QN-HL-CAM-01 (DS-2CD2143G2-IU) mất kết nối – Phường Hạ Long',
    );
    expect(alert.text).toContain('Quầy số 01, Bộ phận một cửa, UBND phường Hạ Long, Phường Hạ Long');
    expect(alert.text).toContain('/thiet-bi/QN-HL-CAM-01');
    expect(alert.raw).not.toContain(PASSWORD);

    await probeNow();
    expect(smtp.messages).toHaveLength(1);
    const cameraBHealth = (await ok(HEALTH, { id: cameraB.id }, w.adminToken)).device.health;
    expect(cameraBHealth.state).toBe('ONLINE');
  });

  it('the coverage query shows the drop, and the camera offline since its first failed probe', async () => {
    const coverage = (await ok(COVERAGE, { unitId: w.province.id }, w.leaderP.token)).cameraCoverage;
    expect(coverage).toMatchObject({
      desks: { covered: 1, total: 2, percent: 50 },
      communes: { covered: 1, total: 2, rate: 0.5, percent: 50 },
      uncoveredCommunes: [{ name: 'Phường Hạ Long' }],
      camerasInService: 3,
      camerasOnline: 1,
    });
    const health = (await ok(HEALTH, { id: cameraA.id }, w.itAdminA.token)).device.health;
    const hanging = (await ok(HEALTH, { id: hangingCamera.id }, w.adminToken)).device.health;
    expect(coverage.offlineCameras).toEqual([
      {
        camera: { assetTag: 'QN-BC-CAM-02' },
        since: hanging.stateSince,
        lastSeenAt: null,
        offlineSeconds: expect.any(Number),
      },
      {
        camera: { assetTag: 'QN-HL-CAM-01' },
        since: health.stateSince,
        lastSeenAt: health.lastSeenAt,
        offlineSeconds: expect.any(Number),
      },
    ]);
    const communeB = (await ok(COVERAGE, { unitId: w.communeB.id }, leaderB.token)).cameraCoverage;
    expect(communeB.communes).toEqual({ covered: 1, total: 1, rate: 1, percent: 100 });
    const outside = await gql(COVERAGE, { unitId: w.communeA.id }, leaderB.token);
    expect(outside.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  const GRANT = `mutation($input: RequestCameraViewingGrantInput!) { requestCameraViewingGrant(input: $input) {
    token expiresAt streamUrl streamProtocol audio camera { assetTag } } }`;

  it('a leader of the province obtains a signed, short-lived viewing grant, and the trail records it', async () => {
    const before = Date.now();
    const grant = (await ok(GRANT, { input: { cameraId: cameraA.id } }, w.leaderP.token))
      .requestCameraViewingGrant;
    expect(grant).toMatchObject({
      streamUrl: `rtsp://127.0.0.1:${camA.port}/Streaming/Channels/101`,
      streamProtocol: 'RTSP',
      audio: true,
      camera: { assetTag: 'QN-HL-CAM-01' },
    });
    const claims = verifyViewingGrant(grant.token, GRANT_KEY, { cameraId: cameraA.id });
    expect(claims).toMatchObject({
      v: 1,
      cam: cameraA.id,
      sub: `kc-${w.leaderP.username}`,
      usr: w.leaderP.username,
      off: w.leaderP.id,
      audio: true,
    });
    expect(claims.exp - claims.iat).toBe(300);
    expect(new Date(grant.expiresAt).getTime()).toBeGreaterThanOrEqual(before + 299_000);
    expect(grant.token).not.toContain(PASSWORD);

    const audit = await t.sql(
      `select actor_subject, unit_id, after from core_audit_entry where action = 'cameras.camera.watch' and entity_id = $1`,
      [cameraA.id],
    );
    expect(audit).toEqual([
      {
        actor_subject: `kc-${w.leaderP.username}`,
        unit_id: w.communeA.id,
        after: expect.objectContaining({
          assetTag: 'QN-HL-CAM-01',
          officialId: w.leaderP.id,
          nonce: claims.nonce,
        }),
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain(grant.token.split('.')[2]);
  });

  it('an officer of the other commune is refused, and a leader of the other commune does not even see it', async () => {
    const officer = await gql(GRANT, { input: { cameraId: cameraA.id } }, w.officerB.token);
    expect(officer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(officer.data).toBeNull();
    const otherLeader = await gql(GRANT, { input: { cameraId: cameraA.id } }, leaderB.token);
    expect(otherLeader.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const own = (await ok(GRANT, { input: { cameraId: cameraB.id } }, leaderB.token))
      .requestCameraViewingGrant;
    expect(verifyViewingGrant(own.token, GRANT_KEY, { cameraId: cameraB.id })).toMatchObject({
      audio: false,
    });
    const itAdmin = await gql(GRANT, { input: { cameraId: cameraA.id } }, w.itAdminA.token);
    expect(itAdmin.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const watched = await t.sql(
      `select count(*)::int as n from core_audit_entry where action = 'cameras.camera.watch'`,
    );
    expect(watched[0].n).toBe(2);
  });

  it('more simultaneous grant requests than pooled connections all succeed: the mutation reads only in its transaction', async () => {
    const results = await burstPastThePool(t.databaseUrl, 'cameras_device', () =>
      t.request(GRANT, { input: { cameraId: cameraB.id } }, { token: leaderB.token }),
    );
    expect(results).not.toBe('stuck');
    for (const result of results as GraphQLResponse[]) expect(result.errors).toBeUndefined();
    for (const result of results as GraphQLResponse[])
      expect(verifyViewingGrant(result.data!.requestCameraViewingGrant.token, GRANT_KEY).off).toBe(
        leaderB.id,
      );
  });

  it('the camera comes back: online again and a recovery mail follows', async () => {
    await camA.start();
    await probeNow();
    const health = (await ok(HEALTH, { id: cameraA.id }, w.itAdminA.token)).device;
    expect(health.health).toMatchObject({ state: 'ONLINE', consecutiveFailures: 0 });
    expect(health.healthTransitions.map((h: any) => `${h.fromState}->${h.toState}`)).toEqual([
      'OFFLINE->ONLINE',
      'ONLINE->OFFLINE',
      'null->ONLINE',
    ]);
    const recovery = await smtp.waitFor((m) => m.subject.startsWith('[Khôi phục]'));
    expect(recovery.to).toEqual([IT_EMAIL]);
    expect(recovery.subject).toContain('QN-HL-CAM-01');
    const coverage = (await ok(COVERAGE, { unitId: w.province.id }, w.leaderP.token)).cameraCoverage;
    expect(coverage.communes).toMatchObject({ covered: 2, total: 2 });
  });

  it("a ward's IT admin probes the ward's devices only; a platform-wide round needs a platform-wide scope", async () => {
    const lastSeen = async (id: string) =>
      (await ok(HEALTH, { id }, w.adminToken)).device.health.lastSeenAt as string;
    const [a0, b0] = [await lastSeen(cameraA.id), await lastSeen(cameraB.id)];
    await new Promise((r) => setTimeout(r, 20));
    const ward = (await ok(PROBE, { input: {} }, w.itAdminA.token)).requestDeviceProbe;
    expect(ward.deviceCount).toBeGreaterThan(0);
    const queued = await t.sql(
      `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
        where k.identifier = 'cameras.probe'`,
    );
    expect(queued).toHaveLength(1);
    expect(queued[0].payload.unitIds.length + queued[0].payload.agencyIds.length).toBeGreaterThan(0);
    await t.runJobs();
    const [a1, b1] = [await lastSeen(cameraA.id), await lastSeen(cameraB.id)];
    expect(new Date(a1).getTime()).toBeGreaterThan(new Date(a0).getTime());
    expect(b1).toBe(b0); // Bãi Cháy's camera was not touched
    // Someone without the permission anywhere is refused.
    const refused = await gql(PROBE, { input: {} }, w.officerA.token);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Named devices: each must be one the caller manages (another ward's is NOT_FOUND, nothing queued).
    const outside = await gql(PROBE, { input: { deviceIds: [cameraA.id, cameraB.id] } }, w.itAdminA.token);
    expect(outside.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const malformed = await gql(PROBE, { input: { deviceIds: ['abc'] } }, w.itAdminA.token);
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deviceIds[0]' });
    const empty = await gql(PROBE, { input: { deviceIds: [] } }, w.itAdminA.token);
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deviceIds' });
    const probes = () =>
      t.sql(
        `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
          where k.identifier = 'cameras.probe'`,
      );
    expect(await probes()).toEqual([]);
    const a2 = await lastSeen(cameraA.id);
    await new Promise((r) => setTimeout(r, 20));
    const one = (await ok(PROBE, { input: { deviceIds: [cameraA.id] } }, w.itAdminA.token))
      .requestDeviceProbe;
    expect(one).toEqual({ deviceCount: 1 });
    const named = await probes();
    expect(named.map((r: any) => r.payload)).toEqual([{ deviceIds: [cameraA.id] }]);
    await t.runJobs();
    expect(new Date(await lastSeen(cameraA.id)).getTime()).toBeGreaterThan(new Date(a2).getTime());
    expect(await lastSeen(cameraB.id)).toBe(b0);
    // The platform administrator's round reaches every device.
    await probeNow();
    expect(new Date(await lastSeen(cameraB.id)).getTime()).toBeGreaterThan(new Date(b0).getTime());
  });

  it('no response, log line, audit entry or queued job ever contained the camera password', async () => {
    expect(responses.length).toBeGreaterThan(20);
    expect(logLines.length).toBeGreaterThan(20);
    // The capture works: the log holds the probe's own lines and the credentials request.
    expect(logLines.some((l) => l.includes('device health changed'))).toBe(true);
    expect(logLines.some((l) => l.includes('"method":"POST"'))).toBe(true);
    for (const text of [...responses, ...logLines]) expect(text).not.toContain(PASSWORD);
    const audit = await t.sql(`select before, after from core_audit_entry`);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    const jobs = await t.sql(`select payload from graphile_worker._private_jobs`);
    expect(JSON.stringify(jobs)).not.toContain(PASSWORD);
    for (const mail of smtp.messages) expect(mail.raw).not.toContain(PASSWORD);
  });
});
