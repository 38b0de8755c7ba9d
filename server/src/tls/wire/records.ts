// Parsing what a server sends before the handshake completes: records, handshake messages, ServerHello,
// Certificate and Alert. Every length is checked; anything that does not parse is "not TLS".
import { ByteReader, MalformedError } from './bytes';

export const CONTENT = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;
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

/** RFC 8446 §5.2: a record never carries more than 2^14 + 256 bytes (TLS 1.2 allowed up to 2^14 + 2048). */
export const MAX_RECORD_LENGTH = 16384 + 2048;
/** No server's first flight needs more; a bigger handshake message is treated as hostile. */
export const MAX_HANDSHAKE_MESSAGE = 256 * 1024;

export interface TlsRecord {
  type: number;
  version: number;
  header: Buffer;
  fragment: Buffer;
}

/** Splits a byte stream into records; throws MalformedError on bytes that are not a TLS record header. */
export class RecordReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
  }

  get buffered(): number {
    return this.pending.length;
  }

  next(): TlsRecord | undefined {
    if (this.pending.length < 5) return undefined;
    const header = this.pending.subarray(0, 5);
    const type = header.readUInt8(0);
    const version = header.readUInt16BE(1);
    const length = header.readUInt16BE(3);
    if (type < CONTENT.changeCipherSpec || type > 24 || version >> 8 !== 3) {
      throw new MalformedError(`the server answered with bytes that are not a TLS record (${describeBytes(header)})`);
    }
    if (length > MAX_RECORD_LENGTH) {
      throw new MalformedError(`the server sent a record of ${length} bytes, over the TLS limit of ${MAX_RECORD_LENGTH}`);
    }
    if (this.pending.length < 5 + length) return undefined;
    const fragment = this.pending.subarray(5, 5 + length);
    this.pending = this.pending.subarray(5 + length);
    return { type, version, header, fragment };
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
