import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '..';
import { arrangeStaffWorld, StaffWorld } from './fixtures';

describe('unit scope: officials of two communes and a provincial leader', () => {
  let t: TestApp;
  let w: StaffWorld;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin] });
    w = await arrangeStaffWorld(t);
  });
  afterAll(() => t.close());

  const LIST = `{ officials(first: 50) { totalCount nodes { username } } }`;
  const names = (data: any) => data.officials.nodes.map((n: any) => n.username).sort();

  it('derives usernames from Vietnamese names without diacritics', () => {
    expect([w.officerA.username, w.officerB.username, w.itAdminA.username, w.leaderP.username]).toEqual(['hungnv', 'lantt', 'duclm', 'baopq']);
  });

  it('a commune officer sees only the officials of their commune', async () => {
    expect(names(await t.query(LIST, {}, { token: w.officerA.token }))).toEqual(['duclm', 'hungnv']);
    expect(names(await t.query(LIST, {}, { token: w.officerB.token }))).toEqual(['lantt']);
  });

  it('a commune officer cannot read an official of another commune, even by id', async () => {
    const result = await t.request(`query($id: ID!) { official(id: $id) { fullName } }`, { id: w.officerB.id }, { token: w.officerA.token });
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('a provincial leader sees the whole province', async () => {
    expect(names(await t.query(LIST, {}, { token: w.leaderP.token }))).toEqual(['baopq', 'duclm', 'hungnv', 'lantt']);
  });

  it('a commune IT admin manages officials of their commune only', async () => {
    const create = (agencyId: string) => t.request(`mutation($input: CreateOfficialInput!) { createOfficial(input: $input) { username } }`,
      { input: { fullName: 'Nguyễn Văn Hùng', position: 'SPECIALIST', postings: [{ agencyId }] } }, { token: w.itAdminA.token });
    const own = await create(w.agencyA.id);
    expect(own.errors).toBeUndefined();
    expect(own.data?.createOfficial.username).toBe('hungnv2');
    const other = await create(w.agencyB.id);
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('nobody grants a role carrying permissions they lack', async () => {
    const result = await t.request(`mutation($input: GrantRoleInput!) { grantRole(input: $input) { id } }`,
      { input: { officialId: w.officerA.id, role: 'platform-admin', unitId: w.communeA.id } }, { token: w.itAdminA.token });
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('me returns the signed-in official with postings and permissions', async () => {
    const data = await t.query(`{ me { username permissions official { fullName assignments { agency { name } desk { code } } } } }`, {}, { token: w.officerA.token });
    expect(data.me.official.fullName).toBe('Nguyễn Văn Hùng');
    expect(data.me.official.assignments).toEqual([{ agency: { name: 'UBND phường Hạ Long' }, desk: { code: '01' } }]);
    expect(data.me.permissions).toContain('staff.officials.read');
  });

  it('background jobs are platform-wide: a commune IT admin (jobs.manage through it-admin) neither lists nor re-runs them', async () => {
    const LIST_JOBS = `{ jobs(state: pending) { id task } }`;
    const listed = await t.request(LIST_JOBS, {}, { token: w.itAdminA.token });
    expect(listed.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(listed.data).toBeNull();
    const [job] = await t.sql<{ id: string }>(`select id::text from graphile_worker.jobs order by id limit 1`);
    const retried = await t.request(`mutation($input: RetryJobsInput!) { retryJobs(input: $input) { rescheduled } }`, { input: { ids: [job.id] } }, { token: w.itAdminA.token });
    expect(retried.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await t.sql(`select 1 from core_audit_entry where action = 'core.jobs.retry'`)).toEqual([]);
    // A platform-wide administrator sees every job (officials of both communes were created through the queue).
    const all = await t.query(LIST_JOBS, {}, { token: w.adminToken });
    expect(all.jobs.length).toBeGreaterThan(0);
  });

  it('a suspended official loses their scope at once', async () => {
    await t.query(`mutation($input: ChangeOfficialStatusInput!) { suspendOfficial(input: $input) { status } }`, { input: { officialId: w.officerB.id } }, { token: w.adminToken });
    const data = await t.query(LIST, {}, { token: w.officerB.token });
    expect(data.officials.totalCount).toBe(0);
  });
});
