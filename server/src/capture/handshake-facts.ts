// What a captured handshake shows in clear: the ClientHello, the ServerHello, the certificates and the
// CertificateRequest (TLS 1.2 and earlier), the client's Certificate, every alert with its sender, and where
// encryption starts. With a key log holding a TLS 1.3 handshake's secrets, the same facts from its encrypted
// handshake records. Bytes that do not parse end the reading of that side with a note, never an exception.
import type { CapturedConversation, CapturedRecord, Side } from './conversation';
import { stepOfAlert, stepOfMessage, type HandshakeStep } from './handshake-steps';
import type { KeyLog } from './keylog';
import { MalformedError } from '../tls/wire/bytes';
import { parseClientHello, type ParsedClientHello } from '../tls/wire/client-hello-parser';
import {
  CONTENT,
  HANDSHAKE,
  HandshakeReader,
  parseAlert,
  parseCertificates,
  parseServerHello,
  type ServerHello,
} from '../tls/wire/records';
import { RecordDecrypter } from '../tls/wire/tls13-keys';

const CLIENT_HELLO = 1;
const TLS13 = 0x0304;
const TLS13_SEALED_ALERT_LENGTH = 19;

export interface SeenAlert {
  from: Side;
  at: number;
  /** Sent once the sender's side of the handshake was over (a close_notify ending a session, say): not a refusal. */
  afterHandshake: boolean;
  /** Null when the alert was encrypted (after ChangeCipherSpec, or any TLS 1.3 alert after the ServerHello). */
  level: 'warning' | 'fatal' | null;
  description: number | null;
}

export interface HandshakeFacts {
  clientHello: ParsedClientHello | null;
  clientHelloAt: number | null;
  /** The ServerHello (or HelloRetryRequest, then the second ServerHello wins). */
  serverHello: ServerHello | null;
  serverHelloAt: number | null;
  /** The server's Certificate message, DER leaf first; null when not seen (encrypted in TLS 1.3, or never sent). */
  serverCertificates: Buffer[] | null;
  serverCertificatesAt: number | null;
  /** TLS ≤ 1.2: a CertificateRequest was seen (true), the server flight ended without one (false); null: unknown. */
  certificateRequested: boolean | null;
  /** The server's flight ended in clear (ServerHelloDone). */
  serverFlightDone: boolean;
  /** The client's Certificate message: none seen, empty, or with certificates; null when encrypted or unknown. */
  clientCertificate: 'none' | 'empty' | 'sent' | null;
  alerts: SeenAlert[];
  /** Each side sent encrypted handshake or application data (the handshake went on past the clear part). */
  encryptedFrom: Record<Side, number | null>;
  /**
   * From when each side's records belong to the session, not the handshake. TLS ≤ 1.2: both sides' ChangeCipherSpec
   * seen (the later one). TLS 1.3: the client's Finished (its first encrypted record that is not an alert); the
   * server's first encrypted record after that (a session ticket).
   */
  sessionFrom: Record<Side, number | null>;
  /** A side's bytes stopped parsing as TLS: why. */
  malformed: { from: Side; detail: string } | null;
  /** A side's handshake record is incomplete in the capture (snaplen, lost packets): reading it stopped there. */
  cut: Side | null;
  /** Every message and record as the capture shows it, in order: the ladder's rungs (lengths and names only). */
  steps: HandshakeStep[];
  /**
   * TLS 1.3 read with a key log: 'decrypted' its handshake secrets opened the encrypted handshake records;
   * 'mismatch' they did not (a key log of other sessions, or damaged); 'absent' it holds none for this handshake.
   * Null without a key log, or when not TLS 1.3.
   */
  keyLog: 'decrypted' | 'mismatch' | 'absent' | null;
}

class SideReader {
  readonly handshake = new HandshakeReader();
  /** After this side's ChangeCipherSpec (TLS ≤ 1.2) or, in TLS 1.3, the server's hello: its records are encrypted. */
  encrypted = false;
  broken = false;
  /** TLS 1.3 with a key log: opens this side's records until its Finished (then application traffic keys apply). */
  decrypter: RecordDecrypter | undefined;
  readonly sealed = new HandshakeReader();
}

/** `keyLog`: the secrets that open TLS 1.3 handshakes (a record they do not open is read as without them). */
export function handshakeFacts(conversation: CapturedConversation, keyLog?: KeyLog): HandshakeFacts {
  const facts: HandshakeFacts = {
    clientHello: null,
    clientHelloAt: null,
    serverHello: null,
    serverHelloAt: null,
    serverCertificates: null,
    serverCertificatesAt: null,
    certificateRequested: null,
    serverFlightDone: false,
    clientCertificate: null,
    alerts: [],
    encryptedFrom: { client: null, server: null },
    sessionFrom: { client: null, server: null },
    malformed: null,
    cut: null,
    steps: [],
    keyLog: null,
  };
  const sides: Record<Side, SideReader> = { client: new SideReader(), server: new SideReader() };
  for (const record of conversation.records) {
    const side = sides[record.from];
    if (side.broken) continue;
    try {
      onRecord(facts, sides, record, keyLog);
    } catch (error) {
      if (!(error instanceof MalformedError)) throw error;
      side.broken = true;
      facts.malformed ??= { from: record.from, detail: error.message };
      facts.steps.push({ from: record.from, at: record.at, kind: 'malformed', label: 'not TLS' });
    }
  }
  if (facts.clientCertificate === null && facts.certificateRequested === true && !isTls13(facts)) {
    // A TLS 1.2 client that never answered the request: its side ended (or went encrypted) without a Certificate.
    facts.clientCertificate = sides.client.encrypted ? 'none' : null;
  }
  return facts;
}

function isTls13(facts: HandshakeFacts): boolean {
  return facts.serverHello?.version === TLS13;
}

function onRecord(facts: HandshakeFacts, sides: Record<Side, SideReader>, record: CapturedRecord, keyLog: KeyLog | undefined): void {
  const side = sides[record.from];
  switch (record.type) {
    case CONTENT.changeCipherSpec:
      // TLS 1.3 sends a dummy ChangeCipherSpec for middleboxes; encryption there starts with the ServerHello anyway.
      facts.steps.push({ from: record.from, at: record.at, kind: 'change-cipher-spec', label: 'ChangeCipherSpec' });
      if (isTls13(facts)) return;
      markEncrypted(facts, side, record);
      if (facts.encryptedFrom.client !== null && facts.encryptedFrom.server !== null) {
        facts.sessionFrom = { client: record.at, server: record.at };
      }
      return;
    case CONTENT.alert: {
      const alert = alertOf(record, side.encrypted, facts.sessionFrom[record.from] !== null);
      facts.alerts.push(alert);
      facts.steps.push(stepOfAlert(alert));
      return;
    }
    case CONTENT.applicationData:
      if (side.decrypter !== undefined && onSealedRecord(facts, sides, record)) return;
      // TLS 1.3 encrypts alerts as application data; an AEAD-sealed alert is 2 bytes + its type + a 16-byte tag,
      // shorter than any handshake message (a client Finished is at least 53 bytes).
      if (isTls13(facts) && record.length === TLS13_SEALED_ALERT_LENGTH) {
        const alert: SeenAlert = {
          from: record.from,
          at: record.at,
          afterHandshake: facts.sessionFrom[record.from] !== null,
          level: null,
          description: null,
        };
        facts.alerts.push(alert);
        facts.steps.push(stepOfAlert(alert));
        return;
      }
      facts.steps.push({ from: record.from, at: record.at, kind: 'encrypted', label: 'encrypted' });
      markEncrypted(facts, side, record);
      if (isTls13(facts)) {
        if (record.from === 'client') facts.sessionFrom.client ??= record.at;
        else if (facts.sessionFrom.client !== null) facts.sessionFrom.server ??= record.at;
      }
      return;
    case CONTENT.handshake:
      if (side.encrypted) {
        facts.steps.push({ from: record.from, at: record.at, kind: 'encrypted', label: 'encrypted' });
        return;
      }
      if (record.cut === true) {
        side.broken = true;
        facts.cut ??= record.from;
        facts.steps.push({ from: record.from, at: record.at, kind: 'cut', label: 'handshake record (cut in the capture)' });
        return;
      }
      side.handshake.push(record.fragment);
      for (let m = side.handshake.next(); m !== undefined; m = side.handshake.next()) {
        onMessage(facts, sides, record, m.type, m.body, keyLog);
        facts.steps.push(stepOfMessage(facts, record, m.type));
      }
      return;
    default:
      throw new MalformedError(`record type ${record.type}`);
  }
}

function markEncrypted(facts: HandshakeFacts, side: SideReader, record: CapturedRecord): void {
  side.encrypted = true;
  facts.encryptedFrom[record.from] ??= record.at;
}

function alertOf(record: CapturedRecord, encrypted: boolean, afterHandshake: boolean): SeenAlert {
  const seen = { from: record.from, at: record.at, afterHandshake };
  if (encrypted || record.fragment.length !== 2) return { ...seen, level: null, description: null };
  const { level, description } = parseAlert(record.fragment);
  return { ...seen, level: level === 1 ? 'warning' : 'fatal', description };
}

function onMessage(
  facts: HandshakeFacts,
  sides: Record<Side, SideReader>,
  record: CapturedRecord,
  type: number,
  body: Buffer,
  keyLog?: KeyLog,
): void {
  if (record.from === 'client') return onClientMessage(facts, record, type, body);
  switch (type) {
    case HANDSHAKE.serverHello: {
      facts.serverHello = parseServerHello(body);
      facts.serverHelloAt = record.at;
      // TLS 1.3: everything the server sends after its hello is encrypted (a HelloRetryRequest is not).
      if (facts.serverHello.version === TLS13 && !facts.serverHello.helloRetry) {
        sides.server.encrypted = true;
        if (keyLog !== undefined) unlock(facts, sides, keyLog);
      }
      return;
    }
    case HANDSHAKE.certificate:
      facts.serverCertificates = parseCertificates(body, isTls13(facts));
      facts.serverCertificatesAt = record.at;
      return;
    case HANDSHAKE.certificateRequest:
      facts.certificateRequested = true;
      return;
    case HANDSHAKE.finished:
      // TLS 1.3, decrypted: the server's flight is over, what it sends next is under its application traffic key.
      facts.serverFlightDone = true;
      facts.certificateRequested ??= false;
      sides.server.decrypter = undefined;
      return;
    case HANDSHAKE.serverHelloDone:
      facts.serverFlightDone = true;
      facts.certificateRequested ??= false;
      return;
  }
}

function onClientMessage(facts: HandshakeFacts, record: CapturedRecord, type: number, body: Buffer): void {
  if (type === CLIENT_HELLO) {
    // The hello that counts is the last one (the second, after a HelloRetryRequest).
    facts.clientHello = parseClientHello(body);
    facts.clientHelloAt ??= record.at;
    return;
  }
  if (type === HANDSHAKE.certificate) {
    facts.clientCertificate = parseCertificates(body, isTls13(facts)).length === 0 ? 'empty' : 'sent';
  }
}

/**
 * Decrypters for the sides whose secret the key log holds (named by the ClientHello's random). A client that refuses
 * the server's certificate may never log its own: OpenSSL logs a secret when it starts to use it.
 */
function unlock(facts: HandshakeFacts, sides: Record<Side, SideReader>, keyLog: KeyLog): void {
  const random = facts.clientHello?.random;
  const secrets = random === undefined ? undefined : keyLog.secrets.get(random.toString('hex'));
  if (secrets === undefined) {
    facts.keyLog = 'absent';
    return;
  }
  const suite = facts.serverHello!.cipher;
  const open = (secret: Buffer | undefined): RecordDecrypter | null | undefined =>
    secret === undefined ? undefined : (RecordDecrypter.fromTrafficSecret(suite, secret) ?? null);
  const client = open(secrets.clientHandshake);
  const server = open(secrets.serverHandshake);
  if (client === null || server === null) return mismatch(facts, sides);
  sides.client.decrypter = client;
  sides.server.decrypter = server;
}

function mismatch(facts: HandshakeFacts, sides: Record<Side, SideReader>): void {
  facts.keyLog = 'mismatch';
  sides.client.decrypter = sides.server.decrypter = undefined;
}

/**
 * A TLS 1.3 handshake record opened with the key log's secret: its messages and alerts read as if in clear. False
 * when it cannot be opened (then it is read as an encrypted record, and the key log is not used any more).
 */
function onSealedRecord(facts: HandshakeFacts, sides: Record<Side, SideReader>, record: CapturedRecord): boolean {
  const side = sides[record.from];
  if (record.cut === true || record.fragment.length !== record.length) {
    side.decrypter = undefined;
    return false;
  }
  let inner: { type: number; content: Buffer };
  try {
    inner = side.decrypter!.decrypt(
      Buffer.from([record.type, record.version >> 8, record.version & 0xff, record.length >> 8, record.length & 0xff]),
      record.fragment,
    );
  } catch (error) {
    if (!(error instanceof MalformedError)) throw error;
    mismatch(facts, sides);
    return false;
  }
  facts.keyLog = 'decrypted';
  markEncrypted(facts, side, record);
  if (inner.type === CONTENT.alert) {
    const sealed = { ...record, type: CONTENT.alert, fragment: inner.content };
    const alert = alertOf(sealed, false, false);
    facts.alerts.push(alert);
    facts.steps.push(stepOfAlert(alert));
    return true;
  }
  if (inner.type !== CONTENT.handshake) {
    facts.steps.push({ from: record.from, at: record.at, kind: 'encrypted', label: 'encrypted' });
    return true;
  }
  side.sealed.push(inner.content);
  for (let m = side.sealed.next(); m !== undefined; m = side.sealed.next()) {
    if (record.from === 'server') onMessage(facts, sides, record, m.type, m.body);
    else onSealedClientMessage(facts, sides, record, m.type, m.body);
    facts.steps.push(stepOfMessage(facts, record, m.type));
  }
  return true;
}

function onSealedClientMessage(
  facts: HandshakeFacts,
  sides: Record<Side, SideReader>,
  record: CapturedRecord,
  type: number,
  body: Buffer,
): void {
  onClientMessage(facts, record, type, body);
  if (type !== HANDSHAKE.finished) return;
  // The client's Finished ends its handshake: a requested Certificate it did not send never comes.
  if (facts.certificateRequested === true) facts.clientCertificate ??= 'none';
  facts.sessionFrom.client ??= record.at;
  sides.client.decrypter = undefined;
}
