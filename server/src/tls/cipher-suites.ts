// Cipher suites as the probe offers them, over the shared IANA table (server/src/tls).
import { allCipherSuites, cipherSuiteByCode, cipherSuiteByName } from './names';

export function isKnownSuite(name: string): boolean {
  return cipherSuiteByName(name) !== undefined;
}

/** The code point of an IANA suite name (Java's legacy `SSL_` spelling too); throws for an unknown name. */
export function suiteCode(name: string): number {
  const suite = cipherSuiteByName(name);
  if (suite === undefined) throw new Error(`unknown cipher suite ${name}`);
  return suite.code;
}

export function suiteName(code: number): string {
  return cipherSuiteByCode(code)?.name ?? `0x${code.toString(16).padStart(4, '0')}`;
}

/** TLS 1.3 suites (0x13xx) only work with TLS 1.3, and TLS 1.3 only with them. */
export function isTls13Suite(name: string): boolean {
  return (cipherSuiteByName(name)?.code ?? 0) >> 8 === 0x13;
}

/**
 * Every real suite the table knows, for probes that ask "does the server accept this version at all?".
 * Signalling values are left out: TLS_FALLBACK_SCSV would make a server refuse an older version on purpose.
 */
export const ALL_SUITES: readonly string[] = allCipherSuites()
  .map((s) => s.name)
  .filter((name) => !name.endsWith('_SCSV'));
