import { createTestApp, TestApp } from './harness';
import { notesPlugin } from './fixtures/notes.plugin';
import { MeDocument } from './graphql/generated';

describe('sign-in with Keycloak tokens (bearer-only, verified by keycloak-connect)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [notesPlugin] });
  });
  afterAll(() => t.close());

  const VIEWER = MeDocument;

  it('accepts a valid token and maps realm roles to plugin permissions', async () => {
    const data = await t.query(VIEWER, {}, { token: t.token('lan', ['leader']) });
    expect(data.me).toEqual({
      username: 'lan',
      roles: ['leader'],
      permissions: ['dashboard.view', 'notes.read', 'notes.write'],
    });
  });

  it('also honours roles of the API client (resource_access)', async () => {
    const token = t.token({
      username: 'minh',
      roles: [],
      claims: { resource_access: { 'platform-api': { roles: ['one-stop-officer'] } } },
    });
    const data = await t.query(VIEWER, {}, { token });
    expect(data.me?.permissions).toEqual(['notes.read']);
  });

  it('serves anonymous requests without identity', async () => {
    const data = await t.query(VIEWER);
    expect(data.me).toBeNull();
  });

  it.each([
    [
      'a tampered payload',
      (tok: string) => {
        const [h, p, s] = tok.split('.');
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
        claims.realm_access.roles = ['platform-admin'];
        return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
      },
    ],
    ['a broken signature', (tok: string) => tok.slice(0, -4) + (tok.endsWith('AAAA') ? 'BBBB' : 'AAAA')],
    ['garbage', () => 'not-a-jwt'],
  ])('answers 401 for %s, never serving it as anonymous', async (_label, mutate) => {
    const result = await t.request(VIEWER, {}, { token: mutate(t.token('lan', ['leader'])) });
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  });

  it.each([
    ['expired', { expiresInSeconds: -10 }],
    ['from another issuer', { claims: { iss: 'http://evil.example/realms/test-realm' } }],
    ['for another audience', { claims: { aud: 'some-other-client' } }],
    ['not an access token', { claims: { typ: 'ID' } }],
  ])('answers 401 for a token %s', async (_label, overrides) => {
    const result = await t.request(
      VIEWER,
      {},
      { token: t.token({ username: 'lan', roles: ['leader'], ...overrides }) },
    );
    expect(result.status).toBe(401);
  });

  it('answers 401 for a token signed with another key', async () => {
    const other = await createTestApp({ plugins: [notesPlugin] });
    try {
      const result = await t.request(VIEWER, {}, { token: other.token('lan', ['leader']) });
      expect(result.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('distinguishes UNAUTHENTICATED from FORBIDDEN', async () => {
    const anonymous = await t.request('{ notes { totalCount } }');
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const noRole = await t.request('{ notes { totalCount } }', {}, { token: t.token('an', []) });
    expect(noRole.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const mutation = await t.request(
      'mutation { addNote(input: { text: "x", unitId: "u1" }) { id } }',
      {},
      { token: t.token('an', ['one-stop-officer']) },
    );
    expect(mutation.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
