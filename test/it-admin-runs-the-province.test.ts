import { createTestApp, Operation, TestApp, Variables } from './harness';
import { startKeycloakStandIn, KeycloakStandIn } from './keycloak-stand-in';
import { staffPlugin } from '../plugins/staff';
import { emailAccountsPlugin } from '../plugins/email-accounts';
import {
  CreateMailDomainDocument,
  CreateMailboxDocument,
  CreateOfficialDocument,
  GrantRoleDocument,
  JobsDocument,
  OfficialDocument,
} from './graphql/generated';

/**
 * Issue 21, end to end, as the demo IT admin only (a token for the demo user `it-admin` with the
 * realm role the demo gives it: it-admin over province 22): create an official, give them a working
 * role, create the agency's mail domain and their mailbox; Keycloak (its Admin REST API played by the
 * stand-in in test/keycloak-stand-in, not Keycloak itself) is down meanwhile, so the account is
 * PENDING with the error and the next retry, then SYNCED once it is back; the official's work email
 * is the new mailbox.
 */
describe('the IT admin runs the province alone', () => {
  let kc: KeycloakStandIn;
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    kc = await startKeycloakStandIn();
    t = await createTestApp({ plugins: [staffPlugin, emailAccountsPlugin], env: kc.env });
    await t.app.runSeeds({ demo: true });
    await t.runJobs();
    // Provisioning to the stand-in linked the demo account: Keycloak's tokens carry that id as `sub`.
    const [demo] = await t.sql<{ keycloak_user_id: string | null }>(
      `select keycloak_user_id from staff_official where username = 'it-admin'`,
    );
    token = t.token({
      username: 'it-admin',
      roles: ['it-admin'],
      subject: demo.keycloak_user_id ?? undefined,
    });
  });
  afterAll(async () => {
    await t?.close();
    await kc?.close();
  });

  it('creates an official, grants the specialist role, creates the domain and mailbox; the account goes PENDING → SYNCED', async () => {
    const q = <T = any, V extends Variables = Variables>(query: Operation<T, V>, variables?: V) =>
      t.query(query, variables, { token });
    const agency = (await q(`{ agency(electronicId: "000.01.41.H49") { id name } }`)).agency;
    expect(agency.name).toBe('UBND phường Hồng Gai');

    await kc.stop();
    const official = (
      await q(CreateOfficialDocument, {
        input: {
          fullName: 'Trần Văn Bình',
          position: 'SPECIALIST',
          personalEmail: 'tranbinh@example.com',
          postings: [{ agencyId: agency.id }],
        },
      })
    ).createOfficial;
    expect(official).toMatchObject({ username: 'binhtv', email: null });
    const role = (
      await q(GrantRoleDocument, {
        input: { officialId: official.id, role: 'specialist', agencyId: agency.id },
      })
    ).grantRole;
    expect(role).toMatchObject({ role: 'specialist', agency: { id: agency.id } });
    const domain = (
      await q(CreateMailDomainDocument, {
        input: {
          name: 'honggai.quangninh.gov.vn',
          agencyId: agency.id,
          maxMailboxes: 50,
          defaultQuotaMb: 1024,
          maxQuotaMb: 2048,
        },
      })
    ).createMailDomain;
    const mailbox = (
      await q(CreateMailboxDocument, {
        input: { domainId: domain.id, officialId: official.id },
      })
    ).createMailbox;
    expect(mailbox).toMatchObject({ address: 'binhtv@honggai.quangninh.gov.vn', state: 'REQUESTED' });

    await t.runJobs();
    const pending = (await q(OfficialDocument, { id: official.id })).official!;
    expect(pending.email).toBe('binhtv@honggai.quangninh.gov.vn');
    expect(pending.roleAssignments.map((r) => r.role)).toEqual(['specialist']);
    expect(pending.account).toMatchObject({
      state: 'PENDING',
      lastError: expect.stringMatching(/Keycloak unreachable/),
      nextRetryAt: expect.any(String),
      attempts: 1,
    });
    // The IT admin sees the waiting sync among the jobs of their province.
    const jobs = (
      await q(JobsDocument, { filter: { state: 'PENDING', task: 'staff.keycloak-sync' }, first: 100 })
    ).jobs.nodes;
    expect(jobs.map((j: any) => j.id)).toContain(pending.account!.jobId);

    await kc.start();
    await t.sql(`update graphile_worker._private_jobs set run_at = now() where locked_at is null`);
    await t.runJobs();
    const synced = (await q(OfficialDocument, { id: official.id })).official!;
    expect(synced.account).toMatchObject({ state: 'SYNCED', lastError: null, jobId: null });
    expect(synced.email).toBe('binhtv@honggai.quangninh.gov.vn');
    expect(kc.user('binhtv')).toMatchObject({
      enabled: true,
      email: 'tranbinh@example.com',
      realmRoles: expect.arrayContaining(['specialist']),
      groups: ['000.01.41.H49'],
    });
    // Every step is in the audit trail, done by the IT admin (the work email by their mailbox).
    const actions = await t.sql<{ action: string }>(
      `select action from core_audit_entry where actor_name = 'it-admin' or entity_id = $1 order by at`,
      [official.id],
    );
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'staff.official.create',
        'staff.role.grant',
        'email-accounts.domain.create',
        'email-accounts.mailbox.create',
        'staff.official.work-email',
      ]),
    );
  });
});
