// A server that asks for a client certificate: the full handshakes that tell "optional" from "required" and whether
// it takes ours. Raw hellos cannot finish a handshake, so this is the one place Node's TLS completes one.
//
// They start with the hellos, so that a client-certificate verdict costs no round trip of its own, but go on only
// once the hellos show they are needed: until then each has sent its ClientHello and nothing else (HeldConnection),
// and a backend that asks for no certificate sees two raw-hello-like connections more, never a completed handshake.
import type { ClientCertificateTrials, HandshakeOutcome } from '../diagnosis/evidence';
import { wireVersion, type TlsProtocol } from '../tls/versions';
import { fullHandshake, type HandshakeOptions } from './full-handshake';
import type { Endpoint, Limits } from './socket-failure';
import type { ProbeRequest } from './types';

/**
 * `needed` settles with the version Apigee's offer negotiated when a client certificate was (or may have been)
 * asked for, else with undefined; so does the result.
 */
export async function tryClientCertificate(
  req: ProbeRequest,
  endpoint: Endpoint,
  limits: Limits,
  needed: Promise<TlsProtocol | undefined>,
): Promise<ClientCertificateTrials | undefined> {
  // Apigee presents a client certificate only when SSLInfo enables two-way TLS: one configured without it is
  // not what Apigee would send, and must not make a mandatory-certificate backend look fine.
  const certificate = req.clientAuthEnabled === true ? req.clientCertificate : undefined;
  const base = { protocols: req.protocols, sni: req.sni };
  const [withoutCertificate, withCertificate] = await Promise.all([
    trial(endpoint, base, limits, needed),
    certificate === undefined ? undefined : trial(endpoint, { ...base, clientCertificate: certificate }, limits, needed),
  ]);
  if ((await needed) === undefined) return undefined;
  return {
    configuredButNotEnabled: req.clientCertificate !== undefined && certificate === undefined,
    withoutCertificate,
    withCertificate,
  };
}

/** One handshake offering Apigee's versions, held at the server's answer until `needed` says whether to go on. */
async function trial(
  endpoint: Endpoint,
  options: HandshakeOptions,
  limits: Limits,
  needed: Promise<TlsProtocol | undefined>,
): Promise<HandshakeOutcome> {
  let otherVersion: TlsProtocol | undefined;
  const outcome = await fullHandshake(
    endpoint,
    {
      ...options,
      proceed: async (connection) => {
        const protocol = await needed;
        if (protocol === undefined) return false;
        const version = await connection.serverVersion;
        if (version === undefined || version === wireVersion(protocol)) return true;
        otherVersion = protocol;
        return false;
      },
    },
    limits,
  );
  // The server chose another version for the TLS library's hello than for Apigee's: ask again, with Apigee's only.
  return otherVersion === undefined ? outcome : fullHandshake(endpoint, { ...options, protocols: [otherVersion] }, limits);
}
