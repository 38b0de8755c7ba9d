// A profile's ClientHello, as the probe's own builder (client-hello.ts) writes it from the profile's facts.
import { signatureSchemeCode } from '../../tls/signature-schemes';
import { generateKeyPairs, type KeyPairs } from '../../tls/wire/tls13-keys';
import type { ClientExtensions } from '../client-hello';
import type { HelloOffer } from '../hello-probe';
import { groupCodes, offeredProtocols, offeredSuites, type ClientProfile } from '../../tls/clients/profile';

const SSL3 = 0x0300;

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
