import fs from 'node:fs';
import path from 'node:path';
import { createTestApp, type TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { camerasPlugin } from '../../cameras';
import { proceduresPlugin } from '../../procedures';
import { queuePlugin } from '..';
import { QUEUE_DEMO_AGENCY, QUEUE_DEMO_KIOSK_FILE } from '../seeds/demo-queue.seed';
import { ISSUE_TICKET } from './fixtures';
import { localToday } from '../../../src';
import { QueueCentreDocument, SetOfficeHoursDocument } from '../../../test/graphql/generated';

/**
 * The demo seed queue.demo on top of the staff, cameras and procedures demos (as `npm start` loads
 * them in development): Hồng Gai's one-stop centre has services mapped to its counters and a kiosk
 * whose credential, shown once, is written to DATA_DIR only — and it issues tickets through the API.
 */
describe('demo seed queue.demo', () => {
  let t: TestApp;
  let applied: string[];
  const admin = () => t.token('root', ['platform-admin']);

  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, camerasPlugin, proceduresPlugin, queuePlugin],
      env: { CAMERAS_PROBE_SCHEDULE: 'off' },
    });
    applied = await t.app.runSeeds({ demo: true });
  }, 300_000); // the staff, cameras and procedures demos through their real services: slow on a loaded machine
  afterAll(() => t?.close());

  it('runs after the demos it builds on, once', async () => {
    for (const before of ['staff.demo-quang-ninh', 'cameras.demo-devices', 'procedures.demo'])
      expect(applied.indexOf('queue.demo')).toBeGreaterThan(applied.indexOf(before));
    const count = `select (select count(*)::int from queue_service) as services, (select count(*)::int from queue_kiosk) as kiosks`;
    const before = await t.sql(count);
    expect(before).toEqual([{ services: 3, kiosks: 1 }]);
    expect(await t.app.runSeeds({ demo: true })).toEqual([]);
    expect(await t.sql(count)).toEqual(before);
  });

  it("gives Hồng Gai's centre services at its counters and a kiosk whose credential is in DATA_DIR, and it issues tickets", async () => {
    const file = path.join(t.dataDir, QUEUE_DEMO_KIOSK_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const demo = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(demo.kioskCredential).toMatch(/^qk_/);

    const centre = (await t.query(QueueCentreDocument, { id: demo.centreId }, { token: admin() }))
      .queueCentre!;
    expect(centre.centre.agency.electronicId).toBe(QUEUE_DEMO_AGENCY);
    const desks = await t.sql<{ id: string; code: string }>(
      `select d.id, d.code from staff_desk d where d.centre_id = $1`,
      [demo.centreId],
    );
    const code = new Map(desks.map((d) => [d.id, d.code]));
    expect(
      centre.services.map((s) => [s.prefix, s.procedureField, s.deskIds.map((id) => code.get(id)).sort()]),
    ).toEqual([
      ['A', 'Hộ tịch', ['01', '02']],
      ['B', 'Chứng thực', ['02', '03']],
      ['C', 'Đất đai', ['03']],
    ]);
    expect(centre.kiosks).toEqual([{ id: demo.kioskId, name: expect.any(String), revokedAt: null }]);
    expect(demo.services.map((s: { serviceId: string }) => s.serviceId)).toEqual(
      centre.services.map((s: { id: string }) => s.id),
    );
    // Neither the credential nor its hash in the audit trail.
    const hash = await t.sql(`select secret_hash from queue_kiosk where id = $1`, [demo.kioskId]);
    const leaked = await t.sql(
      `select count(*)::int as n from core_audit_entry where coalesce(after::text, '') like $1 or coalesce(after::text, '') like $2`,
      [`%${demo.kioskCredential}%`, `%${hash[0].secret_hash}%`],
    );
    expect(leaked).toEqual([{ n: 0 }]);

    // Open all day, and today a working day even on a holiday (the test must not depend on the hour or
    // the date), then the kiosk issues a ticket.
    const agencyId = (
      await t.sql<{ id: string }>(`select id from staff_agency where electronic_id = $1`, [QUEUE_DEMO_AGENCY])
    )[0].id;
    await t.query(
      SetOfficeHoursDocument,
      {
        input: {
          agencyId,
          days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
            weekday,
            ranges: [{ start: '00:00', end: '24:00' }],
          })),
        },
      },
      { token: admin() },
    );
    await t.query(
      `mutation($input: SetCalendarEntryInput!) { setCalendarEntry(input: $input) { id } }`,
      { input: { agencyId, date: localToday(), kind: 'MAKEUP_WORKDAY', name: 'Làm bù (kiểm thử)' } },
      { token: admin() },
    );
    const issued = (
      await t.query(ISSUE_TICKET, {
        input: { kioskCredential: demo.kioskCredential, serviceId: demo.services[1].serviceId },
      })
    ).issueQueueTicket;
    expect(issued.ticket.number).toBe('B001');
  });
});
