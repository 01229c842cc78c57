import {
  CreateOfficialDocument,
  JobsDocument,
  OfficialDocument,
  RetryJobsDocument,
  UpdateOfficialDocument,
} from '../../../test/graphql/generated';
import { createTestApp, TestApp } from '../../../test/harness';
import { startKeycloakStandIn, KeycloakStandIn } from '../../../test/keycloak-stand-in';
import { staffPlugin } from '..';
import { arrangeStaffWorld, StaffWorld } from './fixtures';

const CREATE = CreateOfficialDocument;

/**
 * Provisioning is visible: every official's account state comes from their sync jobs (against the
 * Keycloak stand-in, test/keycloak-stand-in: not Keycloak), IT admins see and re-run the failed jobs
 * of their scope only, reconcile reports always end, and an unconfigured platform says so.
 */
describe('Keycloak account state of officials', () => {
  describe('without Keycloak provisioning configured', () => {
    let t: TestApp;
    let w: StaffWorld;
    const lines: string[] = [];
    beforeAll(async () => {
      t = await createTestApp({
        plugins: [staffPlugin],
        env: { LOG_LEVEL: 'warn' },
        logDestination: { write: (l) => void lines.push(l) },
      });
      w = await arrangeStaffWorld(t);
    });
    afterAll(() => t.close());

    it('start-up warns loudly', () => {
      const warning = lines.map((l) => JSON.parse(l)).find((l) => l.provisioning === 'NOT_CONFIGURED');
      expect(warning).toMatchObject({ level: 40, msg: expect.stringMatching(/NOT configured/) });
    });

    it('a sync is not a silent no-op: the account shows NOT_CONFIGURED and the record says so', async () => {
      await t.runJobs();
      const data = await t.query(OfficialDocument, { id: w.officerA.id }, { token: w.itAdminA.token });
      expect(data.official!.account).toMatchObject({
        state: 'NOT_CONFIGURED',
        lastError: expect.stringMatching(/not configured/),
        lastSyncedAt: null,
      });
      expect(
        await t.sql(`select not_configured from staff_keycloak_account where official_id = $1`, [
          w.officerA.id,
        ]),
      ).toEqual([{ not_configured: true }]);
      // Others than the official and their IT admins do not see it.
      const byLeader = await t.query(OfficialDocument, { id: w.officerA.id }, { token: w.leaderP.token });
      expect(byLeader.official!.account).toBeNull();
      const own = await t.query(OfficialDocument, { id: w.officerA.id }, { token: w.officerA.token });
      expect(own.official!.account!.state).toBe('NOT_CONFIGURED');
    });
  });

  describe('with the Keycloak stand-in', () => {
    let kc: KeycloakStandIn;
    let t: TestApp;
    let w: StaffWorld;
    let hoa: { id: string; username: string };
    beforeAll(async () => {
      kc = await startKeycloakStandIn();
      t = await createTestApp({ plugins: [staffPlugin], env: kc.env });
      w = await arrangeStaffWorld(t);
      await t.runJobs();
    });
    afterAll(async () => {
      await t?.close();
      await kc?.close();
    });

    const account = async (id: string, token = w.itAdminA.token) =>
      (await t.query(OfficialDocument, { id }, { token })).official!.account!;
    /** The job's remaining attempts used up but one, as if Keycloak had been down for days. */
    const lastAttemptNext = (task: string) =>
      t.sql(
        `update graphile_worker._private_jobs j set attempts = j.max_attempts - 1, run_at = now()
           from graphile_worker._private_tasks k where k.id = j.task_id and k.identifier = $1`,
        [task],
      );
    const makeDue = () => t.sql(`update graphile_worker._private_jobs set run_at = now()`);

    it('SYNCED once the sync ran', async () => {
      expect(await account(w.officerA.id)).toMatchObject({
        state: 'SYNCED',
        lastError: null,
        lastSyncedAt: expect.any(String),
        jobId: null,
      });
    });

    it('PENDING with the last error and the next retry while Keycloak is down, FAILED when the attempts are used up, retried by the IT admin of the commune', async () => {
      await kc.stop();
      const created = (
        await t.query(
          CREATE,
          {
            input: {
              fullName: 'Trịnh Thị Hoa',
              position: 'SPECIALIST',
              personalEmail: 'hoa@example.org',
              postings: [{ agencyId: w.agencyA.id }],
            },
          },
          { token: w.itAdminA.token },
        )
      ).createOfficial;
      hoa = created;
      expect((await account(created.id)).state).toBe('PENDING');
      await t.runJobs();
      const pending = await account(created.id);
      expect(pending).toMatchObject({
        state: 'PENDING',
        attempts: 1,
        lastError: expect.stringMatching(/Keycloak unreachable/),
        lastErrorAt: expect.any(String),
        nextRetryAt: expect.any(String),
      });
      expect(new Date(pending.nextRetryAt!).getTime()).toBeGreaterThan(Date.now());

      await lastAttemptNext('staff.keycloak-sync-official');
      await t.runJobs();
      const failed = await account(created.id);
      expect(failed).toMatchObject({ state: 'FAILED', nextRetryAt: null, jobId: expect.any(String) });
      expect(failed.lastError).toMatch(/Keycloak unreachable/);

      // The commune's IT admin sees the failed job; the other commune's official is not theirs to see.
      const listed = (
        await t.query(
          JobsDocument,
          { filter: { state: 'FAILED', task: 'staff.' } },
          { token: w.itAdminA.token },
        )
      ).jobs.nodes;
      expect(listed.map((j: any) => j.id)).toEqual([failed.jobId]);
      const hidden = await t.request(OfficialDocument, { id: created.id }, { token: w.officerB.token });
      expect(hidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');

      await kc.start();
      const retried = await t.query(
        RetryJobsDocument,
        { input: { ids: [failed.jobId!] } },
        { token: w.itAdminA.token },
      );
      expect(retried.retryJobs.rescheduled).toBe(1);
      await t.runJobs();
      expect(await account(created.id)).toMatchObject({ state: 'SYNCED', lastError: null, jobId: null });
      expect(kc.user(created.username)).toMatchObject({ enabled: true });
    });

    it('a permanent refusal is FAILED with its reason, which never names another official', async () => {
      // The fixture gives every official one personal email: Keycloak refused the second user with it.
      const refused = await account(w.officerB.id, w.adminToken);
      expect(refused).toMatchObject({ state: 'FAILED', nextRetryAt: null, jobId: null });
      expect(refused.lastError).toBe(
        `Keycloak refused to create "${w.officerB.username}": User exists with same email`,
      );
      // The Keycloak user now carries another official's id: refused, and that official is not named.
      kc.updateUser(hoa.username, { attributes: { officialId: ['8a0c3f8e-0000-4000-8000-000000000001'] } });
      await t.query(
        UpdateOfficialDocument,
        { input: { id: hoa.id, title: 'Công chức' } },
        { token: w.itAdminA.token },
      );
      await t.runJobs();
      const failed = await account(hoa.id);
      expect(failed.state).toBe('FAILED');
      expect(failed.lastError).toBe(
        `Keycloak user "${hoa.username}" belongs to another official; not touching it`,
      );
    });

    it('a reconcile that used up its attempts ends FAILED with the reason, never PENDING forever', async () => {
      await kc.stop();
      const requested = await t.query(
        `mutation { reconcileKeycloak(input: { repair: false }) { id status } }`,
        {},
        { token: w.adminToken },
      );
      await t.runJobs();
      const REPORT = `query($id: ID) { keycloakDriftReport(id: $id) { status error } }`;
      expect(
        (await t.query(REPORT, { id: requested.reconcileKeycloak.id }, { token: w.adminToken }))
          .keycloakDriftReport,
      ).toMatchObject({
        status: 'PENDING',
        error: expect.stringMatching(/unreachable/),
      });
      await lastAttemptNext('staff.keycloak-reconcile');
      await t.runJobs();
      const report = (await t.query(REPORT, { id: requested.reconcileKeycloak.id }, { token: w.adminToken }))
        .keycloakDriftReport;
      expect(report.status).toBe('FAILED');
      expect(report.error).toMatch(/^Gave up after the last attempt: .*unreachable/);
      await kc.start();
      await makeDue();
      await t.runJobs();
    });
  });
});
