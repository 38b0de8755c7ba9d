// What Apigee offers a backend when SSLInfo pins nothing, per profile.
import type { Profile } from './profile';
import { isKnownSuite, isTls13Suite, suiteCode } from './cipher-suites';
import type { TlsProtocol } from './versions';

export interface Offer {
  protocols: TlsProtocol[];
  ciphers: string[];
}

// JDK 17's default enabled suites (Apigee X runtimes), in JDK preference order.
const MODERN_JAVA = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_AES_128_GCM_SHA256',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256',
  'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_DHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_DHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_CBC_SHA256',
  'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
];

// JDK 8's default enabled suites (Edge message processors on Java 8), in JDK preference order.
const JAVA_8 = [
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_DHE_DSS_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_DHE_DSS_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
  'TLS_RSA_WITH_AES_256_CBC_SHA256',
  'TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384',
  'TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384',
  'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256',
  'TLS_DHE_DSS_WITH_AES_256_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDH_RSA_WITH_AES_256_CBC_SHA',
  'TLS_DHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_DHE_DSS_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_DHE_DSS_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDH_RSA_WITH_AES_128_CBC_SHA',
  'TLS_DHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_DHE_DSS_WITH_AES_128_CBC_SHA',
];

/** The protocol versions the runtime can use at all: Apigee X refuses TLS 1.0 and 1.1 whatever SSLInfo says. */
export function usableProtocols(profile: Profile): readonly TlsProtocol[] {
  return profile === 'apigeex' ? ['TLSv1.2', 'TLSv1.3'] : ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
}

export function defaultOffer(profile: Profile): Offer {
  return profile === 'apigeex'
    ? { protocols: ['TLSv1.2', 'TLSv1.3'], ciphers: [...MODERN_JAVA] }
    : { protocols: ['TLSv1.2'], ciphers: [...JAVA_8] };
}

/**
 * The suites Apigee really offers for a pinned list: on Apigee X cipher lists have no effect on TLS 1.3, so
 * its default TLS 1.3 suites stay on when TLS 1.3 is offered and the list names none.
 */
export function effectiveCiphers(profile: Profile, protocols: readonly TlsProtocol[], ciphers: readonly string[]): string[] {
  if (profile !== 'apigeex' || !protocols.includes('TLSv1.3') || ciphers.some(isTls13Suite)) return [...ciphers];
  return [...MODERN_JAVA.filter(isTls13Suite), ...ciphers];
}

// The suites Apigee's Java can negotiate at all when SSLInfo <Ciphers> names them: the JDK default lists above
// (JDK 17 implements Java 8's ECDH_* and DHE_DSS_* suites too). JSSE implements no CCM/CCM_8, CAMELLIA, ARIA, SEED
// or IDEA suite, and disables 3DES, RC4, NULL and anonymous ones. Java 8 (Edge) has no ChaCha20, and its TLS 1.3
// (8u261 and later) only the AES-GCM suites.
const JAVA_8_TLS13 = ['TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256'];
const JAVA_SUITES: Record<Profile, ReadonlySet<number>> = {
  apigeex: new Set([...MODERN_JAVA, ...JAVA_8].map(suiteCode)),
  edge: new Set([...JAVA_8_TLS13, ...JAVA_8].map(suiteCode)),
};

/** Every suite the profile's Java runtime implements, in its preference order. */
export function javaSuites(profile: Profile): string[] {
  return [...new Set(profile === 'apigeex' ? [...MODERN_JAVA, ...JAVA_8] : [...JAVA_8_TLS13, ...JAVA_8])];
}

/** The runtime a profile stands for, as messages name it. */
export const JAVA_RUNTIME: Record<Profile, string> = {
  apigeex: "Apigee X's Java (JDK 17)",
  edge: "Edge message processors' Java 8",
};

/** Whether the profile's Java runtime implements (and does not disable) the suite of this IANA name. */
export function javaImplements(profile: Profile, suite: string): boolean {
  return isKnownSuite(suite) && JAVA_SUITES[profile].has(suiteCode(suite));
}

/** The last answer for each cipher list, kept with a copy of the list it was for (a list could change after). */
const offeredCodes = new WeakMap<readonly string[], { profile: Profile; ciphers: string[]; codes: readonly number[] }>();

/**
 * What Apigee really offers of the configured suites: the code points of IANA names Java implements (JSSE ignores
 * the rest). Remembered per list: one diagnosis asks several times for the same plan's list.
 */
export function offeredSuiteCodes(profile: Profile, ciphers: readonly string[]): readonly number[] {
  const known = offeredCodes.get(ciphers);
  if (known !== undefined && known.profile === profile && sameList(known.ciphers, ciphers)) return known.codes;
  const codes = ciphers.filter((c) => javaImplements(profile, c)).map(suiteCode);
  offeredCodes.set(ciphers, { profile, ciphers: [...ciphers], codes });
  return codes;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** An IANA suite name's parts: key exchange, authentication, key size, AEAD or not, hash (empty when absent). */
function suiteParts(name: string): { kx: string; auth: string; bits: string; aead: boolean; hash: string } {
  const tls13 = !name.includes('_WITH_');
  const [kxAuth, rest] = tls13 ? ['', name.slice('TLS_'.length)] : name.replace(/^(TLS|SSL)_/, '').split('_WITH_');
  const kxParts = (kxAuth ?? '').split('_');
  const hash = /_(SHA\d*|MD5)$/.exec(rest ?? '')?.[1] ?? '';
  return {
    kx: kxParts[0] ?? '',
    auth: kxParts.at(-1) ?? '',
    // SEED and IDEA name no size: both are 128-bit.
    bits: /_(128|256)_/.exec(`${rest ?? ''}_`)?.[1] ?? (/SEED|IDEA/.test(rest ?? '') ? '128' : ''),
    aead: /GCM|CCM|POLY1305/.test(rest ?? ''),
    hash,
  };
}

/**
 * The suite Java implements for the profile that is nearest to one it does not: the same authentication (the
 * certificate the backend has), then key exchange, AEAD or CBC, key size and hash; ties go to Java's preference.
 * TLS 1.3 suites map to TLS 1.3 suites.
 */
export function closestJavaSuite(profile: Profile, name: string): string | undefined {
  const want = suiteParts(name);
  const tls13 = isTls13Suite(name);
  let best: { suite: string; score: number } | undefined;
  for (const suite of javaSuites(profile)) {
    if (isTls13Suite(suite) !== tls13) continue;
    const got = suiteParts(suite);
    const score =
      (got.auth === want.auth ? 8 : 0) +
      (got.kx === want.kx ? 4 : 0) +
      (got.aead === want.aead ? 2 : 0) +
      (got.bits === want.bits ? 1 : 0) +
      (got.hash === want.hash ? 1 : 0);
    if (best === undefined || score > best.score) best = { suite, score };
  }
  return best?.suite;
}
