// What a client profile says about a real TLS client: what its ClientHello offers (built by the probe's
// client-hello.ts from these facts, never from captured bytes) and what it accepts of the server's answer. Facts
// only: the probe sends them, a capture's ClientHello is matched against them.
import { suiteCode } from '../cipher-suites';
import { cipherSuiteByName } from '../names';
import { sortProtocols, TLS_PROTOCOLS, type TlsProtocol } from '../versions';

/** SSL 3.0 only for the oldest clients (IE 6 on XP); the probe otherwise speaks TLS 1.0 to 1.3. */
export type ClientVersion = 'SSLv3' | TlsProtocol;

export interface ClientProfile {
  id: string;
  name: string;
  /** In the default set: a client Apigee API consumers still run. */
  consumer: boolean;
  /** Versions the ClientHello offers. */
  versions: { min: ClientVersion; max: ClientVersion };
  /** The oldest version the client accepts in a ServerHello, when stricter than what it offers. */
  floor?: TlsProtocol;
  /** TLS ≤ 1.2 suites, IANA names without the `TLS_` prefix, in the client's order. */
  suites: readonly string[];
  /** TLS 1.3 suites, same spelling, in order. */
  tls13Suites: readonly string[];
  /** supported_groups, names of GROUP_CODES, in order; empty: no ECC extension at all. */
  groups: readonly string[];
  /** Groups with a key share in the first ClientHello (TLS 1.3). */
  keyShares: readonly string[];
  /** signature_algorithms (names of tls/signature-schemes.ts), sent with TLS 1.2 or later. */
  signatureSchemes: readonly string[];
  /** Whether it sends server_name with the host name. */
  sni: boolean;
  alpn: readonly string[];
  extendedMasterSecret: boolean;
  renegotiationInfo: boolean;
  /** The smallest keys it accepts: the server certificate's RSA modulus and ECDSA curve, the DHE prime. */
  minRsaBits: number;
  minEcdsaBits: number;
  minDhBits: number;
  /** The largest DHE prime it can use (Java 7: 1024); undefined: no limit known. */
  maxDhBits?: number;
  /** Whether it accepts SHA-1 (or MD5+SHA-1) in the handshake signature and in the certificates of the chain. */
  sha1: boolean;
  /** Where the facts come from. */
  source: string;
  /** What is uncertain, or how the real client differs. */
  note?: string;
}

/** IANA supported_groups code points (RFC 8422, RFC 7919, RFC 8446, RFC 7027, draft-kwiatkowski-tls-ecdhe-mlkem). */
export const GROUP_CODES: Readonly<Record<string, number>> = {
  sect163k1: 1,
  sect163r1: 2,
  sect163r2: 3,
  sect193r1: 4,
  sect193r2: 5,
  sect233k1: 6,
  sect233r1: 7,
  sect239k1: 8,
  sect283k1: 9,
  sect283r1: 10,
  sect409k1: 11,
  sect409r1: 12,
  sect571k1: 13,
  sect571r1: 14,
  secp160k1: 15,
  secp160r1: 16,
  secp160r2: 17,
  secp192k1: 18,
  secp192r1: 19,
  secp224k1: 20,
  secp224r1: 21,
  secp256k1: 22,
  secp256r1: 23,
  secp384r1: 24,
  secp521r1: 25,
  brainpoolP256r1: 26,
  brainpoolP384r1: 27,
  brainpoolP512r1: 28,
  x25519: 29,
  x448: 30,
  ffdhe2048: 256,
  ffdhe3072: 257,
  ffdhe4096: 258,
  ffdhe6144: 259,
  ffdhe8192: 260,
  X25519MLKEM768: 0x11ec,
};

export function groupName(code: number): string {
  return Object.entries(GROUP_CODES).find(([, c]) => c === code)?.[0] ?? `0x${code.toString(16).padStart(4, '0')}`;
}

/** The IANA name of a profile's suite (the table drops the `TLS_` prefix); throws for a name the registry lacks. */
export function profileSuite(short: string): string {
  const name = `TLS_${short}`;
  if (cipherSuiteByName(name) === undefined) throw new Error(`client table: unknown suite ${name}`);
  return name;
}

/** The TLS versions a profile's hello offers (none for an SSL 3.0-only client). */
export function offeredProtocols(profile: ClientProfile): TlsProtocol[] {
  const { min, max } = profile.versions;
  if (max === 'SSLv3') return [];
  const from = min === 'SSLv3' ? 0 : TLS_PROTOCOLS.indexOf(min);
  return sortProtocols(TLS_PROTOCOLS.slice(from, TLS_PROTOCOLS.indexOf(max) + 1));
}

/** Suite code points in the hello's order: TLS 1.3 suites first when TLS 1.3 is offered (as every client does). */
export function offeredSuites(profile: ClientProfile): number[] {
  const tls13 = profile.versions.max === 'TLSv1.3' ? profile.tls13Suites : [];
  return [...tls13, ...profile.suites].map((s) => suiteCode(profileSuite(s)));
}

export function groupCodes(names: readonly string[]): number[] {
  return names.map((name) => {
    const code = GROUP_CODES[name];
    if (code === undefined) throw new Error(`client table: unknown group ${name}`);
    return code;
  });
}
