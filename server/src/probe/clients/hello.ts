// A profile's ClientHello, as the probe's own builder (client-hello.ts) writes it from the profile's facts.
import { suiteCode } from '../../tls/cipher-suites';
import { signatureSchemeCode } from '../../tls/signature-schemes';
import { sortProtocols, TLS_PROTOCOLS, type TlsProtocol } from '../../tls/versions';
import { generateKeyPairs, type KeyPairs } from '../../tls/wire/tls13-keys';
import type { ClientExtensions } from '../client-hello';
import type { HelloOffer } from '../hello-probe';
import { GROUP_CODES, profileSuite, type ClientProfile } from './profile';

const SSL3 = 0x0300;

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

export function profileExtensions(profile: ClientProfile): ClientExtensions {
  return {
    groups: groupCodes(profile.groups),
    signatureSchemes: profile.signatureSchemes.map((name) => {
      const code = signatureSchemeCode(name);
      if (code === undefined) throw new Error(`client table: unknown signature scheme ${name}`);
      return code;
    }),
    alpn: profile.alpn,
    extendedMasterSecret: profile.extendedMasterSecret,
    renegotiationInfo: profile.renegotiationInfo,
    ...(profile.versions.max === 'SSLv3' ? { legacyVersion: SSL3 } : {}),
  };
}

/** Key shares for the profile's share groups that this runtime can make (FFDHE cannot: the server then retries). */
function keySharesOf(profile: ClientProfile): KeyPairs | undefined {
  const makeable = groupCodes(profile.keyShares).filter((g) => generateKeyPairs([g]) !== undefined);
  return generateKeyPairs(makeable);
}

/** Everything sendHello needs to send this client's hello to `sniName` (null or a profile without SNI: none). */
export function profileOffer(profile: ClientProfile, sniName: string | null): HelloOffer {
  const protocols = offeredProtocols(profile);
  return {
    protocols,
    suites: offeredSuites(profile),
    sni: profile.sni ? sniName : null,
    readWholeFlight: true,
    details: true,
    client: profileExtensions(profile),
    keys: protocols.includes('TLSv1.3') ? keySharesOf(profile) : undefined,
  };
}
