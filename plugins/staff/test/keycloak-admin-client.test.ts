import { startKeycloakStandIn, KeycloakStandIn } from '../../../test/keycloak-stand-in';
import { KeycloakAdminClient, KeycloakConflictError, KeycloakError } from '../keycloak/admin-client';
import { splitVietnameseName } from '../keycloak/desired-state';

/**
 * The Admin REST client against the Keycloak stand-in: token caching, Location ids, Keycloak's
 * answers (404, 409, 400) and how failures are classified (retried or permanent).
 */
describe('Keycloak admin client', () => {
  let kc: KeycloakStandIn;
  let client: KeycloakAdminClient;
  beforeAll(async () => {
    kc = await startKeycloakStandIn({ realm: 'chinh-quyen' });
    client = new KeycloakAdminClient({
      url: `${kc.url}/`,
      realm: kc.realm,
      clientId: kc.clientId,
      clientSecret: kc.clientSecret,
      timeoutMs: 2000,
    });
  });
  afterAll(() => kc.close());

  it('creates a user, reads its id from the Location header and finds it by exact username', async () => {
    const id = await client.createUser({
      username: 'HungNV',
      enabled: true,
      firstName: 'Văn Hùng',
      lastName: 'Nguyễn',
      email: 'hungnv@halong.gov.vn',
      attributes: { officialId: ['o-1'] },
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const found = await client.findUserByUsername('hungnv');
    expect(found).toMatchObject({
      id,
      username: 'hungnv',
      firstName: 'Văn Hùng',
      lastName: 'Nguyễn',
      enabled: true,
      emailVerified: false,
      attributes: { officialId: ['o-1'] },
    });
    // exact=true: a prefix is not a match
    expect(await client.findUserByUsername('hung')).toBeNull();
  });

  it('caches the service-account token and fetches a new one after a 401', async () => {
    const before = kc.tokensIssued;
    await client.findUserByUsername('hungnv');
    await client.findUserByUsername('hungnv');
    expect(kc.tokensIssued).toBe(before);
    kc.revokeTokens();
    expect(await client.findUserByUsername('hungnv')).not.toBeNull();
    expect(kc.tokensIssued).toBe(before + 1);
  });

  it('answers null for a missing user or role (404) and throws a conflict for a taken username or email (409)', async () => {
    expect(await client.getUser('00000000-0000-0000-0000-000000000000')).toBeNull();
    expect(await client.getRealmRole('no-such-role')).toBeNull();
    await expect(client.createUser({ username: 'hungnv', enabled: true })).rejects.toBeInstanceOf(
      KeycloakConflictError,
    );
    const conflict = await client
      .createUser({ username: 'other', enabled: true, email: 'HUNGNV@halong.gov.vn' })
      .catch((e) => e);
    expect(conflict).toBeInstanceOf(KeycloakConflictError);
    expect(conflict.keycloakMessage).toBe('User exists with same email');
  });

  it('classifies failures: 4xx permanent, 5xx and connection refused retried', async () => {
    const user = (await client.findUserByUsername('hungnv'))!;
    await client.updateUser(user.id!, { ...user, enabled: false });
    const disabled = await client.executeActionsEmail(user.id!, ['UPDATE_PASSWORD']).catch((e) => e);
    expect(disabled).toBeInstanceOf(KeycloakError);
    expect(disabled).toMatchObject({ status: 400, retryable: false, keycloakMessage: 'User is disabled' });

    kc.failNext(1, 503);
    const sick = await client.findUserByUsername('hungnv').catch((e) => e);
    expect(sick).toMatchObject({ status: 503, retryable: true });

    await kc.stop();
    const down = await client.findUserByUsername('hungnv').catch((e) => e);
    expect(down).toBeInstanceOf(KeycloakError);
    expect(down).toMatchObject({ status: null, retryable: true });
    expect(down.message).toMatch(/unreachable \(ECONNREFUSED\)/);
    await kc.start();
    expect(await client.findUserByUsername('hungnv')).not.toBeNull();
  });

  it('refuses wrong provisioner credentials with a message that names the settings, never the secret', async () => {
    const wrong = new KeycloakAdminClient({
      url: kc.url,
      realm: kc.realm,
      clientId: kc.clientId,
      clientSecret: 'not-the-secret',
    });
    const error = await wrong.findUserByUsername('hungnv').catch((e) => e);
    expect(error).toMatchObject({ status: 401, retryable: true });
    expect(error.message).toContain('KEYCLOAK_PROVISIONER_SECRET');
    expect(error.message).not.toContain('not-the-secret');
  });

  it('creates groups with attributes, manages membership, maps realm roles without touching the others', async () => {
    const user = (await client.findUserByUsername('hungnv'))!;
    const groupId = await client.createGroup({ name: '000.01.01.H46', attributes: { agencyId: ['a-1'] } });
    await expect(client.createGroup({ name: '000.01.01.H46' })).rejects.toBeInstanceOf(KeycloakConflictError);
    expect(await client.findGroupByName('000.01.01.H46')).toMatchObject({
      id: groupId,
      path: '/000.01.01.H46',
      attributes: { agencyId: ['a-1'] },
    });
    expect(await client.findGroupByName('000.01.01')).toBeNull();
    await client.joinGroup(user.id!, groupId);
    await client.joinGroup(user.id!, groupId);
    expect((await client.userGroups(user.id!)).map((g) => [g.name, g.attributes])).toEqual([
      ['000.01.01.H46', { agencyId: ['a-1'] }],
    ]);
    await client.leaveGroup(user.id!, groupId);
    await client.leaveGroup(user.id!, '00000000-0000-0000-0000-000000000000');
    expect(await client.userGroups(user.id!)).toEqual([]);

    const leader = (await client.getRealmRole('leader'))!;
    expect(leader).toMatchObject({ name: 'leader', clientRole: false, composite: false });
    await client.addUserRealmRoles(user.id!, [leader]);
    expect((await client.userRealmRoles(user.id!)).map((r) => r.name).sort()).toEqual([
      'default-roles-chinh-quyen',
      'leader',
    ]);
    await client.removeUserRealmRoles(user.id!, []); // an empty DELETE would remove every mapping: never sent
    await client.removeUserRealmRoles(user.id!, [leader]);
    expect((await client.userRealmRoles(user.id!)).map((r) => r.name)).toEqual(['default-roles-chinh-quyen']);
  });

  it('pages through users', async () => {
    for (let i = 0; i < 5; i++) await client.createUser({ username: `page${i}`, enabled: true });
    const first = await client.listUsers(0, 4);
    const second = await client.listUsers(4, 4);
    expect(first).toHaveLength(4);
    expect(new Set([...first, ...second].map((u) => u.username)).size).toBe(first.length + second.length);
  });

  it('splits Vietnamese names: family name first, given name last', () => {
    expect(splitVietnameseName('Nguyễn Văn Hùng')).toEqual({ lastName: 'Nguyễn', firstName: 'Văn Hùng' });
    expect(splitVietnameseName('  Tôn   Nữ Thị  Ninh ')).toEqual({
      lastName: 'Tôn',
      firstName: 'Nữ Thị Ninh',
    });
    expect(splitVietnameseName('Lê Lợi')).toEqual({ lastName: 'Lê', firstName: 'Lợi' });
    expect(splitVietnameseName('Hùng')).toEqual({ firstName: 'Hùng', lastName: '' });
  });
});
