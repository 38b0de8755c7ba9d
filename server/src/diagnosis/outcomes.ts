// How probe outcomes read in evidence lines.
import { alertName, describeAlert } from '../tls/alerts';
import { suiteName } from '../tls/cipher-suites';
import type { HelloOutcome } from './evidence';
import { protocolOfWire } from '../tls/versions';

export function protocolLabel(wire: number): string {
  return protocolOfWire(wire) ?? `0x${wire.toString(16)}`;
}

export function describeHello(outcome: HelloOutcome): string {
  switch (outcome.kind) {
    case 'accepted':
      return `accepted (${protocolLabel(outcome.version)}, ${suiteName(outcome.cipher)}${outcome.helloRetry ? ', after a HelloRetryRequest' : ''}${outcome.warnings.map((w) => `, after a warning alert ${describeAlert(w)}`).join('')})`;
    case 'alert':
      return `refused with alert ${describeAlert(outcome.alert)}`;
    case 'failed':
      return `${outcome.failure}: ${outcome.detail}`;
  }
}

/** One word for a one-version probe: accepted, or the alert name / failure. */
export function briefHello(outcome: HelloOutcome, offered?: string): string {
  // A TLS ≤ 1.2 server answers a hello for a version it lacks with its own lower version.
  if (outcome.kind === 'accepted') {
    const answered = protocolLabel(outcome.version);
    return offered === undefined || answered === offered ? 'accepted' : `not supported (answered with ${answered})`;
  }
  return outcome.kind === 'alert' ? `refused (${alertName(outcome.alert)})` : outcome.failure;
}

/** A refusal of the hello itself: an alert, or a connection closed without answering. */
export function isRefusal(outcome: HelloOutcome | undefined): boolean {
  return outcome?.kind === 'alert' || (outcome?.kind === 'failed' && outcome.failure === 'connection-reset');
}
