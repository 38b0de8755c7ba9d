// Both sides decide: the server's choice (its answer to the client's hello), then the client's acceptance of that
// choice (version floor, key and DH sizes, SHA-1, the chain and name as it checks them). Pure: facts in, a verdict out.
import { X509Certificate } from 'node:crypto';
import { alertName, ALERT } from '../../tls/alerts';
import { cipherSuiteByCode, cipherWeakness } from '../../tls/names';
import { protocolOfWire, TLS_PROTOCOLS, type TlsProtocol } from '../../tls/versions';
import { parseServerKeyExchange, type KeyExchangeParams } from '../../tls/wire/key-exchange';
import { clientFix, type ClientCauseCode } from '../../diagnosis/client-fixes';
import type { HelloOutcome } from '../hello-probe';
import { groupCodes, groupName, offeredProtocols, offeredSuites, profileSuite, type ClientProfile } from '../../tls/clients/profile';
import type { ServerFacts } from './server-facts';

export interface ClientCause {
  code: ClientCauseCode;
  message: string;
}

/** Certificate findings of one chain (with or without SNI), computed once for every client. */
export interface ChainFindings {
  errors: ClientCause[];
  /** A certificate of the path (not the root) signed with SHA-1: fatal only for clients that refuse SHA-1. */
  sha1Signed: string | undefined;
}

export interface ClientVerdict {
  id: string;
  name: string;
  ok: boolean;
  protocol: string | null;
  cipher: string | null;
  group: string | null;
  cause?: ClientCauseCode;
  message?: string;
  fix?: string;
  /** Every reason it fails, first the one that explains the rest. */
  causes: ClientCause[];
}

const SHA1_SCHEMES = new Set([0x0201, 0x0202, 0x0203]);
const SIGNED_KX = /_(EC)?DHE_(RSA|ECDSA|DSS)_/;

function keyExchangeOf(cipherName: string, version: number, body: Buffer | undefined): KeyExchangeParams | undefined {
  if (body === undefined) return undefined;
  const kind = cipherName.includes('_ECDHE_') ? 'ecdhe' : cipherName.includes('_DHE_') ? 'dhe' : undefined;
  if (kind === undefined) return undefined;
  try {
    return parseServerKeyExchange(body, kind, version);
  } catch {
    return undefined;
  }
}

const versionRank = (p: string): number => (p === 'SSLv3' ? -1 : TLS_PROTOCOLS.indexOf(p as TlsProtocol));

/** Why a hello was refused, from the alert and what the server accepts at all. */
function refusal(profile: ClientProfile, alert: number | undefined, facts: ServerFacts, sniSent: boolean): ClientCause {
  const offered = offeredProtocols(profile);
  const shared = facts.protocols.filter((p) => offered.includes(p));
  const said = alert === undefined ? 'closed the connection' : `answered ${alertName(alert)}`;
  if (
    alert === ALERT.unrecognizedName ||
    (alert !== ALERT.protocolVersion && !sniSent && facts.withSni?.kind === 'accepted' && facts.withoutSni.kind !== 'accepted')
  ) {
    return {
      code: 'sni-required',
      message: `The front door ${said}: it serves no certificate without SNI${sniSent ? ' for this name' : ''}, and ${profile.name} ${sniSent ? 'sent another name' : 'sends no SNI'}.`,
    };
  }
  // The alert decides first: handshake_failure says the version was fine and nothing else was (the seed's router).
  if (alert === ALERT.protocolVersion || (alert !== ALERT.handshakeFailure && facts.protocols.length > 0 && shared.length === 0)) {
    return {
      code: 'protocol-mismatch',
      message: `The front door ${said}: it accepts ${facts.protocols.join(', ') || 'no version the probe speaks'}, ${profile.name} offers ${profile.versions.min}–${profile.versions.max}.`,
    };
  }
  const clientSuites = new Set([...profile.tls13Suites, ...profile.suites].map(profileSuite));
  const serverSuites = shared.flatMap((p) => facts.suites[p] ?? []);
  const common = serverSuites.filter((s) => clientSuites.has(s));
  if (serverSuites.length > 0 && common.length > 0 && facts.groups.length > 0) {
    const needsGroup = common.every((s) => s.includes('_ECDHE_') || !s.includes('_WITH_'));
    const groups = profile.groups.filter((g) => facts.groups.includes(g));
    if (needsGroup && groups.length === 0) {
      return {
        code: 'no-shared-group',
        message: `The front door ${said}: the suites both have need a key-exchange group, and it accepts ${facts.groups.join(', ')} while ${profile.name} offers ${profile.groups.join(', ') || 'none'}.`,
      };
    }
  }
  const theirs =
    serverSuites.length === 0
      ? ''
      : ` (it accepts ${[...new Set(serverSuites)].slice(0, 4).join(', ')}${serverSuites.length > 4 ? ', …' : ''})`;
  return { code: 'cipher-mismatch', message: `The front door ${said}: ${profile.name} offers none of its suites${theirs}.` };
}

function certificateKeyCause(profile: ClientProfile, leafDer: Buffer | undefined): ClientCause | undefined {
  if (leafDer === undefined) return undefined;
  let key: X509Certificate['publicKey'];
  try {
    key = new X509Certificate(leafDer).publicKey;
  } catch {
    return undefined;
  }
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' && details?.modulusLength !== undefined && details.modulusLength < profile.minRsaBits) {
    return {
      code: 'key-too-small',
      message: `The certificate has a ${details.modulusLength}-bit RSA key; ${profile.name} needs ${profile.minRsaBits} bits or more.`,
    };
  }
  const curveBits: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };
  const bits = details?.namedCurve === undefined ? undefined : curveBits[details.namedCurve];
  if (key.asymmetricKeyType === 'ec' && bits !== undefined && bits < profile.minEcdsaBits) {
    return {
      code: 'key-too-small',
      message: `The certificate has a ${bits}-bit ECDSA key; ${profile.name} needs ${profile.minEcdsaBits} bits or more.`,
    };
  }
  return undefined;
}

const CURVE_GROUPS: Record<string, string> = { prime256v1: 'secp256r1', secp384r1: 'secp384r1', secp521r1: 'secp521r1' };

/** TLS ≤ 1.2 (RFC 8422 §5.1): the client's supported_groups also bound the curve of an ECDSA certificate. */
function certificateCurveCause(profile: ClientProfile, leafDer: Buffer | undefined, protocol: string): ClientCause | undefined {
  if (leafDer === undefined || protocol === 'TLSv1.3') return undefined;
  let curve: string | undefined;
  try {
    curve = new X509Certificate(leafDer).publicKey.asymmetricKeyDetails?.namedCurve;
  } catch {
    return undefined;
  }
  const group = curve === undefined ? undefined : CURVE_GROUPS[curve];
  if (group === undefined || profile.groups.includes(group)) return undefined;
  return {
    code: 'no-shared-group',
    message: `The certificate's key is on ${group}, a curve ${profile.name} does not list (it offers ${profile.groups.join(', ') || 'none'}).`,
  };
}

/** Decides one client's handshake from the server's answer to its hello. */
export function judgeClient(
  profile: ClientProfile,
  outcome: HelloOutcome,
  facts: ServerFacts,
  chains: { withSni: ChainFindings | undefined; withoutSni: ChainFindings | undefined },
  sniSent: boolean,
): ClientVerdict {
  const base = { id: profile.id, name: profile.name };
  const verdict = (protocol: string | null, cipher: string | null, group: string | null, causes: ClientCause[]): ClientVerdict => {
    const first = causes[0];
    if (first === undefined) return { ...base, ok: true, protocol, cipher, group, causes };
    const fix = clientFix(first.code, fixContext(profile, facts, first.code));
    return { ...base, ok: false, protocol, cipher, group, cause: first.code, message: first.message, fix, causes };
  };
  if (outcome.kind === 'failed') {
    if (outcome.failure === 'connection-reset') return verdict(null, null, null, [refusal(profile, undefined, facts, sniSent)]);
    const code = outcome.failure === 'aborted' ? 'handshake-aborted' : outcome.failure;
    return verdict(null, null, null, [{ code, message: outcome.detail }]);
  }
  if (outcome.kind === 'alert') return verdict(null, null, null, [refusal(profile, outcome.alert, facts, sniSent)]);
  const protocol = protocolOfWire(outcome.version) ?? `0x${outcome.version.toString(16)}`;
  const cipherName = cipherSuiteByCode(outcome.cipher)?.name ?? `0x${outcome.cipher.toString(16).padStart(4, '0')}`;
  const kx = keyExchangeOf(cipherName, outcome.version, outcome.details?.serverKeyExchange);
  const groupCode = outcome.details?.keyShareGroup ?? (kx?.kind === 'ecdhe' ? kx.group : undefined);
  const group = groupCode !== undefined ? groupName(groupCode) : kx?.kind === 'dhe' ? `DHE ${kx.bits} bits` : null;
  const causes: ClientCause[] = [];
  const floor = profile.floor ?? profile.versions.min;
  if (versionRank(protocol) < versionRank(floor) || versionRank(protocol) > versionRank(profile.versions.max)) {
    causes.push({
      code: 'protocol-mismatch',
      message: `The front door answered ${protocol}; ${profile.name} accepts ${floor}–${profile.versions.max} only.`,
    });
  }
  if (!offeredSuites(profile).includes(outcome.cipher)) {
    causes.push({
      code: 'handshake-aborted',
      message: `The front door chose ${cipherName}, which ${profile.name} did not offer: the client aborts.`,
    });
  }
  if (groupCode !== undefined && !groupCodes(profile.groups).includes(groupCode)) {
    causes.push({
      code: 'no-shared-group',
      message: `The front door chose the group ${groupName(groupCode)}, which ${profile.name} did not offer.`,
    });
  }
  if (kx?.kind === 'dhe' && (kx.bits < profile.minDhBits || (profile.maxDhBits !== undefined && kx.bits > profile.maxDhBits))) {
    const range = profile.maxDhBits === undefined ? `at least ${profile.minDhBits}` : `${profile.minDhBits} to ${profile.maxDhBits}`;
    causes.push({
      code: 'dh-size-refused',
      message: `The front door's DHE prime has ${kx.bits} bits; ${profile.name} accepts ${range} bits.`,
    });
  }
  if (!profile.sha1 && SIGNED_KX.test(cipherName)) {
    const legacy = protocol === 'TLSv1' || protocol === 'TLSv1.1';
    if (legacy || (kx?.signatureScheme !== undefined && SHA1_SCHEMES.has(kx.signatureScheme))) {
      causes.push({
        code: 'weak-signature',
        message: `The front door signs its key exchange with ${legacy ? `MD5+SHA-1 / SHA-1 (${protocol})` : 'SHA-1'}; ${profile.name} refuses SHA-1 signatures.`,
      });
    }
  }
  const leaf = outcome.certificates?.[0];
  const curveCause = certificateCurveCause(profile, leaf, protocol);
  if (curveCause !== undefined) causes.push(curveCause);
  const keyCause = certificateKeyCause(profile, leaf);
  if (keyCause !== undefined) causes.push(keyCause);
  const chain = outcome.certificates === null ? undefined : sniSent ? chains.withSni : chains.withoutSni;
  if (chain !== undefined) {
    causes.push(...chain.errors);
    if (!profile.sha1 && chain.sha1Signed !== undefined) {
      causes.push({
        code: 'weak-signature',
        message: `'${chain.sha1Signed}' is signed with SHA-1; ${profile.name} refuses SHA-1 certificates.`,
      });
    }
  }
  return verdict(protocol, cipherName, group, causes);
}

/** The first suite the client offers that is not weak: what a fix suggests adding. */
function suggestedSuite(profile: ClientProfile): string | undefined {
  const names = [...profile.suites].map(profileSuite).filter((s) => !s.endsWith('_SCSV') && cipherWeakness(s) === undefined);
  return names.find((s) => s.includes('_ECDHE_RSA_')) ?? names.find((s) => s.includes('_ECDHE_')) ?? names[0];
}

function fixContext(profile: ClientProfile, facts: ServerFacts, code: ClientCauseCode): Parameters<typeof clientFix>[1] {
  return {
    clientName: profile.name,
    clientVersions: profile.versions,
    serverProtocols: facts.protocols,
    suggestedSuite: suggestedSuite(profile),
    minBits: code === 'key-too-small' ? profile.minRsaBits : undefined,
  };
}
