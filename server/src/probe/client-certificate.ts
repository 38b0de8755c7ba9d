// A server that asks for a client certificate: is it optional or required, and does it take ours?
// Raw hellos cannot finish a handshake, so this is the one place Node's TLS completes one.
import { ALERT, describeAlert } from './alerts';
import { fullHandshake, type HandshakeOutcome } from './full-handshake';
import type { Judgement } from './judgement';
import type { Endpoint, Limits } from './socket-failure';
import type { ClientCertificateDemand } from './types';
import type { TlsProtocol } from './versions';

/** The handshake without a client certificate tells "optional" from "required"; with one, whether it is accepted. */
export async function judgeClientCertificate(
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
    req.clientCertificate === undefined
      ? undefined
      : fullHandshake(endpoint, { ...base, clientCertificate: req.clientCertificate }, limits),
  ]);
  const where = offer.tls13 ? 'in its encrypted TLS 1.3 flight' : 'in the TLS 1.2 handshake';
  let demand: ClientCertificateDemand | null = null;
  if (withoutCert.kind === 'completed') demand = 'optional';
  else if (withoutCert.kind === 'alert' && (offer.requested === true || withoutCert.alert === ALERT.certificateRequired)) {
    demand = 'required';
    if (req.clientCertificate === undefined && req.clientAuthEnabled === true) {
      j.evidence.push(
        'The backend requires a client certificate, and SSLInfo enables two-way TLS: pass --client-cert/--client-key to check it accepts the one in the keystore.',
      );
    } else if (req.clientCertificate === undefined) {
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
    j.evidence.push(`The handshake with the client certificate did not conclude: ${withCert.detail}.`);
  }
  return { demand, withoutCert };
}
