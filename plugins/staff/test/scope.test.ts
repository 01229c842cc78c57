import {
  AuditTrailDocument,
  CreateAgencyDocument,
  CreateDepartmentDocument,
  CreateOfficialDocument,
  GrantRoleDocument,
  JobsDocument,
  MeOfficialDocument,
  OfficialDocument,
  RetryJobsDocument,
  RevokeRoleDocument,
} from '../../../test/graphql/generated';
import { createTestApp, TestApp } from '../../../test/harness';
import { notesPlugin } from '../../../test/fixtures/notes.plugin';
import { staffPlugin } from '..';
import { arrangeStaffWorld, StaffWorld } from './fixtures';

describe('unit scope: officials of two communes and a provincial leader', () => {
  let t: TestApp;
  let w: StaffWorld;
  beforeAll(async () => {
    // The notes fixture gives leaders permissions (notes.read, notes.write) that it-admins lack.
    t = await createTestApp({ plugins: [staffPlugin, notesPlugin] });
    w = await arrangeStaffWorld(t);
  });
  afterAll(() => t.close());

  const LIST = `{ officials(first: 50) { totalCount nodes { username } } }`;
  const names = (data: any) => data.officials.nodes.map((n: any) => n.username).sort();

  it('derives usernames from Vietnamese names without diacritics', () => {
    expect([w.officerA.username, w.officerB.username, w.itAdminA.username, w.leaderP.username]).toEqual([
      'hungnv',
      'lantt',
      'duclm',
      'baopq',
    ]);
  });

  it('a commune officer sees only the officials of their commune', async () => {
    expect(names(await t.query(LIST, {}, { token: w.officerA.token }))).toEqual(['duclm', 'hungnv']);
    expect(names(await t.query(LIST, {}, { token: w.officerB.token }))).toEqual(['lantt']);
  });

  it('a commune officer cannot read an official of another commune, even by id', async () => {
    const result = await t.request(OfficialDocument, { id: w.officerB.id }, { token: w.officerA.token });
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('a provincial leader sees the whole province', async () => {
    expect(names(await t.query(LIST, {}, { token: w.leaderP.token }))).toEqual([
      'baopq',
      'duclm',
      'hungnv',
      'lantt',
    ]);
  });

  it('a commune IT admin manages officials of their commune only', async () => {
    const create = (agencyId: string) =>
      t.request(
        CreateOfficialDocument,
        { input: { fullName: 'Nguyễn Văn Hùng', position: 'SPECIALIST', postings: [{ agencyId }] } },
        { token: w.itAdminA.token },
      );
    const own = await create(w.agencyA.id);
    expect(own.errors).toBeUndefined();
    expect(own.data?.createOfficial.username).toBe('hungnv2');
    const other = await create(w.agencyB.id);
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('nobody grants a role carrying permissions they lack', async () => {
    const result = await t.request(
      GrantRoleDocument,
      { input: { officialId: w.officerA.id, role: 'platform-admin', unitId: w.communeA.id } },
      { token: w.itAdminA.token },
    );
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('a role held over another unit does not let one grant it here', async () => {
    // IT admin of commune A and, separately, leader of commune B: may manage roles in A only, and holds
    // the leader's permissions in B only, so may not make anyone a leader of A.
    const dual = (
      await t.query(
        CreateOfficialDocument,
        {
          input: {
            fullName: 'Đặng Văn Tú',
            position: 'IT_ADMIN',
            postings: [{ agencyId: w.agencyA.id }],
            roles: [
              { role: 'it-admin', unitId: w.communeA.id },
              { role: 'leader', unitId: w.communeB.id },
            ],
          },
        },
        { token: w.adminToken },
      )
    ).createOfficial;
    const token = t.token(dual.username, ['it-admin', 'leader']);
    const grant = (role: string, unitId: string) =>
      t.request(GrantRoleDocument, { input: { officialId: w.officerA.id, role, unitId } }, { token });
    const leaderOfA = await grant('leader', w.communeA.id);
    expect(leaderOfA.errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: expect.stringContaining('none of your roles delegates it'),
    });
    expect(
      await t.sql(`select 1 from staff_role_assignment where official_id = $1 and role = 'leader'`, [
        w.officerA.id,
      ]),
    ).toEqual([]);
    // What they hold over A they may hand out there.
    expect((await grant('specialist', w.communeA.id)).errors).toBeUndefined();
    // The CSV import checks the same way, row by row.
    const imported = await t.query(
      `mutation($input: ImportOfficialsInput!) { importOfficials(input: $input) { rows { status errors { message } } } }`,
      {
        input: {
          dryRun: true,
          csv: `full_name,position,agency_electronic_id,roles\nTrương Văn Khải,SPECIALIST,000.01.01.H46,leader@unit:06940\n`,
        },
      },
      { token },
    );
    expect(imported.importOfficials.rows).toEqual([
      {
        status: 'INVALID',
        errors: [{ message: expect.stringContaining('none of your roles delegates it') }],
      },
    ]);
  });

  it('an auditor of a commune finds every change to its officials in the trail (each entry carries the unit)', async () => {
    const auditor = (
      await t.query(
        CreateOfficialDocument,
        {
          input: {
            fullName: 'Mạc Thị Kiểm',
            position: 'OTHER',
            postings: [{ agencyId: w.agencyA.id }],
            roles: [{ role: 'auditor', unitId: w.communeA.id }],
          },
        },
        { token: w.adminToken },
      )
    ).createOfficial;
    const mutate = (name: string, type: string, input: Record<string, unknown>) =>
      t.query(
        `mutation($input: ${type}!) { ${name}(input: $input) { id } }`,
        { input },
        { token: w.adminToken },
      );
    await mutate('updateOfficial', 'UpdateOfficialInput', { id: w.officerA.id, title: 'Công chức một cửa' });
    await mutate('setOfficialPostings', 'SetPostingsInput', {
      officialId: w.itAdminA.id,
      postings: [{ agencyId: w.agencyA.id, deskId: w.deskA.id }],
    });
    await mutate('grantRole', 'GrantRoleInput', {
      officialId: w.officerA.id,
      role: 'specialist',
      agencyId: w.agencyA.id,
    });
    const trail = await t.query(
      AuditTrailDocument,
      { first: 100 },
      { token: t.token(auditor.username, ['auditor']) },
    );
    const seen = trail.auditTrail.nodes.map((n: any) => `${n.action} ${n.entityId}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        `staff.official.update ${w.officerA.id}`,
        `staff.official.move ${w.itAdminA.id}`,
        `staff.role.grant ${w.officerA.id}`,
      ]),
    );
    expect(trail.auditTrail.nodes.every((n: any) => n.unitId === w.communeA.id)).toBe(true);
  });

  it('a role held in another commune is NOT_FOUND to a commune IT admin who would revoke it', async () => {
    const [roleOfB] = await t.sql<{ id: string }>(
      `select id from staff_role_assignment where official_id = $1`,
      [w.officerB.id],
    );
    const result = await t.request(
      RevokeRoleDocument,
      { input: { roleAssignmentId: roleOfB.id } },
      { token: w.itAdminA.token },
    );
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await t.sql(`select 1 from staff_role_assignment where id = $1`, [roleOfB.id])).toHaveLength(1);
    // Someone they can see (posted in A) holding a role over commune B: refused, not hidden.
    const granted = await t.query(
      GrantRoleDocument,
      { input: { officialId: w.officerA.id, role: 'specialist', unitId: w.communeB.id } },
      { token: w.adminToken },
    );
    const visible = await t.request(
      RevokeRoleDocument,
      { input: { roleAssignmentId: granted.grantRole.id } },
      { token: w.itAdminA.token },
    );
    expect(visible.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('searches units, agencies and officials ignoring diacritics and case; % and _ are plain characters', async () => {
    const search = async (query: string, search: string, token = w.adminToken) => {
      const data = await t.query(query, { filter: { search } }, { token });
      return Object.values(data)[0] as { nodes: Array<{ name?: string; username?: string }> };
    };
    const UNITS = `query($filter: UnitFilterInput) { administrativeUnits(filter: $filter, first: 50) { nodes { name } } }`;
    const AGENCIES = `query($filter: AgencyFilterInput) { agencies(filter: $filter, first: 50) { nodes { name } } }`;
    const OFFICIALS = `query($filter: OfficialFilterInput) { officials(filter: $filter, first: 50) { nodes { username } } }`;
    expect((await search(UNITS, 'ha LONG')).nodes).toEqual([{ name: 'Phường Hạ Long' }]);
    expect((await search(AGENCIES, 'bai chay')).nodes).toEqual([{ name: 'UBND phường Bãi Cháy' }]);
    expect((await search(OFFICIALS, 'NGUYEN VAN')).nodes.map((n) => n.username)).toContain('hungnv');
    expect((await search(OFFICIALS, 'tran thi lan', w.itAdminA.token)).nodes).toEqual([]); // found, but outside commune A
    for (const wildcard of ['%', '_', 'h_ng', '\\']) {
      expect((await search(UNITS, wildcard)).nodes).toEqual([]);
      expect((await search(AGENCIES, wildcard)).nodes).toEqual([]);
      expect((await search(OFFICIALS, wildcard)).nodes).toEqual([]);
    }
  });

  it('filters agencies by unit and within a unit together, and refuses a malformed unit id naming it', async () => {
    const AGENCIES = `query($filter: AgencyFilterInput) { agencies(filter: $filter, first: 50) { nodes { id } } }`;
    const ids = async (filter: Record<string, string>) =>
      ((await t.query(AGENCIES, { filter }, { token: w.adminToken })).agencies.nodes as Array<{ id: string }>)
        .map((n) => n.id)
        .sort();
    const withinProvince = await ids({ withinUnitId: w.province.id });
    expect(withinProvince).toEqual(expect.arrayContaining([w.agencyA.id, w.agencyB.id, w.provinceAgency.id]));
    // Both hold: commune A's agencies within the province, none of commune B's within commune A.
    expect(await ids({ unitId: w.communeA.id, withinUnitId: w.province.id })).toEqual([w.agencyA.id]);
    expect(await ids({ unitId: w.communeB.id, withinUnitId: w.communeA.id })).toEqual([]);
    for (const field of ['unitId', 'withinUnitId']) {
      const res = await t.request(AGENCIES, { filter: { [field]: 'not-a-uuid' } }, { token: w.adminToken });
      expect([field, res.errors?.[0].extensions]).toEqual([
        field,
        expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
      ]);
    }
  });

  it('me returns the signed-in official with postings and permissions', async () => {
    const data = await t.query(MeOfficialDocument, {}, { token: w.officerA.token });
    expect(data.me?.official?.fullName).toBe('Nguyễn Văn Hùng');
    expect(data.me?.official?.postings).toEqual([
      { agency: { name: 'UBND phường Hạ Long' }, desk: { code: '01' } },
    ]);
    expect(data.me?.permissions).toContain('staff.officials.read');
  });

  it('a commune IT admin sees and re-runs the jobs of their commune only; unscoped jobs stay platform-wide', async () => {
    const jobsOf = async (officialId: string) =>
      (
        await t.sql<{ id: string }>(
          `select id::text from graphile_worker._private_jobs where payload->>'officialId' = $1`,
          [officialId],
        )
      ).map((r) => r.id);
    const listed = (
      await t.query(JobsDocument, { filter: { state: 'PENDING' }, first: 100 }, { token: w.itAdminA.token })
    ).jobs.nodes.map((j: any) => j.id);
    // Officials of commune A (their Keycloak syncs), not those of commune B.
    expect(listed).toEqual(expect.arrayContaining(await jobsOf(w.officerA.id)));
    expect((await jobsOf(w.officerA.id)).length).toBeGreaterThan(0);
    for (const id of await jobsOf(w.officerB.id)) expect(listed).not.toContain(id);
    const [jobOfB] = await jobsOf(w.officerB.id);
    const retried = await t.request(
      RetryJobsDocument,
      { input: { ids: [jobOfB] } },
      { token: w.itAdminA.token },
    );
    expect(retried.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await t.sql(`select 1 from core_audit_entry where action = 'core.jobs.retry'`)).toEqual([]);
    const [jobOfA] = await jobsOf(w.officerA.id);
    const own = await t.query(RetryJobsDocument, { input: { ids: [jobOfA] } }, { token: w.itAdminA.token });
    expect(own.retryJobs.rescheduled).toBe(1);
    // A platform-wide administrator sees every job (officials of both communes were created through the queue).
    const all = (
      await t.query(JobsDocument, { filter: { state: 'PENDING' }, first: 100 }, { token: w.adminToken })
    ).jobs.nodes.map((j: any) => j.id);
    expect(all).toEqual(expect.arrayContaining([jobOfA, jobOfB]));
  });

  it('a role over an agency reaches that agency, not the other agencies of its unit nor the units below', async () => {
    const createAgency = async (name: string, electronicId: string) =>
      (
        await t.query(
          CreateAgencyDocument,
          { input: { name, electronicId, unitId: w.province.id, kind: 'PROVINCIAL_DEPARTMENT' } },
          { token: w.adminToken },
        )
      ).createAgency;
    const justice = await createAgency('Sở Tư pháp tỉnh Quảng Ninh', '000.00.03.H46');
    const created = (
      await t.query(
        CreateOfficialDocument,
        {
          input: {
            fullName: 'Đinh Công Sơn',
            position: 'IT_ADMIN',
            postings: [{ agencyId: justice.id }],
            roles: [{ role: 'it-admin', agencyId: justice.id }],
          },
        },
        { token: w.adminToken },
      )
    ).createOfficial;
    const token = t.token(created.username, ['it-admin']);

    // Sees the officials of the department only: not the province's People's Committee, not the wards.
    expect(names(await t.query(LIST, {}, { token }))).toEqual(['sondc']);
    const leader = await t.request(OfficialDocument, { id: w.leaderP.id }, { token });
    expect(leader.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    // Manages officials of the department, not of a ward or of another agency of the province.
    const create = (agencyId: string) =>
      t.request(
        CreateOfficialDocument,
        { input: { fullName: 'Phan Thị Thu', position: 'SPECIALIST', postings: [{ agencyId }] } },
        { token },
      );
    expect((await create(justice.id)).errors).toBeUndefined();
    expect((await create(w.agencyA.id)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await create(w.provinceAgency.id)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // Hands out roles over the department, never over the province it sits in (that would reach every ward).
    const colleague = (
      await t.query(
        CreateOfficialDocument,
        { input: { fullName: 'Võ Thị Hà', position: 'SPECIALIST', postings: [{ agencyId: justice.id }] } },
        { token },
      )
    ).createOfficial;
    const grant = (scope: Record<string, string>) =>
      t.request(
        GrantRoleDocument,
        { input: { officialId: colleague.id, role: 'specialist', ...scope } },
        { token },
      );
    expect((await grant({ agencyId: justice.id })).errors).toBeUndefined();
    const overProvince = await grant({ unitId: w.province.id });
    expect(overProvince.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Nor does it edit the province's agencies or open new ones there.
    const agency = await t.request(
      CreateAgencyDocument,
      {
        input: {
          name: 'Sở Mới',
          electronicId: '000.00.09.H46',
          unitId: w.province.id,
          kind: 'PROVINCIAL_DEPARTMENT',
        },
      },
      { token },
    );
    expect(agency.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("an auditor over an agency reads that agency's audit entries, not another agency's of the same province", async () => {
    const createAgency = async (name: string, electronicId: string) =>
      (
        await t.query(
          CreateAgencyDocument,
          { input: { name, electronicId, unitId: w.province.id, kind: 'PROVINCIAL_DEPARTMENT' } },
          { token: w.adminToken },
        )
      ).createAgency.id;
    const health = await createAgency('Sở Y tế tỉnh Quảng Ninh', '000.00.41.H46');
    const finance = await createAgency('Sở Tài chính tỉnh Quảng Ninh', '000.00.42.H46');
    const department = async (agencyId: string, name: string) =>
      (await t.query(CreateDepartmentDocument, { input: { agencyId, name } }, { token: w.adminToken }))
        .createDepartment.id;
    const ownDepartment = await department(health, 'Phòng Nghiệp vụ Y');
    const otherDepartment = await department(finance, 'Phòng Quản lý Ngân sách');
    const auditor = (
      await t.query(
        CreateOfficialDocument,
        {
          input: {
            fullName: 'Cao Thị Soát',
            position: 'OTHER',
            postings: [{ agencyId: health }],
            roles: [{ role: 'auditor', agencyId: health }],
          },
        },
        { token: w.adminToken },
      )
    ).createOfficial;
    const trail = async (token: string) =>
      (await t.query(AuditTrailDocument, { first: 100 }, { token })).auditTrail.nodes;

    const seen = await trail(t.token(auditor.username, ['auditor']));
    expect(seen.map((n: any) => n.entityId)).toContain(ownDepartment);
    expect(seen.map((n: any) => n.entityId)).not.toContain(otherDepartment);
    expect(seen.every((n: any) => n.agencyId === health)).toBe(true);
    // A role over the province reads both.
    const provincial = (
      await t.query(
        CreateOfficialDocument,
        {
          input: {
            fullName: 'Cao Văn Tra',
            position: 'OTHER',
            postings: [{ agencyId: w.provinceAgency.id }],
            roles: [{ role: 'auditor', unitId: w.province.id }],
          },
        },
        { token: w.adminToken },
      )
    ).createOfficial;
    const all = (await trail(t.token(provincial.username, ['auditor']))).map((n: any) => n.entityId);
    expect(all).toEqual(expect.arrayContaining([ownDepartment, otherDepartment]));
  });

  it('a suspended official loses their scope at once', async () => {
    await t.query(
      `mutation($input: ChangeOfficialStatusInput!) { suspendOfficial(input: $input) { status } }`,
      { input: { officialId: w.officerB.id } },
      { token: w.adminToken },
    );
    const data = await t.query(LIST, {}, { token: w.officerB.token });
    expect(data.officials.totalCount).toBe(0);
  });
});
