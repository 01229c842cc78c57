import 'reflect-metadata';
import { scryptSync, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DEV_AUTH_SERVER_URL, generateRealmKey, mintToken } from '../src/auth/dev-realm';
import { KeycloakTokenVerifier } from '../src/auth/keycloak-verifier';
import { userFromClaims } from '../src/auth/authenticate';
import { RoleMap } from '../src/auth/role-map';
import { discoverPlugins } from '../src/plugin/discovery';
import { corePlugin } from '../src/core.plugin';
import { buildPlatformSchema } from '../src/graphql/schema';
import { rejectMalformedIds } from '../src/graphql/malformed-ids';
import type { GraphQLObjectType, GraphQLResolveInfo } from 'graphql';

/**
 * `node dist/bench/micro.js`: the per-request costs the load runs cannot isolate, measured in
 * process: token verification (keycloak-connect, first sight and cached), turning claims into a
 * user with permissions, the scrypt PIN hash, JSON serialization of typical answers, and the check
 * of a field's ids before its resolver runs.
 */
async function main(): Promise<void> {
  const key = generateRealmKey();
  const verifier = new KeycloakTokenVerifier({
    authServerUrl: DEV_AUTH_SERVER_URL,
    realm: 'chinh-quyen',
    clientId: 'platform-api',
    verifyAudience: true,
    realmPublicKey: key.publicKeyBase64,
  });
  const mint = (username: string) =>
    mintToken({
      key,
      authServerUrl: DEV_AUTH_SERVER_URL,
      realm: 'chinh-quyen',
      audience: 'platform-api',
      username,
      roles: ['leader'],
    });
  const roles = new RoleMap([corePlugin, ...discoverPlugins()]);

  const time = async (label: string, n: number, fn: (i: number) => unknown) => {
    for (let i = 0; i < Math.min(50, n); i++) await fn(i);
    const start = performance.now();
    for (let i = 0; i < n; i++) await fn(i);
    const perCall = (performance.now() - start) / n;
    process.stdout.write(
      `${label.padEnd(64)} ${perCall >= 1 ? `${perCall.toFixed(2)} ms` : `${(perCall * 1000).toFixed(1)} µs`}\n`,
    );
    return perCall;
  };

  const fresh = Array.from({ length: 2050 }, (_, i) => mint(`user${i}`));
  await time('token verification, first sight (RS256 + key parse)', 2000, (i) =>
    verifier.verify(fresh[i + 50 >= fresh.length ? i : i + 50]),
  );
  const same = mint('cached');
  await time('token verification, cached (sha256 of the token + map)', 20000, () => verifier.verify(same));
  const claims = await verifier.verify(same);
  await time('claims -> user with permissions (userFromClaims)', 20000, () =>
    userFromClaims(claims, roles, 'platform-api'),
  );
  await time('scrypt N=16384 r=8 p=1 (PIN hash or check)', 20, () =>
    scryptSync('123456', randomBytes(16), 32, { N: 16384, r: 8, p: 1 }),
  );
  const dossier = {
    id: '8a4fd398-07c9-4198-afda-de7d43c8b69b',
    code: '000.01.86.H37-261122-0001',
    status: 'RETURNED',
    receivedAt: new Date().toISOString(),
    appointmentAt: new Date().toISOString(),
    applicant: { name: 'Nguyễn Văn An' },
    procedure: { code: '1.001193', name: 'Đăng ký khai sinh' },
  };
  const page = {
    data: {
      dossiers: {
        totalCount: 12345,
        nodes: Array.from({ length: 20 }, () => ({
          ...dossier,
          steps: Array.from({ length: 5 }, (_, s) => ({
            seq: s + 1,
            action: 'TRANSFER',
            givenAt: dossier.receivedAt,
          })),
        })),
      },
    },
  };
  await time('JSON.stringify, one dossier answer', 20000, () => JSON.stringify({ data: { dossier } }));
  await time('JSON.stringify, a page of 20 dossiers with steps', 5000, () => JSON.stringify(page));

  const schema = await buildPlatformSchema([corePlugin, ...discoverPlugins()]);
  const infoOf = (type: string, fieldName: string) =>
    ({ parentType: schema.getType(type) as GraphQLObjectType, fieldName }) as GraphQLResolveInfo;
  const id = dossier.id;
  const idChecks: Array<[string, string, Record<string, unknown>]> = [
    ['Mutation', 'transferDossier', { input: { dossierId: id, version: 3, toDepartmentId: id, note: 'x' } }],
    ['Query', 'dossiers', { first: 20, filter: { agencyId: id, status: [4] } }],
    ['Query', 'lookupDossier', { input: { code: dossier.code, secret: '123456' } }],
    [
      'Mutation',
      'setOfficialPostings',
      {
        input: {
          officialId: id,
          postings: [{ agencyId: id, departmentId: id, deskId: id }, { agencyId: id }],
        },
      },
    ],
  ];
  for (const [type, field, args] of idChecks) {
    const info = infoOf(type, field);
    await time(`ids checked before the resolver, ${type}.${field}`, 200000, () =>
      rejectMalformedIds(args, info),
    );
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
