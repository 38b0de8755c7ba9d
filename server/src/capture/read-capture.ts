// The entry: a capture file (path, Buffer or byte source) → its TCP connections with their TLS handshake-phase
// records. Read front to back in large blocks; bad input gives a CaptureError or a summary marked truncated,
// never an exception. Connections are handed to the caller as they end (so that a caller that judges and drops
// them holds only the open ones), or collected in capture order.
import { BlockReader, fileSource, type ByteSource } from './block-reader';
import { ConnectionTable, type TableStatistics } from './connections';
import { IpFragments } from './ip-fragments';
import { decodeTcp, newSegment } from './ip';
import { ipOffset, isSupportedLinkType, NOT_IP, unsupportedLinkType } from './link';
import { captureError, newPacket, type PacketReader } from './packet';
import { isPcapMagic, openPcap } from './pcap';
import { openPcapng, SHB } from './pcapng';
import type { CaptureConnection, CaptureError, CaptureOptions, CaptureResult, CaptureSummary } from './types';
import { MAX_HELD_SEGMENTS } from './tcp-reassembly';

const DEFAULTS = {
  maxHandshakeBytes: 256 * 1024,
  maxPendingBytes: 1024 * 1024,
  maxPendingSegments: MAX_HELD_SEGMENTS,
  applicationDataRecords: 1,
  keepEncrypted: false,
  maxConnections: 100_000,
  readSize: 4 * 1024 * 1024,
};

function describeMagic(reader: BlockReader): PacketReader | CaptureError {
  if (!reader.need(4)) return captureError('not-a-capture', 'the file is too short to be a pcap or pcapng capture');
  const bytes = reader.bytes;
  const magic = bytes.readUInt32BE(reader.pos);
  if (magic === SHB) return openPcapng(reader);
  if (isPcapMagic(magic) || isPcapMagic(bytes.readUInt32LE(reader.pos))) return openPcap(reader);
  if (bytes[reader.pos] === 0x1f && bytes[reader.pos + 1] === 0x8b) {
    return captureError('not-a-capture', 'the file is gzip-compressed: decompress it, then read the pcap or pcapng inside');
  }
  return captureError('not-a-capture', 'the file is neither pcap nor pcapng (unknown magic number)');
}

/** Reads a capture step by step, so that a host can report progress and cancel between steps. */
export class CaptureReader {
  private readonly reader: BlockReader;
  private readonly packets: PacketReader | CaptureError;
  private readonly table: ConnectionTable;
  private readonly packet = newPacket();
  private readonly segment = newSegment();
  private readonly fragments = new IpFragments();
  private readonly linkTypes: number[] = [];
  private readonly summary: Omit<CaptureSummary, 'format' | 'linkTypes' | 'connections' | 'truncated' | 'fileCut'> = {
    packets: 0,
    cutPackets: 0,
    snaplen: undefined,
    skipped: { linkType: 0, notTcp: 0, fragments: 0, malformed: 0, connectionsOverLimit: 0 },
  };
  private unsupported: number | undefined;
  private lastTime = 0;
  private ended = false;
  /** Connections ended, when the caller takes none itself. */
  private readonly collected: CaptureConnection[] | undefined;
  private connectionTruncated = false;

  /** `ended` receives each connection when it ends; without it, `result()` lists them all in capture order. */
  constructor(source: Buffer | ByteSource, options: CaptureOptions = {}, ended?: (connection: CaptureConnection) => void) {
    const limits = {
      maxHandshakeBytes: options.maxHandshakeBytes ?? DEFAULTS.maxHandshakeBytes,
      maxPendingBytes: options.maxPendingBytes ?? DEFAULTS.maxPendingBytes,
      maxPendingSegments: options.maxPendingSegments ?? DEFAULTS.maxPendingSegments,
      applicationDataRecords: options.applicationDataRecords ?? DEFAULTS.applicationDataRecords,
      keepEncrypted: options.keepEncrypted ?? DEFAULTS.keepEncrypted,
      maxConnections: options.maxConnections ?? DEFAULTS.maxConnections,
    };
    this.reader = new BlockReader(source, options.readSize ?? DEFAULTS.readSize);
    const collected: CaptureConnection[] | undefined = ended === undefined ? [] : undefined;
    this.collected = collected;
    this.table = new ConnectionTable(limits, (connection) => {
      if (connection.truncated) this.connectionTruncated = true;
      if (collected === undefined) ended!(connection);
      else collected.push(connection);
    });
    this.packets = describeMagic(this.reader);
  }

  /** Counts that show the reader's bounds hold. */
  get statistics(): TableStatistics {
    return this.table.statistics;
  }

  /** Bytes of the source read so far. */
  get offset(): number {
    return this.reader.offset;
  }

  /** The error that stops the file before its first packet, if any. */
  get error(): CaptureError | undefined {
    return 'next' in this.packets ? undefined : this.packets;
  }

  /**
   * Reads packets until `bytes` more of the source are consumed, the clock passes `deadline` (performance.now(),
   * looked at every 256 packets), or the file ends; false at the end.
   */
  step(bytes: number, deadline = Infinity): boolean {
    const packets = this.packets;
    if (this.ended || !('next' in packets)) return false;
    const until = this.reader.offset + bytes;
    const packet = this.packet;
    const segment = this.segment;
    const summary = this.summary;
    for (let n = 1; this.reader.offset < until; n++) {
      if ((n & 255) === 0 && performance.now() >= deadline) break;
      if (!packets.next(packet)) {
        this.ended = true;
        return false;
      }
      summary.packets++;
      const linkType = packet.linkType;
      if (!this.linkTypes.includes(linkType)) this.linkTypes.push(linkType);
      if (packet.end - packet.start < packet.originalLength) {
        summary.cutPackets++;
        if (packet.snaplen > 0) summary.snaplen = Math.min(summary.snaplen ?? packet.snaplen, packet.snaplen);
      }
      if (packet.time > this.lastTime) this.lastTime = packet.time;
      if (!isSupportedLinkType(linkType)) {
        summary.skipped.linkType++;
        this.unsupported ??= linkType;
        continue;
      }
      const ip = ipOffset(linkType, packet.data, packet.start, packet.end);
      if (ip === NOT_IP) {
        summary.skipped.notTcp++;
        continue;
      }
      let outcome = decodeTcp(packet.data, ip, packet.end, segment);
      if (outcome === 'fragment') {
        let whole: Buffer | undefined;
        try {
          whole = this.fragments.add(packet.data, ip, packet.end);
        } catch {
          // A fragment the reassembly did not foresee costs that packet, never the capture.
          summary.skipped.malformed++;
          continue;
        }
        if (whole === undefined) continue;
        outcome = decodeTcp(whole, 0, whole.length, segment);
      }
      if (outcome === 'tcp') this.table.segment(segment, packet.time);
      else if (outcome === 'not-tcp') summary.skipped.notTcp++;
      else summary.skipped.malformed++;
    }
    return true;
  }

  /** The result once `step` has returned false (or earlier: what was read so far). */
  result(): CaptureResult {
    const packets = this.packets;
    if (!('next' in packets)) return { ok: false, error: packets };
    const summary = this.summary;
    if (this.unsupported !== undefined && summary.skipped.linkType === summary.packets) {
      return { ok: false, error: captureError('unsupported-link-type', unsupportedLinkType(this.unsupported)) };
    }
    this.table.finishAll(this.lastTime);
    const connections = this.collected?.sort((x, y) => x.index - y.index) ?? [];
    summary.skipped.connectionsOverLimit = this.table.overLimit;
    summary.skipped.fragments = this.fragments.unassembled();
    return {
      ok: true,
      capture: {
        format: packets.format,
        linkTypes: this.linkTypes,
        ...summary,
        fileCut: packets.fileCut,
        truncated: summary.cutPackets > 0 || packets.fileCut || this.connectionTruncated,
        connections,
      },
    };
  }
}

type Opened = { ok: true; source: Buffer | ByteSource } | { ok: false; error: CaptureError };

function open(input: string | Buffer): Opened {
  if (typeof input !== 'string') return { ok: true, source: input };
  try {
    return { ok: true, source: fileSource(input) };
  } catch (error) {
    return { ok: false, error: captureError('unreadable', `cannot open the capture: ${(error as Error).message}`) };
  }
}

function unreadable(error: unknown): CaptureResult {
  return { ok: false, error: captureError('unreadable', `cannot read the capture: ${(error as Error).message}`) };
}

function close(source: Buffer | ByteSource): void {
  if (!Buffer.isBuffer(source)) source.close();
}

/** Reads a whole capture synchronously. */
export function readCapture(input: string | Buffer, options: CaptureOptions = {}): CaptureResult {
  const opened = open(input);
  if (!opened.ok) return opened;
  try {
    const reader = new CaptureReader(opened.source, options);
    while (reader.step(Number.MAX_SAFE_INTEGER));
    return reader.result();
  } catch (error) {
    return unreadable(error);
  } finally {
    close(opened.source);
  }
}

export interface AsyncCaptureOptions extends CaptureOptions {
  signal?: AbortSignal | undefined;
  /** Called between steps with the bytes read and the size of the file (when known). */
  onProgress?: ((read: number, total: number | undefined) => void) | undefined;
  /** Milliseconds of reading between two yields to the event loop (default 50). */
  stepMs?: number | undefined;
  /** Bytes read at most between two yields (default: no bound but the time). */
  stepBytes?: number | undefined;
  /** Receives each connection when it ends; the result then lists none (see CaptureReader). */
  onConnection?: ((connection: CaptureConnection) => void) | undefined;
  /** Receives the reader's statistics once it has read the file. */
  onStatistics?: ((statistics: TableStatistics) => void) | undefined;
}

/** Reads a capture in steps of about 50 ms, yielding to the event loop between them: cancellable, with progress. */
export async function readCaptureAsync(input: string | Buffer, options: AsyncCaptureOptions = {}): Promise<CaptureResult> {
  const opened = open(input);
  if (!opened.ok) return opened;
  const source = opened.source;
  const total = Buffer.isBuffer(source) ? source.length : source.size;
  try {
    const reader = new CaptureReader(source, options, options.onConnection);
    const step = (): boolean => reader.step(options.stepBytes ?? Infinity, performance.now() + (options.stepMs ?? 50));
    while (step()) {
      options.onProgress?.(reader.offset, total);
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) return { ok: false, error: captureError('cancelled', 'reading the capture was cancelled') };
    }
    options.onProgress?.(reader.offset, total);
    const result = reader.result();
    options.onStatistics?.(reader.statistics);
    return result;
  } catch (error) {
    return unreadable(error);
  } finally {
    close(source);
  }
}

export type * from './types';
export type { TableStatistics } from './connections';
