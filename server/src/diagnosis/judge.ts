// The one judgement: evidence of a handshake (live or captured) in, causes with messages and fixes out. Pure: no
// socket, no clock (validity is judged at the evidence's own time).
import { judgeCapturedAbort, judgeCapturedClientCertificate } from './captured';
import { analyseChain } from './chain';
import { judgeClientCertificate } from './client-certificate';
import { offeredSuitesOf, type HandshakeEvidence, type HelloOutcome, type SocketFailure } from './evidence';
import { Judgement } from './judgement';
import { briefHello, describeHello, protocolLabel } from './outcomes';
import { judgeOtherAnswerChain } from './other-answer';
import { judgeProxyInspection } from './proxy-inspection';
import { judgeRefusal } from './refusal';
import { defaultRerun, vantageReason } from './vantage';
import { certificateOnlyWithSni, sniRequirement } from './sni';
import type { Diagnosis } from './types';
import { isKnownSuite, suiteName } from '../tls/cipher-suites';
import { javaImplements } from '../tls/java';
import { protocolOfWire, sortProtocols, TLS_PROTOCOLS } from '../tls/versions';

type Accepted = Extract<HelloOutcome, { kind: 'accepted' }>;

export function judge(ev: HandshakeEvidence): Diagnosis {
  const j = new Judgement(ev);
  const { plan } = ev;
  if (ev.unreachable !== undefined || ev.offer === undefined) {
    connectionCause(j, ev.unreachable ?? { kind: 'failed', failure: 'not-tls', detail: 'no answer was recorded' }, plan.host);
    if (plan.unusable !== undefined) judgeUnusable(j, plan.unusable.reason);
    return j.result();
  }
  const offer = ev.offer;
  if (judgeProxyInspection(j)) return j.result();
  recordHellos(j, offer);
  const experiments = [...Object.values(ev.versions ?? {}), ev.alternateSni?.outcome];
  const anyAccepted = experiments.some((o) => o?.kind === 'accepted');
  // A connection closed on the offer alone is a refusal; closed on every hello, it is the connection.
  if (offer.kind === 'failed' && (offer.failure !== 'connection-reset' || !anyAccepted)) {
    const where = `${plan.host}:${plan.port}${ev.address === undefined || ev.address === plan.host ? '' : ` (${ev.address})`}`;
    connectionCause(j, offer, where);
  } else if (offer.kind !== 'accepted') {
    j.server.sniRequired = sniRequirement(j, { kind: 'refused', offer });
    judgeRefusal(j, offer);
  } else {
    judgeAccepted(j, offer);
  }
  // The offer failed, but the backend answered another hello: its chain is the next thing Apigee would meet.
  if (j.negotiated === null && (offer.kind !== 'failed' || offer.failure === 'connection-reset')) judgeOtherAnswerChain(j, offer);
  if (plan.unusable !== undefined) judgeUnusable(j, plan.unusable.reason);
  return j.result();
}

/** Apigee cannot make this call as configured: say so first, with what the backend accepts (the probe asked with the defaults). */
function judgeUnusable(j: Judgement, reason: string): void {
  const accepted = TLS_PROTOCOLS.filter((p) => j.server.protocols[p]);
  const backend = accepted.length > 0 ? `The backend accepts ${accepted.join(', ')}` : 'The backend accepted none of TLSv1 to TLSv1.3';
  j.add(
    'unusable-configuration',
    `Apigee cannot make this call: ${reason}. ${backend} (asked with Apigee's default offer, ${sortProtocols(j.plan.protocols).join(', ')}).`,
    { accepted },
  );
}

function connectionCause(j: Judgement, failure: SocketFailure, where: string): void {
  const code = failure.failure === 'aborted' ? 'timeout' : failure.failure;
  const { plan, ev } = j;
  // Through a proxy the proxy resolves and dials: its failures are its own causes (proxy-backend-unreachable).
  const reason = ev.proxy === undefined ? vantageReason(code, plan.host, ev.address) : undefined;
  if (reason === undefined) return j.add(code, `${where}: ${failure.detail}.`, { proxy: ev.proxy?.url });
  const vantage = { reason, rerun: plan.rerun ?? defaultRerun(plan.host, plan.port) };
  j.add(code, `${where}: ${failure.detail}. ${reason}: this probe may not run where the runtime does.`, { vantage });
}

/** What the hellos showed: the versions the server accepts, and the evidence lines people read. */
function recordHellos(j: Judgement, offer: HelloOutcome): void {
  const { plan, ev, server } = j;
  for (const p of TLS_PROTOCOLS) {
    const o = ev.versions?.[p];
    server.protocols[p] = o?.kind === 'accepted' && protocolOfWire(o.version) === p;
  }
  if (offer.kind === 'accepted' && ev.versions === undefined) {
    // No per-version hellos: the version the server chose is the one thing known to be accepted.
    const chosen = protocolOfWire(offer.version);
    if (chosen !== undefined) server.protocols[chosen] = true;
  }
  const sni = plan.sni === null ? 'no SNI' : `SNI '${plan.sni}'`;
  // A captured connection refused or never answered got no further than its SYN: it offered nothing.
  if (plan.protocols.length > 0)
    j.evidence.push(
      `Offered ${sortProtocols(plan.protocols).join(', ')} with ${offeredSuitesOf(plan).length} suites, ${sni}: ${describeHello(offer)}.`,
    );
  if (ev.versions !== undefined) {
    const versions = ev.versions;
    j.evidence.push(`Each version alone, every suite: ${TLS_PROTOCOLS.map((p) => `${p} ${briefHello(versions[p], p)}`).join('; ')}.`);
  }
  // What Apigee drops from its configured list; a captured hello shows what was really offered.
  if (plan.offeredSuites === undefined) noteUnofferedSuites(j);
  const alternate = ev.alternateSni;
  if (alternate !== undefined) {
    const label = alternate.sni === null ? 'Without SNI' : `With SNI '${alternate.sni}'`;
    j.evidence.push(`${label}: ${describeHello(alternate.outcome)}.`);
  }
  const obsolete = (['TLSv1', 'TLSv1.1'] as const).filter((p) => server.protocols[p]);
  if (obsolete.length > 0) j.add('obsolete-protocol-accepted', `The backend still accepts ${obsolete.join(' and ')}.`);
}

function noteUnofferedSuites(j: Judgement): void {
  const { plan } = j;
  const unknown = plan.ciphers.filter((c) => !isKnownSuite(c));
  if (unknown.length > 0) j.evidence.push(`Not offered, not IANA suite names: ${unknown.join(', ')}.`);
  const notJava = plan.ciphers.filter((c) => isKnownSuite(c) && !javaImplements(plan.profile, c));
  if (notJava.length > 0) j.evidence.push(`Not offered, suites Java (so Apigee) does not implement: ${notJava.join(', ')}.`);
}

/** The server answered the offer: check it chose what was offered, then SNI, client certificate and chain. */
function judgeAccepted(j: Judgement, offer: Accepted): void {
  const { plan, server, ev } = j;
  const protocol = protocolOfWire(offer.version);
  if (protocol === undefined || !plan.protocols.includes(protocol)) {
    const accepted = TLS_PROTOCOLS.filter((p) => server.protocols[p]);
    j.add(
      'protocol-mismatch',
      `The backend answered with ${protocolLabel(offer.version)}, which Apigee did not offer (${plan.protocols.join(', ')}); Java aborts such a handshake.`,
      { accepted },
    );
    return;
  }
  if (!offeredSuitesOf(plan).includes(offer.cipher)) {
    j.add('cipher-mismatch', `The backend chose ${suiteName(offer.cipher)}, which Apigee did not offer; Java aborts such a handshake.`);
    return;
  }
  // Only now: a version or suite Apigee did not offer is no negotiation, Java aborts the handshake.
  j.negotiated = { protocol, cipher: suiteName(offer.cipher) };

  let certificates = offer.certificates;
  if (offer.certificateRequested === false) server.clientCertificate = 'none';
  if (ev.clientCertificate !== undefined) {
    const demand = judgeClientCertificate(j, ev.clientCertificate, { protocol, requested: offer.certificateRequested });
    // Without the flight, a completed handshake cannot tell "none" from "optional".
    if (offer.certificateRequested === true || demand === 'required') server.clientCertificate = demand;
    const without = ev.clientCertificate.withoutCertificate;
    if (certificates === null && (without.kind === 'completed' || without.kind === 'alert')) certificates = without.certificates;
  }
  const otherName = certificates === null ? undefined : certificateOnlyWithSni(j, certificates);
  server.sniRequired = sniRequirement(j, { kind: 'negotiated', leafOnlyWithSni: otherName !== undefined });
  judgeSniDependence(j, otherName);
  if (ev.captured !== undefined) judgeCapturedClientCertificate(j, ev.captured, offer);
  if (certificates === null) {
    j.evidence.push(
      ev.captured === undefined
        ? 'The certificate chain could not be read (the server chose a key exchange group or suite the probe cannot use, and no full handshake completed).'
        : ev.captured.encrypted
          ? 'The certificate chain is encrypted (TLS 1.3): the capture cannot show it.'
          : 'The certificate chain is not (wholly) in the capture: cut by the snaplen, or packets were lost.',
    );
  } else {
    judgeChain(j, certificates, otherName);
  }
  if (ev.captured !== undefined) judgeCapturedAbort(j, ev.captured, certificates !== null);
}

/** Apigee sends SNI and only that works (or only it gets the host's certificate): fine on X, not on Edge Private Cloud. */
function judgeSniDependence(j: Judgement, otherName: string | undefined): void {
  const { plan } = j;
  if (plan.sni === null || j.server.sniRequired !== true) return;
  const alternate = j.ev.alternateSni?.outcome;
  if (otherName !== undefined) {
    j.evidence.push(`With SNI '${plan.sni}' the backend presents a certificate for '${plan.host}'; without SNI, one for ${otherName}.`);
    j.add(
      'sni-dependent',
      `The certificate for '${plan.host}' comes only with SNI: without it the backend presents one for ${otherName}, a name mismatch. Edge Private Cloud message processors send no SNI by default.`,
    );
  } else if (alternate !== undefined) {
    j.add(
      'sni-dependent',
      `The handshake works only with SNI: without it the backend ${describeHello(alternate)}. Edge Private Cloud message processors send no SNI by default.`,
    );
  }
}

function judgeChain(j: Judgement, certificates: Buffer[], otherName: string | undefined): void {
  const { plan, ev } = j;
  if (plan.sni === null && otherName !== undefined) {
    j.evidence.push(
      `With SNI '${ev.alternateSni?.sni ?? plan.host}' the backend presents a certificate for '${plan.host}'; without SNI, one for ${otherName}.`,
    );
  }
  const analysis = analyseChain(certificates, j.chainContext());
  j.chain = analysis.chain;
  // The leaf sent without SNI is for another name, the one sent with SNI is right: SNI is the root cause. The host
  // name cause comes first among the chain's name causes (a <CommonName> mismatch, if any, stays).
  const hostCause = plan.sni === null && otherName !== undefined ? analysis.causes.findIndex((c) => c.code === 'hostname-mismatch') : -1;
  if (hostCause >= 0 && analysis.causes[hostCause]!.severity === 'error') {
    analysis.causes.splice(hostCause, 1);
    j.add(
      'sni-required',
      `Without SNI the backend presents a certificate for ${otherName}, not '${plan.host}'; with SNI '${ev.alternateSni?.sni ?? plan.host}' it presents the right one. Java aborts the handshake on the name mismatch.`,
    );
  }
  j.causes.push(...analysis.causes);
  j.unverifiedTrust = analysis.unverifiedTrust;
  j.evidence.push(...analysis.evidence);
}
