// A server that asked for a client certificate: is it optional or required, and does it take the one Apigee presents?
// Judged from full handshakes without and with the certificate (the probe's trials).
import type { ClientCertificateTrials } from './evidence';
import type { Judgement } from './judgement';
import type { ClientCertificateDemand } from './types';
import { ALERT, describeAlert } from '../tls/alerts';
import type { TlsProtocol } from '../tls/versions';

export interface CertificateQuestion {
  /** The version the server chose. */
  protocol: TlsProtocol;
  /** The server's first flight held a CertificateRequest; null when it could not be read. */
  requested: boolean | null;
}

export function judgeClientCertificate(
  j: Judgement,
  trials: ClientCertificateTrials,
  offer: CertificateQuestion,
): ClientCertificateDemand | null {
  const { plan } = j;
  const { withoutCertificate: without, withCertificate: withCert } = trials;
  if (trials.configuredButNotEnabled) {
    j.evidence.push(
      'A client certificate is configured, but SSLInfo does not enable two-way TLS (ClientAuthEnabled): Apigee would not present it, so the probe did not.',
    );
  }
  const where = offer.protocol === 'TLSv1.3' ? 'in its encrypted TLS 1.3 flight' : `in the ${offer.protocol} handshake`;
  let demand: ClientCertificateDemand | null = null;
  if (without.kind === 'completed') demand = 'optional';
  else if (without.kind === 'alert' && (offer.requested === true || without.alert === ALERT.certificateRequired)) {
    demand = 'required';
    if (withCert === undefined && plan.clientAuthEnabled === true) {
      j.evidence.push(
        'The backend requires a client certificate, and SSLInfo enables two-way TLS: pass --client-cert/--client-key to check it accepts the one in the keystore.',
      );
    } else if (withCert === undefined) {
      const when = without.afterHandshake ? ' after the handshake seemed complete (TLS 1.3 reports it only then)' : '';
      j.add(
        'client-certificate-required',
        `The backend asks for a client certificate (CertificateRequest ${where}) and refuses a handshake without one: alert ${describeAlert(without.alert)}${when}.`,
      );
    }
  } else if (without.kind !== 'alert' && offer.requested === true) {
    // The server asked; only a finished handshake says whether it insists. Unknown is a warning, never an OK.
    j.add(
      'client-certificate-unknown',
      `The backend asks for a client certificate (CertificateRequest ${where}), but no handshake could be completed to learn whether it requires one: ${oneLine(detailOf(without))}.`,
    );
  } else if (without.kind !== 'alert') {
    j.evidence.push(`A full handshake without a client certificate did not conclude: ${oneLine(detailOf(without))}.`);
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
        `The backend requires a client certificate, and the configured one could not be presented: ${oneLine(withCert.detail)}.`,
      );
    } else {
      j.evidence.push(`The handshake with the client certificate did not conclude: ${oneLine(withCert.detail)}.`);
    }
  }
  return demand;
}

function detailOf(outcome: { detail: string } | { kind: string }): string {
  return 'detail' in outcome ? outcome.detail : outcome.kind;
}

/** OpenSSL's messages end with a newline and carry source positions: one line for a report. */
export function oneLine(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/[.:]+$/, '');
}
