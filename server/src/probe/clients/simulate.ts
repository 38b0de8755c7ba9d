// The client simulation of one front door: resolve once, learn the server's facts, send every client's own
// ClientHello (never more than MAX_CONNECTIONS at once), and judge each answer as that client would.
import { analyseChain, chainEntry, type ChainEntry } from '../../diagnosis/chain';
import { describeNames, hostMatches } from '../../diagnosis/hostname';
import { parseCertificate } from '../../diagnosis/parsed-certificates';
import { systemTrust, type TrustStore } from '../../diagnosis/trust';
import { isWeakSignature, signatureAlgorithm } from '../../tls/wire/der';
import { isIP } from 'node:net';
import { resolveAddress } from '../diagnose';
import { sendHello, type HelloOutcome } from '../hello-probe';
import { proxyFor, type ProxyConfig } from '../proxy';
import type { Endpoint, Limits } from '../socket-failure';
import { profileOffer } from './hello';
import { Limiter } from './limiter';
import type { ClientProfile } from '../../tls/clients/profile';
import { collectServerFacts, type ServerFacts } from './server-facts';
import { judgeClient, type ChainFindings, type ClientCause, type ClientVerdict } from './verdict';

/** Connections open at once to one front door. */
export const MAX_CONNECTIONS = 8;

export interface ClientsRequest {
  host: string;
  port: number;
  /** The name SNI clients send; null: none (an IP host, or --no-sni). */
  sni: string | null;
  /** Like curl's --resolve. */
  address?: string | undefined;
  trust?: TrustStore | undefined;
  clients: readonly ClientProfile[];
  timeoutMs: number;
  /** The HTTP proxy every connection tunnels through, and the hosts that go direct; undefined: direct. */
  proxy?: ProxyConfig | undefined;
  signal?: AbortSignal | undefined;
}

export interface ChainReport {
  certificates: ChainEntry[];
  /** The names the leaf covers, and whether they cover the host. */
  names: string;
  coversHost: boolean;
  /** The leaf's notAfter. */
  expires: string | undefined;
}

export interface ClientsReport {
  target: { host: string; port: number; address: string | null; sni: string | null };
  /** Undefined when the front door could not be reached. */
  server:
    (Omit<ServerFacts, 'withSni' | 'withoutSni'> & { chain: { withSni: ChainReport | null; withoutSni: ChainReport | null } }) | undefined;
  clients: ClientVerdict[];
  /** The HTTP proxy the connections tunnelled through (its URL, never its credentials); undefined: direct. */
  proxy?: string | undefined;
  unreachable?: string;
  /** Connections opened, and the most open at once. */
  connections: { total: number; peak: number };
  elapsedMs: number;
}

const POLICY_REASON = 'a client checks the certificate';
const POLICY = { fatal: true, reason: POLICY_REASON };
const POLICY_SUFFIX = ` Fatal for Apigee here: ${POLICY_REASON}.`;

function chainFindings(
  outcome: HelloOutcome | undefined,
  host: string,
  trust: TrustStore,
  sniSent: boolean,
): { findings: ChainFindings; report: ChainReport } | undefined {
  if (outcome?.kind !== 'accepted' || outcome.certificates === null || outcome.certificates.length === 0) return undefined;
  const analysis = analyseChain(outcome.certificates, {
    host,
    trust,
    policy: POLICY,
    sniSent,
    details: { profile: 'apigeex', host, port: 443 },
    now: new Date(),
  });
  const errors: ClientCause[] = analysis.causes
    .filter((c) => c.severity === 'error')
    .map((c) => ({ code: c.code, message: c.message.replace(POLICY_SUFFIX, '') }));
  const sha1 = analysis.causes.find((c) => c.code === 'weak-signature');
  let leaf;
  try {
    leaf = parseCertificate(outcome.certificates[0]!);
  } catch {
    return { findings: { errors, sha1Signed: undefined }, report: { certificates: [], names: '', coversHost: false, expires: undefined } };
  }
  const sha1Signed =
    sha1 === undefined
      ? undefined
      : outcome.certificates.map((d) => parseCertificate(d)).find((c) => isWeakSignature(signatureAlgorithm(c.raw)))?.subject;
  return {
    findings: { errors, sha1Signed },
    report: {
      certificates: analysis.chain,
      names: describeNames(leaf),
      coversHost: hostMatches(leaf, host),
      expires: chainEntry(leaf).notAfter,
    },
  };
}

export async function simulateClients(request: ClientsRequest): Promise<ClientsReport> {
  const started = performance.now();
  const sni = request.sni !== null && isIP(request.sni) !== 0 ? null : request.sni;
  const limits: Limits = { deadline: Date.now() + request.timeoutMs, signal: request.signal };
  const target = { host: request.host, port: request.port, address: null as string | null, sni };
  const elapsed = (): number => Math.round(performance.now() - started);
  const proxy = proxyFor(request.host, request.proxy);
  const via = proxy === undefined ? {} : { proxy: proxy.url };
  const address = await resolveAddress(request, limits, proxy !== undefined);
  if (typeof address !== 'string') {
    request.signal?.throwIfAborted();
    return {
      target,
      server: undefined,
      clients: [],
      ...via,
      unreachable: address.detail,
      connections: { total: 0, peak: 0 },
      elapsedMs: elapsed(),
    };
  }
  target.address = address;
  const endpoint: Endpoint = { address, port: request.port, proxy };
  const limiter = new Limiter(MAX_CONNECTIONS);
  const sendAs = (profile: ClientProfile): Promise<HelloOutcome> =>
    limiter.run(() => sendHello(endpoint, profileOffer(profile, sni), limits));
  const [facts, outcomes] = await Promise.all([
    collectServerFacts(endpoint, sni, limits, limiter),
    Promise.all(request.clients.map(sendAs)),
  ]);
  request.signal?.throwIfAborted();
  const trust = request.trust ?? systemTrust();
  const nameChecked = sni ?? request.host;
  const withSni = chainFindings(facts.withSni, nameChecked, trust, true);
  const withoutSni = chainFindings(facts.withoutSni, nameChecked, trust, false);
  const chains = { withSni: withSni?.findings, withoutSni: withoutSni?.findings };
  const clients = request.clients.map((profile, i) => judgeClient(profile, outcomes[i]!, facts, chains, profile.sni && sni !== null));
  const serverFacts = {
    protocols: facts.protocols,
    suites: facts.suites,
    order: facts.order,
    groups: facts.groups,
    clientCertificate: facts.clientCertificate,
  };
  const reachable = facts.protocols.length > 0 || facts.withoutSni.kind !== 'failed';
  return {
    target,
    server: reachable ? { ...serverFacts, chain: { withSni: withSni?.report ?? null, withoutSni: withoutSni?.report ?? null } } : undefined,
    clients,
    ...via,
    ...(reachable || facts.withoutSni.kind !== 'failed' ? {} : { unreachable: facts.withoutSni.detail }),
    connections: { total: limiter.served, peak: limiter.peak },
    elapsedMs: elapsed(),
  };
}
