import { createHmac, randomUUID } from 'node:crypto';
import { createTestApp, TestApp, TEST_AUTH_SERVER_URL, TEST_REALM, TEST_CLIENT_ID } from '../harness';
import { staffPlugin } from '../../plugins/staff';
import { arrangeStaffWorld, StaffWorld } from '../../plugins/staff/test/fixtures';

/**
 * Token forgeries: every token here carries a privileged role (platform-admin) and is refused with
 * 401 (never served, never served as anonymous). The realm's own key signs most of them, so what
 * refuses them is the claim and form checks, not the signature.
 */
describe('security: forged and malformed tokens are refused', () => {
  let t: TestApp;
  let other: TestApp;
  let world: StaffWorld;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin], env: { AUTH_CLOCK_SKEW_SECONDS: '30' } });
    other = await createTestApp({ plugins: [staffPlugin] });
    world = await arrangeStaffWorld(t);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const VIEWER = '{ me { username roles } }';
  const now = () => Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: 'k' };
  const claims = (extra: Record<string, unknown> = {}) => ({
    exp: now() + 600,
    iat: now(),
    jti: randomUUID(),
    iss: `${TEST_AUTH_SERVER_URL}/realms/${TEST_REALM}`,
    aud: TEST_CLIENT_ID,
    sub: 'kc-forger',
    typ: 'Bearer',
    azp: 'platform-web',
    preferred_username: 'forger',
    realm_access: { roles: ['platform-admin'] },
    ...extra,
  });
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const without = (key: string) => {
    const c: Record<string, unknown> = claims();
    delete c[key];
    return c;
  };

  const forgeries: Array<[string, () => string]> = [
    [
      'a tampered payload',
      () => {
        const [h, , s] = t.token('lan', ['leader']).split('.');
        return `${h}.${b64(claims())}.${s}`;
      },
    ],
    ['a broken signature', () => t.signRaw(header, claims()).slice(0, -6) + 'AAAAAA'],
    ['garbage', () => 'not-a-jwt'],
    ['an expired token', () => t.signRaw(header, claims({ exp: now() - 120 }))],
    ['another issuer', () => t.signRaw(header, claims({ iss: 'http://evil.example/realms/test-realm' }))],
    ['an issuer with a trailing slash', () => t.signRaw(header, claims({ iss: `${claims().iss}/` }))],
    ['another audience', () => t.signRaw(header, claims({ aud: 'some-other-client' }))],
    ['an audience list without us', () => t.signRaw(header, claims({ aud: ['a', 'b'] }))],
    ['an ID token', () => t.signRaw(header, claims({ typ: 'ID' }))],
    ['a refresh token', () => t.signRaw(header, claims({ typ: 'Refresh' }))],
    ['a token of another realm key', () => other.signRaw(header, claims())],
    ['alg none without a signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    ['alg none with a signature', () => `${b64({ alg: 'none' })}.${b64(claims())}.AAAA`],
    [
      'HS256 keyed with the realm public key',
      () => {
        const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims())}`;
        const secret = t.app.services.config.auth.realmPublicKey!;
        return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      },
    ],
    ['an RS256 signature under an RS512 header', () => t.signRaw({ ...header, alg: 'RS512' }, claims())],
    ['a fourth segment', () => `${t.signRaw(header, claims())}.eyJ4IjoxfQ`],
    ['an empty fourth segment', () => `${t.signRaw(header, claims())}.`],
    ['two segments', () => t.signRaw(header, claims()).split('.').slice(0, 2).join('.')],
    ['padded segments', () => t.signRaw(header, claims()).replace(/\./g, '=.') + '='],
    ['nbf one hour ahead', () => t.signRaw(header, claims({ nbf: now() + 3600 }))],
    ['nbf just past the skew', () => t.signRaw(header, claims({ nbf: now() + 90 }))],
    ['nbf that is not a number', () => t.signRaw(header, claims({ nbf: 'soon' }))],
    ['no exp at all', () => t.signRaw(header, without('exp'))],
    ['exp as a string', () => t.signRaw(header, claims({ exp: String(now() + 600) }))],
    ['exp null', () => t.signRaw(header, claims({ exp: null }))],
    ['iat one hour ahead', () => t.signRaw(header, claims({ iat: now() + 3600 }))],
    ['a numeric sub', () => t.signRaw(header, claims({ sub: 42 }))],
    ['a payload that is not JSON', () => `${b64(header)}.${Buffer.from('{nope').toString('base64url')}.AAAA`],
    [
      'a header that is not JSON',
      () => `${Buffer.from('{nope').toString('base64url')}.${b64(claims())}.AAAA`,
    ],
    [
      "another token's signature",
      () => {
        const [, , s] = t.signRaw(header, claims({ realm_access: { roles: [] } })).split('.');
        const [h, p] = t.signRaw(header, claims()).split('.');
        return `${h}.${p}.${s}`;
      },
    ],
    ['an empty payload', () => t.signRaw(header, {})],
    ['a 20 kB token', () => t.signRaw(header, claims({ pad: 'x'.repeat(20_000) }))],
    ['two tokens in one header', () => `${t.token('lan', ['leader'])} ${t.token('lan', ['leader'])}`],
  ];

  it.each(forgeries)('refuses %s with 401, never as anonymous', async (_label, forge) => {
    const result = await t.request(VIEWER, {}, { token: forge() });
    // 401 from the verifier; a token too long for the header limit is refused by Node with 431.
    expect([401, 431]).toContain(result.status);
    expect(result.data?.me ?? null).toBeNull();
  });

  it('counts its forgeries (the closing note quotes "refused x/x")', () => {
    expect(forgeries.length).toBeGreaterThanOrEqual(30);
  });

  it('accepts nbf and iat within the configured clock skew', async () => {
    const token = t.signRaw(header, claims({ nbf: now() + 10, iat: now() + 10 }));
    const data = await t.query(VIEWER, {}, { token });
    expect(data.me.username).toBe('forger');
  });

  it('finds the official by the linked sub, not by a username an unknown sub claims', async () => {
    const [linked] = await t.sql<{ id: string }>(
      `update staff_official set keycloak_user_id = 'kc-uuid-leader' where id = $1 returning id`,
      [world.leaderP.id],
    );
    expect(linked).toBeDefined();
    const ME = '{ me { official { id } } officials(first: 5) { totalCount } }';
    // The same username with an unknown sub: not the leader, and no scope of theirs.
    const impostor = t.token({ username: world.leaderP.username, roles: ['leader'], subject: 'kc-someone' });
    const asImpostor = await t.request(ME, {}, { token: impostor });
    expect(asImpostor.data?.me.official).toBeNull();
    expect(asImpostor.data?.officials?.totalCount ?? 0).toBe(0);
    // The linked sub is the leader, whatever username the token carries.
    const real = t.token({ username: 'renamed', roles: ['leader'], subject: 'kc-uuid-leader' });
    const asLeader = await t.query(ME, {}, { token: real });
    expect(asLeader.me.official.id).toBe(world.leaderP.id);
    expect(asLeader.officials.totalCount).toBeGreaterThan(0);
  });

  it('falls back to the username only where configured, for officials linked to no account', async () => {
    const ME = '{ me { official { id } } }';
    // Fallback on (the test default): the unlinked officer is found by username.
    const viaUsername = await t.query(ME, {}, { token: world.officerA.token });
    expect(viaUsername.me.official?.id).toBe(world.officerA.id);
    // Fallback off (the production default): the same token is nobody's.
    const strict = await createTestApp({
      plugins: [staffPlugin],
      databaseUrl: t.databaseUrl,
      env: { AUTH_USERNAME_FALLBACK: 'false' },
    });
    try {
      const token = strict.token(world.officerA.username, ['one-stop-officer']);
      const data = await strict.query(ME, {}, { token });
      expect(data.me.official).toBeNull();
    } finally {
      await strict.close();
    }
  });
});
