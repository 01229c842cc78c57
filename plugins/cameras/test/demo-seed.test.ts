import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { camerasPlugin, devices } from '..';
import { runCamerasDemoSeed } from '../seeds/demo-devices.seed';
import { CameraCoverageDocument } from '../../../test/graphql/generated';

/**
 * The demo seed cameras.demo-devices on top of staff.demo-quang-ninh, seen through the API by the
 * realm's demo users: equipment at every desk, one desk without a camera, one ward without sound,
 * encrypted credentials, cameras that the probe honestly finds offline.
 */
describe('demo seed cameras.demo-devices', () => {
  let t: TestApp;
  let applied: string[];
  let itAdmin: string;
  let leader: string;
  let provinceId: string;

  const DEVICES = `query($filter: DeviceFilterInput) { devices(filter: $filter, first: 100) { totalCount nodes {
      assetTag type status vendor model serial purchaseDate warrantyEndsOn warrantyExpired streamProtocol streamUrl recordsAudio hasCredentials
      agency { electronicId } desk { code } custodian { username } } } }`;
  const devicesOf = async (token: string, filter: Record<string, unknown> = {}) =>
    (await t.query(DEVICES, { filter }, { token })).devices;

  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, camerasPlugin],
      env: {
        CAMERAS_PROBE_SCHEDULE: 'off',
        CAMERAS_PROBE_FAILURE_THRESHOLD: '1',
        CAMERAS_PROBE_TIMEOUT_MS: '1000',
      },
    });
    // Without the staff demo, the seed does nothing (and says so).
    const ctx = t.app.systemContext();
    await ctx.transactional(() => runCamerasDemoSeed(ctx));
    expect((await t.sql(`select count(*)::int as n from cameras_device`))[0].n).toBe(0);

    applied = await t.app.runSeeds({ demo: true });
    itAdmin = t.token('it-admin', ['it-admin']);
    leader = t.token('leader', ['leader']);
    provinceId = (
      await t.sql<{ id: string }>(`select id from staff_unit where code = '22' and valid_from = '2025-07-01'`)
    )[0].id;
  });
  afterAll(() => t.close());

  it('runs after the staff demo, once: a second run changes nothing', async () => {
    expect(applied.indexOf('cameras.demo-devices')).toBeGreaterThan(applied.indexOf('staff.demo-quang-ninh'));
    const before =
      await t.sql(`select count(*)::int as devices, (select count(*)::int from cameras_placement) as moves,
      (select count(*)::int from cameras_maintenance) as repairs from cameras_device`);
    expect(await t.app.runSeeds({ demo: true })).toEqual([]);
    expect(
      await t.sql(`select count(*)::int as devices, (select count(*)::int from cameras_placement) as moves,
      (select count(*)::int from cameras_maintenance) as repairs from cameras_device`),
    ).toEqual(before);
  });

  it('equips every desk of the province for the IT administrator: computer, scanner, printer, tablet; a queue machine per centre', async () => {
    const all = await devicesOf(itAdmin);
    const count = (type: string) => all.nodes.filter((d: any) => d.type === type).length;
    // 15 desks in 6 one-stop centres; a spare computer, a retired printer and a lookup kiosk besides.
    expect({
      total: all.totalCount,
      COMPUTER: count('COMPUTER'),
      SCANNER: count('SCANNER'),
      PRINTER: count('PRINTER'),
      SATISFACTION_TABLET: count('SATISFACTION_TABLET'),
      QUEUE_MACHINE: count('QUEUE_MACHINE'),
      LOOKUP_KIOSK: count('LOOKUP_KIOSK'),
      CAMERA: count('CAMERA'),
    }).toEqual({
      total: 83,
      COMPUTER: 16,
      SCANNER: 15,
      PRINTER: 16,
      SATISFACTION_TABLET: 15,
      QUEUE_MACHINE: 6,
      LOOKUP_KIOSK: 1,
      CAMERA: 14,
    });
    const pc = all.nodes.find((d: any) => d.assetTag === 'QN-HONGGAI-Q01-PC');
    expect(pc).toMatchObject({
      type: 'COMPUTER',
      status: 'IN_SERVICE',
      vendor: 'HP',
      model: 'ProDesk 400 G9 SFF',
      purchaseDate: '2025-08-20',
      warrantyEndsOn: '2028-08-19',
      warrantyExpired: false,
      agency: { electronicId: '000.01.41.H49' },
      desk: { code: '01' },
      custodian: { username: 'one-stop-officer' },
    });
    expect(pc.serial).toMatch(/^4CE3[0-9A-Z]{6}$/);
    expect(new Set(all.nodes.map((d: any) => d.serial)).size).toBe(all.totalCount);
    expect(all.nodes.find((d: any) => d.assetTag === 'QN-TTHCC-Q02-SCAN')).toMatchObject({
      vendor: 'Fujitsu',
      model: 'fi-7160',
      warrantyExpired: true,
    });
    expect(all.nodes.find((d: any) => d.assetTag === 'QN-CAMPHA-Q02-TAB').status).toBe('UNDER_REPAIR');
    expect(all.nodes.find((d: any) => d.assetTag === 'QN-TTHCC-PRN-CU01').status).toBe('RETIRED');
  });

  it('a ward leader sees only the devices of their ward', async () => {
    const mine = await devicesOf(leader);
    expect(mine.totalCount).toBe(17); // 3 desks x 5, the queue machine and the spare computer
    expect(new Set(mine.nodes.map((d: any) => d.agency.electronicId))).toEqual(new Set(['000.01.41.H49']));
    const other = await t.request(
      `query { deviceByAssetTag(assetTag: "QN-BAICHAY-Q01-PC") { id } }`,
      {},
      { token: leader },
    );
    expect(other.errors).toBeUndefined();
    expect(other.data?.deviceByAssetTag).toBeNull();
  });

  it('cameras stream from local ports, record sound except in Đông Triều, and have encrypted credentials', async () => {
    const cameras = (await devicesOf(itAdmin, { type: 'CAMERA' })).nodes;
    expect(cameras).toHaveLength(14);
    for (const camera of cameras) {
      expect(camera.streamUrl).toMatch(/^(rtsp|http):\/\/127\.0\.0\.1:255\d\d\//);
      expect(camera.hasCredentials).toBe(true);
      expect(camera.recordsAudio).toBe(camera.agency.electronicId !== '000.01.43.H49');
    }
    expect(new Set(cameras.map((c: any) => new URL(c.streamUrl).port)).size).toBe(14);
    expect(cameras.find((c: any) => c.assetTag === 'QN-CAMPHA-Q01-CAM')).toMatchObject({
      streamProtocol: 'ONVIF',
      streamUrl: expect.stringMatching(/\/onvif\/device_service$/),
    });
    const stored = await t.sql<{ id: string; credentials_cipher: string }>(
      `select id, credentials_cipher from cameras_device where type = 'CAMERA'`,
    );
    for (const row of stored) {
      expect(row.credentials_cipher).toMatch(/^v1:/);
      expect(row.credentials_cipher).not.toContain('xemtructuyen');
    }
    // The configured key opens them (as a stream gateway inside the platform would).
    const login = await devices.credentialsFor(t.app.systemContext(), stored[0].id);
    expect(login).toEqual({
      username: 'xemtructuyen',
      password: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
    });
  });

  it('keeps history: a camera received into the store and mounted later, and a maintenance log', async () => {
    const camera = (
      await t.query(
        `{ deviceByAssetTag(assetTag: "QN-CAMPHA-Q01-CAM") { status desk { code }
        placementHistory { reason actorName toCentre { name } toDesk { code } note } } }`,
        {},
        { token: itAdmin },
      )
    ).deviceByAssetTag;
    expect(camera.status).toBe('IN_SERVICE');
    expect(camera.placementHistory.map((p: any) => [p.reason, p.toDesk?.code ?? null, p.actorName])).toEqual([
      ['MOVED', '01', 'Hoàng Minh Tuấn'],
      ['CREATED', null, 'Hoàng Minh Tuấn'],
    ]);
    const scanner = (
      await t.query(
        `{ deviceByAssetTag(assetTag: "QN-TTHCC-Q02-SCAN") { maintenanceLog { performedOn fault repair costVnd vendor recordedBy } } }`,
        {},
        { token: itAdmin },
      )
    ).deviceByAssetTag;
    expect(scanner.maintenanceLog).toEqual([
      expect.objectContaining({
        performedOn: '2024-09-12',
        costVnd: 1_850_000,
        recordedBy: 'Hoàng Minh Tuấn',
      }),
    ]);
  });

  it('coverage shows the gaps: Bãi Cháy desk 02 has no camera, Cẩm Phả desk 02 has its tablet under repair', async () => {
    const coverage = (
      await t.query(CameraCoverageDocument, { unitId: provinceId, incompleteOnly: true }, { token: itAdmin })
    ).cameraCoverage;
    expect(coverage.camerasInService).toBe(14);
    expect(coverage.desks.total).toBe(15);
    expect(coverage.outOfWarrantyCount).toBeGreaterThan(10);
    expect(
      coverage.deskEquipment.map((d) => [d.unit?.name, d.desk.code, d.missing.map((m) => m.type)]).sort(),
    ).toEqual([
      ['Phường Bãi Cháy', '02', ['CAMERA']],
      ['Phường Cẩm Phả', '02', ['SATISFACTION_TABLET']],
    ]);

    // Nothing listens on the demo ports: a probe round finds every camera offline.
    const round = await t.query(
      `mutation { requestDeviceProbe(input: {}) { deviceCount } }`,
      {},
      { token: itAdmin },
    );
    expect(round.requestDeviceProbe.deviceCount).toBeGreaterThanOrEqual(14);
    await t.runJobs();
    const probed = (await t.query(CameraCoverageDocument, { unitId: provinceId }, { token: itAdmin }))
      .cameraCoverage;
    expect(probed).toMatchObject({ camerasOnline: 0, desks: { covered: 0, total: 15 } });
    expect(probed.offlineCameras).toHaveLength(14);
  });
});
