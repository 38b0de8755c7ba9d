// A server that asks for a client certificate: the full handshakes that tell "optional" from "required" and whether
// it takes ours. Raw hellos cannot finish a handshake, so this is the one place Node's TLS completes one.
import type { ClientCertificateTrials } from '../diagnosis/evidence';
import type { TlsProtocol } from '../tls/versions';
import { fullHandshake } from './full-handshake';
import type { Endpoint, Limits } from './socket-failure';
import type { ProbeRequest } from './types';

export async function tryClientCertificate(
  req: ProbeRequest,
  endpoint: Endpoint,
  protocol: TlsProtocol,
  limits: Limits,
): Promise<ClientCertificateTrials> {
  // Apigee presents a client certificate only when SSLInfo enables two-way TLS: one configured without it is
  // not what Apigee would send, and must not make a mandatory-certificate backend look fine.
  const certificate = req.clientAuthEnabled === true ? req.clientCertificate : undefined;
  const base = { protocols: [protocol], sni: req.sni };
  const [withoutCertificate, withCertificate] = await Promise.all([
    fullHandshake(endpoint, base, limits),
    certificate === undefined ? undefined : fullHandshake(endpoint, { ...base, clientCertificate: certificate }, limits),
  ]);
  return {
    configuredButNotEnabled: req.clientCertificate !== undefined && certificate === undefined,
    withoutCertificate,
    withCertificate,
  };
}
