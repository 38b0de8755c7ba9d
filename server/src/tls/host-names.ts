// Host names as the lint rules and the probe both read them: the host of a target URL (WHATWG URL parsing:
// IDN → punycode, `\` as `/`, IPv6 brackets, default ports) and whether a certificate name covers a host (Java's
// HostnameChecker rules). One module, so that lint and probe cannot disagree about a host.
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

export type UrlHost =
  /** `host` is lower case, punycode, without IPv6 brackets or the root's trailing dot. */
  | { kind: 'host'; scheme: 'https' | 'http'; host: string; port: number }
  /** The scheme, host or port holds a template: the backend is only known at run time. */
  | { kind: 'template' }
  /** A URL, but neither http nor https. */
  | { kind: 'other-scheme' }
  | { kind: 'invalid' };

const DEFAULT_PORT = { https: 443, http: 80 } as const;

/**
 * The host and port of a target URL. A template in the path leaves the host known; one in the scheme, host or
 * port does not (`isTemplate` says what a template is: the callers' notion, `{var}`, `${maven}`, `@token@`).
 */
export function parseUrlHost(text: string, isTemplate: (value: string) => boolean): UrlHost {
  // The authority as WHATWG reads it for http(s): after any run of slashes or backslashes, up to the next one.
  const raw = /^\s*([^:/\\?#]*):[/\\]*([^/\\?#]*)/.exec(text);
  if (raw === null) return isTemplate(text) ? { kind: 'template' } : { kind: 'invalid' };
  if (isTemplate(raw[1]!) || isTemplate(raw[2]!)) return { kind: 'template' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { kind: 'invalid' };
  }
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== 'https' && scheme !== 'http') return { kind: 'other-scheme' };
  return { kind: 'host', scheme, host: normalizeHost(url.hostname), port: url.port === '' ? DEFAULT_PORT[scheme] : Number(url.port) };
}

/** `[::1]` → `::1`; anything else as it is. */
export function unbracket(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}

/** A host or certificate name as Java compares it: ASCII (punycode) lower case, without the root's trailing dot. */
export function normalizeHost(name: string): string {
  const bare = unbracket(name).replace(/\.$/, '');
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(bare) ? bare : domainToASCII(bare) || bare;
  return ascii.toLowerCase();
}

/** The key of an address override (like curl's --resolve): the host as URLs name it, and the port. */
export function resolveKey(host: string, port: number): string {
  return `${normalizeHost(host)}:${port}`;
}

export function isIpHost(host: string): boolean {
  return isIP(unbracket(host)) !== 0;
}

/**
 * Whether a certificate name covers `host`, by Java's HostnameChecker rules for HTTPS: case and a trailing dot do
 * not count; with `wildcards`, `*.example.com` covers `a.example.com` but not `example.com` nor `a.b.example.com`;
 * no partial wildcards (`a*.example.com`) and none over a top-level domain (`*.com`).
 */
export function nameCoversHost(name: string, host: string, wildcards: boolean): boolean {
  const n = normalizeHost(name);
  const h = normalizeHost(host);
  if (n === h) return true;
  if (!wildcards || !n.startsWith('*.')) return false;
  const suffix = n.slice(1);
  if (suffix.split('.').length < 3 || suffix.includes('*')) return false;
  if (!h.endsWith(suffix)) return false;
  const label = h.slice(0, -suffix.length);
  return label.length > 0 && !label.includes('.');
}

/** Canonical text of an IP address, so `::1` and `0:0:0:0:0:0:0:1` compare equal. */
export function canonicalIp(ip: string): string {
  const bare = unbracket(ip);
  if (isIP(bare) !== 6) return bare;
  const [head = '', tail] = bare.toLowerCase().split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array<string>(8 - headParts.length - tailParts.length).fill('0');
  return [...headParts, ...(tail === undefined ? [] : zeros), ...tailParts].map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}
