// A server that asks for a client certificate: is it optional or required, and does it take ours?
// Raw hellos cannot finish a handshake, so this is the one place Node's TLS completes one.
import { ALERT, describeAlert } from '../tls/alerts';
import { fullHandshake, type HandshakeOutcome } from './full-handshake';
import type { Judgement } from '../diagnosis/judgement';
import type { Endpoint, Limits } from './socket-failure';
import type { ClientCertificateDemand } from './types';
import type { TlsProtocol } from '../tls/versions';

/** The handshake without a client certificate tells "optional" from "required"; with one, whether it is accepted. */
export async function judgeClientCertificate(
  j: Judgement,
  endpoint: Endpoint,
  protocol: TlsProtocol,
  limits: Limits,
  offer: { tls13: boolean; requested: boolean | null },
): Promise<{ demand: ClientCertificateDemand | null; withoutCert: HandshakeOutcome }> {
  const { req } = j;
  // Apigee presents a client certificate only when SSLInfo enables two-way TLS: one configured without it is
  // not what Apigee would send, and must not make a mandatory-certificate backend look fine.
  const certificate = req.clientAuthEnabled === true ? req.clientCertificate : undefined;
  if (req.clientCertificate !== undefined && certificate === undefined) {
    j.evidence.push(
      'A client certificate is configured, but SSLInfo does not enable two-way TLS (ClientAuthEnabled): Apigee would not present it, so the probe did not.',
    );
  }
  const base = { protocols: [protocol], sni: req.sni };
  const [withoutCert, withCert] = await Promise.all([
    fullHandshake(endpoint, base, limits),
    certificate === undefined ? undefined : fullHandshake(endpoint, { ...base, clientCertificate: certificate }, limits),
  ]);
  const where = offer.tls13 ? 'in its encrypted TLS 1.3 flight' : 'in the TLS 1.2 handshake';
  let demand: ClientCertificateDemand | null = null;
  if (withoutCert.kind === 'completed') demand = 'optional';
  else if (withoutCert.kind === 'alert' && (offer.requested === true || withoutCert.alert === ALERT.certificateRequired)) {
    demand = 'required';
    if (certificate === undefined && req.clientAuthEnabled === true) {
      j.evidence.push(
        'The backend requires a client certificate, and SSLInfo enables two-way TLS: pass --client-cert/--client-key to check it accepts the one in the keystore.',
      );
    } else if (certificate === undefined) {
      const when = withoutCert.afterHandshake ? ' after the handshake seemed complete (TLS 1.3 reports it only then)' : '';
      j.add(
        'client-certificate-required',
        `The backend asks for a client certificate (CertificateRequest ${where}) and refuses a handshake without one: alert ${describeAlert(withoutCert.alert)}${when}.`,
      );
    }
  } else if (withoutCert.kind !== 'alert') {
    j.evidence.push(`A full handshake without a client certificate did not conclude: ${withoutCert.detail}.`);
  }
  if (withCert?.kind === 'alert') {
    j.add(
      'client-certificate-rejected',
      `The backend refuses the configured client certificate: alert ${describeAlert(withCert.alert)}${withCert.afterHandshake ? ' after the handshake' : ''}.`,
    );
  } else if (withCert !== undefined && withCert.kind !== 'completed') {
    if (demand === 'required') {
      // A backend that insists on a certificate, and one we could not present: the handshake would not work.
      j.add(
        'client-certificate-required',
        `The backend requires a client certificate, and the configured one could not be presented: ${withCert.detail}.`,
      );
    } else {
      j.evidence.push(`The handshake with the client certificate did not conclude: ${withCert.detail}.`);
    }
  }
  return { demand, withoutCert };
}
