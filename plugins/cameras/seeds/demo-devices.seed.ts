import { createHash, randomBytes } from 'node:crypto';
import { RequestContext, type AuthUser, type SeedDefinition } from '../../../src';
import { directory, OfficialStatus } from '../../staff';
import { Device } from '../entities/device.entity';
import { CameraStreamProtocol, DeviceStatus, DeviceType } from '../entities/enums';
import { devices } from '../services';
import type { CameraSettingsInput, DeviceFields } from '../services/devices.service';

/**
 * Demo equipment for the one-stop desks of the staff demo (`staff.demo-quang-ninh`): at every desk a
 * computer, a scanner, a printer and a satisfaction tablet, a queue machine per one-stop centre (it
 * serves every desk of it), a camera at every desk but one (Bãi Cháy desk 02: the coverage gap), a
 * few spares, repairs and expired warranties. Cameras stream from 127.0.0.1 ports where nothing
 * listens, so the probe honestly reports them offline. Everything goes through the devices service,
 * acting as the demo IT administrator (`it-admin`) when that official exists: placement history,
 * audit trail and encrypted credentials are the real ones.
 */

export const CAMERAS_DEMO_SEED_NAME = 'cameras.demo-devices';
const STAFF_DEMO_SEED = 'staff.demo-quang-ninh';

/** First local port of the demo cameras' stream URLs (one port per camera, nothing listens there). */
export const DEMO_CAMERA_BASE_PORT = 25540;

interface Model {
  vendor: string;
  model: string;
  /** Serial number prefix as the vendor prints it; the rest is derived from the asset tag. */
  serial: string;
  purchaseDate: string;
  /** Warranty in months from the purchase date. */
  warrantyMonths: number;
}

interface CameraModel extends Model {
  /** Path of the stream on the camera (RTSP) or of its ONVIF service. */
  path: string;
  protocol: CameraStreamProtocol;
  /** Whether the model has a microphone. */
  microphone: boolean;
}

interface DemoCentreEquipment {
  /** Electronic id of the agency in the staff demo. */
  electronicId: string;
  /** Middle part of the asset tags, e.g. QN-HONGGAI-Q01-PC. */
  tag: string;
  computer: Model;
  scanner: Model;
  printer: Model;
  tablet: Model;
  queue: Model;
  camera: CameraModel;
  /** Sound recording at the one-stop desks: false where the commune forbids it. */
  recordsAudio: boolean;
  /** Desk codes without a camera (the coverage gap). */
  noCameraAt?: string[];
  /** Desk codes whose camera was received into the centre's store first and mounted later (placement history). */
  mountedLaterAt?: string[];
  notes?: string;
}

const HIKVISION_DOME = (purchaseDate: string, microphone = true): CameraModel => ({
  vendor: 'Hikvision',
  model: microphone ? 'DS-2CD2143G2-IU' : 'DS-2CD2143G2-I',
  serial: 'DS2CD2143G2',
  purchaseDate,
  warrantyMonths: 24,
  path: '/Streaming/Channels/101',
  protocol: CameraStreamProtocol.RTSP,
  microphone,
});
const DAHUA_DOME = (purchaseDate: string): CameraModel => ({
  vendor: 'Dahua',
  model: 'IPC-HDW2441T-S',
  serial: '7J0',
  purchaseDate,
  warrantyMonths: 24,
  path: '/cam/realmonitor?channel=1&subtype=0',
  protocol: CameraStreamProtocol.RTSP,
  microphone: true,
});

/** Per one-stop centre: what was bought when (the provincial centre's first batch is out of warranty). */
export const DEMO_EQUIPMENT: DemoCentreEquipment[] = [
  {
    electronicId: '000.00.31.H49',
    tag: 'TTHCC',
    recordsAudio: true,
    computer: {
      vendor: 'HP',
      model: 'ProDesk 400 G7 SFF',
      serial: '4CE1',
      purchaseDate: '2021-03-15',
      warrantyMonths: 36,
    },
    scanner: {
      vendor: 'Fujitsu',
      model: 'fi-7160',
      serial: 'A2RB',
      purchaseDate: '2021-03-15',
      warrantyMonths: 12,
    },
    printer: {
      vendor: 'Canon',
      model: 'LBP 226dw',
      serial: 'UTB',
      purchaseDate: '2021-03-15',
      warrantyMonths: 12,
    },
    tablet: {
      vendor: 'Samsung',
      model: 'Galaxy Tab A7 (SM-T505)',
      serial: 'R9PR',
      purchaseDate: '2021-04-02',
      warrantyMonths: 12,
    },
    queue: {
      vendor: 'VNPT Technology',
      model: 'Kiosk lấy số tự động 21,5 inch',
      serial: 'VNPTQ',
      purchaseDate: '2021-04-02',
      warrantyMonths: 24,
    },
    camera: HIKVISION_DOME('2023-06-20'),
  },
  {
    electronicId: '000.01.41.H49',
    tag: 'HONGGAI',
    recordsAudio: true,
    computer: {
      vendor: 'HP',
      model: 'ProDesk 400 G9 SFF',
      serial: '4CE3',
      purchaseDate: '2025-08-20',
      warrantyMonths: 36,
    },
    scanner: {
      vendor: 'Fujitsu',
      model: 'fi-8170',
      serial: 'A4RD',
      purchaseDate: '2025-08-20',
      warrantyMonths: 12,
    },
    printer: {
      vendor: 'Canon',
      model: 'LBP 246dw',
      serial: 'XRC',
      purchaseDate: '2025-08-20',
      warrantyMonths: 12,
    },
    tablet: {
      vendor: 'Samsung',
      model: 'Galaxy Tab A9+ (SM-X210)',
      serial: 'R9ZW',
      purchaseDate: '2025-08-20',
      warrantyMonths: 12,
    },
    queue: {
      vendor: 'VNPT Technology',
      model: 'Kiosk lấy số tự động 21,5 inch',
      serial: 'VNPTQ',
      purchaseDate: '2025-08-20',
      warrantyMonths: 24,
    },
    camera: HIKVISION_DOME('2025-08-20'),
  },
  {
    electronicId: '000.02.41.H49',
    tag: 'HALONG',
    recordsAudio: true,
    computer: {
      vendor: 'Dell',
      model: 'OptiPlex 7010 SFF',
      serial: 'J7',
      purchaseDate: '2024-05-10',
      warrantyMonths: 36,
    },
    scanner: {
      vendor: 'Canon',
      model: 'imageFORMULA DR-C225 II',
      serial: 'KJ4',
      purchaseDate: '2024-05-10',
      warrantyMonths: 12,
    },
    printer: {
      vendor: 'HP',
      model: 'LaserJet Pro M404dn',
      serial: 'PHBBB',
      purchaseDate: '2024-05-10',
      warrantyMonths: 12,
    },
    tablet: {
      vendor: 'Lenovo',
      model: 'Tab M10 (3rd Gen)',
      serial: 'HA1K',
      purchaseDate: '2024-05-10',
      warrantyMonths: 12,
    },
    queue: {
      vendor: 'Viettel',
      model: 'Máy lấy số thứ tự VQMS-K22',
      serial: 'VTQ',
      purchaseDate: '2024-05-10',
      warrantyMonths: 24,
    },
    camera: DAHUA_DOME('2024-05-10'),
  },
  {
    electronicId: '000.03.41.H49',
    tag: 'BAICHAY',
    recordsAudio: true,
    noCameraAt: ['02'],
    computer: {
      vendor: 'Lenovo',
      model: 'ThinkCentre neo 50s Gen 4',
      serial: 'PW0',
      purchaseDate: '2025-09-05',
      warrantyMonths: 36,
    },
    scanner: {
      vendor: 'Epson',
      model: 'WorkForce DS-530 II',
      serial: 'X4ES',
      purchaseDate: '2025-09-05',
      warrantyMonths: 12,
    },
    printer: {
      vendor: 'Brother',
      model: 'HL-L5100DN',
      serial: 'E78',
      purchaseDate: '2025-09-05',
      warrantyMonths: 12,
    },
    tablet: {
      vendor: 'Samsung',
      model: 'Galaxy Tab A9+ (SM-X210)',
      serial: 'R9ZW',
      purchaseDate: '2025-09-05',
      warrantyMonths: 12,
    },
    queue: {
      vendor: 'VNPT Technology',
      model: 'Kiosk lấy số tự động 21,5 inch',
      serial: 'VNPTQ',
      purchaseDate: '2025-09-05',
      warrantyMonths: 24,
    },
    camera: HIKVISION_DOME('2025-09-05'),
    notes: 'Quầy số 02 chưa được lắp camera (chờ bổ sung kinh phí năm 2027)',
  },
  {
    electronicId: '000.01.42.H49',
    tag: 'CAMPHA',
    recordsAudio: true,
    mountedLaterAt: ['01'],
    computer: {
      vendor: 'HP',
      model: 'ProDesk 400 G9 SFF',
      serial: '4CE2',
      purchaseDate: '2022-11-28',
      warrantyMonths: 36,
    },
    scanner: {
      vendor: 'Fujitsu',
      model: 'fi-7160',
      serial: 'A2RB',
      purchaseDate: '2022-11-28',
      warrantyMonths: 12,
    },
    printer: {
      vendor: 'Canon',
      model: 'LBP 226dw',
      serial: 'UTB',
      purchaseDate: '2022-11-28',
      warrantyMonths: 12,
    },
    tablet: {
      vendor: 'Samsung',
      model: 'Galaxy Tab A8 (SM-X205)',
      serial: 'R9RT',
      purchaseDate: '2022-11-28',
      warrantyMonths: 12,
    },
    queue: {
      vendor: 'Viettel',
      model: 'Máy lấy số thứ tự VQMS-K22',
      serial: 'VTQ',
      purchaseDate: '2022-11-28',
      warrantyMonths: 24,
    },
    camera: {
      ...DAHUA_DOME('2025-10-15'),
      protocol: CameraStreamProtocol.ONVIF,
      path: '/onvif/device_service',
    },
  },
  {
    electronicId: '000.01.43.H49',
    tag: 'DONGTRIEU',
    recordsAudio: false,
    computer: {
      vendor: 'Dell',
      model: 'OptiPlex 3000 SFF',
      serial: 'H3',
      purchaseDate: '2025-07-25',
      warrantyMonths: 36,
    },
    scanner: {
      vendor: 'Canon',
      model: 'imageFORMULA DR-C225 II',
      serial: 'KJ4',
      purchaseDate: '2025-07-25',
      warrantyMonths: 12,
    },
    printer: {
      vendor: 'HP',
      model: 'LaserJet Pro M404dn',
      serial: 'PHBBB',
      purchaseDate: '2025-07-25',
      warrantyMonths: 12,
    },
    tablet: {
      vendor: 'Lenovo',
      model: 'Tab M10 (3rd Gen)',
      serial: 'HA1K',
      purchaseDate: '2025-07-25',
      warrantyMonths: 12,
    },
    queue: {
      vendor: 'VNPT Technology',
      model: 'Kiosk lấy số tự động 21,5 inch',
      serial: 'VNPTQ',
      purchaseDate: '2025-07-25',
      warrantyMonths: 24,
    },
    // No microphone: the ward does not allow recording sound at its one-stop desks.
    camera: HIKVISION_DOME('2025-07-25', false),
    notes: 'UBND phường Đông Triều không cho phép ghi âm tại Bộ phận một cửa: camera không thu tiếng',
  },
];

/** The last day of a warranty of `months` months from `purchase` (YYYY-MM-DD). */
export function warrantyEnd(purchase: string, months: number): string {
  const [y, m, d] = purchase.split('-').map(Number);
  const end = new Date(Date.UTC(y, m - 1 + months, d) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

/** A stable, vendor-looking serial number: the vendor's prefix, then characters derived from the asset tag. */
function serialOf(prefix: string, assetTag: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(assetTag).digest('hex').slice(0, 15)}`)
    .toString(36)
    .toUpperCase();
  return `${prefix}${digits}`.slice(0, Math.max(prefix.length + 6, 10));
}

function fields(model: Model, assetTag: string): DeviceFields {
  return {
    vendor: model.vendor,
    model: model.model,
    serial: serialOf(model.serial, assetTag),
    purchaseDate: model.purchaseDate,
    warrantyEndsOn: warrantyEnd(model.purchaseDate, model.warrantyMonths),
  };
}

/**
 * A context acting as a demo official, in the seed's transaction (same EntityManager): permission and
 * unit scope are theirs, and history and audit name them. Null when the official does not exist.
 */
async function actingAs(ctx: RequestContext, username: string): Promise<RequestContext | null> {
  const official = await directory.officialByUsername(ctx, username);
  if (!official || official.status !== OfficialStatus.ACTIVE) return null;
  const roles = (
    await ctx.em.execute<Array<{ role: string }>>(
      `select distinct role from staff_role_grant_v where official_id = ? order by role`,
      [official.id],
    )
  ).map((r) => r.role);
  const user: AuthUser = {
    subject: official.keycloakUserId ?? official.username,
    usernameFallback: true,
    username: official.username,
    name: official.fullName,
    email: official.email,
    roles,
    permissions: ctx.app.roles.permissionsOf(roles),
    expiresAt: new Date(Date.now() + 3_600_000),
  };
  return new RequestContext(ctx.app, ctx.em, user, { requestId: ctx.requestId });
}

interface DemoDesk {
  id: string;
  code: string;
  centreId: string;
  /** An official working at the desk: custodian of its computer and scanner. */
  officerId: string | null;
}

export async function runCamerasDemoSeed(ctx: RequestContext): Promise<void> {
  const staffDemo = await ctx.em.execute<unknown[]>(`select 1 from core_seed where name = ?`, [
    STAFF_DEMO_SEED,
  ]);
  if (!staffDemo.length) {
    ctx.logger.info(
      { seed: CAMERAS_DEMO_SEED_NAME },
      `the staff demo (${STAFF_DEMO_SEED}) is not loaded: no demo devices`,
    );
    return;
  }
  const admin = (await actingAs(ctx, 'it-admin')) ?? ctx;
  if (admin === ctx)
    ctx.logger.info(
      { seed: CAMERAS_DEMO_SEED_NAME },
      'demo official it-admin not found: devices are recorded as the platform',
    );
  const existingTags = new Set(
    (await ctx.em.find(Device, {}, { fields: ['assetTag'] })).map((d) => d.assetTag),
  );

  /**
   * Runs one change in a savepoint: if it fails (staff data changed since the demo was written), it is
   * undone alone with a warning, and the demo never stops the platform from starting.
   */
  const guarded = async <T>(label: string, work: () => Promise<T>): Promise<T | null> => {
    await ctx.em.execute('savepoint cameras_demo_step');
    try {
      const result = await work();
      await ctx.em.flush();
      await ctx.em.execute('release savepoint cameras_demo_step');
      return result;
    } catch (error) {
      await ctx.em.execute('rollback to savepoint cameras_demo_step');
      ctx.em.clear();
      ctx.logger.warn(
        { seed: CAMERAS_DEMO_SEED_NAME, step: label, err: error },
        'a demo device step failed and was left out',
      );
      return null;
    }
  };

  let port = DEMO_CAMERA_BASE_PORT;
  const create = async (
    assetTag: string,
    type: DeviceType,
    placement: { deskId?: string; centreId?: string; agencyId?: string },
    extra: DeviceFields,
  ) => {
    if (existingTags.has(assetTag)) return null;
    existingTags.add(assetTag);
    return guarded(assetTag, () => devices.create(admin, { assetTag, type, placement, ...extra }));
  };
  const cameras: Device[] = [];
  const byTag = new Map<string, Device>();
  const keep = (device: Device | null) => {
    if (device) byTag.set(device.assetTag, device);
    return device;
  };

  for (const demo of DEMO_EQUIPMENT) {
    const agency = await directory.agencyByElectronicId(ctx, demo.electronicId);
    if (!agency) {
      ctx.logger.info(
        { seed: CAMERAS_DEMO_SEED_NAME, electronicId: demo.electronicId },
        'demo agency not found: skipped',
      );
      continue;
    }
    const desks = await ctx.em.execute<
      Array<{ id: string; code: string; centre_id: string; officer_id: string | null }>
    >(
      `select d.id, d.code, d.centre_id,
              (select sa.official_id from staff_current_posting_v sa join staff_official_v o on o.id = sa.official_id and o.status = 'ACTIVE'
                where sa.desk_id = d.id order by sa.starts_on limit 1) as officer_id
         from staff_desk_v d
        where d.agency_id = ? and d.centre_active and d.active order by d.centre_name, d.code`,
      [agency.id],
    );
    const centreIds = [...new Set(desks.map((d) => d.centre_id))];
    const list: DemoDesk[] = desks.map((d) => ({
      id: d.id,
      code: d.code,
      centreId: d.centre_id,
      officerId: d.officer_id,
    }));

    for (const [index, centreId] of centreIds.entries()) {
      const suffix = centreIds.length > 1 ? `-${index + 1}` : '';
      const queueTag = `QN-${demo.tag}-LAYSO${suffix}`;
      keep(
        await create(
          queueTag,
          DeviceType.QUEUE_MACHINE,
          { centreId },
          {
            ...fields(demo.queue, queueTag),
            status: DeviceStatus.IN_SERVICE,
            notes: 'Đặt tại sảnh chờ, phục vụ mọi quầy của Bộ phận một cửa',
          },
        ),
      );
    }

    for (const desk of list) {
      const tag = (kind: string) => `QN-${demo.tag}-Q${desk.code}-${kind}`;
      const custodian = { custodianId: desk.officerId };
      keep(
        await create(
          tag('PC'),
          DeviceType.COMPUTER,
          { deskId: desk.id },
          { ...fields(demo.computer, tag('PC')), ...custodian },
        ),
      );
      keep(
        await create(
          tag('SCAN'),
          DeviceType.SCANNER,
          { deskId: desk.id },
          { ...fields(demo.scanner, tag('SCAN')), ...custodian },
        ),
      );
      keep(
        await create(tag('PRN'), DeviceType.PRINTER, { deskId: desk.id }, fields(demo.printer, tag('PRN'))),
      );
      keep(
        await create(
          tag('TAB'),
          DeviceType.SATISFACTION_TABLET,
          { deskId: desk.id },
          {
            ...fields(demo.tablet, tag('TAB')),
            notes: 'Đánh giá mức độ hài lòng của người dân',
          },
        ),
      );
      if (demo.noCameraAt?.includes(desk.code)) continue;
      const camera: CameraSettingsInput = {
        protocol: demo.camera.protocol,
        recordsAudio: demo.recordsAudio,
        streamUrl: `${demo.camera.protocol === CameraStreamProtocol.RTSP ? 'rtsp' : 'http'}://127.0.0.1:${port++}${demo.camera.path}`,
      };
      const later = demo.mountedLaterAt?.includes(desk.code) ?? false;
      // Received into the centre's store (IN_STOCK), then mounted at the desk: two rows of placement history.
      const device = keep(
        await create(
          tag('CAM'),
          DeviceType.CAMERA,
          later ? { centreId: desk.centreId } : { deskId: desk.id },
          {
            ...fields(demo.camera, tag('CAM')),
            camera,
            notes: demo.notes ?? null,
          },
        ),
      );
      if (!device) continue;
      if (later) {
        await guarded(device.assetTag, async () => {
          await devices.move(admin, {
            id: device.id,
            placement: { deskId: desk.id },
            note: `Lắp đặt tại Quầy số ${desk.code}`,
          });
          await devices.update(admin, { id: device.id, status: DeviceStatus.IN_SERVICE });
        });
      }
      cameras.push(device);
    }
  }

  // Stream logins, encrypted by the service; random, nobody needs them for the demo.
  for (const camera of cameras) {
    await guarded(camera.assetTag, () =>
      devices.setCredentials(admin, {
        cameraId: camera.id,
        username: 'xemtructuyen',
        password: randomBytes(12).toString('base64url'),
      }),
    );
  }

  // Spares, a repair in progress and a retired printer.
  const hongGai = await directory.agencyByElectronicId(ctx, '000.01.41.H49');
  if (hongGai) {
    const spare = {
      vendor: 'HP',
      model: 'ProDesk 400 G9 SFF',
      serial: '4CE3',
      purchaseDate: '2025-08-20',
      warrantyMonths: 36,
    };
    keep(
      await create(
        'QN-HONGGAI-KHO-PC01',
        DeviceType.COMPUTER,
        { agencyId: hongGai.id },
        {
          ...fields(spare, 'QN-HONGGAI-KHO-PC01'),
          notes: 'Máy dự phòng, để tại kho Văn phòng HĐND và UBND',
        },
      ),
    );
  }
  const tthcc = byTag.get('QN-TTHCC-LAYSO');
  if (tthcc) {
    keep(
      await create(
        'QN-TTHCC-TRACUU',
        DeviceType.LOOKUP_KIOSK,
        { centreId: tthcc.centreId! },
        {
          vendor: 'VNPT Technology',
          model: 'Kiosk tra cứu thông tin 32 inch',
          serial: serialOf('VNPTK', 'QN-TTHCC-TRACUU'),
          purchaseDate: '2021-04-02',
          warrantyEndsOn: warrantyEnd('2021-04-02', 24),
          status: DeviceStatus.IN_SERVICE,
          notes: 'Tra cứu tình trạng hồ sơ bằng mã biên nhận',
        },
      ),
    );
    const old = {
      vendor: 'HP',
      model: 'LaserJet P2035',
      serial: 'CNB',
      purchaseDate: '2016-09-12',
      warrantyMonths: 12,
    };
    keep(
      await create(
        'QN-TTHCC-PRN-CU01',
        DeviceType.PRINTER,
        { centreId: tthcc.centreId! },
        {
          ...fields(old, 'QN-TTHCC-PRN-CU01'),
          status: DeviceStatus.RETIRED,
          notes: 'Thanh lý theo Quyết định của Trung tâm, thay bằng Canon LBP 226dw',
        },
      ),
    );
  }
  const brokenTablet = byTag.get('QN-CAMPHA-Q02-TAB');
  if (brokenTablet)
    await guarded(brokenTablet.assetTag, () =>
      devices.update(admin, { id: brokenTablet.id, status: DeviceStatus.UNDER_REPAIR }),
    );

  // A few entries of the maintenance log.
  const log = async (
    assetTag: string,
    entry: { performedOn: string; fault: string; repair?: string; costVnd?: number; vendor?: string },
  ) => {
    const device = byTag.get(assetTag);
    if (device)
      await guarded(assetTag, () => devices.recordMaintenance(admin, { deviceId: device.id, ...entry }));
  };
  await log('QN-TTHCC-Q02-SCAN', {
    performedOn: '2024-09-12',
    fault: 'Kéo giấy lệch, máy báo lỗi U2:01 khi quét hồ sơ nhiều trang',
    repair: 'Thay bộ con lăn kéo giấy (pick roller, brake roller), vệ sinh cảm biến',
    costVnd: 1_850_000,
    vendor: 'Công ty TNHH Tin học Hạ Long',
  });
  await log('QN-TTHCC-Q01-PC', {
    performedOn: '2025-03-05',
    fault: 'Máy khởi động chậm, ổ cứng HDD báo lỗi S.M.A.R.T.',
    repair: 'Thay ổ SSD 256 GB, cài lại hệ điều hành và phần mềm một cửa điện tử',
    costVnd: 1_200_000,
    vendor: 'Công ty TNHH Tin học Hạ Long',
  });
  await log('QN-HONGGAI-Q01-PRN', {
    performedOn: '2026-10-14',
    fault: 'Bản in phiếu tiếp nhận bị mờ',
    repair: 'Thay hộp mực Canon 057',
    costVnd: 1_450_000,
    vendor: 'Cửa hàng vật tư văn phòng Hồng Gai',
  });
  await log('QN-CAMPHA-Q02-TAB', {
    performedOn: '2026-11-16',
    fault: 'Màn hình cảm ứng không nhận thao tác, người dân không đánh giá được',
    vendor: 'Trung tâm bảo hành Samsung Quảng Ninh',
  });
}

export const camerasDemoSeed: SeedDefinition = {
  name: CAMERAS_DEMO_SEED_NAME,
  demo: true,
  run: runCamerasDemoSeed,
};
