// The TLS records of one direction, on the in-order bytes from TCP reassembly. tls/wire/records splits the stream
// (header grammar, lengths, headers cut between segments); this keeps what a capture needs on top: a copy of each
// fragment, gaps marked in it, the capture time and order of each record, and limits. Only the handshake phase is
// kept: at the first application_data record it announces the record without its bytes and says "enough", so the
// rest of the stream costs nothing. Handshake messages are not parsed here.
import { CONTENT, RecordSplitter, type RecordHeader } from '../tls/wire/records';
import type { StreamSink } from './tcp-reassembly';
import type { CaptureRecord, DirectionStop } from './types';

/** A record before its sender is known; `order` ranks records framed at the same capture time. */
export type FramedRecord = Omit<CaptureRecord, 'from'> & { order: number };

const MAX_RECORDS = 1024;

export interface FramerLimits {
  maxHandshakeBytes: number;
  applicationDataRecords: number;
  /** Keep application_data records' bytes (TLS 1.3's encrypted handshake, for a key log), within maxHandshakeBytes. */
  keepEncrypted?: boolean | undefined;
}

/** Numbers records in the order they are framed, across the directions sharing it. */
export type RecordCounter = { next: number };

export class TlsRecordFramer implements StreamSink {
  readonly records: FramedRecord[] = [];
  stopped: DirectionStop | undefined;
  /** Bytes missing inside the records read (gaps, snaplen). */
  missing = 0;

  private readonly splitter = new RecordSplitter({
    record: (header, time) => this.begin(header, time),
    fragment: (data, start, end) => this.take(data, start, end),
  });
  /** The handshake-phase record being filled, or undefined (between records, or passing over application data). */
  private current: FramedRecord | undefined;
  private fill = 0;
  private kept = 0;
  private applicationData = 0;

  constructor(
    private readonly limits: FramerLimits,
    private readonly counter: RecordCounter = { next: 0 },
  ) {}

  data(data: Buffer, start: number, end: number, time: number): boolean {
    if (this.splitter.feed(data, start, end, time)) return true;
    const fault = this.splitter.fault;
    if (fault !== undefined) {
      const first = this.records.length === 0;
      this.stop(first ? (fault.kind === 'sslv2-client-hello' ? 'sslv2-hello' : 'not-tls') : 'malformed');
    }
    return false;
  }

  gap(length: number): boolean {
    const n = this.splitter.skip(length);
    const record = this.current;
    if (record !== undefined && n > 0) {
      if (record.missing === 0) record.completeUpTo = this.fill;
      record.missing += n;
      this.missing += n;
      this.fill += n;
      this.completeIfFull();
    }
    // Bytes lost past the end of a record: where the next header starts is unknown.
    return n === length || this.stop('gap');
  }

  /** A valid header: starts a record, or stops at application data or a limit. */
  private begin(header: RecordHeader, time: number): boolean {
    const { type: contentType, length } = header;
    const encrypted = contentType === CONTENT.applicationData;
    const keep = !encrypted || (this.limits.keepEncrypted === true && this.kept + length <= this.limits.maxHandshakeBytes);
    const record: FramedRecord = {
      time,
      contentType,
      version: header.version,
      length,
      fragment: Buffer.alloc(keep ? length : 0),
      missing: 0,
      completeUpTo: length,
      order: this.counter.next++,
    };
    if (this.records.length >= MAX_RECORDS) return this.stop('cap');
    if (encrypted && !keep) {
      this.records.push(record);
      return ++this.applicationData < this.limits.applicationDataRecords || this.stop('application-data');
    }
    // A kept encrypted record is read whole first; the direction stops at the header of the one after the last kept.
    if (encrypted && this.applicationData++ >= this.limits.applicationDataRecords) return this.stop('application-data');
    if (this.kept + length > this.limits.maxHandshakeBytes) return this.stop('cap');
    this.kept += length;
    this.current = record;
    this.fill = 0;
    this.completeIfFull();
    return true;
  }

  /** Fragment bytes: copied into the current record; application data passes by. */
  private take(data: Buffer, start: number, end: number): void {
    if (this.current === undefined) return;
    data.copy(this.current.fragment, this.fill, start, end);
    this.fill += end - start;
    this.completeIfFull();
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
