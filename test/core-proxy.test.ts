import { createTestApp, TestApp } from './harness';
import { staffPlugin } from '../plugins/staff';
import { proceduresPlugin } from '../plugins/procedures';
import { loadConfig } from '../src/config/config';
import { ConfigError } from '../src/config/env-reader';
import { LookupDossierDocument } from './graphql/generated';

/**
 * TRUST_PROXY decides whose X-Forwarded-For is believed, and so which address the public rate limits
 * count against (here the citizen lookup's limit per address, through the real HTTP stack). The test
 * client connects from 127.0.0.1, which plays the trusted proxy.
 */

describe('client address behind a proxy (TRUST_PROXY)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      env: {
        TRUST_PROXY: '127.0.0.1/32',
        PROCEDURES_LOOKUP_PER_IP: '2',
        PROCEDURES_LOOKUP_PER_CODE: '1000',
      },
    });
  });
  afterAll(() => t?.close());

  let n = 0;
  const lookup = (forwardedFor?: string) =>
    t
      .request(
        LookupDossierDocument,
        { input: { code: `000.01.01.H46-991231-${String(++n).padStart(4, '0')}`, secret: '000000' } },
        { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} },
      )
      .then((r) => r.errors?.[0]?.extensions?.code);

  it('counts each client named by the trusted proxy apart', async () => {
    expect([
      await lookup('203.0.113.10'),
      await lookup('203.0.113.10'),
      await lookup('203.0.113.10'),
    ]).toEqual(['NOT_FOUND', 'NOT_FOUND', 'TOO_MANY_REQUESTS']);
    // Another citizen behind the same proxy is not refused.
    expect(await lookup('203.0.113.11')).toBe('NOT_FOUND');
  });

  it('ignores what an untrusted hop claims: the address is the last one the trusted proxy saw', async () => {
    // 198.51.100.20 connected to our proxy and claimed to forward for ever-new addresses: all of them
    // count as 198.51.100.20.
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(await lookup(`192.0.2.${i + 1}, 198.51.100.20`));
    expect(codes).toEqual(['NOT_FOUND', 'NOT_FOUND', 'TOO_MANY_REQUESTS']);
  });

  it('with TRUST_PROXY=false nobody may forward: every request counts against the connecting address', async () => {
    const direct = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      env: { TRUST_PROXY: 'false', PROCEDURES_LOOKUP_PER_IP: '2', PROCEDURES_LOOKUP_PER_CODE: '1000' },
    });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++)
        codes.push(
          (
            await direct.request(
              LookupDossierDocument,
              { input: { code: `000.01.01.H46-991231-09${i}0`, secret: '000000' } },
              { headers: { 'x-forwarded-for': `203.0.113.${50 + i}` } },
            )
          ).errors?.[0]?.extensions?.code,
        );
      expect(codes).toEqual(['NOT_FOUND', 'NOT_FOUND', 'TOO_MANY_REQUESTS']);
    } finally {
      await direct.close();
    }
  });

  it('reads TRUST_PROXY as addresses, subnets, names or a hop count, and refuses "true"', () => {
    expect(loadConfig({}).http.trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5,uniquelocal' }).http.trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      'uniquelocal',
    ]);
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.local' })).toThrow(/TRUST_PROXY/);
  });
});
