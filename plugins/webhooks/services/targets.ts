import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { lookup as dnsLookupAsync } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { assertOutsideTransaction } from '../../../src';

/**
 * Where the platform refuses to send requests (server-side request forgery): an administrator who
 * may register endpoints must not make the API servers POST into the machine itself, the cloud
 * metadata service or the province's internal network. Only public unicast addresses are accepted;
 * the ranges are the IANA IPv4 and IPv6 special-purpose registries (RFC 6890 and its updates), plus
 * the IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4, Teredo), which could reach a
 * private IPv4 address through a translator.
 */
const refused = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata at 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
] as const)
  refused.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  // IPv4-mapped addresses (::ffff:a.b.c.d) need no rule: BlockList checks them against the IPv4
  // rules above (and a ::ffff:0:0/96 rule would match every IPv4 address).
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48], // local NAT64
  ['100::', 64], // discard-only
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  refused.addSubnet(network, prefix, 'ipv6');

/**
 * The private networks a listed internal host name may resolve into (RFC 1918, carrier-grade NAT,
 * unique-local IPv6). Never loopback, link-local (the cloud metadata service) or the other reserved
 * ranges: those only when the operator lists the very network.
 */
const privateNetworks = new BlockList();
for (const [network, prefix] of [
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  privateNetworks.addSubnet(network, prefix, 'ipv4');
privateNetworks.addSubnet('fc00::', 7, 'ipv6');

/**
 * Internal hosts an operator allows on purpose (WEBHOOKS_ALLOWED_INTERNAL): addresses in `networks`
 * are accepted whatever name leads there; a host named in `hosts` may resolve into the private
 * networks above.
 */
export interface InternalAllowList {
  networks: BlockList;
  /** Lower-case host names. */
  hosts: ReadonlySet<string>;
  /** The entries as configured (for the start-up log). */
  entries: readonly string[];
}

export const NO_INTERNAL: InternalAllowList = { networks: new BlockList(), hosts: new Set(), entries: [] };

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Reads the allow-list entries: a network in CIDR notation (`10.1.2.0/24`, `fd00:1::/64`; at least
 * /8 for IPv4 and /16 for IPv6, so no entry opens a whole address family), one address
 * (`10.1.2.7`), or a host name (`intranet.tinh.gov.vn`, exact, case ignored). Answers the list, or
 * the problems with the entries it refuses.
 */
export function parseInternalAllowList(entries: string[]): InternalAllowList | { problems: string[] } {
  const networks = new BlockList();
  const hosts = new Set<string>();
  const problems: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const [address, prefixText, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family) {
      const max = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      const least = family === 4 ? 8 : 16;
      if (rest.length || !/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max)
        problems.push(`"${raw}" is not a network (address/prefix)`);
      else if (prefix < least) problems.push(`"${raw}" is too broad (at least /${least})`);
      else networks.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    } else if (prefixText === undefined && HOST_NAME.test(entry)) hosts.add(entry);
    else problems.push(`"${raw}" is neither a network, an address nor a host name`);
  }
  return problems.length
    ? { problems }
    : { networks, hosts, entries: entries.map((e) => e.trim()).filter(Boolean) };
}

/**
 * Why an IP address may not be a webhook target, or null when it is a public address, an address
 * in a network the operator allowed, or (reached through an allowed host name `host`) an address in
 * a private network.
 */
export function addressProblem(
  address: string,
  allow: InternalAllowList = NO_INTERNAL,
  host?: string,
): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (allow.networks.check(address, type)) return null;
  if (host && allow.hosts.has(host.toLowerCase()) && privateNetworks.check(address, type)) return null;
  return refused.check(address, type) ? `${address} is a loopback, private or reserved address` : null;
}

/** The host of a URL without the brackets of an IPv6 literal. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Why a (syntactically valid) endpoint address may not be used now: its host is an address that is
 * not public, or a name that does not resolve or resolves to any address that is not public (all of
 * them are checked: a name with one public and one private address is refused). Null when acceptable.
 */
export async function targetProblem(
  raw: string,
  allow: InternalAllowList = NO_INTERNAL,
  resolve: (host: string) => Promise<LookupAddress[]> = (host) =>
    dnsLookupAsync(host, { all: true, verbatim: true }),
): Promise<string | null> {
  const host = hostOf(new URL(raw));
  if (isIP(host)) return addressProblem(host, allow);
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    return `${host} does not resolve`;
  }
  for (const { address } of addresses) {
    const problem = addressProblem(address, allow, host);
    if (problem) return `${host} resolves to ${problem}`;
  }
  return addresses.length ? null : `${host} does not resolve`;
}

/** A refused target at delivery time (its code says so to the job's error message). */
export class TargetRefusedError extends Error {
  readonly code = 'WEBHOOK_TARGET_REFUSED';
}

/**
 * The resolver the delivery's socket uses: the same check as at registration, at the moment of
 * connecting and on the very addresses connected to, so a name that resolved to a public address
 * when the endpoint was registered and to an internal one now (DNS rebinding) is refused.
 */
const guardedLookup =
  (allow: InternalAllowList): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...(options as LookupAllOptions), all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const problem = addresses
        .map((a) => addressProblem(a.address, allow, hostname))
        .find((p): p is string => p !== null);
      if (problem || !addresses.length)
        return callback(new TargetRefusedError(`${hostname} resolves to ${problem ?? 'nothing'}`), '', 4);
      // net.connect asks for every address when it tries the families in turn (autoSelectFamily).
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };

/**
 * POSTs a body and answers the status code of the response (its body is not read: the connection
 * is closed once the headers arrived). Redirects are not followed. Unless `allowPrivate`, an address
 * literal is checked before connecting and a name at connection time (see guardedLookup). A fresh
 * connection per attempt (no pooling: every attempt checks the address it connects to).
 */
export function post(
  raw: string,
  body: string,
  headers: Record<string, string>,
  options: { signal: AbortSignal; allowPrivate: boolean; allowInternal?: InternalAllowList },
): Promise<number> {
  assertOutsideTransaction('A webhook receiver');
  const url = new URL(raw);
  const host = hostOf(url);
  const allow = options.allowInternal ?? NO_INTERNAL;
  if (!options.allowPrivate && isIP(host)) {
    const problem = addressProblem(host, allow);
    if (problem) return Promise.reject(new TargetRefusedError(problem));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: options.allowPrivate ? undefined : guardedLookup(allow),
        signal: options.signal,
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
