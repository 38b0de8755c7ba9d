// TLS record framing of one direction, on the in-order bytes from TCP reassembly: the 5-byte header (content
// type, version, length) and the fragment, across segments and several records per segment. Only the handshake
// phase is kept: at the first application_data record (content type 23) it announces the record without its bytes
// and says "enough", so the rest of the stream costs nothing. Handshake messages are not parsed here.
import type { StreamSink } from './tcp-reassembly';
import type { CaptureRecord, DirectionStop } from './types';

/** A record before its sender is known; `order` ranks records framed at the same capture time. */
export type FramedRecord = Omit<CaptureRecord, 'from'> & { order: number };

const HEADER = 5;
const APPLICATION_DATA = 23;
/** TLSCiphertext may exceed 2^14 by 2048 bytes; a longer length is no TLS. */
const MAX_FRAGMENT = 16384 + 2048;
const MAX_RECORDS = 1024;

export interface FramerLimits {
  maxHandshakeBytes: number;
  applicationDataRecords: number;
}

/** Numbers records in the order they are framed, across the directions sharing it. */
export type RecordCounter = { next: number };

function validHeader(header: Buffer): boolean {
  const type = header[0]!;
  return type >= 20 && type <= 24 && header[1] === 3 && header[2]! <= 4 && header.readUInt16BE(3) <= MAX_FRAGMENT;
}

/** SSL 2.0 record header with the high bit set, then message type 1 (CLIENT-HELLO), then version 3.x. */
function sslv2ClientHello(header: Buffer): boolean {
  return (header[0]! & 0x80) !== 0 && header[2] === 1 && header[3] === 3;
}

export class TlsRecordFramer implements StreamSink {
  readonly records: FramedRecord[] = [];
  stopped: DirectionStop | undefined;
  /** Bytes missing inside the records read (gaps, snaplen). */
  missing = 0;

  private readonly header = Buffer.alloc(HEADER);
  private headerFill = 0;
  private headerTime = 0;
  /** The record being filled, or undefined between records. */
  private current: FramedRecord | undefined;
  private fill = 0;
  /** Bytes of an application_data record still to pass over (announced, never kept). */
  private skipping = 0;
  private kept = 0;
  private applicationData = 0;

  constructor(
    private readonly limits: FramerLimits,
    private readonly counter: RecordCounter = { next: 0 },
  ) {}

  data(data: Buffer, start: number, end: number, time: number): boolean {
    let at = start;
    while (at < end) {
      if (this.skipping > 0) {
        const n = Math.min(this.skipping, end - at);
        this.skipping -= n;
        at += n;
      } else if (this.current !== undefined) {
        const n = Math.min(this.current.length - this.fill, end - at);
        data.copy(this.current.fragment, this.fill, at, at + n);
        this.fill += n;
        at += n;
        this.completeIfFull();
      } else {
        if (this.headerFill === 0) this.headerTime = time;
        const n = Math.min(HEADER - this.headerFill, end - at);
        data.copy(this.header, this.headerFill, at, at + n);
        this.headerFill += n;
        at += n;
        if (this.headerFill === HEADER && !this.begin()) return false;
      }
      if (this.stopped !== undefined) return false;
    }
    return true;
  }

  gap(length: number): boolean {
    if (this.skipping >= length) {
      this.skipping -= length;
      return true;
    }
    const record = this.current;
    if (record === undefined || this.skipping > 0) return this.stop('gap');
    const n = Math.min(record.length - this.fill, length);
    if (record.missing === 0) record.completeUpTo = this.fill;
    record.missing += n;
    this.missing += n;
    this.fill += n;
    this.completeIfFull();
    return n === length || this.stop('gap');
  }

  /** A complete header: starts a record, or stops on what is no TLS. */
  private begin(): boolean {
    this.headerFill = 0;
    const header = this.header;
    if (!validHeader(header)) {
      const first = this.records.length === 0;
      return this.stop(first ? (sslv2ClientHello(header) ? 'sslv2-hello' : 'not-tls') : 'malformed');
    }
    const contentType = header[0]!;
    const length = header.readUInt16BE(3);
    const record: FramedRecord = {
      time: this.headerTime,
      contentType,
      version: header.readUInt16BE(1),
      length,
      fragment: Buffer.alloc(contentType === APPLICATION_DATA ? 0 : length),
      missing: 0,
      completeUpTo: length,
      order: this.counter.next++,
    };
    if (this.records.length >= MAX_RECORDS) return this.stop('cap');
    if (contentType === APPLICATION_DATA) {
      this.records.push(record);
      this.skipping = length;
      return ++this.applicationData < this.limits.applicationDataRecords || this.stop('application-data');
    }
    if (this.kept + length > this.limits.maxHandshakeBytes) return this.stop('cap');
    this.kept += length;
    this.current = record;
    this.fill = 0;
    this.completeIfFull();
    return true;
  }

  private completeIfFull(): void {
    if (this.current === undefined || this.fill < this.current.length) return;
    this.records.push(this.current);
    this.current = undefined;
  }

  private stop(reason: DirectionStop): false {
    this.stopped ??= reason;
    this.finish();
    return false;
  }

  /** The stream stops inside a record: it is still worth handing out, marked incomplete. */
  finish(): void {
    const record = this.current;
    if (record === undefined) return;
    if (record.missing === 0) record.completeUpTo = this.fill;
    record.missing += record.length - this.fill;
    this.missing += record.length - this.fill;
    this.records.push(record);
    this.current = undefined;
  }
}
