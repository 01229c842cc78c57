import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { openSecret, sealSecret, signature, signatureHeader, verifySignature } from '../services/secrets';
import { urlProblem } from '../services/urls';
import { addressProblem, post, TargetRefusedError, targetProblem } from '../services/targets';

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
});
