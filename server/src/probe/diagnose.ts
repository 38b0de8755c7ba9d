// Orchestrates a diagnosis: resolve once, send every independent ClientHello in parallel, complete a full
// handshake only when a client certificate is asked for (or the chain could not be read), then judge.
import { X509Certificate } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { analyseChain } from '../diagnosis/chain';
import { javaImplements } from '../tls/java';
import { isKnownSuite, suiteName } from '../tls/cipher-suites';
import { judgeClientCertificate } from './client-certificate';
import type { FlightOutcome } from '../tls/wire/server-flight';
import { offeredSuites, runHellos, type HelloResults } from './hellos';
import { describeNames, hostMatches } from '../diagnosis/hostname';
import { Judgement } from '../diagnosis/judgement';
import { briefHello, describeHello, isRefusal, protocolLabel } from '../diagnosis/outcomes';
import { judgeRefusal } from '../diagnosis/refusal';
import { settleOnce, socketFailure, type Endpoint, type Limits, type SocketFailure } from './socket-failure';
import { systemTrust } from '../diagnosis/trust';
import type { Diagnosis, ProbeRequest } from './types';
import { protocolOfWire, sortProtocols, TLS_PROTOCOLS } from '../tls/versions';

function resolveAddress(req: ProbeRequest, limits: Limits): Promise<string | SocketFailure> {
  if (req.address !== undefined) return Promise.resolve(req.address);
  if (isIP(req.host)) return Promise.resolve(req.host);
  return settleOnce<string>(
    limits,
    () => undefined,
    (finish) => {
      lookup(req.host).then(
        (r) => finish(r.address),
        (error: NodeJS.ErrnoException) =>
          finish(socketFailure('dns-failure', `${req.host} does not resolve (${error.code ?? error.message})`)),
      );
    },
  );
}

function connectionCause(j: Judgement, failure: SocketFailure, where: string): void {
  j.req.signal?.throwIfAborted();
  const code = failure.failure === 'aborted' ? 'timeout' : failure.failure;
  j.add(code, `${where}: ${failure.detail}.`);
}

function recordHellos(j: Judgement, hellos: HelloResults): void {
  const { req, server } = j;
  for (const p of TLS_PROTOCOLS) {
    const o = hellos.versions[p];
    server.protocols[p] = o.kind === 'accepted' && protocolOfWire(o.version) === p;
  }
  const sni = req.sni === null ? 'no SNI' : `SNI '${req.sni}'`;
  j.evidence.push(
    `Offered ${sortProtocols(req.protocols).join(', ')} with ${offeredSuites(req).length} suites, ${sni}: ${describeHello(hellos.offer)}.`,
    `Each version alone, every suite: ${TLS_PROTOCOLS.map((p) => `${p} ${briefHello(hellos.versions[p], p)}`).join('; ')}.`,
  );
  const unknown = req.ciphers.filter((c) => !isKnownSuite(c));
  if (unknown.length > 0) j.evidence.push(`Not offered, not IANA suite names: ${unknown.join(', ')}.`);
  const notJava = req.ciphers.filter((c) => isKnownSuite(c) && !javaImplements(req.profile, c));
  if (notJava.length > 0) j.evidence.push(`Not offered, suites Java (so Apigee) does not implement: ${notJava.join(', ')}.`);
  if (hellos.alternateSni !== undefined) {
    const label = hellos.alternateSni.sni === null ? 'Without SNI' : `With SNI '${hellos.alternateSni.sni}'`;
    j.evidence.push(`${label}: ${describeHello(hellos.alternateSni.outcome)}.`);
  }
  const obsolete = (['TLSv1', 'TLSv1.1'] as const).filter((p) => server.protocols[p]);
  if (obsolete.length > 0) j.add('obsolete-protocol-accepted', `The backend still accepts ${obsolete.join(' and ')}.`);
}

type Accepted = Extract<FlightOutcome, { kind: 'accepted' }>;

function leafMatches(certificates: Buffer[] | null, host: string): boolean | undefined {
  const der = certificates?.[0];
  if (der === undefined) return undefined;
  try {
    return hostMatches(new X509Certificate(der), host);
  } catch {
    return undefined; // the chain analysis reports a certificate that does not parse
  }
}

/**
 * Both SNI choices accepted: does the certificate for the host come only with SNI? With SNI sent, that is a
 * warning (Edge MPs with SNI off get another name's certificate); without, the caller makes it the root cause.
 * Returns what the leaf sent without SNI is for, when Apigee sends no SNI and only SNI gets the host's certificate.
 */
function judgeSniCertificates(j: Judgement, certificates: Buffer[], hellos: HelloResults): string | undefined {
  const { req, server } = j;
  const alternate = hellos.alternateSni;
  if (alternate?.outcome.kind !== 'accepted') return undefined;
  const withSni = req.sni === null ? leafMatches(alternate.outcome.certificates, req.host) : leafMatches(certificates, req.host);
  const withoutSni = req.sni === null ? leafMatches(certificates, req.host) : leafMatches(alternate.outcome.certificates, req.host);
  if (withSni !== true || withoutSni !== false) return undefined;
  server.sniRequired = true;
  const names = describeNames(new X509Certificate((req.sni === null ? certificates : alternate.outcome.certificates!)[0]!));
  const sni = req.sni ?? alternate.sni;
  j.evidence.push(`With SNI '${sni}' the backend presents a certificate for '${req.host}'; without SNI, one for ${names}.`);
  if (req.sni === null) return names;
  j.add(
    'sni-dependent',
    `The certificate for '${req.host}' comes only with SNI: without it the backend presents one for ${names}, a name mismatch. Edge Private Cloud message processors send no SNI by default.`,
  );
  return undefined;
}

/** The server answered the offer: check it chose what was offered, then SNI, client certificate and chain. */
async function judgeAccepted(j: Judgement, offer: Accepted, hellos: HelloResults, endpoint: Endpoint, limits: Limits): Promise<void> {
  const { req, server } = j;
  const protocol = protocolOfWire(offer.version);
  if (protocol === undefined || !req.protocols.includes(protocol)) {
    const accepted = TLS_PROTOCOLS.filter((p) => server.protocols[p]);
    j.add(
      'protocol-mismatch',
      `The backend answered with ${protocolLabel(offer.version)}, which Apigee did not offer (${req.protocols.join(', ')}); Java aborts such a handshake.`,
      { accepted },
    );
    return;
  }
  if (!offeredSuites(req).includes(offer.cipher)) {
    j.add('cipher-mismatch', `The backend chose ${suiteName(offer.cipher)}, which Apigee did not offer; Java aborts such a handshake.`);
    return;
  }
  // Only now: a version or suite Apigee did not offer is no negotiation, Java aborts the handshake.
  j.negotiated = { protocol, cipher: suiteName(offer.cipher) };
  const alternate = hellos.alternateSni?.outcome;
  server.sniRequired = req.sni === null || alternate?.kind === 'accepted' ? false : isRefusal(alternate) ? true : null;
  if (req.sni !== null && server.sniRequired) {
    j.add(
      'sni-dependent',
      `The handshake works only with SNI: without it the backend ${describeHello(alternate!)}. Edge Private Cloud message processors send no SNI by default.`,
    );
  }

  let certificates = offer.certificates;
  if (offer.certificateRequested === false) server.clientCertificate = 'none';
  if (offer.certificateRequested !== false || certificates === null) {
    const { demand, withoutCert } = await judgeClientCertificate(j, endpoint, protocol, limits, {
      tls13: protocol === 'TLSv1.3',
      requested: offer.certificateRequested,
    });
    // Without the flight (HelloRetryRequest), a completed handshake cannot tell "none" from "optional".
    if (offer.certificateRequested === true || demand === 'required') server.clientCertificate = demand;
    if (certificates === null && withoutCert.kind !== 'failed' && withoutCert.kind !== 'local-error')
      certificates = withoutCert.certificates;
  }
  if (certificates === null) {
    j.evidence.push('The certificate chain could not be read (the server asked to retry the hello, and no full handshake completed).');
    return;
  }
  const otherName = judgeSniCertificates(j, certificates, hellos);
  const analysis = analyseChain(certificates, {
    host: req.host,
    expectedCommonName: req.expectedCommonName,
    trust: req.trust ?? systemTrust(),
    policy: req.certificatePolicy,
    sniSent: req.sni !== null,
    details: j.details,
    now: new Date(),
  });
  j.chain = analysis.chain;
  // The leaf sent without SNI is for another name, the one sent with SNI is right: SNI is the root cause. The host
  // name cause comes first among the chain's name causes (a <CommonName> mismatch, if any, stays).
  const hostCause = otherName !== undefined ? analysis.causes.findIndex((c) => c.code === 'hostname-mismatch') : -1;
  if (hostCause >= 0 && analysis.causes[hostCause]!.severity === 'error') {
    analysis.causes.splice(hostCause, 1);
    j.add(
      'sni-required',
      `Without SNI the backend presents a certificate for ${otherName}, not '${req.host}'; with SNI '${hellos.alternateSni!.sni}' it presents the right one. Java aborts the handshake on the name mismatch.`,
    );
  }
  j.causes.push(...analysis.causes);
  j.evidence.push(...analysis.evidence);
}

/** Diagnoses the handshake Apigee would make. Rejects only with the signal's AbortError when cancelled. */
export async function diagnose(request: ProbeRequest): Promise<Diagnosis> {
  // SNI carries host names only (RFC 6066): an IP address is never sent, whoever asks for it.
  const req = request.sni !== null && isIP(request.sni) !== 0 ? { ...request, sni: null } : request;
  const limits: Limits = { deadline: Date.now() + req.timeoutMs, signal: req.signal };
  const j = new Judgement(req);
  const address = await resolveAddress(req, limits);
  if (typeof address !== 'string') {
    connectionCause(j, address, req.host);
    return j.result();
  }
  const endpoint = { address, port: req.port };
  const hellos = await runHellos(endpoint, req, limits);
  req.signal?.throwIfAborted();
  recordHellos(j, hellos);
  const offer = hellos.offer;
  const anyAccepted = [...Object.values(hellos.versions), hellos.alternateSni?.outcome].some((o) => o?.kind === 'accepted');
  // A connection closed on the offer alone is a refusal; closed on every hello, it is the connection.
  if (offer.kind === 'failed' && (offer.failure !== 'connection-reset' || !anyAccepted)) {
    connectionCause(j, offer, `${req.host}:${req.port}${address === req.host ? '' : ` (${address})`}`);
  } else if (offer.kind !== 'accepted') {
    judgeRefusal(j, hellos);
  } else {
    await judgeAccepted(j, offer, hellos, endpoint, limits);
  }
  return j.result();
}
