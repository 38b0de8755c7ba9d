// Orchestrates a diagnosis: resolve once, send every independent ClientHello in parallel, complete a full
// handshake only when a client certificate is asked for (or the chain could not be read), then judge.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ALERT, describeAlert } from './alerts';
import { makeCause, sortCauses, type Cause, type FixDetails } from './causes';
import { analyseChain } from './chain';
import { suiteName } from './cipher-suites';
import { fullHandshake, type HandshakeOutcome } from './full-handshake';
import { runHellos, offeredSuites, type HelloResults } from './hellos';
import { describeHello, isRefusal, protocolLabel } from './outcomes';
import { socketFailure, type Endpoint, type Limits, type SocketFailure } from './socket-failure';
import { systemTrust } from './trust';
import type { ClientCertificateDemand, Diagnosis, ProbeRequest } from './types';
import { TLS_PROTOCOLS, protocolOfWire, sortProtocols, type TlsProtocol } from './versions';

/** Thrown when the caller's AbortSignal fires: a cancelled diagnosis has no verdict. */
export class ProbeAbortedError extends Error {}

class Judgement {
  readonly causes: Cause[] = [];
  readonly evidence: string[] = [];
  readonly details: FixDetails;
  constructor(readonly req: ProbeRequest) {
    this.details = { profile: req.profile, host: req.host, port: req.port, timeoutMs: req.timeoutMs };
  }
  add(code: Cause['code'], message: string, extra: Partial<FixDetails> = {}): void {
    this.causes.push(makeCause(code, message, { ...this.details, ...extra }));
  }
}

async function resolveAddress(req: ProbeRequest, limits: Limits): Promise<string | SocketFailure> {
  if (req.address !== undefined) return req.address;
  if (isIP(req.host)) return req.host;
  const timeout = new Promise<SocketFailure>((resolve) =>
    setTimeout(() => resolve(socketFailure('timeout', 'DNS did not answer in time')), Math.max(0, limits.deadline - Date.now())).unref(),
  );
  const answer = lookup(req.host).then(
    (r) => r.address,
    (error: NodeJS.ErrnoException) => socketFailure('connection-refused', `${req.host} does not resolve (${error.code ?? error.message})`),
  );
  return Promise.race([answer, timeout]);
}

function connectionCause(j: Judgement, failure: SocketFailure, where: string): void {
  if (failure.failure === 'aborted') throw new ProbeAbortedError('probe cancelled');
  const code = failure.detail.includes('does not resolve') ? 'dns-failure' : failure.failure;
  j.add(code, `${where}: ${failure.detail}.`);
}

function acceptedVersions(hellos: HelloResults): Record<TlsProtocol, boolean> {
  const map = {} as Record<TlsProtocol, boolean>;
  for (const p of TLS_PROTOCOLS) {
    const o = hellos.versions[p];
    map[p] = o.kind === 'accepted' && protocolOfWire(o.version) === p;
  }
  return map;
}

/** The offer was refused: tell SNI, protocol and cipher mismatches apart with the other hellos. */
function judgeRefusal(j: Judgement, hellos: HelloResults, server: Record<TlsProtocol, boolean>): void {
  const { req } = j;
  const answer = describeHello(hellos.offer);
  const alternate = hellos.alternateSni;
  if (req.sni === null && alternate?.outcome.kind === 'accepted') {
    j.add('sni-required', `The backend refuses a ClientHello without SNI (${answer}) and accepts the same hello with SNI '${alternate.sni}'.`);
    return;
  }
  if (hellos.offer.kind === 'alert' && hellos.offer.alert === 112) {
    const what = req.sni === null ? 'a ClientHello without SNI' : `the server name '${req.sni}'`;
    j.add('sni-required', `The backend refuses ${what}: alert ${describeAlert(112)}.`);
    return;
  }
  const offered = sortProtocols(req.protocols);
  const accepted = TLS_PROTOCOLS.filter((p) => server[p]);
  const both = offered.filter((p) => server[p]);
  if (both.length === 0) {
    const acceptedText = accepted.length > 0 ? `it accepts only ${accepted.join(', ')}` : 'it accepted none of TLSv1 to TLSv1.3 with any known suite';
    j.add('protocol-mismatch', `Apigee offers ${offered.join(', ')}; ${acceptedText} (the offer was ${answer}).`, { accepted });
    return;
  }
  const newest = both.at(-1)!;
  const probe = hellos.versions[newest];
  const chosen = probe.kind === 'accepted' ? suiteName(probe.cipher) : undefined;
  const chosenText = chosen === undefined ? '' : `; offered every suite, it chose ${chosen}`;
  j.add('cipher-mismatch', `The backend accepts ${both.join(', ')} but none of the ${offeredSuites(req).length} offered cipher suites (the offer was ${answer})${chosenText}.`, { suite: chosen });
}

/** The handshake without a client certificate tells "optional" from "required"; with one, whether it is accepted. */
async function judgeClientCertificate(
  j: Judgement,
  endpoint: Endpoint,
  protocol: TlsProtocol,
  limits: Limits,
  offer: { tls13: boolean; requested: boolean | null },
): Promise<{ demand: ClientCertificateDemand | null; withoutCert: HandshakeOutcome }> {
  const { req } = j;
  const base = { protocols: [protocol], sni: req.sni };
  const [withoutCert, withCert] = await Promise.all([
    fullHandshake(endpoint, base, limits),
    req.clientCertificate === undefined ? undefined : fullHandshake(endpoint, { ...base, clientCertificate: req.clientCertificate }, limits),
  ]);
  const where = offer.tls13 ? 'in its encrypted TLS 1.3 flight' : 'in the TLS 1.2 handshake';
  let demand: ClientCertificateDemand | null = null;
  if (withoutCert.kind === 'completed') demand = 'optional';
  else if (withoutCert.kind === 'alert' && (offer.requested === true || withoutCert.alert === ALERT.certificateRequired)) {
    demand = 'required';
    if (req.clientCertificate === undefined && req.clientAuthEnabled === true) {
      j.evidence.push('The backend requires a client certificate, and SSLInfo enables two-way TLS: pass --client-cert/--client-key to check it accepts the one in the keystore.');
    } else if (req.clientCertificate === undefined) {
      const when = withoutCert.afterHandshake ? ' after the handshake seemed complete (TLS 1.3 reports it only then)' : '';
      j.add('client-certificate-required', `The backend asks for a client certificate (CertificateRequest ${where}) and refuses a handshake without one: alert ${describeAlert(withoutCert.alert)}${when}.`);
    }
  } else if (withoutCert.kind !== 'alert') {
    j.evidence.push(`A full handshake without a client certificate did not conclude: ${withoutCert.detail}.`);
  }
  if (withCert?.kind === 'alert') {
    j.add('client-certificate-rejected', `The backend refuses the configured client certificate: alert ${describeAlert(withCert.alert)}${withCert.afterHandshake ? ' after the handshake' : ''}.`);
  } else if (withCert !== undefined && withCert.kind !== 'completed') {
    j.evidence.push(`The handshake with the client certificate did not conclude: ${withCert.detail}.`);
  }
  return { demand, withoutCert };
}

export async function diagnose(req: ProbeRequest): Promise<Diagnosis> {
  const started = performance.now();
  const limits: Limits = { deadline: Date.now() + req.timeoutMs, signal: req.signal };
  const j = new Judgement(req);
  const server = { protocols: Object.fromEntries(TLS_PROTOCOLS.map((p) => [p, false])) as Record<TlsProtocol, boolean>, sniRequired: null as boolean | null, clientCertificate: null as ClientCertificateDemand | null };
  let negotiated: Diagnosis['negotiated'] = null;
  let chain: Diagnosis['chain'] = [];
  const finish = (): Diagnosis => {
    req.signal?.throwIfAborted();
    const causes = sortCauses(j.causes);
    return {
      target: { host: req.host, port: req.port, sni: req.sni },
      ok: !causes.some((c) => c.severity === 'error'),
      causes,
      negotiated,
      server,
      chain,
      elapsedMs: Math.round(performance.now() - started),
      evidence: j.evidence,
    };
  };

  const address = await resolveAddress(req, limits);
  if (typeof address !== 'string') {
    connectionCause(j, address, req.host);
    return finish();
  }
  const endpoint = { address, port: req.port };
  const where = `${req.host}:${req.port}${address === req.host ? '' : ` (${address})`}`;
  const hellos = await runHellos(endpoint, req, limits);
  req.signal?.throwIfAborted();
  server.protocols = acceptedVersions(hellos);
  j.evidence.push(
    `Offered ${sortProtocols(req.protocols).join(', ')} with ${offeredSuites(req).length} suites, ${req.sni === null ? 'no SNI' : `SNI '${req.sni}'`}: ${describeHello(hellos.offer)}.`,
    `Each version alone, every suite: ${TLS_PROTOCOLS.map((p) => `${p} ${describeHello(hellos.versions[p]).split(' (')[0]}`).join('; ')}.`,
  );
  if (hellos.alternateSni !== undefined) {
    const label = hellos.alternateSni.sni === null ? 'Without SNI' : `With SNI '${hellos.alternateSni.sni}'`;
    j.evidence.push(`${label}: ${describeHello(hellos.alternateSni.outcome)}.`);
  }
  const obsolete = (['TLSv1', 'TLSv1.1'] as const).filter((p) => server.protocols[p]);
  if (obsolete.length > 0) j.add('obsolete-protocol-accepted', `The backend still accepts ${obsolete.join(' and ')}.`);

  const offer = hellos.offer;
  const anyAccepted = Object.values(hellos.versions).some((o) => o.kind === 'accepted') || hellos.alternateSni?.outcome.kind === 'accepted';
  if (offer.kind === 'failed' && (offer.failure !== 'connection-reset' || !anyAccepted)) {
    connectionCause(j, offer, where);
    return finish();
  }
  if (offer.kind !== 'accepted') {
    judgeRefusal(j, hellos, server.protocols);
    server.sniRequired = j.causes.some((c) => c.code === 'sni-required') ? true : null;
    return finish();
  }

  const protocol = protocolOfWire(offer.version);
  const cipher = suiteName(offer.cipher);
  negotiated = { protocol: protocolLabel(offer.version), cipher };
  if (protocol === undefined || !req.protocols.includes(protocol)) {
    j.add('protocol-mismatch', `The backend answered with ${protocolLabel(offer.version)}, which Apigee did not offer (${req.protocols.join(', ')}); Java aborts such a handshake.`, { accepted: TLS_PROTOCOLS.filter((p) => server.protocols[p]) });
    return finish();
  }
  if (!offeredSuites(req).includes(offer.cipher)) {
    j.add('cipher-mismatch', `The backend chose ${cipher}, which Apigee did not offer; Java aborts such a handshake.`);
    return finish();
  }
  const alternate = hellos.alternateSni;
  server.sniRequired = req.sni === null ? false : alternate?.outcome.kind === 'accepted' ? false : isRefusal(alternate?.outcome) ? true : null;
  if (req.sni !== null && server.sniRequired) {
    j.add('sni-dependent', `The handshake works only with SNI: without it the backend ${describeHello(alternate!.outcome)}. Edge Private Cloud message processors send no SNI by default.`);
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
    if (certificates === null && (withoutCert.kind === 'completed' || withoutCert.kind === 'alert')) certificates = withoutCert.certificates;
  }
  if (certificates === null) j.evidence.push('The certificate chain could not be read (the server asked to retry the hello with another key share).');
  else {
    const analysis = analyseChain(certificates, {
      host: req.host,
      expectedCommonName: req.expectedCommonName,
      trust: req.trust ?? systemTrust(),
      policy: req.certificatePolicy,
      details: j.details,
      now: new Date(),
    });
    chain = analysis.chain;
    j.causes.push(...analysis.causes);
    j.evidence.push(...analysis.evidence);
  }
  return finish();
}
