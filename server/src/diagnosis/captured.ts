// What only a capture shows: the client's own alert and its answer to a CertificateRequest. A client that rejects
// the server's certificate is judged from the certificate the server sent; TLS 1.3 hides most of it, and the
// verdict says what can still be concluded.
import type { CapturedExchange, HelloOutcome } from './evidence';
import type { Judgement } from './judgement';
import { describeAlert } from '../tls/alerts';

type Accepted = Extract<HelloOutcome, { kind: 'accepted' }>;
type Alert = CapturedExchange['alerts'][number];

/** Alerts a client sends when it refuses the server's certificate (RFC 8446 §6.2). */
const CERTIFICATE_ALERTS = new Set([42, 43, 44, 45, 46, 48]);
/** Alerts a server sends when it refuses (or misses) the client's certificate. */
const CLIENT_CERTIFICATE_ALERTS = new Set([40, 42, 43, 44, 45, 46, 48, 49, 116]);
const CERTIFICATE_EXPIRED = 45;

const fatal = (a: Alert): boolean => a.level !== 'warning';
const describe = (a: Alert): string => (a.description === null ? 'an encrypted alert' : `alert ${describeAlert(a.description)}`);

/** TLS ≤ 1.2 in clear: the CertificateRequest, the client's Certificate and the server's verdict on it. */
export function judgeCapturedClientCertificate(j: Judgement, captured: CapturedExchange, offer: Accepted): void {
  if (offer.certificateRequested !== true) return;
  const serverAlert = captured.alerts.find((a) => a.from === 'server' && fatal(a));
  const refused = serverAlert !== undefined && (serverAlert.description === null || CLIENT_CERTIFICATE_ALERTS.has(serverAlert.description));
  const answer = captured.clientCertificate;
  if ((answer === 'empty' || answer === 'none') && refused) {
    j.server.clientCertificate = 'required';
    j.add(
      'client-certificate-required',
      `The server asked for a client certificate (CertificateRequest), the client sent ${answer === 'empty' ? 'an empty Certificate' : 'none'}, and the server refused with ${describe(serverAlert)}.`,
    );
  } else if (answer === 'sent' && refused) {
    j.add('client-certificate-rejected', `The server refused the client certificate the client sent: ${describe(serverAlert)}.`);
  } else if (captured.completed) {
    j.server.clientCertificate = answer === 'sent' ? null : 'optional';
  }
}

/**
 * The client aborted after the server's answer. With the certificates in clear, the chain analysis (already done)
 * names the cause; when it found none, the client's alert still says what the client refused. With TLS 1.3 the
 * certificate and the alert are encrypted: say what is known and what is not.
 */
export function judgeCapturedAbort(j: Judgement, captured: CapturedExchange, certificatesSeen: boolean): void {
  const first = captured.alerts.find(fatal);
  if (
    captured.clientClosedEarly === true &&
    !captured.completed &&
    certificatesSeen &&
    first?.from !== 'client' &&
    j.unverifiedTrust.length > 0
  ) {
    // The client hung up after the server's certificate without a word and without finishing: with no truststore
    // given and nothing else wrong with the chain, the chain's trust is the likely refusal.
    if (j.causes.some((c) => c.severity === 'error')) return;
    j.evidence.push(
      "The client closed the connection after the server's certificate without finishing the handshake or sending an alert, and nothing else in the chain explains it: most likely it did not trust the chain.",
    );
    j.causes.push(...j.unverifiedTrust);
    return;
  }
  if (first === undefined || captured.completed) return;
  const chainError = j.causes.some((c) => c.severity === 'error');
  if (first.from === 'server' && captured.alerts.some((a) => a.from === 'client' && fatal(a))) return;
  if (first.from === 'client') {
    j.evidence.push(`The client aborted the handshake with ${describe(first)} after the server's answer.`);
    if (chainError) return;
    const refusedChain =
      first.description === null || (CERTIFICATE_ALERTS.has(first.description) && first.description !== CERTIFICATE_EXPIRED);
    if (certificatesSeen && refusedChain && j.unverifiedTrust.length > 0) {
      // No truststore was given, and nothing else in the chain explains the refusal: the client's alert is the
      // evidence that it did not trust the chain (an encrypted one most likely says so too), and the chain says
      // which certificate it lacked.
      j.evidence.push(
        first.description === null
          ? "The client's alert is encrypted, and nothing else in the chain explains it: most likely it did not trust the chain."
          : `The client's ${describe(first)} says it did not trust the chain.`,
      );
      j.causes.push(...j.unverifiedTrust);
      return;
    }
    if (certificatesSeen && first.description !== null && CERTIFICATE_ALERTS.has(first.description)) {
      const anchor = j.chain.at(-1)?.issuer ?? 'the issuer of the chain';
      if (first.description === CERTIFICATE_EXPIRED) {
        j.add(
          'certificate-expired',
          `The client refused the server's certificate as expired (${describe(first)}), though it was valid at the capture's time: the client's clock, or a certificate in its own path, is off.`,
          { subject: j.chain[0]?.subject, date: j.chain[0]?.notAfter },
        );
        return;
      }
      j.add(
        'untrusted-root',
        `The client refused the server's certificate (${describe(first)}), though it chains to ${j.ev.trust.description}: the client's truststore does not hold '${anchor}'.`,
        { subject: anchor },
      );
      return;
    }
    judgeUnexplainedClientAbort(j, first, certificatesSeen);
    return;
  }
  j.evidence.push(`The server aborted the handshake with ${describe(first)} after the client's flight.`);
  if (chainError) return;
  const hidden = captured.encrypted ? ', which TLS 1.3 hides' : '';
  j.add(
    'handshake-aborted',
    `The server aborted after the client's ${captured.encrypted ? 'encrypted ' : ''}flight (${describe(first)}): most likely it required or refused a client certificate${hidden}. Version, suite and SNI were accepted.`,
  );
}

/** The client aborted and neither the certificates nor its alert name a certificate problem. */
function judgeUnexplainedClientAbort(j: Judgement, alert: Alert, certificatesSeen: boolean): void {
  const protocol = j.negotiated?.protocol;
  if (protocol === 'TLSv1' || protocol === 'TLSv1.1') {
    j.add(
      'protocol-mismatch',
      `The client offered ${protocol} but aborted once the server chose it (${describe(alert)}): its TLS library refuses the obsolete version (Java disables TLS 1.0 and 1.1 by default).`,
      { accepted: [protocol] },
    );
    return;
  }
  j.add(
    'handshake-aborted',
    certificatesSeen
      ? `The client aborted after the server's answer (${describe(alert)}), and nothing visible in the handshake explains it.`
      : `The client aborted right after the server's encrypted flight (${describe(alert)}): TLS 1.3 encrypts the certificate and the alert, so the capture cannot tell which check failed. Version, suite and SNI were accepted.`,
  );
}
