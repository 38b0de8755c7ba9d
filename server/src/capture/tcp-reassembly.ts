// One direction of a TCP connection put back in order: segments out of order wait (copied) until the hole
// before them is filled, retransmitted and overlapping bytes are delivered once (the first copy wins), sequence
// numbers wrap at 2^32. Holes the capture will never fill (a peer ACKed past them, the held segments reach their
// byte or count bound, the capture ends, the snaplen cut the segment) are handed on as gaps. Once the consumer says
// "enough", nothing more is kept. A segment costs O(log n) in the n segments held, and n is bounded by count, so
// that segments whose payload the snaplen cut (0 bytes held) cannot pile up.
import { HeldSegments } from './held-segments';

export interface StreamSink {
  /** The next in-order bytes, `data[start, end)`: a view, copy what you keep. False: stop reading this direction. */
  data(data: Buffer, start: number, end: number, time: number): boolean;
  /** The next `length` bytes are not in the capture. False: stop reading this direction. */
  gap(length: number, time: number): boolean;
}

/** Out-of-order segments held per direction before the hole before them is given up. */
export const MAX_HELD_SEGMENTS = 4096;

export class TcpStream {
  /** The sequence number of stream offset 0. */
  private base: number | undefined;
  /** Stream offset of the next byte due (grows past 2^32 on long streams). */
  private next = 0;
  private readonly pending = new HeldSegments();
  private pendingBytes = 0;
  /** The most segments held at once (a statistic: the bound is `maxHeldSegments`). */
  heldMax = 0;
  /** The consumer said enough (or the stream was given up): segments are ignored from now on. */
  done = false;
  /** The stream's first byte was not announced by a SYN. */
  midstream = false;
  /** Bytes handed on as gaps. */
  missing = 0;
  /** Payload bytes the snaplen cut off the segments read. */
  cut = 0;

  constructor(
    private readonly sink: StreamSink,
    private readonly maxPending: number,
    private readonly maxHeldSegments: number = MAX_HELD_SEGMENTS,
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
    this.cut += length - (end - start);
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
    const first = this.pending.first();
    if (this.done || this.base === undefined || first === undefined) return;
    if (this.offsetOf(ack) >= first.offset) this.skipToHeld(time);
  }

  /** The capture ended: what is held is handed on, across its holes. */
  finish(time: number): void {
    while (!this.done && this.pending.size > 0) this.skipToHeld(time);
    this.release();
  }

  /** Unwraps a 32-bit sequence number to the stream offset nearest the current position. */
  private offsetOf(seq: number): number {
    return this.next + ((seq - this.base! - this.next) | 0);
  }

  private hold(offset: number, data: Buffer, start: number, end: number, length: number, time: number): void {
    const bytes = Buffer.from(data.subarray(start, end));
    this.pending.add({ offset, bytes, hole: length - (end - start), time });
    this.pendingBytes += bytes.length;
    if (this.pendingBytes > this.maxPending || this.pending.size > this.maxHeldSegments) this.skipToHeld(time);
    this.heldMax = Math.max(this.heldMax, this.pending.size);
  }

  private skipToHeld(time: number): void {
    const first = this.pending.first()!;
    if (first.offset > this.next) this.gap(first.offset - this.next, time);
    this.drain();
  }

  private drain(): void {
    while (!this.done && this.pending.size > 0 && this.pending.first()!.offset <= this.next) {
      const held = this.pending.take()!;
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
    this.pending.clear();
    this.pendingBytes = 0;
  }
}
