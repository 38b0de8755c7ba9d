// Reads the server's answer to one ClientHello, up to the end of its first flight (ServerHelloDone in TLS ≤ 1.2,
// Finished in TLS 1.3, decrypted with the probe's own key share; after a HelloRetryRequest, with the share of the
// second ClientHello the caller sends). Pure: bytes in, a verdict out.
import { MalformedError } from './bytes';
import {
  CONTENT,
  HANDSHAKE,
  HandshakeReader,
  parseAlert,
  parseCertificates,
  parseServerHello,
  RecordReader,
  type HandshakeMessage,
  type ServerHello,
} from './records';
import { canDecrypt, helloRetryTranscript, RecordDecrypter, type KeyPairs } from './tls13-keys';

export type FlightOutcome =
  | {
      kind: 'accepted';
      version: number;
      cipher: number;
      helloRetry: boolean;
      /** DER, leaf first; null when the flight could not be read (a group or suite the probe cannot use). */
      certificates: Buffer[] | null;
      /** Whether the server sent a CertificateRequest; null when unknown. */
      certificateRequested: boolean | null;
      /** Warning-level alerts received on the way (e.g. unrecognized_name), which do not end the handshake. */
      warnings: number[];
      /** Only when asked for (the client simulation): the messages that carry the server's other choices. */
      details?: FlightDetails;
    }
  | { kind: 'alert'; alert: number };

/** The raw bodies behind the server's choices of key exchange and client-certificate CAs (parsed in key-exchange.ts). */
export interface FlightDetails {
  /** TLS 1.3: the group of the server's key share. */
  keyShareGroup: number | undefined;
  /** TLS ≤ 1.2: the ServerKeyExchange body (DHE/ECDHE parameters and their signature). */
  serverKeyExchange: Buffer | undefined;
  certificateRequest: Buffer | undefined;
}

/** A TLS 1.3 HelloRetryRequest the caller answers with a second ClientHello (RFC 8446 §4.1.2), or cannot. */
export interface HelloRetry {
  kind: 'retry';
  /** The group to send a key share for; undefined: the same shares again (the server wants only the cookie back). */
  group: number | undefined;
  /** To echo in the cookie extension. */
  cookie: Buffer | undefined;
}

const TLS13 = 0x0304;
const WARNING_LEVEL = 1;
const CLOSE_NOTIFY = 0;

/** A server may remark on a hello with a warning or two; more, before the handshake ends, is a flood. */
export const MAX_WARNINGS = 8;
/**
 * No first flight needs more (one handshake message is capped at 256 KB): whatever a server sends, a hello never
 * costs more memory or reading than this.
 */
export const MAX_FLIGHT_BYTES = 512 * 1024;

export class ServerFlight {
  private readonly records = new RecordReader();
  private readonly plain = new HandshakeReader();
  private readonly encrypted = new HandshakeReader();
  private hello: ServerHello | undefined;
  /** The HelloRetryRequest answered, if any: its suite binds the ServerHello, its messages start the transcript. */
  private retried: { cipher: number; transcript: Buffer[] } | undefined;
  private decrypter: RecordDecrypter | undefined;
  private certificates: Buffer[] | null = null;
  private certificateRequested = false;
  private readonly warnings: number[] = [];
  private received = 0;
  private serverKeyExchange: Buffer | undefined;
  private certificateRequest: Buffer | undefined;

  constructor(
    private clientHello: Buffer,
    private keys: KeyPairs | undefined,
    /** False: stop at ServerHello (the question is only "version and suite accepted?"). */
    private readonly readWholeFlight: boolean,
    /** Keep the ServerKeyExchange and CertificateRequest bodies (FlightDetails). */
    private readonly keepDetails = false,
  ) {}

  /** How far the server got, for a report when it closes the connection early. */
  get progress(): string {
    if (this.hello === undefined) return this.records.buffered > 0 ? 'part of a record' : 'nothing';
    return this.certificates === null ? 'a ServerHello' : 'a ServerHello and its certificates';
  }

  /** Feeds bytes; returns the outcome once known. Throws MalformedError when the bytes are not TLS. */
  push(chunk: Buffer): FlightOutcome | HelloRetry | undefined {
    this.received += chunk.length;
    if (this.received > MAX_FLIGHT_BYTES) {
      throw new MalformedError(`the server sent more than ${MAX_FLIGHT_BYTES / 1024} KB without ending its first flight`);
    }
    this.records.push(chunk);
    return this.readRecords();
  }

  /** The second ClientHello, as sent, and its key shares: reading goes on with the bytes already received. */
  answerRetry(clientHello: Buffer, keys: KeyPairs): FlightOutcome | HelloRetry | undefined {
    const retry = this.hello!;
    this.retried = { cipher: retry.cipher, transcript: [...this.retried!.transcript, clientHello] };
    this.hello = undefined;
    this.clientHello = clientHello;
    this.keys = keys;
    return this.readRecords();
  }

  /** The caller cannot make a share for the group asked: the server accepted the version and suite, no more is known. */
  retryUnanswered(): FlightOutcome {
    return this.accepted(null);
  }

  private readRecords(): FlightOutcome | HelloRetry | undefined {
    for (let record = this.records.next(); record !== undefined; record = this.records.next()) {
      const outcome = this.onRecord(record.type, record.header, record.fragment);
      if (outcome !== undefined) return outcome;
    }
    return undefined;
  }

  private onRecord(type: number, header: Buffer, fragment: Buffer): FlightOutcome | HelloRetry | undefined {
    if (type === CONTENT.alert) return this.onAlert(fragment);
    if (type === CONTENT.changeCipherSpec) return undefined;
    if (type === CONTENT.applicationData && this.decrypter !== undefined) return this.onEncrypted(header, fragment);
    if (type !== CONTENT.handshake) throw new MalformedError(`unexpected record type ${type} before the handshake`);
    this.plain.push(fragment);
    for (let m = this.plain.next(); m !== undefined; m = this.plain.next()) {
      const outcome = this.onMessage(m, false);
      if (outcome !== undefined) return outcome;
    }
    return undefined;
  }

  /**
   * A fatal alert refuses the hello. A warning (level 1) does not by itself: OpenSSL sends a warning
   * unrecognized_name before its ServerHello for a name it does not serve, and goes on. A close_notify ends it.
   */
  private onAlert(fragment: Buffer): FlightOutcome | undefined {
    const { level, description } = parseAlert(fragment);
    if (level === WARNING_LEVEL && description !== CLOSE_NOTIFY) {
      if (this.warnings.length === MAX_WARNINGS) {
        throw new MalformedError(`the server sent more than ${MAX_WARNINGS} warning alerts before its first flight ended (an alert flood)`);
      }
      this.warnings.push(description);
      return undefined;
    }
    return { kind: 'alert', alert: description };
  }

  private onEncrypted(header: Buffer, fragment: Buffer): FlightOutcome | HelloRetry | undefined {
    let inner: { type: number; content: Buffer };
    try {
      inner = this.decrypter!.decrypt(header, fragment);
    } catch {
      return this.accepted(null);
    }
    if (inner.type === CONTENT.alert) return this.onAlert(inner.content);
    if (inner.type !== CONTENT.handshake) return this.accepted(null);
    this.encrypted.push(inner.content);
    for (let m = this.encrypted.next(); m !== undefined; m = this.encrypted.next()) {
      const outcome = this.onMessage(m, true);
      if (outcome !== undefined) return outcome;
    }
    return undefined;
  }

  private onMessage(message: HandshakeMessage, encrypted: boolean): FlightOutcome | HelloRetry | undefined {
    if (this.hello === undefined) {
      if (message.type !== HANDSHAKE.serverHello) throw new MalformedError(`handshake message ${message.type} before ServerHello`);
      return this.onServerHello(parseServerHello(message.body), message.raw);
    }
    const tls13 = this.hello.version === TLS13;
    switch (message.type) {
      case HANDSHAKE.certificate:
        this.certificates = parseCertificates(message.body, tls13);
        return undefined;
      case HANDSHAKE.certificateRequest:
        this.certificateRequested = true;
        if (this.keepDetails) this.certificateRequest = Buffer.from(message.body);
        return undefined;
      case HANDSHAKE.serverKeyExchange:
        if (this.keepDetails) this.serverKeyExchange = Buffer.from(message.body);
        return undefined;
      case HANDSHAKE.serverHelloDone:
        return tls13 ? undefined : this.accepted(this.certificates ?? []);
      case HANDSHAKE.finished:
        return encrypted ? this.accepted(this.certificates ?? []) : undefined;
      default:
        return undefined;
    }
  }

  private onServerHello(hello: ServerHello, raw: Buffer): FlightOutcome | HelloRetry | undefined {
    this.hello = hello;
    if (hello.retry !== undefined) return this.onHelloRetry(hello, hello.retry, raw);
    if (!this.readWholeFlight) return this.accepted(null);
    if (this.retried !== undefined && (hello.version !== TLS13 || hello.cipher !== this.retried.cipher)) {
      throw new MalformedError('the ServerHello after a HelloRetryRequest changed the version or the suite');
    }
    if (hello.version !== TLS13) return undefined;
    const shared = hello.keyShare && this.keys?.agree(hello.keyShare.group, hello.keyShare.publicKey);
    const transcript = [...(this.retried?.transcript ?? [this.clientHello]), raw];
    this.decrypter = shared ? RecordDecrypter.serverHandshake(hello.cipher, shared, transcript) : undefined;
    return this.decrypter === undefined ? this.accepted(null) : undefined;
  }

  /** RFC 8446 §4.1.4: at most one retry, for a group not offered already, in TLS 1.3. */
  private onHelloRetry(hello: ServerHello, retry: NonNullable<ServerHello['retry']>, raw: Buffer): FlightOutcome | HelloRetry {
    if (!this.readWholeFlight || !canDecrypt(hello.cipher)) return this.accepted(null);
    if (this.retried !== undefined) throw new MalformedError('a second HelloRetryRequest');
    if (hello.version !== TLS13) throw new MalformedError('a HelloRetryRequest for a version other than TLS 1.3');
    if (retry.group !== undefined && this.keys?.shares.some((s) => s.group === retry.group)) {
      throw new MalformedError(`a HelloRetryRequest for group ${retry.group}, whose key share the ClientHello already held`);
    }
    this.retried = { cipher: hello.cipher, transcript: helloRetryTranscript(hello.cipher, this.clientHello, raw) };
    return { kind: 'retry', group: retry.group, cookie: retry.cookie };
  }

  private accepted(certificates: Buffer[] | null): FlightOutcome {
    const hello = this.hello!;
    const outcome: FlightOutcome = {
      kind: 'accepted',
      version: hello.version,
      cipher: hello.cipher,
      helloRetry: this.retried !== undefined || hello.helloRetry,
      certificates,
      certificateRequested: certificates === null ? null : this.certificateRequested,
      warnings: [...this.warnings],
    };
    if (!this.keepDetails) return outcome;
    const details = {
      keyShareGroup: hello.keyShare?.group,
      serverKeyExchange: this.serverKeyExchange,
      certificateRequest: this.certificateRequest,
    };
    return { ...outcome, details };
  }
}
