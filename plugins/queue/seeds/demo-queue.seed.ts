import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RequestContext, SeedDefinition } from '../../../src';
import { directory } from '../../staff';
import { QueueKiosk } from '../entities/kiosk.entity';
import { QueueService } from '../entities/queue-service.entity';
import { queue } from '../services/queue.service';

/**
 * Demo queue (SEED_DEMO) at the one-stop centre of UBND phường Hồng Gai (the staff demo's ward with
 * three desks): three services by procedure field of the demo catalogue mapped to its counters, and
 * its queue machine of the cameras demo (`QN-HONGGAI-LAYSO`) registered as a kiosk — so `npm start`
 * shows a working queue. Through the queue service, as the platform.
 *
 * The kiosk credential is shown once, like any registration: outside production it is written to
 * `<DATA_DIR>/queue-demo-kiosk.json` (mode 0600; the log names the file, never the credential), so a
 * developer can issue tickets. In production (SEED_DEMO forced on) no kiosk is registered: nobody
 * could ever read its credential.
 */
export const QUEUE_DEMO_SEED_NAME = 'queue.demo';
export const QUEUE_DEMO_AGENCY = '000.01.41.H49';
export const QUEUE_DEMO_KIOSK_TAG = 'QN-HONGGAI-LAYSO';
export const QUEUE_DEMO_KIOSK_FILE = 'queue-demo-kiosk.json';

/** Prefix, name, procedure field (of the procedures demo catalogue) and the counters (desk codes). */
const DEMO_SERVICES = [
  { prefix: 'A', name: 'Hộ tịch (khai sinh, kết hôn, khai tử)', field: 'Hộ tịch', desks: ['01', '02'] },
  { prefix: 'B', name: 'Chứng thực bản sao, chữ ký', field: 'Chứng thực', desks: ['02', '03'] },
  { prefix: 'C', name: 'Đất đai', field: 'Đất đai', desks: ['03'] },
];

const REQUIRED = ['staff.demo-quang-ninh', 'cameras.demo-devices', 'procedures.demo'];

export async function runQueueDemoSeed(ctx: RequestContext): Promise<void> {
  const applied = await ctx.em.execute<Array<{ name: string }>>(
    `select name from core_seed where name = any(?::text[])`,
    [`{${REQUIRED.join(',')}}`],
  );
  const missing = REQUIRED.filter((name) => !applied.some((a) => a.name === name));
  if (missing.length) {
    ctx.logger.info(
      { seed: QUEUE_DEMO_SEED_NAME, missing },
      'demo data it builds on is not loaded: no demo queue',
    );
    return;
  }
  const agency = await directory.agencyByElectronicId(ctx, QUEUE_DEMO_AGENCY);
  if (!agency) {
    ctx.logger.info({ seed: QUEUE_DEMO_SEED_NAME }, 'demo agency not found: no demo queue');
    return;
  }
  const desks = await ctx.em.execute<Array<{ id: string; code: string; centre_id: string }>>(
    `select id, code, centre_id from staff_desk_v where agency_id = ? and active and centre_active order by code`,
    [agency.id],
  );
  const centreId = desks[0]?.centre_id;
  if (!centreId) {
    ctx.logger.info({ seed: QUEUE_DEMO_SEED_NAME }, 'the demo agency has no one-stop desk: no demo queue');
    return;
  }
  const deskOf = new Map(desks.filter((d) => d.centre_id === centreId).map((d) => [d.code, d.id]));
  for (const s of DEMO_SERVICES) {
    if (await ctx.em.count(QueueService, { centreId, prefix: s.prefix })) continue;
    const deskIds = s.desks.map((code) => deskOf.get(code)).filter((id): id is string => !!id);
    if (!deskIds.length) continue;
    await queue.createService(ctx, {
      centreId,
      prefix: s.prefix,
      name: s.name,
      procedureField: s.field,
      deskIds,
    });
  }

  if (ctx.config.env === 'production') {
    ctx.logger.info(
      { seed: QUEUE_DEMO_SEED_NAME },
      'production: the demo kiosk is not registered (register it with registerQueueKiosk)',
    );
    return;
  }
  const [device] = await ctx.em.execute<Array<{ id: string }>>(
    `select id from cameras_device where asset_tag = ? and type = 'QUEUE_MACHINE' and status = 'IN_SERVICE'`,
    [QUEUE_DEMO_KIOSK_TAG],
  );
  if (!device || (await ctx.em.count(QueueKiosk, { deviceId: device.id }))) return;
  const { kiosk, credential } = await queue.registerKiosk(ctx, {
    deviceId: device.id,
    name: 'Máy lấy số — sảnh Bộ phận một cửa phường Hồng Gai',
  });
  const services = await ctx.em.find(QueueService, { centreId }, { orderBy: { prefix: 'asc' } });
  const file = path.join(ctx.config.dataDir, QUEUE_DEMO_KIOSK_FILE);
  const content = {
    note: 'Development only: the demo kiosk credential (shown once at registration). issueQueueTicket(input: { kioskCredential, serviceId })',
    kioskId: kiosk.id,
    centreId,
    kioskCredential: credential,
    services: services.map((s) => ({ serviceId: s.id, prefix: s.prefix, name: s.name })),
  };
  // Written once the registration is committed; the log names the file, never the credential.
  ctx.afterCommit(async () => {
    await mkdir(ctx.config.dataDir, { recursive: true });
    await writeFile(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    ctx.logger.info(
      { seed: QUEUE_DEMO_SEED_NAME, file },
      'demo kiosk registered: its credential is in this file',
    );
  });
}

export const queueDemoSeed: SeedDefinition = {
  name: QUEUE_DEMO_SEED_NAME,
  demo: true,
  run: runQueueDemoSeed,
};
