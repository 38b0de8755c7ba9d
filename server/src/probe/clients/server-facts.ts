// What the front door accepts, independent of any client: versions, suites per version and whose order wins,
// key-exchange groups, the certificate chain with and without SNI, and a client-certificate request.
import { ALL_SUITES, isTls13Suite, suiteCode, suiteName } from '../../tls/cipher-suites';
import { protocolOfWire, TLS_PROTOCOLS, type TlsProtocol } from '../../tls/versions';
import { generateKeyPairs } from '../../tls/wire/tls13-keys';
import { certificateRequestAuthorities } from '../../tls/wire/key-exchange';
import { SIGNATURE_SCHEMES, type ClientExtensions } from '../client-hello';
import { sendHello, type HelloOffer, type HelloOutcome } from '../hello-probe';
import type { Endpoint, Limits } from '../socket-failure';
import type { Limiter } from './limiter';
import { GROUP_CODES, groupName } from '../../tls/clients/profile';

export interface ServerFacts {
  /** Versions accepted, oldest first. */
  protocols: TlsProtocol[];
  /** IANA names per version, in the order found (the server's preference when its order wins). */
  suites: Partial<Record<TlsProtocol, string[]>>;
  /** Whose order decides among suites both sides have, per version with two suites or more. */
  order: Partial<Record<TlsProtocol, 'server' | 'client'>>;
  /** Key-exchange groups accepted (TLS 1.3 when spoken, else ECDHE over TLS 1.2). */
  groups: string[];
  /** The answers that carry the chain: with the SNI name (when there is one) and without SNI. */
  withSni: HelloOutcome | undefined;
  withoutSni: HelloOutcome;
  clientCertificate: { requested: boolean; acceptableCas: string[] } | undefined;
}

const EVERY: Record<'tls13' | 'older', readonly number[]> = {
  tls13: ALL_SUITES.filter(isTls13Suite).map(suiteCode),
  older: ALL_SUITES.filter((s) => !isTls13Suite(s)).map(suiteCode),
};
const ECDHE_SUITES = ALL_SUITES.filter((s) => s.includes('_ECDHE_')).map(suiteCode);
/** Groups a front door may accept, asked one by one. */
const CANDIDATE_GROUPS = [
  'X25519MLKEM768',
  'x25519',
  'secp256r1',
  'secp384r1',
  'secp521r1',
  'x448',
  'ffdhe2048',
  'ffdhe3072',
  'ffdhe4096',
  'ffdhe6144',
  'ffdhe8192',
];
/** Suites are enumerated in this many interleaved slices at once, each by removal: depth ≈ suites / slices. */
const SLICES = 4;

const extensionsFor = (groups: readonly number[]): ClientExtensions => ({
  groups,
  signatureSchemes: SIGNATURE_SCHEMES,
  alpn: [],
  extendedMasterSecret: true,
  renegotiationInfo: true,
});
const ALL_GROUPS = extensionsFor(Object.values(GROUP_CODES));

interface Context {
  endpoint: Endpoint;
  limits: Limits;
  limiter: Limiter;
  sni: string | null;
}

function hello(ctx: Context, offer: Omit<HelloOffer, 'sni'> & { sni?: string | null }): Promise<HelloOutcome> {
  return ctx.limiter.run(() => sendHello(ctx.endpoint, { sni: ctx.sni, ...offer }, ctx.limits));
}

const suitesFor = (protocol: TlsProtocol): readonly number[] => (protocol === 'TLSv1.3' ? EVERY.tls13 : EVERY.older);

/** One slice of a version's suites, by removal: offer, note the choice, offer the rest, until refused. */
async function enumerateSlice(ctx: Context, protocol: TlsProtocol, slice: number[]): Promise<number[]> {
  const found: number[] = [];
  let left = slice;
  for (let i = 0; i < slice.length && left.length > 0; i++) {
    const outcome = await hello(ctx, { protocols: [protocol], suites: left, readWholeFlight: false, client: ALL_GROUPS });
    if (outcome.kind !== 'accepted' || !left.includes(outcome.cipher)) break;
    found.push(outcome.cipher);
    left = left.filter((s) => s !== outcome.cipher);
  }
  return found;
}

async function enumerateSuites(ctx: Context, protocol: TlsProtocol, first: number): Promise<number[]> {
  const rest = suitesFor(protocol).filter((s) => s !== first);
  const slices = Array.from({ length: SLICES }, (_, k) => rest.filter((_, i) => i % SLICES === k));
  const found = await Promise.all(slices.map((slice) => enumerateSlice(ctx, protocol, slice)));
  return [first, ...found.flat()];
}

/** The server's order wins when, offered its first two suites the other way round, it still picks its first. */
async function orderOf(ctx: Context, protocol: TlsProtocol, suites: number[]): Promise<'server' | 'client' | undefined> {
  if (suites.length < 2) return undefined;
  const outcome = await hello(ctx, { protocols: [protocol], suites: [suites[1]!, suites[0]!], readWholeFlight: false, client: ALL_GROUPS });
  if (outcome.kind !== 'accepted') return undefined;
  return outcome.cipher === suites[0] ? 'server' : 'client';
}

async function groupAccepted(ctx: Context, name: string, tls13: boolean): Promise<boolean> {
  const code = GROUP_CODES[name]!;
  const keys = tls13 ? (generateKeyPairs([code]) ?? generateKeyPairs([])) : undefined;
  const outcome = await hello(ctx, {
    protocols: [tls13 ? 'TLSv1.3' : 'TLSv1.2'],
    suites: tls13 ? EVERY.tls13 : ECDHE_SUITES,
    readWholeFlight: !tls13,
    details: !tls13,
    client: extensionsFor([code]),
    keys,
  });
  if (outcome.kind !== 'accepted') return false;
  if (tls13) return true;
  // TLS 1.2: an ECDHE suite was chosen, and its parameters name the group (a server may ignore the list).
  const kx = outcome.details?.serverKeyExchange;
  return kx !== undefined && kx.length >= 3 && kx[0] === 3 && kx.readUInt16BE(1) === code;
}

export async function collectServerFacts(endpoint: Endpoint, sni: string | null, limits: Limits, limiter: Limiter): Promise<ServerFacts> {
  const ctx: Context = { endpoint, limits, limiter, sni };
  const perVersion = await Promise.all(
    TLS_PROTOCOLS.map((protocol) =>
      hello(ctx, { protocols: [protocol], suites: suitesFor(protocol), readWholeFlight: true, details: true, client: ALL_GROUPS }),
    ),
  );
  const accepted = TLS_PROTOCOLS.filter((p, i) => {
    const o = perVersion[i]!;
    return o.kind === 'accepted' && protocolOfWire(o.version) === p;
  });
  const withoutSniPromise = hello(ctx, {
    protocols: ['TLSv1.2', 'TLSv1.3'],
    suites: [...EVERY.tls13, ...EVERY.older],
    sni: null,
    readWholeFlight: true,
    details: true,
    client: ALL_GROUPS,
  });
  const tls13 = accepted.includes('TLSv1.3');
  const [suiteLists, groupFlags, withoutSni] = await Promise.all([
    Promise.all(accepted.map((p) => enumerateSuites(ctx, p, (perVersion[TLS_PROTOCOLS.indexOf(p)] as { cipher: number }).cipher))),
    accepted.length === 0 ? [] : Promise.all(CANDIDATE_GROUPS.map((g) => groupAccepted(ctx, g, tls13))),
    withoutSniPromise,
  ]);
  const orders = await Promise.all(accepted.map((p, i) => orderOf(ctx, p, suiteLists[i]!)));
  const suites: ServerFacts['suites'] = {};
  const order: ServerFacts['order'] = {};
  accepted.forEach((p, i) => {
    suites[p] = suiteLists[i]!.map(suiteName);
    if (orders[i] !== undefined) order[p] = orders[i];
  });
  const newest = accepted.length === 0 ? undefined : perVersion[TLS_PROTOCOLS.indexOf(accepted.at(-1)!)];
  const withSni = sni === null ? undefined : newest;
  return {
    protocols: accepted,
    suites,
    order,
    groups: CANDIDATE_GROUPS.filter((_, i) => groupFlags[i] === true),
    withSni,
    withoutSni,
    clientCertificate: clientCertificateOf(newest ?? withoutSni),
  };
}

function clientCertificateOf(outcome: HelloOutcome): ServerFacts['clientCertificate'] {
  if (outcome.kind !== 'accepted' || outcome.certificateRequested === null) return undefined;
  const body = outcome.details?.certificateRequest;
  let acceptableCas: string[] = [];
  try {
    acceptableCas = body === undefined ? [] : certificateRequestAuthorities(body, outcome.version);
  } catch {
    // A CertificateRequest that does not parse still says a certificate was asked for.
  }
  return { requested: outcome.certificateRequested, acceptableCas };
}

export { groupName };
