// NO_PROXY as curl (7.86 to 8.x, lib/noproxy.c) reads it, so that the probe goes direct exactly where curl does:
// `*` alone bypasses every host; otherwise entries separated by commas or blanks, each a host name matched as
// itself or as a domain suffix (a leading and a trailing dot ignored, case ignored), or, for an IP address host,
// an IP address or CIDR range. Nothing else: `*.example.com` and `host:port` entries match no host in curl either.
import { isIP } from 'node:net';

/** Bounds hostile lists: curl reads the whole variable, but no real NO_PROXY holds more. */
const MAX_NO_PROXY_CHARS = 64 * 1024;

/** Whether `host` (a URL host, IPv6 without brackets) goes direct under `noProxy`. */
export function bypassesProxy(host: string, noProxy: string | undefined): boolean {
  if (noProxy === undefined || noProxy === '') return false;
  if (noProxy === '*') return true;
  const family = isIP(host);
  const name = family === 0 ? host.replace(/\.$/, '').toLowerCase() : host;
  for (const token of noProxy.slice(0, MAX_NO_PROXY_CHARS).split(/[,\s]+/)) {
    if (token === '') continue;
    if (family === 0 ? nameMatches(name, token) : addressMatches(host, family as 4 | 6, token)) return true;
  }
  return false;
}

/** `example.com` and `.example.com` match example.com and www.example.com, never notexample.com. */
function nameMatches(name: string, token: string): boolean {
  let domain = token.toLowerCase();
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  if (domain.startsWith('.')) domain = domain.slice(1);
  if (domain.length === name.length) return domain === name;
  return domain.length < name.length && name.endsWith(`.${domain}`);
}

/** curl takes the prefix length with atoi: leading digits, 0 when there are none (then the whole address counts). */
function prefixBits(text: string): number {
  const m = /^\s*([+-]?)(\d+)/.exec(text);
  if (m === null) return 0;
  return m[1] === '-' ? Number.POSITIVE_INFINITY : Number(m[2]);
}

function addressMatches(address: string, family: 4 | 6, token: string): boolean {
  const slash = token.indexOf('/');
  const network = slash < 0 ? token : token.slice(0, slash);
  const maxBits = family === 4 ? 32 : 128;
  const bits = slash < 0 ? 0 : prefixBits(token.slice(slash + 1));
  if (bits > maxBits || isIP(network) !== family) return false;
  const a = addressBytes(address, family);
  const b = addressBytes(network, family);
  const prefix = bits === 0 ? maxBits : bits;
  for (let bit = 0; bit < prefix; bit += 8) {
    const mask = prefix - bit >= 8 ? 0xff : (0xff << (8 - (prefix - bit))) & 0xff;
    if (((a[bit / 8]! ^ b[bit / 8]!) & mask) !== 0) return false;
  }
  return true;
}

function addressBytes(address: string, family: 4 | 6): number[] {
  if (family === 4) return address.split('.').map(Number);
  // Expand `::` and an embedded IPv4 tail into eight 16-bit groups.
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const groups = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [parseInt(g, 16)];
          const [w, x, y, z] = g.split('.').map(Number) as [number, number, number, number];
          return [(w << 8) | x, (y << 8) | z];
        });
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}
