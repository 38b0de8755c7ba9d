// A window over a capture read front to back in large blocks, so that a 1 GB file never sits in memory.
// Views it hands out (`bytes`) stay valid only until the next `need`: whoever keeps bytes copies them.
import { closeSync, readSync } from 'node:fs';
import { describeFailure } from '../fs/regular-file';
import { openRegularFile } from '../fs/regular-file';

/** Where the bytes come from: a file descriptor read sequentially, or a Buffer already in memory. */
export interface ByteSource {
  /** Reads up to `length` bytes into `target` at `offset`; 0 at the end. */
  read(target: Buffer, offset: number, length: number): number;
  /** Total size when known (for progress). */
  readonly size: number | undefined;
  close(): void;
}

/** A capture file read front to back: a regular file only (a FIFO or a device is refused, opening never blocks). */
export function fileSource(path: string): ByteSource {
  const opened = openRegularFile(path);
  if (!opened.ok) throw new Error(`the capture ${describeFailure(opened.reason)}`);
  const fd = opened.fd;
  return {
    size: opened.size,
    read: (target, offset, length) => readSync(fd, target, offset, length, null),
    close: () => closeSync(fd),
  };
}

/** The largest block or packet the reader accepts: a length beyond it means a damaged file, not a packet. */
export const MAX_BLOCK = 16 * 1024 * 1024;

export class BlockReader {
  /** The current window; `pos` and `end` index into it. */
  bytes: Buffer;
  pos = 0;
  end = 0;
  /** Bytes consumed before the window's start. */
  private base = 0;
  private eof = false;
  private readonly whole: boolean;

  constructor(
    private readonly source: ByteSource | Buffer,
    private readonly readSize = 4 * 1024 * 1024,
  ) {
    this.whole = Buffer.isBuffer(source);
    if (Buffer.isBuffer(source)) {
      this.bytes = source;
      this.end = source.length;
      this.eof = true;
    } else {
      this.bytes = Buffer.allocUnsafe(readSize);
    }
  }

  /** Bytes consumed so far, counted from the start of the source. */
  get offset(): number {
    return this.base + this.pos;
  }

  get available(): number {
    return this.end - this.pos;
  }

  /** Makes `n` bytes available at `pos`; false when the source ends first (then `available` < n). */
  need(n: number): boolean {
    if (this.end - this.pos >= n) return true;
    if (this.eof || this.whole) return false;
    this.compact(n);
    while (this.end - this.pos < n && !this.eof) {
      const read = (this.source as ByteSource).read(this.bytes, this.end, this.bytes.length - this.end);
      if (read === 0) this.eof = true;
      this.end += read;
    }
    return this.end - this.pos >= n;
  }

  skip(n: number): void {
    this.pos += n;
  }

  /** Moves the unread tail to the front and grows the window when `n` would not fit. */
  private compact(n: number): void {
    const tail = this.end - this.pos;
    const size = Math.max(this.bytes.length, n, this.readSize);
    if (size > this.bytes.length) {
      const grown = Buffer.allocUnsafe(size);
      this.bytes.copy(grown, 0, this.pos, this.end);
      this.bytes = grown;
    } else if (this.pos > 0) {
      this.bytes.copyWithin(0, this.pos, this.end);
    }
    this.base += this.pos;
    this.pos = 0;
    this.end = tail;
  }
}
