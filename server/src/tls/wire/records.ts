// TLS framing and parsing. The record layer is direction-neutral: what a valid record header is, how long a record
// may be, and splitting a byte stream into records, for the probe's live sockets and a capture's reassembled TCP
// streams alike. Then what a server sends before the handshake completes: handshake messages, ServerHello,
// Certificate and Alert. Every length is checked; anything that does not parse is "not TLS".
import { ByteReader, MalformedError } from './bytes';

export const CONTENT = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23, heartbeat: 24 } as const;
export const HANDSHAKE = {
  serverHello: 2,
  newSessionTicket: 4,
  encryptedExtensions: 8,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
  certificateVerify: 15,
  finished: 20,
} as const;

/** Content type, version, length. */
export const RECORD_HEADER_LENGTH = 5;
/** RFC 8446 §5.2: a record never carries more than 2^14 + 256 bytes (TLS 1.2 allowed up to 2^14 + 2048). */
export const MAX_RECORD_LENGTH = 16384 + 2048;
/** No server's first flight needs more; a bigger handshake message is treated as hostile. */
export const MAX_HANDSHAKE_MESSAGE = 256 * 1024;

/** The header of a TLS record; `length` is the fragment's. */
export interface RecordHeader {
  type: number;
  version: number;
  length: number;
}

/** Why bytes at a record boundary are no TLS record header. */
export type RecordHeaderFault =
  /** An SSL 2.0-format CLIENT-HELLO (RFC 5246 Appendix E.2): a TLS client's hello without TLS record framing. */
  | 'sslv2-client-hello'
  /** A content type or version no TLS record has. */
  | 'not-a-record'
  /** A length over MAX_RECORD_LENGTH. */
  | 'too-long';

/**
 * The record header grammar: a content type from change_cipher_spec (20) to heartbeat (24), a version from SSL 3.0
 * (3.0) to TLS 1.3's (3.4), a length up to MAX_RECORD_LENGTH. Reads the 5 bytes at `at` (the caller has them).
 */
export function readRecordHeader(bytes: Buffer, at = 0): RecordHeader | RecordHeaderFault {
  const type = bytes[at]!;
  if (type < CONTENT.changeCipherSpec || type > CONTENT.heartbeat || bytes[at + 1] !== 3 || bytes[at + 2]! > 4) {
    return isSslv2ClientHelloHeader(bytes, at) ? 'sslv2-client-hello' : 'not-a-record';
  }
  const length = bytes.readUInt16BE(at + 3);
  if (length > MAX_RECORD_LENGTH) return 'too-long';
  return { type, version: bytes.readUInt16BE(at + 1), length };
}

/** An SSL 2.0 record header (high bit set: two length bytes), then message type 1 (CLIENT-HELLO), then version 3.x. */
function isSslv2ClientHelloHeader(bytes: Buffer, at: number): boolean {
  return (bytes[at]! & 0x80) !== 0 && bytes[at + 2] === 1 && bytes[at + 3] === 3;
}

/** Where a RecordSplitter hands each record: its header, then its fragment in the pieces it arrives in. */
export interface RecordSink {
  /** A valid header: a record of `header.length` bytes follows. `label` came with the bytes its header began in. False: stop. */
  record(header: RecordHeader, label: number): boolean;
  /** The next bytes of the current record's fragment, `data[start, end)`: a view, copy what you keep. */
  fragment(data: Buffer, start: number, end: number): void;
}

/**
 * Splits a byte stream fed in pieces into records without keeping their bytes (only a header cut between pieces):
 * the sink decides what to keep. Stops at the first header that is no TLS record header, and says why in `fault`.
 */
export class RecordSplitter {
  /** The header that stopped the splitting, and what is wrong with it. */
  fault: { kind: RecordHeaderFault; header: Buffer } | undefined;
  private readonly header = Buffer.alloc(RECORD_HEADER_LENGTH);
  private headerFill = 0;
  private headerLabel = 0;
  /** Fragment bytes of the current record still to come. */
  private remaining = 0;

  constructor(private readonly sink: RecordSink) {}

  /** Splits `data[start, end)`; false once a bad header or the sink stopped it. */
  feed(data: Buffer, start: number, end: number, label = 0): boolean {
    if (this.fault !== undefined) return false;
    let at = start;
    while (at < end) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, end - at);
        this.remaining -= n;
        this.sink.fragment(data, at, at + n);
        at += n;
        continue;
      }
      if (this.headerFill === 0) this.headerLabel = label;
      const n = Math.min(RECORD_HEADER_LENGTH - this.headerFill, end - at);
      data.copy(this.header, this.headerFill, at, at + n);
      this.headerFill += n;
      at += n;
      if (this.headerFill < RECORD_HEADER_LENGTH) break;
      this.headerFill = 0;
      const header = readRecordHeader(this.header);
      if (typeof header === 'string') {
        this.fault = { kind: header, header: Buffer.from(this.header) };
        return false;
      }
      this.remaining = header.length;
      if (!this.sink.record(header, this.headerLabel)) return false;
    }
    return true;
  }

  /** Passes over `length` bytes lost from the stream; returns how many lay inside the current fragment. */
  skip(length: number): number {
    const n = Math.min(this.remaining, length);
    this.remaining -= n;
    return n;
  }
}

export interface TlsRecord {
  type: number;
  version: number;
  header: Buffer;
  fragment: Buffer;
}

/** Splits a byte stream into whole records; throws MalformedError on bytes that are not a TLS record header. */
export class RecordReader {
  private readonly splitter = new RecordSplitter({
    record: (header) => this.begin(header),
    fragment: (data, start, end) => this.take(data, start, end),
  });
  private readonly ready: TlsRecord[] = [];
  private current: TlsRecord | undefined;
  private fill = 0;
  private pushed = 0;

  push(chunk: Buffer): void {
    this.pushed += chunk.length;
    this.splitter.feed(chunk, 0, chunk.length);
  }

  /** Bytes pushed and not yet handed out by `next()`. */
  get buffered(): number {
    return this.pushed;
  }

  next(): TlsRecord | undefined {
    const record = this.ready.shift();
    if (record !== undefined) {
      this.pushed -= RECORD_HEADER_LENGTH + record.fragment.length;
      return record;
    }
    const fault = this.splitter.fault;
    if (fault === undefined) return undefined;
    const header = fault.header;
    if (fault.kind === 'too-long') {
      const length = header.readUInt16BE(3);
      throw new MalformedError(`the server sent a record of ${length} bytes, over the TLS limit of ${MAX_RECORD_LENGTH}`);
    }
    throw new MalformedError(`the server answered with bytes that are not a TLS record (${describeBytes(header)})`);
  }

  private begin(header: RecordHeader): boolean {
    const { type, version, length } = header;
    const bytes = Buffer.from([type, version >> 8, version & 0xff, length >> 8, length & 0xff]);
    this.current = { type, version, header: bytes, fragment: Buffer.alloc(length) };
    this.fill = 0;
    this.completeIfFull();
    return true;
  }

  private take(data: Buffer, start: number, end: number): void {
    data.copy(this.current!.fragment, this.fill, start, end);
    this.fill += end - start;
    this.completeIfFull();
  }

  private completeIfFull(): void {
    const record = this.current!;
    if (this.fill < record.fragment.length) return;
    this.ready.push(record);
    this.current = undefined;
  }
}

function describeBytes(header: Buffer): string {
  const text = header.toString('latin1');
  return /^[\x20-\x7e]+$/.test(text) ? `"${text}…"` : header.toString('hex');
}

export interface HandshakeMessage {
  type: number;
  body: Buffer;
  /** Type, length and body, as the transcript hashes them. */
  raw: Buffer;
}

/** Reassembles handshake messages that span records (a long certificate chain does). */
export class HandshakeReader {
  private pending: Buffer = Buffer.alloc(0);

  push(fragment: Buffer): void {
    this.pending = this.pending.length === 0 ? fragment : Buffer.concat([this.pending, fragment]);
  }

  next(): HandshakeMessage | undefined {
    if (this.pending.length < 4) return undefined;
    const length = this.pending.readUIntBE(1, 3);
    if (length > MAX_HANDSHAKE_MESSAGE) throw new MalformedError(`handshake message of ${length} bytes`);
    if (this.pending.length < 4 + length) return undefined;
    const raw = this.pending.subarray(0, 4 + length);
    this.pending = this.pending.subarray(4 + length);
    return { type: raw.readUInt8(0), body: raw.subarray(4), raw };
  }
}

export interface ServerHello {
  /** The negotiated version: supported_versions when present, else the legacy field. */
  version: number;
  cipher: number;
  /** A TLS 1.3 HelloRetryRequest (RFC 8446 §4.1.3) rather than a ServerHello. */
  helloRetry: boolean;
  /** TLS 1.3 key_share: the server's group and public key. */
  keyShare: { group: number; publicKey: Buffer } | undefined;
  /** A HelloRetryRequest's demands: the group to send a share for (absent: keep the shares), the cookie to echo. */
  retry?: { group: number | undefined; cookie: Buffer | undefined };
}

const HELLO_RETRY_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');
const EXT_SUPPORTED_VERSIONS = 43;
const EXT_COOKIE = 44;
const EXT_KEY_SHARE = 51;

export function parseServerHello(body: Buffer): ServerHello {
  const r = new ByteReader(body);
  let version = r.u16();
  const helloRetry = r.bytes(32).equals(HELLO_RETRY_RANDOM);
  r.vec(1);
  const cipher = r.u16();
  r.u8();
  let keyShare: ServerHello['keyShare'];
  const retry: NonNullable<ServerHello['retry']> = { group: undefined, cookie: undefined };
  if (r.remaining > 0) {
    const exts = new ByteReader(r.vec(2));
    while (exts.remaining > 0) {
      const type = exts.u16();
      const data = new ByteReader(exts.vec(2));
      if (type === EXT_SUPPORTED_VERSIONS) version = data.u16();
      // A HelloRetryRequest names only the group it wants; a ServerHello carries the share.
      if (type === EXT_KEY_SHARE && helloRetry) retry.group = data.u16();
      else if (type === EXT_KEY_SHARE) keyShare = { group: data.u16(), publicKey: data.vec(2) };
      if (type === EXT_COOKIE && helloRetry) retry.cookie = data.vec(2);
    }
  }
  return helloRetry ? { version, cipher, helloRetry, keyShare, retry } : { version, cipher, helloRetry, keyShare };
}

/** The DER certificates of a Certificate message, leaf first (TLS 1.3 adds a context and per-entry extensions). */
export function parseCertificates(body: Buffer, tls13: boolean): Buffer[] {
  const r = new ByteReader(body);
  if (tls13) r.vec(1);
  const list = new ByteReader(r.vec(3));
  const certificates: Buffer[] = [];
  while (list.remaining > 0) {
    certificates.push(list.vec(3));
    if (tls13) list.vec(2);
  }
  return certificates;
}

export interface Alert {
  level: number;
  description: number;
}

export function parseAlert(fragment: Buffer): Alert {
  if (fragment.length < 2) throw new MalformedError('truncated alert');
  return { level: fragment.readUInt8(0), description: fragment.readUInt8(1) };
}
