import {
  CreateAgencyDocument,
  CreateOfficialDocument,
  GrantRoleDocument,
  MarkOfficialLeftDocument,
  OfficialDocument,
  UpdateOfficialDocument,
  type Position,
} from '../../../test/graphql/generated';
import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from '../../../test/harness';
import { startKeycloakStandIn, KeycloakStandIn } from '../../../test/keycloak-stand-in';
import { staffPlugin } from '..';
import { arrangeStaffWorld, StaffWorld } from './fixtures';

/**
 * Keycloak provisioning end to end: GraphQL changes to officials -> durable jobs -> the Keycloak
 * stand-in (an HTTP stand-in for the Admin REST API, see test/keycloak-stand-in). Keycloak going
 * down loses nothing; the reconcile finds what changed behind the platform's back and repairs it.
 */
describe('Keycloak provisioning', () => {
  let kc: KeycloakStandIn;
  let t: TestApp;
  let w: StaffWorld;
  let itAdminP: { id: string; token: string };
  let mai: { id: string; username: string };

  const SYNC = 'staff.keycloak-sync-official';
  const syncJobs = () =>
    t.sql<{ attempts: number; last_error: string | null; payload: any; queue_name: string }>(
      `select j.attempts, j.last_error, j.payload, q.queue_name from graphile_worker._private_jobs j
       join graphile_worker._private_tasks t on t.id = j.task_id left join graphile_worker._private_job_queues q on q.id = j.job_queue_id
      where t.identifier = $1 order by j.id`,
      [SYNC],
    );
  const makeJobsDue = () =>
    t.sql('update graphile_worker._private_jobs set run_at = now() where locked_at is null');
  /** A token as Keycloak issues it for a provisioned official: `sub` is the linked Keycloak user id. */
  const linkedToken = async (username: string, roles: string[]) => {
    const [row] = await t.sql<{ keycloak_user_id: string | null }>(
      'select keycloak_user_id from staff_official where username = $1',
      [username],
    );
    return t.token({ username, roles, subject: row.keycloak_user_id ?? undefined });
  };
  const official = (id: string) => t.query(OfficialDocument, { id }, { token: w.adminToken });

  beforeAll(async () => {
    kc = await startKeycloakStandIn();
    t = await createTestApp({
      plugins: [staffPlugin],
      env: { ...kc.env, KEYCLOAK_ACTIONS_LIFESPAN_SECONDS: '86400' },
    });
    w = await arrangeStaffWorld(t);
    // A provincial IT admin, created by the platform admin.
    const created = await t.query(
      CreateOfficialDocument,
      {
        input: {
          fullName: 'Vũ Đình Khánh',
          username: 'khanhvd',
          position: 'IT_ADMIN',
          email: 'khanhvd@quangninh.gov.vn',
          postings: [{ agencyId: w.provinceAgency.id }],
          roles: [{ role: 'it-admin', unitId: w.province.id }],
        },
      },
      { token: w.adminToken },
    );
    await t.runJobs();
    // Provisioning linked the account: Keycloak's tokens for it carry that user id as `sub`.
    itAdminP = { id: created.createOfficial.id, token: await linkedToken('khanhvd', ['it-admin']) };
  });
  afterAll(async () => {
    await t?.close();
    await kc?.close();
  });

  it('a provincial IT admin creates an official: Keycloak gets the user, names, email, attributes, agency group, realm role and the set-password email', async () => {
    const data = await t.query(
      CreateOfficialDocument,
      {
        input: {
          fullName: 'Hoàng Thị Mai',
          position: 'ONE_STOP_OFFICER',
          email: 'mai.ht@halong.gov.vn',
          personalEmail: 'hoangmai@example.org',
          postings: [{ agencyId: w.agencyA.id, deskId: w.deskA.id }],
          roles: [{ role: 'one-stop-officer', agencyId: w.agencyA.id }],
        },
      },
      { token: itAdminP.token },
    );
    mai = data.createOfficial;
    expect(mai.username).toBe('maiht');
    expect(data.createOfficial.keycloakUserId).toBeNull();
    expect(kc.user('maiht')).toBeNull(); // nothing happens until the job runs

    await t.runJobs();

    const user = kc.user('maiht')!;
    expect(user).toMatchObject({
      username: 'maiht',
      enabled: true,
      emailVerified: false,
      firstName: 'Thị Mai',
      lastName: 'Hoàng',
      email: 'hoangmai@example.org',
      attributes: { officialId: [mai.id], agencyId: [w.agencyA.id], unitId: [w.communeA.id] },
    });
    expect(user.groups).toEqual(['000.01.01.H46']);
    expect(kc.group('000.01.01.H46')!.attributes).toMatchObject({
      agencyId: [w.agencyA.id],
      electronicId: ['000.01.01.H46'],
      unitId: [w.communeA.id],
    });
    expect(user.realmRoles).toEqual(['default-roles-test-realm', 'one-stop-officer']);
    expect(kc.actionEmails.filter((m) => m.username === 'maiht')).toEqual([
      // The set-password link goes to the personal address, not to a work mailbox she cannot open yet.
      expect.objectContaining({
        userId: user.id,
        email: 'hoangmai@example.org',
        actions: ['UPDATE_PASSWORD'],
        lifespan: 86400,
      }),
    ]);
    expect((await official(mai.id)).official!.keycloakUserId).toBe(user.id);
    expect(await syncJobs()).toEqual([]);
  });

  it('is idempotent: another sync changes nothing and sends no second email', async () => {
    const before = kc.requests.filter((r) => r.method !== 'GET').length;
    await t.query(
      UpdateOfficialDocument,
      { input: { id: mai.id, phone: '0203 3825 123' } },
      { token: itAdminP.token },
    );
    await t.runJobs();
    expect(kc.requests.filter((r) => r.method !== 'GET').length).toBe(before);
    expect(kc.actionEmails.filter((m) => m.username === 'maiht')).toHaveLength(1);
    expect([...kc.users.values()].filter((u) => u.username === 'maiht')).toHaveLength(1);
  });

  it('while Keycloak is down the job fails and stays queued; once it is back everything converges, nothing lost', async () => {
    await kc.stop();
    await t.query(
      GrantRoleDocument,
      { input: { officialId: mai.id, role: 'specialist', agencyId: w.agencyA.id } },
      { token: itAdminP.token },
    );
    await t.runJobs();

    const [job] = await syncJobs();
    expect(job.attempts).toBe(1);
    expect(job.last_error).toMatch(/Keycloak unreachable \(ECONNREFUSED\)/);
    expect(job.payload).toEqual({
      officialId: mai.id,
      sendSetPassword: false,
      _scope: { unitIds: [w.communeA.id], agencyIds: [w.agencyA.id] },
    });
    expect(job.queue_name).toBe('staff.keycloak');

    // A second change while still down: one pending sync per official carries the latest state.
    await t.query(
      UpdateOfficialDocument,
      { input: { id: mai.id, fullName: 'Hoàng Thị Ngọc Mai', personalEmail: 'ngocmai@example.org' } },
      { token: itAdminP.token },
    );
    await t.runJobs();
    expect((await syncJobs()).length).toBe(1);
    expect((await syncJobs())[0].attempts).toBe(1);
    expect(kc.user('maiht')!.realmRoles).not.toContain('specialist');

    await kc.start();
    await makeJobsDue();
    await t.runJobs();

    expect(await syncJobs()).toEqual([]);
    expect(kc.user('maiht')).toMatchObject({
      firstName: 'Thị Ngọc Mai',
      lastName: 'Hoàng',
      email: 'ngocmai@example.org',
      emailVerified: false,
      enabled: true,
      realmRoles: ['default-roles-test-realm', 'one-stop-officer', 'specialist'],
      groups: ['000.01.01.H46'],
    });
    expect(kc.actionEmails.filter((m) => m.username === 'maiht')).toHaveLength(1);
  });

  it('a Keycloak answering 503 is retried too', async () => {
    kc.failNext(1, 503);
    await t.query(
      UpdateOfficialDocument,
      { input: { id: mai.id, title: 'Công chức Văn phòng - Thống kê' } },
      { token: itAdminP.token },
    );
    await t.runJobs();
    const [job] = await syncJobs();
    expect(job.last_error).toMatch(/answered 503/);
    await makeJobsDue();
    await t.runJobs();
    expect(await syncJobs()).toEqual([]);
  });

  it('moving the official to another agency moves the group membership', async () => {
    await t.query(
      `mutation($input: SetPostingsInput!) { setOfficialPostings(input: $input) { id } }`,
      {
        input: {
          officialId: mai.id,
          postings: [{ agencyId: w.agencyB.id }, { agencyId: w.agencyA.id, primary: false }],
        },
      },
      { token: w.adminToken },
    );
    await t.runJobs();
    expect(kc.user('maiht')).toMatchObject({
      groups: ['000.01.01.H46', '000.02.01.H46'],
      attributes: { agencyId: [w.agencyB.id], unitId: [w.communeB.id] },
    });
    await t.query(
      `mutation($input: SetPostingsInput!) { setOfficialPostings(input: $input) { id } }`,
      { input: { officialId: mai.id, postings: [{ agencyId: w.agencyA.id }] } },
      { token: w.adminToken },
    );
    await t.runJobs();
    expect(kc.user('maiht')).toMatchObject({
      groups: ['000.01.01.H46'],
      attributes: { agencyId: [w.agencyA.id], unitId: [w.communeA.id] },
    });
  });

  it('suspension disables the account and reinstatement enables it', async () => {
    const status = (mutation: string) =>
      t.query(
        `mutation($input: ChangeOfficialStatusInput!) { ${mutation}(input: $input) { status } }`,
        { input: { officialId: mai.id } },
        { token: itAdminP.token },
      );
    await status('suspendOfficial');
    await t.runJobs();
    expect(kc.user('maiht')!.enabled).toBe(false);
    await status('reinstateOfficial');
    await t.runJobs();
    expect(kc.user('maiht')!.enabled).toBe(true);
  });

  it('marking the official as left disables the account and takes away agency groups and platform roles', async () => {
    kc.grantRealmRole('maiht', 'offline_access'); // Keycloak's own roles are not the platform's business
    await t.query(MarkOfficialLeftDocument, { input: { officialId: mai.id } }, { token: itAdminP.token });
    await t.runJobs();
    expect(kc.user('maiht')).toMatchObject({
      enabled: false,
      groups: [],
      realmRoles: ['default-roles-test-realm', 'offline_access'],
    });
    expect((await official(mai.id)).official).toMatchObject({
      keycloakUserId: kc.user('maiht')!.id,
      status: 'LEFT',
    });
  });

  it('a permanent refusal (another user has the email) is recorded, not retried, and shows as drift', async () => {
    // The fixture's officials share one personal email; Keycloak (duplicate emails not allowed)
    // accepted the first of them only.
    const withAccount = ['hungnv', 'lantt', 'duclm', 'baopq'].filter((u) => kc.user(u));
    expect(withAccount).toEqual(['hungnv']);
    expect(await syncJobs()).toEqual([]);
    const rows =
      await t.sql(`select o.username, k.last_error, k.error_permanent from staff_keycloak_account k join staff_official o on o.id = k.official_id
      where k.last_error is not null order by o.username`);
    expect(rows.map((r) => r.username)).toEqual(['baopq', 'duclm', 'lantt']);
    for (const row of rows) {
      expect(row.error_permanent).toBe(true);
      expect(row.last_error).toContain('User exists with same email');
    }
  });

  describe('reconcile', () => {
    const RECONCILE = `mutation($input: ReconcileKeycloakInput!) { reconcileKeycloak(input: $input) { id status repair } }`;
    const REPORT = `query($id: ID) { keycloakDriftReport(id: $id) {
      id status trigger repair requestedBy officialsChecked usersChecked driftCount repairsQueued error
      items { kind officialId username keycloakUserId message missing extra } } }`;
    const reconcile = async (token: string, repair = false) => {
      const started = (await t.query(RECONCILE, { input: { repair } }, { token })).reconcileKeycloak;
      expect(started).toMatchObject({ status: 'PENDING', repair });
      await t.runJobs();
      return (await t.query(REPORT, { id: started.id }, { token })).keycloakDriftReport;
    };
    let ghostId: string;

    it("detects a user enabled behind the platform's back, extra roles, and users of unknown officials", async () => {
      kc.updateUser('maiht', { enabled: true });
      kc.grantRealmRole('hungnv', 'auditor');
      ghostId = randomUUID();
      kc.createUser({ username: 'ghost', attributes: { officialId: [ghostId] } });
      kc.createUser({ username: 'kc-admin' }); // not the platform's: ignored

      const report = await reconcile(w.adminToken);
      expect(report).toMatchObject({
        status: 'COMPLETED',
        trigger: 'MANUAL',
        repair: false,
        requestedBy: 'root',
        officialsChecked: 6,
        repairsQueued: 0,
        error: null,
      });
      const kinds = report.items.map((i: any) => `${i.kind}:${i.username}`).sort();
      expect(kinds).toEqual([
        'MISSING_USER:baopq',
        'MISSING_USER:duclm',
        'MISSING_USER:lantt',
        'ORPHAN_USER:ghost',
        'ROLES:hungnv',
        'SHOULD_BE_DISABLED:maiht',
        'SYNC_FAILED:baopq',
        'SYNC_FAILED:duclm',
        'SYNC_FAILED:lantt',
      ]);
      expect(report.items.find((i: any) => i.kind === 'ROLES')).toMatchObject({
        missing: [],
        extra: ['auditor'],
      });
      expect(report.items.find((i: any) => i.kind === 'SHOULD_BE_DISABLED')).toMatchObject({
        officialId: mai.id,
        keycloakUserId: kc.user('maiht')!.id,
      });
      expect(report.items.find((i: any) => i.kind === 'ORPHAN_USER').message).toContain(ghostId);
      expect(kc.user('maiht')!.enabled).toBe(true); // a report only
    });

    it('shows each admin only the drift of officials in their scope', async () => {
      const itAdminA = await reconcile(w.itAdminA.token);
      expect(itAdminA.items.map((i: any) => `${i.kind}:${i.username}`).sort()).toEqual([
        'MISSING_USER:duclm',
        'ROLES:hungnv',
        'SHOULD_BE_DISABLED:maiht',
        'SYNC_FAILED:duclm',
      ]);
      const provincial = (await t.query(REPORT, { id: itAdminA.id }, { token: itAdminP.token }))
        .keycloakDriftReport;
      expect(provincial.items.map((i: any) => i.username)).not.toContain('ghost'); // not an official of any unit
      expect(provincial.items.map((i: any) => i.username)).toContain('lantt');
    });

    it('is guarded by staff.keycloak.manage', async () => {
      const denied = await t.request(RECONCILE, { input: { repair: true } }, { token: w.officerA.token });
      expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const read = await t.request(REPORT, {}, { token: w.leaderP.token });
      expect(read.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it("repairs what drifted, within the requester's scope", async () => {
      const repaired = await reconcile(w.itAdminA.token, true);
      expect(repaired.repairsQueued).toBe(3); // duclm, hungnv, maiht: ward A only
      expect(kc.user('maiht')!.enabled).toBe(false);
      expect(kc.realmRolesOf('hungnv')).toEqual(['default-roles-test-realm', 'one-stop-officer']);
      expect(kc.user('lantt')).toBeNull(); // ward B: not theirs to repair
      expect(kc.user('ghost')!.enabled).toBe(true); // orphans are reported, never touched

      const after = await reconcile(w.adminToken);
      expect(after.items.map((i: any) => `${i.kind}:${i.username}`).sort()).toEqual([
        'MISSING_USER:baopq',
        'MISSING_USER:duclm',
        'MISSING_USER:lantt',
        'ORPHAN_USER:ghost',
        'SYNC_FAILED:baopq',
        'SYNC_FAILED:duclm',
        'SYNC_FAILED:lantt',
      ]);
    });

    it('once the cause of a permanent failure is fixed, a repair provisions the account', async () => {
      await t.query(
        UpdateOfficialDocument,
        { input: { id: w.officerB.id, personalEmail: 'lantt@example.org' } },
        { token: w.adminToken },
      );
      await t.runJobs();
      expect(kc.user('lantt')).toMatchObject({
        email: 'lantt@example.org',
        enabled: true,
        groups: ['000.02.01.H46'],
        realmRoles: ['default-roles-test-realm', 'one-stop-officer'],
      });
      expect(kc.actionEmails.filter((m) => m.username === 'lantt')).toHaveLength(1);
      expect(
        await t.sql(`select last_error from staff_keycloak_account where official_id = $1`, [w.officerB.id]),
      ).toEqual([{ last_error: null }]);
    });

    it('the latest report is returned without an id', async () => {
      const latest = (await t.query(REPORT, {}, { token: w.adminToken })).keycloakDriftReport;
      expect(latest.status).toBe('COMPLETED');
    });

    it("an IT admin over a provincial department sees and repairs that department's officials only", async () => {
      const department = (
        await t.query(
          CreateAgencyDocument,
          {
            input: {
              name: 'Sở Nội vụ tỉnh Quảng Ninh',
              electronicId: '000.00.31.H46',
              unitId: w.province.id,
              kind: 'PROVINCIAL_DEPARTMENT',
            },
          },
          { token: w.adminToken },
        )
      ).createAgency.id;
      const create = async (fullName: string, position: Position, role: string, personalEmail: string) =>
        (
          await t.query(
            CreateOfficialDocument,
            {
              input: {
                fullName,
                position,
                personalEmail,
                postings: [{ agencyId: department }],
                roles: [{ role, agencyId: department }],
              },
            },
            { token: w.adminToken },
          )
        ).createOfficial;
      const admin = await create('Tô Minh Quân', 'IT_ADMIN', 'it-admin', 'quantm@example.org');
      const specialist = await create('Lê Thị Hoa', 'SPECIALIST', 'specialist', 'hoalt@example.org');
      await t.runJobs();
      kc.updateUser(specialist.username, { enabled: false });
      const token = await linkedToken(admin.username, ['it-admin']);

      const report = await reconcile(token, true);
      // The province's own agency (baopq) and the wards share no agency with them: not shown, not repaired.
      expect(report.items.map((i: any) => `${i.kind}:${i.username}`)).toEqual([
        `SHOULD_BE_ENABLED:${specialist.username}`,
      ]);
      expect(report.repairsQueued).toBe(1);
      expect(kc.user(specialist.username)!.enabled).toBe(true);
      expect(kc.user('baopq')).toBeNull();
      // The provincial IT admin (a role over the province unit) sees the department's officials too.
      const provincial = (await t.query(REPORT, { id: report.id }, { token: itAdminP.token }))
        .keycloakDriftReport;
      expect(provincial.items.map((i: any) => i.username)).toContain(specialist.username);
    });
  });
});
