// Host name verification as Java's HostnameChecker does it for HTTPS: SAN DNS names (a wildcard stands for
// exactly one whole left-most label), SAN IP addresses for IP hosts, the subject CN only when there is no DNS SAN.
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

/** "CN=a, O=b" rather than Node's one-attribute-per-line form. */
export function dn(text: string): string {
  return text.split('\n').join(', ');
}

export interface CertificateNames {
  dns: string[];
  ips: string[];
  commonName: string | undefined;
}

export function certificateNames(cert: X509Certificate): CertificateNames {
  const dns: string[] = [];
  const ips: string[] = [];
  // Node prints "DNS:a, DNS:b, IP Address:127.0.0.1"; names with unusual characters are JSON-quoted.
  for (const entry of (cert.subjectAltName ?? '').split(/, (?=[A-Za-z ]+:)/)) {
    const [, kind, raw] = /^([A-Za-z ]+):(.*)$/.exec(entry) ?? [];
    const value = raw?.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    if (kind === 'DNS' && value) dns.push(value);
    if (kind === 'IP Address' && value) ips.push(value);
  }
  return { dns, ips, commonName: commonNameOf(cert.subject) };
}

export function commonNameOf(distinguishedName: string): string | undefined {
  return /(?:^|\n)CN=([^\n]*)/.exec(distinguishedName)?.[1];
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** `*.example.com` matches `a.example.com`, not `example.com` nor `a.b.example.com`; no partial wildcards. */
export function dnsNameMatches(pattern: string, host: string): boolean {
  const p = normalizeName(pattern);
  const h = normalizeName(host);
  if (!p.startsWith('*.')) return p === h;
  const suffix = p.slice(1);
  if (suffix.split('.').length < 3 || suffix.includes('*')) return false;
  if (!h.endsWith(suffix)) return false;
  const label = h.slice(0, -suffix.length);
  return label.length > 0 && !label.includes('.');
}

/** Canonical text of an IP address, so `::1` and `0:0:0:0:0:0:0:1` compare equal. */
export function canonicalIp(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array<string>(8 - headParts.length - tailParts.length).fill('0');
  return [...headParts, ...(tail === undefined ? [] : zeros), ...tailParts].map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}

export function hostMatches(cert: X509Certificate, host: string): boolean {
  const names = certificateNames(cert);
  if (isIP(host)) return names.ips.some((ip) => canonicalIp(ip) === canonicalIp(host));
  if (names.dns.length > 0) return names.dns.some((n) => dnsNameMatches(n, host));
  return names.commonName !== undefined && dnsNameMatches(names.commonName, host);
}

/** SSLInfo `<CommonName wildcardMatch=…>`: the certificate's subject CN must be that name (or a wildcard for it). */
export function commonNameMatches(cert: X509Certificate, expected: string, wildcardMatch: boolean): boolean {
  const cn = commonNameOf(cert.subject);
  if (cn === undefined) return false;
  if (normalizeName(cn) === normalizeName(expected)) return true;
  return wildcardMatch && dnsNameMatches(cn, expected);
}

/** Everything the certificate answers to, for messages. */
export function describeNames(cert: X509Certificate): string {
  const n = certificateNames(cert);
  const all = [...n.dns, ...n.ips];
  return all.length > 0 ? `SAN ${all.join(', ')}` : `CN ${n.commonName ?? '(none)'}`;
}
