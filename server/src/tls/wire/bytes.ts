// Length-prefixed encoding and bounds-checked decoding of TLS structures.

export function u8(n: number): Buffer {
  return Buffer.from([n & 0xff]);
}

export function u16(n: number): Buffer {
  return Buffer.from([(n >> 8) & 0xff, n & 0xff]);
}

export function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}

/** `opaque x<0..2^8-1>` and friends: the body prefixed by its length in 1, 2 or 3 bytes. */
export function vec(lengthBytes: 1 | 2 | 3, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const prefix = lengthBytes === 1 ? u8(body.length) : lengthBytes === 2 ? u16(body.length) : u24(body.length);
  return Buffer.concat([prefix, body]);
}

/**
 * Writes TLS structures into one buffer: a length prefix is reserved, then filled in once its body is written. The
 * probe encodes its hellos this way rather than concatenating a small Buffer per field. Lengths are written modulo
 * their prefix's size, as u8/u16/u24 do.
 */
export class ByteWriter {
  private buf: Buffer;
  private at = 0;

  constructor(capacity = 512) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  u8(n: number): void {
    this.room(1);
    this.buf[this.at++] = n & 0xff;
  }

  u16(n: number): void {
    this.room(2);
    this.buf[this.at++] = (n >> 8) & 0xff;
    this.buf[this.at++] = n & 0xff;
  }

  u16s(values: readonly number[]): void {
    for (const v of values) this.u16(v);
  }

  bytes(data: Uint8Array): void {
    this.room(data.length);
    this.buf.set(data, this.at);
    this.at += data.length;
  }

  /** `opaque x<0..2^8-1>` and friends: what `body` writes, prefixed by its length in 1, 2 or 3 bytes. */
  vec(lengthBytes: 1 | 2 | 3, body: () => void): void {
    this.room(lengthBytes);
    const start = this.at;
    this.at += lengthBytes;
    body();
    const length = this.at - start - lengthBytes;
    for (let i = 0; i < lengthBytes; i++) this.buf[start + i] = (length >> (8 * (lengthBytes - 1 - i))) & 0xff;
  }

  /** The bytes written (a view of the writer's buffer). */
  finish(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
}

/** Thrown when a server's bytes do not parse as the TLS structure they claim to be. */
export class MalformedError extends Error {}

export class ByteReader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  bytes(n: number): Buffer {
    if (n > this.remaining) throw new MalformedError(`truncated: wanted ${n} bytes, ${this.remaining} left`);
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  u8(): number {
    return this.bytes(1).readUInt8(0);
  }

  u16(): number {
    return this.bytes(2).readUInt16BE(0);
  }

  u24(): number {
    return this.bytes(3).readUIntBE(0, 3);
  }

  vec(lengthBytes: 1 | 2 | 3): Buffer {
    const n = lengthBytes === 1 ? this.u8() : lengthBytes === 2 ? this.u16() : this.u24();
    return this.bytes(n);
  }
}
