// Where the probe stands is not always where the runtime stands: a backend in a VPC, behind Private Service Connect
// or in a data centre is reached from Apigee's network, not from a laptop. A DNS failure, a timeout or a refusal
// for a private address, or a name that does not resolve from here, says that much, and how to run the same
// diagnosis from the runtime's network.
import { BlockList, isIP } from 'node:net';
import type { SocketFailureCode } from './evidence';

const PRIVATE_RANGES: [network: string, bits: number, family: 'ipv4' | 'ipv6', name: string][] = [
  ['10.0.0.0', 8, 'ipv4', 'a private address (RFC 1918)'],
  ['172.16.0.0', 12, 'ipv4', 'a private address (RFC 1918)'],
  ['192.168.0.0', 16, 'ipv4', 'a private address (RFC 1918)'],
  ['100.64.0.0', 10, 'ipv4', 'a carrier-grade NAT address (100.64.0.0/10, RFC 6598)'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address'],
  ['fc00::', 7, 'ipv6', 'a unique local address (RFC 4193)'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
];

const RANGES = PRIVATE_RANGES.map(([network, bits, family, name]) => {
  const list = new BlockList();
  list.addSubnet(network, bits, family);
  return { list, family, name };
});

/** What kind of private address `address` is (`a private address (RFC 1918)`…), or undefined for a public one. */
export function privateAddressKind(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped !== null) return privateAddressKind(mapped[1]!);
  return RANGES.find((r) => r.family === type && r.list.check(address, type))?.name;
}

/** The failures that may be the probe's vantage point rather than the backend. */
const VANTAGE_FAILURES: readonly SocketFailureCode[] = ['dns-failure', 'timeout', 'connection-refused'];

/**
 * Why this failure may say more about where the probe runs than about the backend, or undefined: the name does not
 * resolve from here, or the address dialled (or named) is private.
 */
export function vantageReason(failure: SocketFailureCode, host: string, address: string | undefined): string | undefined {
  if (!VANTAGE_FAILURES.includes(failure)) return undefined;
  if (failure === 'dns-failure') return `A name that does not resolve from here may be private, resolved only inside the runtime's network`;
  const dialled = address ?? host;
  const kind = privateAddressKind(dialled);
  if (kind === undefined) return undefined;
  return `${dialled}${dialled === host ? '' : ` (${host})`} is ${kind}, reachable only from its own network`;
}

/** The command that runs a diagnosis of `host:port` from elsewhere, when the host gave none. */
export function defaultRerun(host: string, port: number): string {
  const authority = isIP(host) === 6 ? `[${host}]` : host;
  return `npx apigee-tls-lint probe https://${authority}:${port} --format json`;
}
