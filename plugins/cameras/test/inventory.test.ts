import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import QRCode from 'qrcode';
import {
  burstPastThePool,
  createTestApp,
  GraphQLResponse,
  Operation,
  TestApp,
  Variables,
} from '../../../test/harness';
import { staffPlugin, UnitReorganised } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { camerasPlugin } from '..';
import { QR_OPTIONS } from '../services/labels';
import { importDevicesCommand } from '../cli/import-devices';
import {
  ApplyReorganisationDocument,
  CameraCoverageDocument,
  CreateDeskDocument,
  UpdateDeviceDocument,
} from '../../../test/graphql/generated';

/** Inventory through the API: placement and scope, filters, moves, maintenance, QR labels, CSV import, re-homing. */
describe('device inventory', () => {
  let t: TestApp;
  let w: StaffWorld;
  let deskA2: { id: string };
  let centreA: { id: string };
  const ids: Record<string, string> = {};

  const q = async <T = any, V extends Variables = Variables>(
    query: Operation<T, V>,
    variables: V,
    token: string,
  ) => t.query(query, variables, { token });
  const err = async <T, V extends Variables = Variables>(
    query: Operation<T, V>,
    variables: V,
    token: string,
  ) => {
    const result = await t.request(query, variables, { token });
    expect(result.errors).toBeDefined();
    return {
      code: result.errors![0].extensions?.code,
      field: result.errors![0].extensions?.field,
      message: result.errors![0].message,
    };
  };
  const CREATE = `mutation($input: CreateDeviceInput!) { createDevice(input: $input) { id assetTag status version unit { name } agency { name } centre { name } desk { code } } }`;
  const create = async (input: Record<string, unknown>, token = w.itAdminA.token) => {
    const device = (await q(CREATE, { input }, token)).createDevice;
    ids[device.assetTag] = device.id;
    return device;
  };
  const LIST = `query($filter: DeviceFilterInput, $first: Int, $after: String) { devices(filter: $filter, first: $first, after: $after) {
    totalCount nodes { assetTag } pageInfo { hasNextPage endCursor } } }`;
  const tags = async (filter: Record<string, unknown>, token = w.adminToken) =>
    (await q(LIST, { filter, first: 100 }, token)).devices.nodes.map((n: any) => n.assetTag);

  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, camerasPlugin],
      env: { PUBLIC_URL: 'https://dichvucong.quangninh.gov.vn' },
    });
    w = await arrangeStaffWorld(t);
    const [desk] = await t.sql(`select centre_id from staff_desk where id = $1`, [w.deskA.id]);
    centreA = { id: desk.centre_id };
    deskA2 = (
      await q(
        CreateDeskDocument,
        { input: { centreId: centreA.id, code: '02', name: 'Quầy số 02' } },
        w.adminToken,
      )
    ).createDesk;
  });
  afterAll(() => t.close());

  describe('placement, scope and validation', () => {
    it('derives the whole placement from the desk, and the status from being at a desk', async () => {
      expect(
        await create({
          assetTag: 'hl-pc-01',
          type: 'COMPUTER',
          serial: 'SN-PC-1',
          vendor: 'Dell',
          model: 'OptiPlex 7010',
          purchaseDate: '2022-03-01',
          warrantyEndsOn: '2025-03-01',
          placement: { deskId: w.deskA.id },
        }),
      ).toMatchObject({
        assetTag: 'HL-PC-01',
        status: 'IN_SERVICE',
        unit: { name: 'Phường Hạ Long' },
        agency: { name: 'UBND phường Hạ Long' },
        centre: { name: 'Bộ phận một cửa' },
        desk: { code: '01' },
      });
      await create({
        assetTag: 'HL-SCAN-01',
        type: 'SCANNER',
        vendor: 'Canon',
        model: 'DR-C225',
        warrantyEndsOn: '2030-12-31',
        placement: { deskId: w.deskA.id },
      });
      await create({
        assetTag: 'HL-PRN-01',
        type: 'PRINTER',
        vendor: 'HP',
        model: 'LaserJet M404',
        host: '10.10.1.20',
        port: 9100,
        warrantyEndsOn: '2035-01-15',
        placement: { deskId: w.deskA.id },
      });
      await create({ assetTag: 'HL-TAB-01', type: 'SATISFACTION_TABLET', placement: { deskId: w.deskA.id } });
      await create({
        assetTag: 'HL-QUEUE-01',
        type: 'QUEUE_MACHINE',
        placement: { centreId: centreA.id },
        status: 'IN_SERVICE',
      });
      expect(
        await create({ assetTag: 'HL-PC-STOCK', type: 'COMPUTER', placement: { unitId: w.communeA.id } }),
      ).toMatchObject({ status: 'IN_STOCK', agency: null, centre: null, desk: null });
      await create(
        {
          assetTag: 'BC-PC-01',
          type: 'COMPUTER',
          warrantyEndsOn: '2024-06-30',
          placement: { deskId: w.deskB.id },
        },
        w.adminToken,
      );
      await create(
        {
          assetTag: 'BC-PRN-OLD',
          type: 'PRINTER',
          warrantyEndsOn: '2020-01-01',
          status: 'RETIRED',
          placement: { agencyId: w.agencyB.id },
        },
        w.adminToken,
      );
    });

    it('refuses what is out of scope, duplicated or malformed, naming the field', async () => {
      expect(
        (
          await err(
            CREATE,
            { input: { assetTag: 'X-1', type: 'COMPUTER', placement: { deskId: w.deskB.id } } },
            w.itAdminA.token,
          )
        ).code,
      ).toBe('FORBIDDEN');
      expect(
        (
          await err(
            CREATE,
            { input: { assetTag: 'X-1', type: 'COMPUTER', placement: { deskId: w.deskA.id } } },
            w.officerA.token,
          )
        ).code,
      ).toBe('FORBIDDEN');
      expect(
        await err(
          CREATE,
          { input: { assetTag: 'hl-pc-01', type: 'COMPUTER', placement: { deskId: w.deskA.id } } },
          w.itAdminA.token,
        ),
      ).toMatchObject({ code: 'CONFLICT', message: 'Asset tag HL-PC-01 is already used' });
      const bad = async (input: Record<string, unknown>) =>
        err(
          CREATE,
          { input: { assetTag: 'X-2', type: 'COMPUTER', placement: { deskId: w.deskA.id }, ...input } },
          w.itAdminA.token,
        );
      expect(await bad({ assetTag: 'tag with spaces' })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'assetTag',
      });
      expect(await bad({ host: '10.0.0.1' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'port' });
      expect(await bad({ host: 'bad host!', port: 80 })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'host',
      });
      expect(await bad({ purchaseDate: '2024-05-01', warrantyEndsOn: '2024-04-30' })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'warrantyEndsOn',
      });
      expect(await bad({ purchaseDate: '2024-02-30' })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'purchaseDate',
      });
      expect(
        await bad({ camera: { protocol: 'RTSP', streamUrl: 'rtsp://10.0.0.5/live', recordsAudio: false } }),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'camera' });
      expect(await bad({ placement: { unitId: w.communeB.id, deskId: w.deskA.id } })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'placement.unitId',
      });
      expect(await bad({ placement: {} })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'placement' });
      const leak = await bad({
        type: 'CAMERA',
        camera: { protocol: 'RTSP', streamUrl: 'rtsp://admin:Pa55word@10.0.0.5/live', recordsAudio: false },
      });
      expect(leak).toMatchObject({ code: 'BAD_USER_INPUT', field: 'streamUrl' });
      expect(leak.message).not.toContain('Pa55word');
      // Cameras that take the login in the path or the query (XMEye "user=…&password=…", HLS "?token=…").
      for (const streamUrl of [
        'rtsp://10.0.0.5:554/user=admin&password=Pa55word&channel=1&stream=0.sdp',
        'rtsp://10.0.0.5:554/cam/realmonitor?channel=1&subtype=0&PWD=Pa55word',
        'https://10.0.0.5/hls/live.m3u8?token=Pa55word',
        // Any part, any case: query, fragment, path, encoded names.
        'rtsp://10.0.0.5:554/live?u=admin&p=Pa55word',
        'rtsp://10.0.0.5:554/live?channel=1&P=Pa55word',
        'https://10.0.0.5/videostream.cgi?loginuse=admin&loginpas=Pa55word',
        'https://10.0.0.5/videostream.cgi?LoginUse=admin&LoginPas=Pa55word',
        'https://10.0.0.5/hls/live.m3u8#user=admin&pass=Pa55word',
        'rtsp://10.0.0.5:554/Password=Pa55word/ch1',
        'rtsp://10.0.0.5:554/live?%70=Pa55word',
        'rtsp://10.0.0.5:554/live?USER=admin',
        'rtsp://:Pa55word@10.0.0.5/live',
      ]) {
        const inUrl = await bad({
          type: 'CAMERA',
          camera: { protocol: streamUrl.startsWith('rtsp') ? 'RTSP' : 'HLS', streamUrl, recordsAudio: false },
        });
        expect(inUrl).toMatchObject({ code: 'BAD_USER_INPUT', field: 'streamUrl' });
        expect(inUrl.message).not.toContain('Pa55word');
      }
      const [{ n }] = await t.sql(`select count(*)::int as n from cameras_device where asset_tag like 'X-%'`);
      expect(n).toBe(0);
    });

    it('lists only devices in scope; a device outside it is null, even by id or asset tag', async () => {
      expect(await tags({}, w.officerB.token)).toEqual(['BC-PC-01', 'BC-PRN-OLD']);
      expect(await tags({}, w.officerA.token)).toEqual([
        'HL-PC-01',
        'HL-PC-STOCK',
        'HL-PRN-01',
        'HL-QUEUE-01',
        'HL-SCAN-01',
        'HL-TAB-01',
      ]);
      expect((await q(LIST, {}, w.leaderP.token)).devices.totalCount).toBe(8);
      expect(
        (
          await q(
            `query($id: ID!) { device(id: $id) { assetTag } }`,
            { id: ids['HL-PC-01'] },
            w.officerB.token,
          )
        ).device,
      ).toBeNull();
      expect(
        (await q(`query { deviceByAssetTag(assetTag: "HL-PC-01") { id } }`, {}, w.officerB.token))
          .deviceByAssetTag,
      ).toBeNull();
      const change = `mutation($input: UpdateDeviceInput!) { updateDevice(input: $input) { id } }`;
      expect((await err(change, { input: { id: ids['BC-PC-01'], notes: 'x' } }, w.itAdminA.token)).code).toBe(
        'NOT_FOUND',
      );
      const anonymous = await t.request(LIST, {});
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('a malformed id is BAD_USER_INPUT naming its field; a well-formed unknown one is null or NOT_FOUND', async () => {
      const MALFORMED = 'not-a-uuid';
      const UNKNOWN = '00000000-0000-4000-8000-000000000000';
      const DEVICE = `query($id: ID!) { device(id: $id) { id } }`;
      expect(await err(DEVICE, { id: MALFORMED }, w.adminToken)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'id',
      });
      expect((await q(DEVICE, { id: UNKNOWN }, w.adminToken)).device).toBeNull();
      expect(await err(LIST, { filter: { withinUnitId: MALFORMED } }, w.adminToken)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'withinUnitId',
      });
      // Every change loads its device once, through one loader that names the field the id came in.
      const cases: Array<[string, (id: string) => Variables, string, string]> = [
        [
          `mutation($input: UpdateDeviceInput!) { updateDevice(input: $input) { id } }`,
          (id) => ({ input: { id, notes: 'x' } }),
          'id',
          w.itAdminA.token,
        ],
        [
          `mutation($input: MoveDeviceInput!) { moveDevice(input: $input) { id } }`,
          (id) => ({ input: { id, placement: { deskId: w.deskA.id } } }),
          'id',
          w.itAdminA.token,
        ],
        [
          `mutation($input: RecordDeviceMaintenanceInput!) { recordDeviceMaintenance(input: $input) { fault } }`,
          (id) => ({ input: { deviceId: id, fault: 'x' } }),
          'deviceId',
          w.itAdminA.token,
        ],
        [
          `mutation($input: SetCameraCredentialsInput!) { setCameraCredentials(input: $input) { id } }`,
          (id) => ({ input: { cameraId: id, username: 'a', password: 'b' } }),
          'cameraId',
          w.itAdminA.token,
        ],
        [
          `mutation($input: ClearCameraCredentialsInput!) { clearCameraCredentials(input: $input) { id } }`,
          (id) => ({ input: { cameraId: id } }),
          'cameraId',
          w.itAdminA.token,
        ],
        [
          `mutation($input: RequestCameraViewingGrantInput!) { requestCameraViewingGrant(input: $input) { token } }`,
          (id) => ({ input: { cameraId: id } }),
          'cameraId',
          w.leaderP.token,
        ],
      ];
      for (const [mutation, variables, field, token] of cases) {
        expect(await err(mutation, variables(MALFORMED), token)).toMatchObject({
          code: 'BAD_USER_INPUT',
          field,
        });
        expect((await err(mutation, variables(UNKNOWN), token)).code).toBe('NOT_FOUND');
      }
    });

    it('filters by type, status, unit subtree, desk, warranty and text, in pages', async () => {
      expect(await tags({ type: 'PRINTER' })).toEqual(['BC-PRN-OLD', 'HL-PRN-01']);
      expect(await tags({ types: ['SCANNER', 'QUEUE_MACHINE'] })).toEqual(['HL-QUEUE-01', 'HL-SCAN-01']);
      expect(await tags({ status: 'IN_STOCK' })).toEqual(['HL-PC-STOCK']);
      expect(await tags({ status: 'RETIRED' })).toEqual(['BC-PRN-OLD']);
      expect(await tags({ withinUnitId: w.communeB.id })).toEqual(['BC-PC-01', 'BC-PRN-OLD']);
      expect(await tags({ withinUnitId: w.province.id })).toHaveLength(8);
      expect(await tags({ withinUnitId: w.province.id }, w.officerB.token)).toEqual([
        'BC-PC-01',
        'BC-PRN-OLD',
      ]);
      expect(await tags({ deskId: w.deskA.id })).toEqual([
        'HL-PC-01',
        'HL-PRN-01',
        'HL-SCAN-01',
        'HL-TAB-01',
      ]);
      expect(await tags({ warrantyExpiringBefore: '2025-03-02' })).toEqual([
        'BC-PC-01',
        'BC-PRN-OLD',
        'HL-PC-01',
      ]);
      expect(await tags({ warrantyExpiringBefore: '2025-03-01' })).toEqual(['BC-PC-01', 'BC-PRN-OLD']);
      expect(
        await tags({ warrantyExpiringBefore: '2035-12-31', withinUnitId: w.communeA.id, type: 'PRINTER' }),
      ).toEqual(['HL-PRN-01']);
      expect(await tags({ search: 'laserjet' })).toEqual(['HL-PRN-01']);
      expect(await tags({ search: '%' })).toEqual([]);
      expect((await err(LIST, { filter: { warrantyExpiringBefore: 'soon' } }, w.adminToken)).field).toBe(
        'warrantyExpiringBefore',
      );
      const page1 = (await q(LIST, { first: 3 }, w.adminToken)).devices;
      expect(page1).toMatchObject({
        totalCount: 8,
        nodes: [{ assetTag: 'BC-PC-01' }, { assetTag: 'BC-PRN-OLD' }, { assetTag: 'HL-PC-01' }],
        pageInfo: { hasNextPage: true },
      });
      const page3 = (
        await q(
          LIST,
          {
            first: 3,
            after: (await q(LIST, { first: 3, after: page1.pageInfo.endCursor }, w.adminToken)).devices
              .pageInfo.endCursor,
          },
          w.adminToken,
        )
      ).devices;
      expect(page3.nodes.map((n: any) => n.assetTag)).toEqual(['HL-SCAN-01', 'HL-TAB-01']);
      expect(page3.pageInfo.hasNextPage).toBe(false);
    });

    it('updates with optimistic locking; null clears an optional value', async () => {
      const UPDATE = UpdateDeviceDocument;
      const updated = (
        await q(
          UPDATE,
          {
            input: {
              id: ids['HL-PC-01'],
              version: 1,
              status: 'UNDER_REPAIR',
              serial: null,
              custodianId: w.officerA.id,
            },
          },
          w.itAdminA.token,
        )
      ).updateDevice;
      expect(updated).toMatchObject({
        version: 2,
        status: 'UNDER_REPAIR',
        serial: null,
        custodian: { fullName: 'Nguyễn Văn Hùng' },
      });
      expect(
        (await err(UPDATE, { input: { id: ids['HL-PC-01'], version: 1, notes: 'late' } }, w.itAdminA.token))
          .code,
      ).toBe('CONFLICT');
      // The custodian is shown only to those who may see officials of that unit.
      const seen = await q(
        `query($id: ID!) { device(id: $id) { custodian { fullName } } }`,
        { id: ids['HL-PC-01'] },
        w.leaderP.token,
      );
      expect(seen.device.custodian).toEqual({ fullName: 'Nguyễn Văn Hùng' });
      await q(UPDATE, { input: { id: ids['HL-PC-01'], status: 'IN_SERVICE' } }, w.itAdminA.token);
    });
  });

  describe('moves, maintenance and labels', () => {
    const HISTORY = `query($id: ID!) { device(id: $id) { desk { code } placementHistory { reason actorName note fromUnit { name } fromDesk { code } toUnit { name } toDesk { code } } } }`;

    it('records every move with where from, where to, who and when', async () => {
      const MOVE = `mutation($input: MoveDeviceInput!) { moveDevice(input: $input) { desk { code } version } }`;
      await q(
        MOVE,
        {
          input: {
            id: ids['HL-TAB-01'],
            placement: { deskId: deskA2.id },
            note: 'Quầy 02 thiếu máy đánh giá',
          },
        },
        t.token({ username: w.itAdminA.username, roles: ['it-admin'], name: 'Lê Minh Đức' }),
      );
      await q(MOVE, { input: { id: ids['HL-TAB-01'], placement: { deskId: deskA2.id } } }, w.itAdminA.token);
      const device = (await q(HISTORY, { id: ids['HL-TAB-01'] }, w.itAdminA.token)).device;
      expect(device.desk.code).toBe('02');
      expect(device.placementHistory).toEqual([
        {
          reason: 'MOVED',
          actorName: 'Lê Minh Đức',
          note: 'Quầy 02 thiếu máy đánh giá',
          fromUnit: { name: 'Phường Hạ Long' },
          fromDesk: { code: '01' },
          toUnit: { name: 'Phường Hạ Long' },
          toDesk: { code: '02' },
        },
        {
          reason: 'CREATED',
          actorName: w.itAdminA.username,
          note: null,
          fromUnit: null,
          fromDesk: null,
          toUnit: { name: 'Phường Hạ Long' },
          toDesk: { code: '01' },
        },
      ]);
      expect(
        (
          await err(
            MOVE,
            { input: { id: ids['HL-TAB-01'], placement: { deskId: w.deskB.id } } },
            w.itAdminA.token,
          )
        ).code,
      ).toBe('FORBIDDEN');
      const [{ n }] = await t.sql(
        `select count(*)::int as n from core_audit_entry where action = 'cameras.device.move' and entity_id = $1`,
        [ids['HL-TAB-01']],
      );
      expect(n).toBe(1);
    });

    it('keeps a maintenance log with costs in VND', async () => {
      const RECORD = `mutation($input: RecordDeviceMaintenanceInput!) { recordDeviceMaintenance(input: $input) { performedOn fault repair costVnd vendor recordedBy } }`;
      await q(
        RECORD,
        {
          input: {
            deviceId: ids['HL-PRN-01'],
            performedOn: '2025-10-15',
            fault: 'Kẹt giấy, hỏng trục cuốn',
            repair: 'Thay trục cuốn giấy',
            costVnd: 1_250_000,
            vendor: 'Công ty TNHH Tin học Hạ Long',
          },
        },
        w.itAdminA.token,
      );
      await q(
        RECORD,
        {
          input: {
            deviceId: ids['HL-PRN-01'],
            performedOn: '2026-02-03',
            fault: 'Mực in mờ',
            costVnd: 3_000_000_000,
          },
        },
        w.itAdminA.token,
      );
      const log = (
        await q(
          `query($id: ID!) { device(id: $id) { maintenanceLog { performedOn fault costVnd } } }`,
          { id: ids['HL-PRN-01'] },
          w.officerA.token,
        )
      ).device.maintenanceLog;
      expect(log).toEqual([
        { performedOn: '2026-02-03', fault: 'Mực in mờ', costVnd: 3_000_000_000 },
        { performedOn: '2025-10-15', fault: 'Kẹt giấy, hỏng trục cuốn', costVnd: 1_250_000 },
      ]);
      expect(
        (
          await err(
            RECORD,
            { input: { deviceId: ids['HL-PRN-01'], fault: 'x', costVnd: -5 } },
            w.itAdminA.token,
          )
        ).field,
      ).toBe('costVnd');
      expect(
        (await err(RECORD, { input: { deviceId: ids['HL-PRN-01'], fault: '   ' } }, w.itAdminA.token)).field,
      ).toBe('fault');
      expect(
        (await err(RECORD, { input: { deviceId: ids['HL-PRN-01'], fault: 'x' } }, w.officerA.token)).code,
      ).toBe('FORBIDDEN');
    });

    it('prints a QR label (PNG and SVG) that leads to the device record, found again by its asset tag', async () => {
      const data = await q(
        `query { deviceByAssetTag(assetTag: "hl-prn-01") { id label { url png svg } } }`,
        {},
        w.officerA.token,
      );
      const { url, png, svg } = data.deviceByAssetTag.label;
      expect(data.deviceByAssetTag.id).toBe(ids['HL-PRN-01']);
      expect(url).toBe('https://dichvucong.quangninh.gov.vn/thiet-bi/HL-PRN-01');
      expect(png.startsWith('data:image/png;base64,')).toBe(true);
      expect(
        Buffer.from(png.slice('data:image/png;base64,'.length), 'base64').subarray(1, 4).toString(),
      ).toBe('PNG');
      expect(svg.startsWith('<svg')).toBe(true);
      // The same symbol as the URL encodes (and not another address's).
      expect(svg).toBe(await QRCode.toString(url, { ...QR_OPTIONS, type: 'svg' }));
      expect(svg).not.toBe(await QRCode.toString(`${url}X`, { ...QR_OPTIONS, type: 'svg' }));
    });
  });

  describe('desk equipment and warranty in the coverage answer', () => {
    it('compares each desk with the standard; a centre-level queue machine serves every desk', async () => {
      const c = (await q(CameraCoverageDocument, { unitId: w.communeA.id }, w.itAdminA.token)).cameraCoverage;
      const incomplete = (
        await q(CameraCoverageDocument, { unitId: w.communeA.id, incompleteOnly: true }, w.itAdminA.token)
      ).cameraCoverage.deskEquipment;
      expect(c.deskStandard.map((s) => s.type)).toEqual([
        'COMPUTER',
        'SCANNER',
        'PRINTER',
        'QUEUE_MACHINE',
        'SATISFACTION_TABLET',
        'CAMERA',
      ]);
      expect(c.deskEquipment).toEqual([
        {
          desk: { code: '01' },
          unit: { name: 'Phường Hạ Long' },
          complete: false,
          items: [
            { type: 'COMPUTER', count: 1 },
            { type: 'PRINTER', count: 1 },
            { type: 'QUEUE_MACHINE', count: 1 },
            { type: 'SCANNER', count: 1 },
          ],
          missing: [
            { type: 'SATISFACTION_TABLET', required: 1, present: 0 },
            { type: 'CAMERA', required: 1, present: 0 },
          ],
        },
        {
          desk: { code: '02' },
          unit: { name: 'Phường Hạ Long' },
          complete: false,
          items: [
            { type: 'QUEUE_MACHINE', count: 1 },
            { type: 'SATISFACTION_TABLET', count: 1 },
          ],
          missing: [
            { type: 'COMPUTER', required: 1, present: 0 },
            { type: 'SCANNER', required: 1, present: 0 },
            { type: 'PRINTER', required: 1, present: 0 },
            { type: 'CAMERA', required: 1, present: 0 },
          ],
        },
      ]);
      expect(incomplete).toHaveLength(2);
      expect(c.outOfWarrantyCount).toBe(1);
      expect(c.outOfWarranty).toEqual([{ assetTag: 'HL-PC-01' }]);
      const province = (await q(CameraCoverageDocument, { unitId: w.province.id }, w.leaderP.token))
        .cameraCoverage;
      expect(province).toMatchObject({
        outOfWarrantyCount: 2,
        communes: { covered: 0, total: 2, rate: 0, percent: 0 },
      });
      expect(
        (
          await err(
            `query($unitId: ID!) { cameraCoverage(unitId: $unitId) { generatedAt } }`,
            { unitId: w.province.id },
            w.officerA.token,
          )
        ).code,
      ).toBe('FORBIDDEN');
    });
  });

  describe('CSV import', () => {
    const IMPORT = `mutation($input: ImportDevicesInput!) { importDevices(input: $input) {
      dryRun applied total created updated unchanged errors { line assetTag field message } } }`;
    const run = async (csv: string, dryRun = false, token = w.itAdminA.token) =>
      (await q(IMPORT, { input: { csv, dryRun } }, token)).importDevices;
    const count = async () => (await t.sql(`select count(*)::int as n from cameras_device`))[0].n;
    const GOOD = [
      'assetTag,type,vendor,model,serial,purchaseDate,warrantyEndsOn,status,unitCode,agencyElectronicId,deskCode,custodianUsername,streamUrl,recordsAudio',
      'HL-CAM-01,CAMERA,Hikvision,DS-2CD1023G0,SN-C1,2024-01-10,2035-01-10,,,000.01.01.H46,02,,rtsp://10.10.1.50:554/live,có',
      'HL-PC-02,computer,HP,ProDesk 400,SN-P2,10/01/2024,10/01/2035,,06940,000.01.01.H46,02,hungnv,,',
      'HL-SCAN-02,SCANNER,Fujitsu,fi-7160,,,,IN_STOCK,06940,,,,,',
    ].join('\n');

    it('checks every row first and writes nothing when any row is wrong, listing each error by line', async () => {
      const before = await count();
      const csv = [
        'assetTag,type,purchaseDate,warrantyEndsOn,unitCode,agencyElectronicId,deskCode,streamUrl,port,host',
        'OK-1,COMPUTER,,,06940,,,,,',
        'BAD-TYPE,TOASTER,,,06940,,,,,',
        'BAD-DATE,PRINTER,2024-13-01,,06940,,,,,',
        'BAD-UNIT,PRINTER,,,99999,,,,,',
        'OK-1,SCANNER,,,06940,,,,,',
        'BAD-DESK,PRINTER,,,,,07,,,',
        'BAD-STREAM,PRINTER,,,06940,,,rtsp://10.0.0.1/live,,',
        'BAD-SCOPE,PRINTER,,,06970,,,,,',
        'BAD-PORT,PRINTER,,,06940,,,,99x,10.0.0.9',
        'HL-PC-01,CAMERA,,,06940,,,,,',
        ',COMPUTER,,,06940,,,,,',
      ].join('\n');
      const result = await run(csv);
      expect(result).toMatchObject({
        dryRun: false,
        applied: false,
        total: 11,
        created: 0,
        updated: 0,
        unchanged: 0,
      });
      expect(result.errors.map((e: any) => [e.line, e.assetTag, e.field])).toEqual([
        [3, 'BAD-TYPE', 'type'],
        [4, 'BAD-DATE', 'purchaseDate'],
        [5, 'BAD-UNIT', 'unitCode'],
        [6, 'OK-1', 'assetTag'],
        [7, 'BAD-DESK', 'deskCode'],
        [8, 'BAD-STREAM', 'streamUrl'],
        [9, 'BAD-SCOPE', 'unitCode'],
        [10, 'BAD-PORT', 'port'],
        [11, 'HL-PC-01', 'type'],
        [12, null, 'assetTag'],
      ]);
      expect(result.errors[3].message).toBe('Asset tag OK-1 already appears on line 2');
      expect(await count()).toBe(before);
    });

    it('refuses a file whose header it does not know', async () => {
      expect((await run('assetTag,type,colour\nA-1,COMPUTER,red')).errors).toEqual([
        {
          line: 1,
          assetTag: null,
          field: null,
          message: expect.stringContaining('Unknown column(s): colour'),
        },
      ]);
      expect((await run('assetTag,vendor\nA-1,HP')).errors[0].message).toBe(
        'The header must have a type column',
      );
      expect((await run('')).errors[0].message).toMatch(/empty/);
    });

    it('a dry run counts what would happen and writes nothing', async () => {
      const before = await count();
      expect(await run(GOOD, true)).toEqual({
        dryRun: true,
        applied: false,
        total: 3,
        created: 3,
        updated: 0,
        unchanged: 0,
        errors: [],
      });
      expect(await count()).toBe(before);
    });

    it('imports in one go, then a second run of the same file changes nothing', async () => {
      expect(await run(GOOD)).toEqual({
        dryRun: false,
        applied: true,
        total: 3,
        created: 3,
        updated: 0,
        unchanged: 0,
        errors: [],
      });
      const cam = (
        await q(
          `query { deviceByAssetTag(assetTag: "HL-CAM-01") { type status streamProtocol streamUrl recordsAudio desk { code } placementHistory { reason note } } }`,
          {},
          w.itAdminA.token,
        )
      ).deviceByAssetTag;
      expect(cam).toEqual({
        type: 'CAMERA',
        status: 'IN_SERVICE',
        streamProtocol: 'RTSP',
        streamUrl: 'rtsp://10.10.1.50:554/live',
        recordsAudio: true,
        desk: { code: '02' },
        placementHistory: [{ reason: 'IMPORTED', note: 'CSV import' }],
      });
      // A URL stored before the check knew every login parameter is never shown with the login.
      await t.sql(`update cameras_device set stream_url = $1 where asset_tag = 'HL-CAM-01'`, [
        'rtsp://10.10.1.50:554/live?channel=1&u=admin&p=Pa55word',
      ]);
      const stored = (
        await q(`query { deviceByAssetTag(assetTag: "HL-CAM-01") { streamUrl } }`, {}, w.itAdminA.token)
      ).deviceByAssetTag;
      expect(stored.streamUrl).toBe('rtsp://10.10.1.50:554/live?channel=1&u=***&p=***');
      await t.sql(`update cameras_device set stream_url = $1 where asset_tag = 'HL-CAM-01'`, [
        'rtsp://10.10.1.50:554/live',
      ]);
      const pc = (
        await q(
          `query { deviceByAssetTag(assetTag: "HL-PC-02") { purchaseDate warrantyEndsOn custodian { username } } }`,
          {},
          w.itAdminA.token,
        )
      ).deviceByAssetTag;
      expect(pc).toEqual({
        purchaseDate: '2024-01-10',
        warrantyEndsOn: '2035-01-10',
        custodian: { username: 'hungnv' },
      });
      const history = async () => (await t.sql(`select count(*)::int as n from cameras_placement`))[0].n;
      const rowsBefore = await history();
      expect(await run(GOOD)).toEqual({
        dryRun: false,
        applied: true,
        total: 3,
        created: 0,
        updated: 0,
        unchanged: 3,
        errors: [],
      });
      expect(await history()).toBe(rowsBefore);
    });

    it('updates what changed (a move is kept in the history); semicolons and Vietnamese dates work', async () => {
      const csv =
        'assetTag;type;status;agencyElectronicId;deskCode;warrantyEndsOn\nHL-SCAN-02;SCANNER;IN_SERVICE;000.01.01.H46;02;31/12/2036\nHL-PC-02;COMPUTER;;;;10/01/2035\n';
      expect(await run(csv)).toMatchObject({
        applied: true,
        total: 2,
        created: 0,
        updated: 1,
        unchanged: 1,
        errors: [],
      });
      const scanner = (
        await q(
          `query { deviceByAssetTag(assetTag: "HL-SCAN-02") { status warrantyEndsOn vendor desk { code } placementHistory { reason fromDesk { code } toDesk { code } } } }`,
          {},
          w.itAdminA.token,
        )
      ).deviceByAssetTag;
      expect(scanner).toEqual({
        status: 'IN_SERVICE',
        warrantyEndsOn: '2036-12-31',
        vendor: 'Fujitsu',
        desk: { code: '02' },
        placementHistory: [
          { reason: 'IMPORTED', fromDesk: null, toDesk: { code: '02' } },
          { reason: 'IMPORTED', fromDesk: null, toDesk: null },
        ],
      });
      const [audit] = await t.sql(
        `select actor_subject, before->>'status' as before, after->>'status' as after from core_audit_entry where action = 'cameras.device.import-update'`,
      );
      expect(audit).toEqual({
        actor_subject: `kc-${w.itAdminA.username}`,
        before: 'IN_STOCK',
        after: 'IN_SERVICE',
      });
    });

    it('the command-line import shows progress and a summary, with exit codes', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cameras-import-'));
      const capture = () => {
        const chunks: string[] = [];
        return {
          chunks,
          stream: new Writable({
            write(chunk, _enc, done) {
              chunks.push(chunk.toString());
              done();
            },
          }),
        };
      };
      try {
        const file = path.join(dir, 'devices.csv');
        fs.writeFileSync(
          file,
          'assetTag,type,unitCode\nBC-KIOSK-01,LOOKUP_KIOSK,06970\nBC-VC-01,VIDEO_CONFERENCE,06970\n',
        );
        const out = capture();
        const progress = capture();
        expect(
          await importDevicesCommand(t.app, {
            file,
            dryRun: false,
            output: out.stream,
            progressStream: progress.stream,
          }),
        ).toBe(0);
        expect(out.chunks.join('')).toBe(
          `Import of ${file}: 2 row(s)\n  created: 2\n  updated: 0\n  unchanged: 0\n`,
        );
        expect(progress.chunks.join('')).toContain('2/2 rows');
        expect(await tags({ withinUnitId: w.communeB.id })).toEqual([
          'BC-KIOSK-01',
          'BC-PC-01',
          'BC-PRN-OLD',
          'BC-VC-01',
        ]);

        fs.writeFileSync(file, 'assetTag,type,unitCode\nBC-KIOSK-02,LOOKUP_KIOSK,00000\n');
        const failed = capture();
        expect(
          await importDevicesCommand(t.app, {
            file,
            dryRun: false,
            output: failed.stream,
            progressStream: capture().stream,
          }),
        ).toBe(1);
        expect(failed.chunks.join('')).toContain(
          'line 2 (BC-KIOSK-02), unitCode: No administrative unit has code 00000 today',
        );
        expect(
          await importDevicesCommand(t.app, {
            file: path.join(dir, 'missing.csv'),
            dryRun: false,
            output: capture().stream,
          }),
        ).toBe(2);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('more simultaneous imports than pooled connections all complete: the import reads only in its transaction', async () => {
      const results = await burstPastThePool(t.databaseUrl, 'cameras_device', () =>
        t.request(IMPORT, { input: { csv: GOOD, dryRun: true } }, { token: w.itAdminA.token }),
      );
      expect(results).not.toBe('stuck');
      for (const result of results as GraphQLResponse[]) expect(result.errors).toBeUndefined();
      for (const result of results as GraphQLResponse[])
        expect(result.data!.importDevices).toMatchObject({ dryRun: true, errors: [] });
    });
  });

  describe('camera settings and credentials', () => {
    it('changes stream settings, clears credentials, and refuses credentials on other devices or grants for cameras not streaming', async () => {
      const id = (await q(`query { deviceByAssetTag(assetTag: "HL-CAM-01") { id } }`, {}, w.itAdminA.token))
        .deviceByAssetTag.id;
      const UPDATE = UpdateDeviceDocument;
      expect(
        (
          await q(
            UPDATE,
            {
              input: {
                id,
                camera: {
                  protocol: 'HLS',
                  streamUrl: 'https://cam.halong.local/live/index.m3u8',
                  recordsAudio: false,
                  watchedDeskId: w.deskA.id,
                },
              },
            },
            w.itAdminA.token,
          )
        ).updateDevice,
      ).toMatchObject({
        streamProtocol: 'HLS',
        streamUrl: 'https://cam.halong.local/live/index.m3u8',
        recordsAudio: false,
        watchedDesk: { code: '01' },
      });
      expect(
        (
          await err(
            UPDATE,
            {
              input: {
                id,
                camera: {
                  protocol: 'RTSP',
                  streamUrl: 'rtsp://10.0.0.5/live',
                  recordsAudio: false,
                  watchedDeskId: w.deskB.id,
                },
              },
            },
            w.itAdminA.token,
          )
        ).code,
      ).toBe('FORBIDDEN');

      const SET = `mutation($input: SetCameraCredentialsInput!) { setCameraCredentials(input: $input) { hasCredentials } }`;
      const CLEAR = `mutation($input: ClearCameraCredentialsInput!) { clearCameraCredentials(input: $input) { hasCredentials credentialsSetAt } }`;
      expect(
        (
          await q(
            SET,
            { input: { cameraId: id, username: 'viewer', password: 'x-Secret-1' } },
            w.itAdminA.token,
          )
        ).setCameraCredentials.hasCredentials,
      ).toBe(true);
      expect((await q(CLEAR, { input: { cameraId: id } }, w.itAdminA.token)).clearCameraCredentials).toEqual({
        hasCredentials: false,
        credentialsSetAt: null,
      });
      expect(
        (await t.sql(`select credentials_cipher from cameras_device where id = $1`, [id]))[0]
          .credentials_cipher,
      ).toBeNull();
      expect(
        await t.sql(
          `select action, after from core_audit_entry where entity_id = $1 and action like 'cameras.camera.credentials.%' order by at`,
          [id],
        ),
      ).toEqual([
        {
          action: 'cameras.camera.credentials.set',
          after: { hasCredentials: true, credentialsChanged: true },
        },
        {
          action: 'cameras.camera.credentials.clear',
          after: { hasCredentials: false, credentialsChanged: true },
        },
      ]);
      expect(
        await err(
          SET,
          { input: { cameraId: ids['HL-PC-01'], username: 'a', password: 'b' } },
          w.itAdminA.token,
        ),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cameraId' });
      expect(
        await err(SET, { input: { cameraId: id, username: 'a', password: '' } }, w.itAdminA.token),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
      expect(
        (await err(SET, { input: { cameraId: id, username: 'a', password: 'b' } }, w.officerA.token)).code,
      ).toBe('FORBIDDEN');

      await q(UpdateDeviceDocument, { input: { id, status: 'UNDER_REPAIR' } }, w.itAdminA.token);
      const GRANT = `mutation($input: RequestCameraViewingGrantInput!) { requestCameraViewingGrant(input: $input) { token } }`;
      expect((await err(GRANT, { input: { cameraId: id } }, w.leaderP.token)).code).toBe(
        'CAMERA_NOT_STREAMING',
      );
      expect((await err(GRANT, { input: { cameraId: ids['HL-PC-01'] } }, w.leaderP.token)).code).toBe(
        'NOT_FOUND',
      );
      await q(UpdateDeviceDocument, { input: { id, status: 'IN_SERVICE' } }, w.itAdminA.token);
    });
  });

  describe('re-homing when staff reorganises units', () => {
    it('devices follow their desk to the new unit, devices placed on the closed unit go to its successor, and history keeps the old unit', async () => {
      const before = (
        await t.sql(`select count(*)::int as n from cameras_device where unit_id = $1`, [w.communeA.id])
      )[0].n;
      expect(before).toBe(9);
      // Staff's reorganisation: Hạ Long closes, merged whole into a new ward; its agency moves there;
      // one UnitReorganised event is published, which this plugin handles as a job.
      const result = (
        await q(
          ApplyReorganisationDocument,
          {
            input: {
              effectiveDate: '2026-01-01',
              newUnits: [{ code: '06941', name: 'Phường Hạ Long Mới', type: 'WARD', parentCode: '22' }],
              mapping: [{ oldUnitId: w.communeA.id, newCode: '06941', kind: 'FULL' }],
            },
          },
          w.adminToken,
        )
      ).applyReorganisation;
      expect(result.movedAgencies).toBe(1);
      const successorId = result.events[0].successorUnitId;
      await t.runJobs();

      expect(
        (await t.sql(`select count(*)::int as n from cameras_device where unit_id = $1`, [w.communeA.id]))[0]
          .n,
      ).toBe(0);
      expect(
        (await t.sql(`select count(*)::int as n from cameras_device where unit_id = $1`, [successorId]))[0].n,
      ).toBe(9);
      const HISTORY = `query($tag: String!) { deviceByAssetTag(assetTag: $tag) { unit { name } agency { name } desk { code } placementHistory { reason note actorName fromUnit { name } toUnit { name } toDesk { code } } } }`;
      const atDesk = (await q(HISTORY, { tag: 'HL-PC-01' }, w.adminToken)).deviceByAssetTag;
      expect(atDesk).toMatchObject({
        unit: { name: 'Phường Hạ Long Mới' },
        agency: { name: 'UBND phường Hạ Long' },
        desk: { code: '01' },
      });
      expect(atDesk.placementHistory[0]).toEqual({
        reason: 'REORGANISATION',
        note: 'Sắp xếp đơn vị hành chính: 06940 → 06941 (2026-01-01)',
        actorName: 'system',
        fromUnit: { name: 'Phường Hạ Long' },
        toUnit: { name: 'Phường Hạ Long Mới' },
        toDesk: { code: '01' },
      });
      const inStock = (await q(HISTORY, { tag: 'HL-PC-STOCK' }, w.adminToken)).deviceByAssetTag;
      expect(inStock).toMatchObject({ unit: { name: 'Phường Hạ Long Mới' }, agency: null, desk: null });
      expect(
        inStock.placementHistory.map((p: any) => `${p.reason}:${p.fromUnit?.name ?? '-'}>${p.toUnit.name}`),
      ).toEqual(['REORGANISATION:Phường Hạ Long>Phường Hạ Long Mới', 'CREATED:->Phường Hạ Long']);
      // The IT admin's role followed to the new ward too, so they still manage the devices.
      expect(await tags({ withinUnitId: successorId }, w.itAdminA.token)).toHaveLength(9);

      // Handling the event again changes nothing.
      const rows = async () =>
        (await t.sql(`select count(*)::int as n from cameras_placement where reason = 'REORGANISATION'`))[0]
          .n;
      expect(await rows()).toBe(9);
      const ctx = t.app.systemContext();
      await ctx.transactional(() =>
        ctx.publish(UnitReorganised, {
          oldUnitId: w.communeA.id,
          oldUnitCode: '06940',
          successors: [{ unitId: successorId, code: '06941', kind: 'FULL' }],
          successorUnitId: successorId,
          effectiveDate: '2026-01-01',
        }),
      );
      await t.runJobs();
      expect(await rows()).toBe(9);
    });
  });
});
