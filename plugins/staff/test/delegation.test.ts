import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../../../test/harness';
import { notesPlugin } from '../../../test/fixtures/notes.plugin';
import { staffPlugin } from '..';
import { arrangeStaffWorld, StaffWorld } from './fixtures';
import { GrantRoleDocument, RevokeRoleDocument } from '../../../test/graphql/generated';

const GRANT = GrantRoleDocument;
const SET = `mutation($input: SetRoleDelegationsInput!) { setRoleDelegations(input: $input) { role delegations { grantableRole reach } } }`;

describe('role delegation: which roles may grant which, and where', () => {
  let t: TestApp;
  let w: StaffWorld;
  beforeAll(async () => {
    // notes gives leaders permissions an IT admin lacks: delegation, not holding them, decides.
    t = await createTestApp({ plugins: [staffPlugin, notesPlugin] });
    w = await arrangeStaffWorld(t);
  });
  afterAll(() => t.close());

  const grant = (token: string, officialId: string, role: string, scope: Record<string, string>) =>
    t.request(GRANT, { input: { officialId, role, ...scope } }, { token });
  const setDelegations = (role: string, delegations: unknown[], token = w.adminToken) =>
    t.request(SET, { input: { role, delegations } }, { token });
  const code = (r: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
    r.errors?.[0].extensions?.code;

  it('the default lets an IT admin grant the desk roles, the same as the realm file says', async () => {
    const data = await t.query(
      `{ roleDelegations { role grantableRole reach } }`,
      {},
      { token: w.officerA.token },
    );
    expect(data.roleDelegations).toEqual([
      { role: 'it-admin', grantableRole: 'one-stop-officer', reach: 'WITHIN_SCOPE' },
      { role: 'it-admin', grantableRole: 'records-clerk', reach: 'WITHIN_SCOPE' },
      { role: 'it-admin', grantableRole: 'specialist', reach: 'WITHIN_SCOPE' },
    ]);
    const realm = JSON.parse(
      readFileSync(join(__dirname, '../../../deploy/keycloak/chinh-quyen-realm.json'), 'utf8'),
    );
    const withGrants = realm.roles.realm.filter((r: any) => r.attributes?.['platform.grantableRoles']);
    expect(
      withGrants.flatMap((r: any) =>
        r.attributes['platform.grantableRoles'].map((g: string) => ({
          role: r.name,
          grantableRole: g,
          reach: r.attributes['platform.grantReach'][0],
        })),
      ),
    ).toEqual(expect.arrayContaining(data.roleDelegations));
    expect(withGrants.flatMap((r: any) => r.attributes['platform.grantableRoles'])).toHaveLength(3);
  });

  it('a commune IT admin grants and revokes a desk role in their commune; both are audited', async () => {
    const granted = await grant(w.itAdminA.token, w.officerA.id, 'specialist', { agencyId: w.agencyA.id });
    expect(granted.errors).toBeUndefined();
    const overUnit = await grant(w.itAdminA.token, w.officerA.id, 'records-clerk', { unitId: w.communeA.id });
    expect(overUnit.errors).toBeUndefined();
    const revoked = await t.request(
      RevokeRoleDocument,
      { input: { roleAssignmentId: overUnit.data!.grantRole.id } },
      { token: w.itAdminA.token },
    );
    expect(revoked.errors).toBeUndefined();
    const audit = await t.sql<{ action: string; after: any; before: any; actor: string }>(
      `select action, after, before, actor_name as actor from core_audit_entry
        where entity_id = $1 and action like 'staff.role.%' order by at, id`,
      [w.officerA.id],
    );
    expect(audit.filter((a) => a.actor === w.itAdminA.username)).toEqual([
      expect.objectContaining({
        action: 'staff.role.grant',
        after: { role: 'specialist', unitId: null, agencyId: w.agencyA.id },
      }),
      expect.objectContaining({
        action: 'staff.role.grant',
        after: { role: 'records-clerk', unitId: w.communeA.id, agencyId: null },
      }),
      expect.objectContaining({
        action: 'staff.role.revoke',
        before: { role: 'records-clerk', unitId: w.communeA.id, agencyId: null },
      }),
    ]);
  });

  it('refuses what no delegation allows: leader, auditor, it-admin, platform-admin, outside the scope, to oneself', async () => {
    for (const role of ['leader', 'auditor', 'it-admin']) {
      const refused = await grant(w.itAdminA.token, w.officerA.id, role, { agencyId: w.agencyA.id });
      expect(refused.errors?.[0]).toMatchObject({
        extensions: { code: 'FORBIDDEN' },
        message: expect.stringContaining('none of your roles delegates it'),
      });
    }
    const admin = await grant(w.itAdminA.token, w.officerA.id, 'platform-admin', { unitId: w.communeA.id });
    expect(admin.errors?.[0].message).toMatch(/Only a platform administrator/);
    // A desk role over the other commune, its agency, or the province above: outside the IT admin's scope.
    expect(code(await grant(w.itAdminA.token, w.officerA.id, 'specialist', { unitId: w.communeB.id }))).toBe(
      'FORBIDDEN',
    );
    expect(code(await grant(w.itAdminA.token, w.officerA.id, 'specialist', { agencyId: w.agencyB.id }))).toBe(
      'FORBIDDEN',
    );
    expect(code(await grant(w.itAdminA.token, w.officerA.id, 'specialist', { unitId: w.province.id }))).toBe(
      'FORBIDDEN',
    );
    // Nobody gives themselves a role, even one they could give anyone else there.
    const self = await grant(w.itAdminA.token, w.itAdminA.id, 'one-stop-officer', { agencyId: w.agencyA.id });
    expect(self.errors?.[0].message).toMatch(/own roles/);
    // A role the register gives but the token does not carry counts for nothing.
    const withoutRole = t.token(w.itAdminA.username, ['leader']);
    expect(code(await grant(withoutRole, w.officerA.id, 'specialist', { agencyId: w.agencyA.id }))).toBe(
      'FORBIDDEN',
    );
    expect(
      await t.sql(
        `select role from staff_role_assignment where official_id = any($1::uuid[]) and role in ('leader', 'auditor', 'it-admin', 'platform-admin')`,
        [[w.officerA.id]],
      ),
    ).toEqual([]);
  });

  it('an IT admin revokes only what they may grant: not a leader of their own commune', async () => {
    const leader = await grant(w.adminToken, w.officerA.id, 'leader', { unitId: w.communeA.id });
    expect(leader.errors).toBeUndefined();
    const refused = await t.request(
      RevokeRoleDocument,
      { input: { roleAssignmentId: leader.data!.grantRole.id } },
      { token: w.itAdminA.token },
    );
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: expect.stringContaining('cannot revoke role leader'),
    });
    await t.query(
      RevokeRoleDocument,
      { input: { roleAssignmentId: leader.data!.grantRole.id } },
      { token: w.adminToken },
    );
  });

  it('nobody hands out a role that may grant more than they may (escalation through a chain)', async () => {
    // A platform admin lets records clerks grant leaders (a silly rule, for the test).
    expect((await setDelegations('records-clerk', [{ grantableRole: 'leader' }])).errors).toBeUndefined();
    const chained = await grant(w.itAdminA.token, w.officerA.id, 'records-clerk', { agencyId: w.agencyA.id });
    expect(chained.errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: expect.stringContaining('may grant roles you may not grant there'),
    });
    // Records clerks granting specialists is within what the IT admin may grant: allowed.
    await setDelegations('records-clerk', [{ grantableRole: 'specialist' }]);
    expect(
      (await grant(w.itAdminA.token, w.officerA.id, 'records-clerk', { agencyId: w.agencyA.id })).errors,
    ).toBeUndefined();
    // ...but not with a wider reach than the IT admin's own delegation of specialist.
    await setDelegations('it-admin', [
      { grantableRole: 'one-stop-officer' },
      { grantableRole: 'records-clerk' },
      { grantableRole: 'specialist', reach: 'AGENCIES_IN_SCOPE' },
    ]);
    expect(
      code(await grant(w.itAdminA.token, w.officerA.id, 'records-clerk', { unitId: w.communeA.id })),
    ).toBe('FORBIDDEN');
    await setDelegations('records-clerk', []);
    // The narrower reach: specialists over agencies of the commune, never over the commune as a whole.
    expect(code(await grant(w.itAdminA.token, w.officerA.id, 'specialist', { unitId: w.communeA.id }))).toBe(
      'FORBIDDEN',
    );
    expect(
      (await grant(w.itAdminA.token, w.officerA.id, 'one-stop-officer', { unitId: w.communeA.id })).errors,
    ).toBeUndefined();
    await setDelegations('it-admin', [
      { grantableRole: 'one-stop-officer' },
      { grantableRole: 'records-clerk' },
      { grantableRole: 'specialist' },
    ]);
  });

  it('delegations are data: a platform admin lets leaders grant, an IT admin may not change them', async () => {
    const byItAdmin = await setDelegations('it-admin', [{ grantableRole: 'leader' }], w.itAdminA.token);
    expect(code(byItAdmin)).toBe('FORBIDDEN');
    expect(code(await setDelegations('nobody', []))).toBe('BAD_USER_INPUT');
    expect(code(await setDelegations('leader', [{ grantableRole: 'platform-admin' }]))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      code(
        await setDelegations('leader', [{ grantableRole: 'specialist' }, { grantableRole: 'specialist' }]),
      ),
    ).toBe('BAD_USER_INPUT');
    // Before: the provincial leader may not grant; after the delegation, inside the province.
    expect(code(await grant(w.leaderP.token, w.officerB.id, 'specialist', { agencyId: w.agencyB.id }))).toBe(
      'FORBIDDEN',
    );
    const set = await setDelegations('leader', [{ grantableRole: 'specialist', reach: 'AGENCIES_IN_SCOPE' }]);
    expect(set.data?.setRoleDelegations).toEqual({
      role: 'leader',
      delegations: [{ grantableRole: 'specialist', reach: 'AGENCIES_IN_SCOPE' }],
    });
    expect(
      (await grant(w.leaderP.token, w.officerB.id, 'specialist', { agencyId: w.agencyB.id })).errors,
    ).toBeUndefined();
    const [entry] = await t.sql<{ before: any; after: any }>(
      `select before, after from core_audit_entry where action = 'staff.role-delegation.set' and entity_id = 'leader'
        order by at desc limit 1`,
    );
    expect(entry).toEqual({
      before: { delegations: [] },
      after: { delegations: [{ grantableRole: 'specialist', reach: 'AGENCIES_IN_SCOPE' }] },
    });
  });
});
