// A captured handshake as the judgement's evidence: the ClientHello is the plan (what the client really offered),
// the server's first answer is the offer's outcome, the rest of the exchange what only a capture shows.
import type { CapturedConversation } from './conversation';
import type { HandshakeFacts, SeenAlert } from './handshake-facts';
import type { KeyLog } from './keylog';
import type { CapturedExchange, ConnectionPlan, HandshakeEvidence, HelloOutcome, SocketFailure } from '../diagnosis/evidence';
import type { CaptureSide } from '../diagnosis/northbound';
import type { TrustStore } from '../diagnosis/trust';
import { cipherSuiteByCode } from '../tls/names';
import type { Profile } from '../tls/profile';
import { TLS_PROTOCOLS, wireVersion, type TlsProtocol } from '../tls/versions';

const TLS13 = 0x0304;

export interface CaptureJudgementOptions {
  trust: TrustStore;
  profile: Profile;
  /** Where the capture was taken: Apigee calling a backend (default) or a client calling Apigee. */
  side?: CaptureSide | undefined;
  /** TLS 1.3 handshake secrets (SSLKEYLOGFILE): they open the certificates and alerts TLS 1.3 encrypts. */
  keyLog?: KeyLog | undefined;
}

/** The endpoint text "ip:port" (IPv6 as "[::1]:443") split into host and port. */
export function splitEndpoint(endpoint: string): { host: string; port: number } {
  const at = endpoint.lastIndexOf(':');
  return { host: endpoint.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(endpoint.slice(at + 1)) };
}

/** Versions the hello offers: supported_versions when present, else every version up to legacy_version. */
export function offeredProtocols(facts: HandshakeFacts): TlsProtocol[] {
  const hello = facts.clientHello!;
  if (hello.supportedVersions !== null) {
    return TLS_PROTOCOLS.filter((p) => hello.supportedVersions!.includes(wireVersion(p)));
  }
  return TLS_PROTOCOLS.filter((p) => wireVersion(p) <= hello.clientVersion && p !== 'TLSv1.3');
}

function planOf(conversation: CapturedConversation, facts: HandshakeFacts, profile: Profile): ConnectionPlan {
  const hello = facts.clientHello!;
  const server = splitEndpoint(conversation.server);
  return {
    host: hello.sni ?? server.host,
    port: server.port,
    sni: hello.sni,
    protocols: offeredProtocols(facts),
    ciphers: hello.suites.flatMap((code) => cipherSuiteByCode(code)?.name ?? []),
    offeredSuites: hello.suites,
    // The capture cannot see SSLInfo: certificate problems are judged as Apigee judges them by default.
    certificatePolicy: { fatal: true, reason: 'a capture shows no SSLInfo, so validation is taken to be on' },
    profile,
  };
}

/** The server's first answer to the ClientHello. */
function offerOf(conversation: CapturedConversation, facts: HandshakeFacts): HelloOutcome {
  const hello = facts.serverHello;
  const serverAlerts = facts.alerts.filter((a) => a.from === 'server');
  if (hello !== null) {
    // TLS 1.3: null unless a key log opened the server's flight.
    const certificates = facts.serverCertificates ?? (facts.serverFlightDone ? [] : null);
    return {
      kind: 'accepted',
      version: hello.version,
      cipher: hello.cipher,
      helloRetry: hello.helloRetry,
      certificates,
      certificateRequested: facts.certificateRequested,
      warnings: serverAlerts.filter((a) => a.level === 'warning' && a.at <= (facts.serverHelloAt ?? 0)).flatMap((a) => a.description ?? []),
    };
  }
  const refusal = serverAlerts.find((a) => a.level === 'fatal' && a.description !== null);
  if (refusal !== undefined) return { kind: 'alert', alert: refusal.description! };
  if (conversation.notTls?.from === 'server') return { kind: 'failed', failure: 'not-tls', detail: conversation.notTls.detail };
  if (facts.malformed?.from === 'server') return { kind: 'failed', failure: 'not-tls', detail: facts.malformed.detail };
  if (facts.cut === 'server')
    return { kind: 'failed', failure: 'timeout', detail: "the capture lacks part of the server's answer (snaplen or lost packets)" };
  const end = conversation.end;
  if (end?.by === 'server') {
    const how = end.how === 'rst' ? 'reset the connection' : 'closed the connection';
    return { kind: 'failed', failure: 'connection-reset', detail: `the server ${how} without answering the ClientHello` };
  }
  return { kind: 'failed', failure: 'timeout', detail: 'the capture holds no answer from the server to the ClientHello' };
}

function exchangeOf(conversation: CapturedConversation, facts: HandshakeFacts): CapturedExchange {
  const after = facts.serverHelloAt ?? Number.NEGATIVE_INFINITY;
  // Alerts of the handshake after the server's answer; a session's closing alerts are no verdict.
  const alerts = facts.alerts
    .filter((a: SeenAlert) => a.at >= after && !a.afterHandshake && !(a.from === 'server' && a.level === 'warning'))
    .map(({ from, level, description }) => ({ from, level, description }));
  const refused = alerts.some((a) => a.level !== 'warning');
  return {
    alerts,
    clientCertificate: facts.clientCertificate,
    encrypted: facts.serverHello?.version === TLS13 && facts.keyLog !== 'decrypted',
    completed: facts.sessionFrom.client !== null && !refused,
    clientClosedEarly: conversation.end?.by === 'client' && facts.sessionFrom.client === null,
  };
}

/** A connection that never got as far as a ClientHello because of the server's side: refused, or never answered. */
function connectionFailure(conversation: CapturedConversation): SocketFailure | undefined {
  if (conversation.refused) {
    return {
      kind: 'failed',
      failure: 'connection-refused',
      detail: 'the server answered the SYN with a reset: nothing listens on that port',
    };
  }
  const syns = conversation.syns;
  if (syns === undefined || conversation.synsUnanswered !== true) return undefined;
  const detail = `the client sent ${syns.count} SYNs over ${((syns.last - syns.first) / 1000).toFixed(1)} s and got no answer: a firewall drops them, or the host is down`;
  return { kind: 'failed', failure: 'timeout', detail };
}

/** The evidence of one captured TLS connection; undefined when it holds no ClientHello (not TLS, or mid-stream). */
export function captureEvidence(
  conversation: CapturedConversation,
  facts: HandshakeFacts,
  options: CaptureJudgementOptions,
): HandshakeEvidence | undefined {
  const time = facts.serverCertificatesAt ?? facts.serverHelloAt ?? facts.clientHelloAt ?? conversation.startedAt;
  const base = { trust: options.trust, takenAt: new Date(time), elapsedMs: 0 };
  if (facts.clientHello === null) {
    const unreachable = connectionFailure(conversation);
    if (unreachable === undefined) return undefined;
    const noHandshakePlan: ConnectionPlan = {
      ...splitEndpoint(conversation.server),
      sni: null,
      protocols: [],
      ciphers: [],
      certificatePolicy: { fatal: true, reason: 'no handshake' },
      profile: options.profile,
    };
    return { ...base, plan: noHandshakePlan, offer: unreachable };
  }
  const offer = offerOf(conversation, facts);
  const end = facts.alerts.at(-1)?.at ?? facts.serverCertificatesAt ?? facts.serverHelloAt ?? facts.clientHelloAt;
  return {
    ...base,
    plan: planOf(conversation, facts, options.profile),
    offer,
    captured: exchangeOf(conversation, facts),
    elapsedMs: Math.max(0, Math.round((end ?? conversation.startedAt) - (facts.clientHelloAt ?? conversation.startedAt))),
  };
}
