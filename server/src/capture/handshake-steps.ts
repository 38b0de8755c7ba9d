// The rungs of a captured handshake's ladder as the handshake analysis meets them: each clear handshake message by
// name (with what the ServerHello chose and how many certificates were sent), each alert, each encrypted record.
// Names, versions, suites and counts only: no byte of the records is carried.
import type { CapturedRecord, Side } from './conversation';
import { alertName } from '../tls/alerts';
import { suiteName } from '../tls/cipher-suites';
import { protocolOfWire } from '../tls/versions';
import type { ServerHello } from '../tls/wire/records';

/** What the handshake analysis knows once it has read a message (a part of HandshakeFacts). */
interface Known {
  serverHello: ServerHello | null;
  serverCertificates: Buffer[] | null;
  clientCertificate: 'none' | 'empty' | 'sent' | null;
}

export type StepKind =
  | 'client-hello'
  | 'server-hello'
  | 'certificate'
  | 'certificate-request'
  | 'message'
  | 'change-cipher-spec'
  | 'alert'
  | 'encrypted'
  | 'cut'
  | 'malformed';

export interface HandshakeStep {
  from: Side;
  at: number;
  kind: StepKind;
  label: string;
  /** An alert that ends the handshake: fatal or encrypted, sent before the sender's handshake was over. */
  refusal?: boolean;
}

const MESSAGE_NAMES: Record<number, string> = {
  0: 'HelloRequest',
  1: 'ClientHello',
  2: 'ServerHello',
  4: 'NewSessionTicket',
  8: 'EncryptedExtensions',
  11: 'Certificate',
  12: 'ServerKeyExchange',
  13: 'CertificateRequest',
  14: 'ServerHelloDone',
  15: 'CertificateVerify',
  16: 'ClientKeyExchange',
  20: 'Finished',
};

const KINDS: Record<number, StepKind> = { 1: 'client-hello', 2: 'server-hello', 11: 'certificate', 13: 'certificate-request' };

function versionName(wire: number): string {
  return protocolOfWire(wire) ?? (wire === 0x0300 ? 'SSLv3' : `version 0x${wire.toString(16).padStart(4, '0')}`);
}

/** The step of a handshake message that was just read into `facts`. */
export function stepOfMessage(facts: Known, record: CapturedRecord, type: number): HandshakeStep {
  const step = { from: record.from, at: record.at, kind: KINDS[type] ?? 'message' };
  const name = MESSAGE_NAMES[type] ?? `handshake message ${type}`;
  if (step.kind === 'server-hello' && record.from === 'server' && facts.serverHello !== null) {
    const hello = facts.serverHello;
    const label = hello.helloRetry ? 'HelloRetryRequest' : `ServerHello ${versionName(hello.version)} ${suiteName(hello.cipher)}`;
    return { ...step, label };
  }
  if (step.kind === 'certificate') {
    if (record.from === 'server') return { ...step, label: `Certificate (${facts.serverCertificates?.length ?? 0})` };
    return { ...step, label: facts.clientCertificate === 'empty' ? 'Certificate (empty)' : 'Certificate' };
  }
  return { ...step, label: name };
}

export function stepOfAlert(alert: {
  from: Side;
  at: number;
  afterHandshake: boolean;
  level: 'warning' | 'fatal' | null;
  description: number | null;
}): HandshakeStep {
  const label =
    alert.level === null || alert.description === null ? 'Alert (encrypted)' : `Alert ${alert.level} ${alertName(alert.description)}`;
  return { from: alert.from, at: alert.at, kind: 'alert', label, refusal: alert.level !== 'warning' && !alert.afterHandshake };
}
