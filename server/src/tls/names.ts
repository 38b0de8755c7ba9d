// TLS protocol and cipher-suite names as Apigee (Java JSSE) spells them, shared by the lint rules and the probe.
import { CIPHER_SUITE_TABLE } from './cipher-suite-table';

/** JSSE protocol names Apigee accepts in `<Protocol>`. */
export const JSSE_PROTOCOLS = ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3'] as const;
export type JsseProtocol = (typeof JSSE_PROTOCOLS)[number];

/** Protocols no longer safe; Apigee X refuses them outright. `TLSv1.0` is a common misspelling of `TLSv1`. */
export const OBSOLETE_PROTOCOLS: ReadonlySet<string> = new Set(['SSLv3', 'TLSv1', 'TLSv1.0', 'TLSv1.1', 'SSLv2Hello']);

/** TLS record/handshake version numbers, keyed by JSSE name. */
export const PROTOCOL_VERSION: Readonly<Record<JsseProtocol, number>> = {
  SSLv3: 0x0300,
  TLSv1: 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

export function isJsseProtocol(name: string): name is JsseProtocol {
  return (JSSE_PROTOCOLS as readonly string[]).includes(name);
}

/**
 * The JSSE name a user most likely meant by a non-standard protocol spelling (`TLS1.2`, `tlsv12`, `TLS 1.2`),
 * or undefined when it does not look like a protocol name at all.
 */
export function canonicalProtocol(name: string): JsseProtocol | undefined {
  const m = /^\s*(ssl|tls)\s*v?\s*(\d)(?:[._]?(\d))?\s*$/i.exec(name);
  if (m === null) return undefined;
  const family = m[1]!.toLowerCase();
  const major = m[2]!;
  const minor = m[3] ?? '0';
  if (family === 'ssl') return major === '3' ? 'SSLv3' : undefined;
  if (major !== '1') return undefined;
  const candidate = minor === '0' ? 'TLSv1' : `TLSv1.${minor}`;
  return isJsseProtocol(candidate) ? candidate : undefined;
}

export interface CipherSuite {
  code: number;
  /** IANA name, which is also Java's standard name. */
  name: string;
  openssl: string | undefined;
}

const SUITES: CipherSuite[] = CIPHER_SUITE_TABLE.map(([code, name, openssl]) => ({ code, name, openssl }));
const BY_NAME = new Map(SUITES.map((s) => [s.name, s]));
const BY_OPENSSL = new Map(SUITES.filter((s) => s.openssl !== undefined).map((s) => [s.openssl!, s]));
const BY_CODE = new Map(SUITES.map((s) => [s.code, s]));

export function allCipherSuites(): readonly CipherSuite[] {
  return SUITES;
}

/**
 * Looks a suite up by its Java name. Java also accepts the legacy `SSL_` spelling of the oldest suites
 * (`SSL_RSA_WITH_3DES_EDE_CBC_SHA`), which names the same `TLS_` suite.
 */
export function cipherSuiteByName(name: string): CipherSuite | undefined {
  return BY_NAME.get(name) ?? (name.startsWith('SSL_') ? BY_NAME.get(`TLS_${name.slice(4)}`) : undefined);
}

export function cipherSuiteByOpenSslName(name: string): CipherSuite | undefined {
  return BY_OPENSSL.get(name);
}

export function cipherSuiteByCode(code: number): CipherSuite | undefined {
  return BY_CODE.get(code);
}

/** Why a suite is weak, or undefined when it is not: NULL, anonymous, EXPORT, RC4, DES, 3DES or MD5. */
export function cipherWeakness(name: string): string | undefined {
  const n = name.toUpperCase();
  if (/_WITH_NULL_|_NULL_WITH_/.test(n)) return 'no encryption (NULL)';
  if (/_ANON_/.test(n)) return 'no server authentication (anonymous)';
  if (/EXPORT/.test(n)) return 'export-grade (40/56-bit) encryption';
  if (/_RC4_/.test(n)) return 'RC4, broken since RFC 7465';
  if (/_3DES_|_DES_EDE_/.test(n)) return '3DES, vulnerable to Sweet32';
  if (/_DES(40)?_CBC_/.test(n)) return 'single DES, 56-bit';
  if (/_MD5$/.test(n)) return 'an MD5 MAC';
  return undefined;
}
