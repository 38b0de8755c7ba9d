// One direction of a TCP connection put back in order: segments out of order wait (copied) until the hole
// before them is filled, retransmitted and overlapping bytes are delivered once (the first copy wins), sequence
// numbers wrap at 2^32. Holes the capture will never fill (a peer ACKed past them, the buffer is full, the capture
// ends, the snaplen cut the segment) are handed on as gaps. Once the consumer says "enough", nothing more is kept.

export interface StreamSink {
  /** The next in-order bytes, `data[start, end)`: a view, copy what you keep. False: stop reading this direction. */
  data(data: Buffer, start: number, end: number, time: number): boolean;
  /** The next `length` bytes are not in the capture. False: stop reading this direction. */
  gap(length: number, time: number): boolean;
}

interface Pending {
  offset: number;
  bytes: Buffer;
  /** Bytes the segment carried beyond those captured. */
  hole: number;
  time: number;
}

export class TcpStream {
  /** The sequence number of stream offset 0. */
  private base: number | undefined;
  /** Stream offset of the next byte due (grows past 2^32 on long streams). */
  private next = 0;
  private pending: Pending[] = [];
  private pendingBytes = 0;
  /** The consumer said enough (or the stream was given up): segments are ignored from now on. */
  done = false;
  /** The stream's first byte was not announced by a SYN. */
  midstream = false;
  /** Bytes handed on as gaps. */
  missing = 0;

  constructor(
    private readonly sink: StreamSink,
    private readonly maxPending: number,
  ) {}

  get started(): boolean {
    return this.base !== undefined;
  }

  /** The direction's SYN: its data starts at seq + 1. */
  syn(seq: number): void {
    if (this.base === undefined) this.base = (seq + 1) >>> 0;
  }

  /** A segment whose captured payload is `data[start, end)` out of `length` bytes sent. */
  segment(seq: number, data: Buffer, start: number, end: number, length: number, time: number): void {
    if (this.done || length === 0) return;
    if (this.base === undefined) {
      this.base = seq;
      this.midstream = true;
    }
    const offset = this.offsetOf(seq);
    if (offset + length <= this.next) return;
    if (offset > this.next) {
      this.hold(offset, data, start, end, length, time);
      return;
    }
    this.deliver(offset, data, start, end, length - (end - start), time);
    this.drain();
  }

  /** The peer acknowledged up to `ack`: a hole before a held segment that it covers will never be filled. */
  peerAck(ack: number, time: number): void {
    if (this.done || this.base === undefined || this.pending.length === 0) return;
    if (this.offsetOf(ack) >= this.pending[0]!.offset) this.skipToHeld(time);
  }

  /** The capture ended: what is held is handed on, across its holes. */
  finish(time: number): void {
    while (!this.done && this.pending.length > 0) this.skipToHeld(time);
    this.release();
  }

  /** Unwraps a 32-bit sequence number to the stream offset nearest the current position. */
  private offsetOf(seq: number): number {
    return this.next + ((seq - this.base! - this.next) | 0);
  }

  private hold(offset: number, data: Buffer, start: number, end: number, length: number, time: number): void {
    const held: Pending = { offset, bytes: Buffer.from(data.subarray(start, end)), hole: length - (end - start), time };
    let i = this.pending.length;
    while (i > 0 && this.pending[i - 1]!.offset > offset) i--;
    this.pending.splice(i, 0, held);
    this.pendingBytes += held.bytes.length;
    if (this.pendingBytes > this.maxPending) this.skipToHeld(time);
  }

  private skipToHeld(time: number): void {
    const first = this.pending[0]!;
    if (first.offset > this.next) this.gap(first.offset - this.next, time);
    this.drain();
  }

  private drain(): void {
    while (!this.done && this.pending.length > 0 && this.pending[0]!.offset <= this.next) {
      const held = this.pending.shift()!;
      this.pendingBytes -= held.bytes.length;
      if (held.offset + held.bytes.length + held.hole > this.next) {
        this.deliver(held.offset, held.bytes, 0, held.bytes.length, held.hole, held.time);
      }
    }
    if (this.done) this.release();
  }

  /** Hands on the part of a segment at `offset` that lies at or after `next`, then its uncaptured tail as a gap. */
  private deliver(offset: number, data: Buffer, start: number, end: number, hole: number, time: number): void {
    const skip = this.next - offset;
    const captured = end - start;
    if (skip < captured) {
      this.next = offset + captured;
      if (!this.sink.data(data, start + skip, end, time)) return this.stop();
    }
    const holeEnd = offset + captured + hole;
    if (holeEnd > this.next) this.gap(holeEnd - this.next, time);
  }

  private gap(length: number, time: number): void {
    this.next += length;
    this.missing += length;
    if (!this.sink.gap(length, time)) this.stop();
  }

  private stop(): void {
    this.done = true;
    this.release();
  }

  private release(): void {
    this.pending = [];
    this.pendingBytes = 0;
  }
}
