// Phase one of a diagnosis: every independent ClientHello at once, over parallel connections.
import { offeredSuitesOf } from '../diagnosis/evidence';
import { javaSuites } from '../tls/java';
import { ALL_SUITES, isTls13Suite, suiteCode } from '../tls/cipher-suites';
import { generateKeyPairs } from '../tls/wire/tls13-keys';
import { sendHello, type HelloOutcome } from './hello-probe';
import type { Endpoint, Limits } from './socket-failure';
import type { ProbeRequest } from './types';
import type { Profile } from '../tls/profile';
import { TLS_PROTOCOLS, type TlsProtocol } from '../tls/versions';
import { isIP } from 'node:net';

export interface HelloResults {
  /** Exactly what Apigee offers: its versions, suites and SNI. */
  offer: HelloOutcome;
  /** One version at a time with every suite known: which versions the server accepts at all. */
  versions: Record<TlsProtocol, HelloOutcome>;
  /** The offer with the other SNI choice (none when Apigee sends SNI, the host name when it does not). */
  alternateSni: { sni: string | null; outcome: HelloOutcome } | undefined;
  /** The offer with every suite Java implements, when the offer leaves some out. */
  javaSuites: HelloOutcome | undefined;
}

/** The host name to send as SNI when Apigee sends none: the URL host, unless it is an IP address. */
export function nameForSni(req: ProbeRequest): string | null {
  return req.sni ?? (isIP(req.host) ? null : req.host);
}

// The suite lists depend on nothing but the profile and the versions: made once, not for every diagnosis.

/** Every known suite, for the one-version hellos: the TLS 1.3 suites for TLS 1.3, the others for the older versions. */
const EVERY_SUITE: Record<'tls13' | 'older', readonly number[]> = {
  tls13: ALL_SUITES.filter((s) => isTls13Suite(s)).map(suiteCode),
  older: ALL_SUITES.filter((s) => !isTls13Suite(s)).map(suiteCode),
};

const javaCodes = new Map<string, readonly number[]>();

/** Java's suites for the versions offered: TLS 1.3 suites only with TLS 1.3, and the others only with TLS ≤ 1.2. */
function javaSuiteCodes(profile: Profile, tls13: boolean, older: boolean): readonly number[] {
  const key = `${profile} ${tls13} ${older}`;
  let codes = javaCodes.get(key);
  if (codes === undefined) {
    codes = javaSuites(profile)
      .filter((s) => (isTls13Suite(s) ? tls13 : older))
      .map(suiteCode);
    javaCodes.set(key, codes);
  }
  return codes;
}

export async function runHellos(endpoint: Endpoint, req: ProbeRequest, limits: Limits): Promise<HelloResults> {
  const suites = offeredSuitesOf(req);
  const versionSni = nameForSni(req);
  const alternate = req.sni !== null ? null : versionSni;
  const keys = generateKeyPairs();
  const offerWith = (sni: string | null): Promise<HelloOutcome> =>
    sendHello(endpoint, { protocols: req.protocols, suites, sni, readWholeFlight: true, keys }, limits);
  const java = javaSuiteCodes(
    req.profile,
    req.protocols.includes('TLSv1.3'),
    req.protocols.some((p) => p !== 'TLSv1.3'),
  );
  const [offer, alternateOutcome, javaOutcome, ...perVersion] = await Promise.all([
    offerWith(req.sni),
    req.sni !== null || alternate !== null ? offerWith(alternate) : undefined,
    java.every((s) => suites.includes(s))
      ? undefined
      : sendHello(endpoint, { protocols: req.protocols, suites: java, sni: req.sni, readWholeFlight: true, keys }, limits),
    ...TLS_PROTOCOLS.map((protocol) => {
      const all = protocol === 'TLSv1.3' ? EVERY_SUITE.tls13 : EVERY_SUITE.older;
      // The whole flight: when the offer fails, the chain is read from the answers of the other versions.
      return sendHello(endpoint, { protocols: [protocol], suites: all, sni: versionSni, readWholeFlight: true, keys }, limits);
    }),
  ]);
  const versions = Object.fromEntries(TLS_PROTOCOLS.map((p, i) => [p, perVersion[i]!])) as Record<TlsProtocol, HelloOutcome>;
  return {
    offer,
    versions,
    alternateSni: alternateOutcome === undefined ? undefined : { sni: alternate, outcome: alternateOutcome },
    javaSuites: javaOutcome,
  };
}
