// Host name verification as Java's HostnameChecker does it for HTTPS, on a certificate: SAN DNS names, SAN IP
// addresses for IP hosts, the subject CN only when there is no DNS SAN. The name rules are tls/host-names.ts's.
import type { X509Certificate } from 'node:crypto';
import { canonicalIp, isIpHost, nameCoversHost } from '../tls/host-names';

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
    const value = raw?.startsWith('"') ? jsonString(raw) : raw;
    if (kind === 'DNS' && value) dns.push(value);
    if (kind === 'IP Address' && value) ips.push(value);
  }
  return { dns, ips, commonName: commonNameOf(cert.subject) };
}

/** certificateNames, read once per certificate: a judgement matches the same leaf against the host several times. */
const namesRead = new WeakMap<X509Certificate, CertificateNames>();

function namesOf(cert: X509Certificate): CertificateNames {
  let names = namesRead.get(cert);
  if (names === undefined) {
    names = certificateNames(cert);
    namesRead.set(cert, names);
  }
  return names;
}

export function commonNameOf(distinguishedName: string): string | undefined {
  return /(?:^|\n)CN=([^\n]*)/.exec(distinguishedName)?.[1];
}

export function hostMatches(cert: X509Certificate, host: string): boolean {
  const names = namesOf(cert);
  if (isIpHost(host)) return names.ips.some((ip) => canonicalIp(ip) === canonicalIp(host));
  if (names.dns.length > 0) return names.dns.some((n) => nameCoversHost(n, host, true));
  return names.commonName !== undefined && nameCoversHost(names.commonName, host, true);
}

/** SSLInfo `<CommonName wildcardMatch=…>`: the certificate's subject CN must be that name (or a wildcard for it). */
export function commonNameMatches(cert: X509Certificate, expected: string, wildcardMatch: boolean): boolean {
  const cn = commonNameOf(cert.subject);
  return cn !== undefined && nameCoversHost(cn, expected, wildcardMatch);
}

/** Everything the certificate answers to, for messages. */
export function describeNames(cert: X509Certificate): string {
  const n = namesOf(cert);
  const all = [...n.dns, ...n.ips];
  return all.length > 0 ? `SAN ${all.join(', ')}` : `CN ${n.commonName ?? '(none)'}`;
}

/** Node JSON-quotes SAN names with unusual characters; a quoting it did not close is taken as it stands. */
function jsonString(raw: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : raw;
  } catch {
    return raw;
  }
}
