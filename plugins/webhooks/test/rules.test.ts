import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { openSecret, sealSecret, signature, signatureHeader, verifySignature } from '../services/secrets';
import { urlProblem } from '../services/urls';
import {
  addressProblem,
  parseInternalAllowList,
  post,
  TargetRefusedError,
  targetProblem,
  type InternalAllowList,
} from '../services/targets';

describe('webhooks rules', () => {
  it('signs HMAC-SHA256 over "<timestamp>.<body>" (vector computed with openssl dgst -hmac)', () => {
    // printf '1700000000.{"id":"x"}' | openssl dgst -sha256 -hmac whsec_test
    expect(signature('whsec_test', 1700000000, '{"id":"x"}')).toBe(
      'v1=80e8d098018f757aa814ab1abb924f35d304affa1d93d29611a54696207eb7c3',
    );
    const header = { timestamp: '1700000000', signature: signature('whsec_test', 1700000000, '{}') };
    expect(verifySignature('whsec_test', header, '{}', 300, 1700000299)).toBe(true);
    // Older than the tolerance: a replayed capture is refused.
    expect(verifySignature('whsec_test', header, '{}', 300, 1700000301)).toBe(false);
    expect(verifySignature('whsec_other', header, '{}', 300, 1700000000)).toBe(false);
  });

  it('lists one v1= signature per secret during a rotation; any one matching verifies', () => {
    const both = signatureHeader(['whsec_new', 'whsec_old'], 1700000000, '{}');
    expect(both).toBe(
      `${signature('whsec_new', 1700000000, '{}')},${signature('whsec_old', 1700000000, '{}')}`,
    );
    const header = { timestamp: '1700000000', signature: both };
    expect(verifySignature('whsec_new', header, '{}', 300, 1700000000)).toBe(true);
    expect(verifySignature('whsec_old', header, '{}', 300, 1700000000)).toBe(true);
    expect(verifySignature('whsec_other', header, '{}', 300, 1700000000)).toBe(false);
    expect(signatureHeader(['whsec_new'], 1700000000, '{}')).toBe(signature('whsec_new', 1700000000, '{}'));
  });

  it('seals secrets so only the same key and endpoint open them', () => {
    const key = randomBytes(32);
    const sealed = sealSecret(key, 'endpoint-1', 'whsec_abc');
    expect(sealed).not.toContain('abc');
    expect(openSecret(key, 'endpoint-1', sealed)).toBe('whsec_abc');
    expect(() => openSecret(key, 'endpoint-2', sealed)).toThrow(/cannot be opened/);
    expect(() => openSecret(randomBytes(32), 'endpoint-1', sealed)).toThrow(/cannot be opened/);
  });

  it('accepts https only; http only where private targets are allowed (development)', () => {
    expect(urlProblem('https://hooks.example.vn/dvc', false)).toBeNull();
    expect(urlProblem('http://hooks.example.vn/dvc', false)).toBe('url must be https://');
    expect(urlProblem('http://127.0.0.1:8080/x', false)).toBe('url must be https://');
    expect(urlProblem('http://127.0.0.1:8080/x', true)).toBeNull();
    expect(urlProblem('ftp://hooks.example.vn', true)).toBe('url must be https://');
    expect(urlProblem('https://a:b@hooks.example.vn', false)).toMatch(/user name/);
    expect(urlProblem('https://hooks.example.vn/#x', false)).toMatch(/fragment/);
    expect(urlProblem('/relative', false)).toMatch(/absolute/);
    expect(urlProblem(`https://hooks.example.vn/${'a'.repeat(2000)}`, false)).toMatch(/2000/);
  });

  it('refuses loopback, private, link-local, reserved and IPv4-embedding addresses (IANA registries)', () => {
    for (const address of [
      '0.0.0.0',
      '10.1.2.3',
      '100.64.0.1',
      '127.0.0.1',
      '127.255.255.254',
      '169.254.169.254',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '192.0.2.10',
      '198.18.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '::',
      '::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
      '2002:a00:1::1',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'ff02::1',
    ])
      expect([address, addressProblem(address)]).toEqual([
        address,
        expect.stringMatching(/loopback, private/),
      ]);
    // Public addresses, including the edges of the private blocks.
    for (const address of [
      '8.8.8.8',
      '1.1.1.1',
      '172.15.255.255',
      '172.32.0.0',
      '100.63.255.255',
      '2001:4860:4860::8888',
    ])
      expect([address, addressProblem(address)]).toEqual([address, null]);
  });

  it('checks where a name points: localhost and address literals that are not public are refused', async () => {
    expect(await targetProblem('https://localhost:8443/x')).toMatch(/localhost resolves to .* loopback/);
    expect(await targetProblem('https://127.0.0.1/x')).toMatch(/loopback/);
    expect(await targetProblem('https://[::1]/x')).toMatch(/loopback/);
    expect(await targetProblem('https://[::ffff:a9fe:a9fe]/latest/meta-data')).toMatch(/loopback, private/);
    expect(await targetProblem('https://10.0.0.5/x')).toMatch(/private/);
    expect(await targetProblem('https://1.1.1.1/x')).toBeNull();
    expect(await targetProblem('https://no-such-host.invalid/x')).toMatch(/does not resolve/);
  });

  it('delivery refuses at connection time a name that resolves to a private address; a real receiver is not reached', async () => {
    let connections = 0;
    const server = http.createServer((_req, res) => res.writeHead(200).end());
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const signal = AbortSignal.timeout(5000);
      // The name (DNS rebinding: public when registered, loopback now) and the literal.
      await expect(
        post(`http://localhost:${port}/`, '{}', {}, { signal, allowPrivate: false }),
      ).rejects.toThrow(TargetRefusedError);
      await expect(
        post(`http://127.0.0.1:${port}/`, '{}', {}, { signal, allowPrivate: false }),
      ).rejects.toThrow(/loopback/);
      expect(connections).toBe(0);
      // Where private targets are allowed (development), the same receiver answers.
      expect(await post(`http://localhost:${port}/`, '{}', {}, { signal, allowPrivate: true })).toBe(200);
      expect(connections).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('reads WEBHOOKS_ALLOWED_INTERNAL: networks, addresses and host names; refuses the rest', () => {
    const parsed = parseInternalAllowList([
      '10.1.2.0/24',
      ' Intranet.Tinh.gov.vn ',
      '172.20.0.9',
      'fd00:1::/64',
    ]) as InternalAllowList;
    expect(parsed.entries).toEqual(['10.1.2.0/24', 'Intranet.Tinh.gov.vn', '172.20.0.9', 'fd00:1::/64']);
    expect([...parsed.hosts]).toEqual(['intranet.tinh.gov.vn']);
    expect(parseInternalAllowList([])).toMatchObject({ entries: [] });
    expect(
      parseInternalAllowList([
        '0.0.0.0/0',
        '10.0.0.0/7',
        '::/8',
        '10.1.2.0/33',
        '10.1.2.0/x',
        'a_b.vn',
        'x/24',
      ]),
    ).toEqual({
      problems: [
        '"0.0.0.0/0" is too broad (at least /8)',
        '"10.0.0.0/7" is too broad (at least /8)',
        '"::/8" is too broad (at least /16)',
        '"10.1.2.0/33" is not a network (address/prefix)',
        '"10.1.2.0/x" is not a network (address/prefix)',
        '"a_b.vn" is neither a network, an address nor a host name',
        '"x/24" is neither a network, an address nor a host name',
      ],
    });
    // The edges of an allowed network; a single address is a /32.
    const allow = parsed;
    expect(addressProblem('10.1.2.0', allow)).toBeNull();
    expect(addressProblem('10.1.2.255', allow)).toBeNull();
    expect(addressProblem('10.1.3.0', allow)).toMatch(/private/);
    expect(addressProblem('10.1.1.255', allow)).toMatch(/private/);
    expect(addressProblem('172.20.0.9', allow)).toBeNull();
    expect(addressProblem('172.20.0.10', allow)).toMatch(/private/);
    expect(addressProblem('fd00:1::ab', allow)).toBeNull();
    expect(addressProblem('fd00:2::ab', allow)).toMatch(/private/);
    // Without the list (the default), all of them are refused.
    expect(addressProblem('10.1.2.7')).toMatch(/private/);
  });

  it('lets an allowed host name resolve into private networks only, at registration', async () => {
    const allow = parseInternalAllowList(['intranet.tinh.gov.vn']) as InternalAllowList;
    // A stand-in for DNS: the machine running the tests has no such names.
    const dns =
      (...addresses: string[]) =>
      async () =>
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    const url = 'https://intranet.tinh.gov.vn/hooks';
    expect(await targetProblem(url, allow, dns('10.20.30.40'))).toBeNull();
    expect(await targetProblem('https://INTRANET.tinh.gov.vn/hooks', allow, dns('192.168.1.5'))).toBeNull();
    expect(await targetProblem(url, allow, dns('fd12::1', '10.0.0.1'))).toBeNull();
    // Never loopback nor link-local (the cloud metadata service) through a name.
    expect(await targetProblem(url, allow, dns('127.0.0.1'))).toMatch(/resolves to 127\.0\.0\.1/);
    expect(await targetProblem(url, allow, dns('10.0.0.1', '169.254.169.254'))).toMatch(/169\.254/);
    // Another name pointing inside is refused; so is the allowed name without the list.
    expect(await targetProblem('https://other.tinh.gov.vn/', allow, dns('10.20.30.40'))).toMatch(/private/);
    expect(await targetProblem(url, undefined, dns('10.20.30.40'))).toMatch(/private/);
  });
});
