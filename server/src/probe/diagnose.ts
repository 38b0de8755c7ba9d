// Gathers the evidence of a diagnosis, then has diagnosis/judge.ts judge it: resolve once, send every independent
// ClientHello in parallel and, beside them, start the full handshakes that go on only when a client certificate is
// asked for (or the chain could not be read).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { offeredSuitesOf, type HandshakeEvidence } from '../diagnosis/evidence';
import { judge } from '../diagnosis/judge';
import { systemTrust } from '../diagnosis/trust';
import { protocolOfWire, type TlsProtocol } from '../tls/versions';
import { startCanary } from './canary';
import { tryClientCertificate } from './client-certificate';
import { runHellos } from './hellos';
import { proxyFor } from './proxy';
import { settleOnce, socketFailure, type Limits, type SocketFailure } from './socket-failure';
import type { Diagnosis, ProbeRequest } from './types';

export function resolveAddress(
  req: Pick<ProbeRequest, 'host' | 'address'>,
  limits: Limits,
  proxied = false,
): Promise<string | SocketFailure> {
  if (req.address !== undefined) return Promise.resolve(req.address);
  // Through a proxy the proxy resolves the name, as it would for curl: the probe's DNS may not know it.
  if (isIP(req.host) || proxied) return Promise.resolve(req.host);
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

/** Everything the probe learns about the backend, as data. Rejects only with the signal's AbortError when cancelled. */
export async function collectEvidence(request: ProbeRequest): Promise<HandshakeEvidence> {
  // SNI carries host names only (RFC 6066): an IP address is never sent, whoever asks for it.
  const req = request.sni !== null && isIP(request.sni) !== 0 ? { ...request, sni: null } : request;
  const started = performance.now();
  const limits: Limits = { deadline: Date.now() + req.timeoutMs, signal: req.signal };
  const base = { plan: req, trust: req.trust ?? systemTrust(), timeoutMs: req.timeoutMs };
  const done = (ev: Omit<HandshakeEvidence, 'plan' | 'trust' | 'takenAt' | 'elapsedMs'>): HandshakeEvidence => {
    req.signal?.throwIfAborted();
    return { ...base, ...ev, takenAt: new Date(), elapsedMs: Math.round(performance.now() - started) };
  };
  const proxy = proxyFor(req.host, req.proxy);
  const address = await resolveAddress(req, limits, proxy !== undefined);
  if (typeof address !== 'string') return done({ unreachable: address });
  const endpoint = { address, port: req.port, proxy };
  // Through a proxy the held full handshakes ask for their tunnels once the hellos' are open: a backend that takes
  // one connection at a time then meets the hellos first, as it does direct (a held handshake waits on them). The
  // proxy has then granted a tunnel to this backend, so theirs send the ClientHello without waiting for the grant.
  const opening: Promise<boolean>[] = [];
  const pending = runHellos(proxy === undefined ? endpoint : { ...endpoint, opening }, req, limits);
  const trials = tryClientCertificate(
    req,
    proxy === undefined ? endpoint : { ...endpoint, after: Promise.all(opening).then((open) => open.every(Boolean)) },
    limits,
    pending.then((hellos) => trialProtocol(req, hellos.offer)),
  );
  const canary = proxy === undefined ? undefined : startCanary(endpoint, req, limits);
  const [hellos, clientCertificate] = await Promise.all([pending, trials]);
  if (proxy === undefined) return done({ address, ...hellos, clientCertificate });
  return done({ address, ...hellos, clientCertificate, proxy: { url: proxy.url, canary: await canary?.within(started) } });
}

/**
 * The full handshakes count when the offer was accepted as offered and a client certificate was (or may have been)
 * asked for: then the version it negotiated, else undefined.
 */
function trialProtocol(req: ProbeRequest, offer: HandshakeEvidence['offer']): TlsProtocol | undefined {
  if (offer?.kind !== 'accepted') return undefined;
  const protocol = protocolOfWire(offer.version);
  if (protocol === undefined || !req.protocols.includes(protocol)) return undefined;
  if (!offeredSuitesOf(req).includes(offer.cipher)) return undefined;
  if (offer.certificateRequested === false && offer.certificates !== null) return undefined;
  return protocol;
}

/** Diagnoses the handshake Apigee would make. Rejects only with the signal's AbortError when cancelled. */
export async function diagnose(request: ProbeRequest): Promise<Diagnosis> {
  return judge(await collectEvidence(request));
}
