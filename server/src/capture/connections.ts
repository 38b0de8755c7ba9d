// TCP connections told apart by their 4-tuple, and by SYN when a 4-tuple is used again. Each direction is
// reassembled and framed into TLS records; when both directions have stopped, a connection costs a map lookup
// per packet. The client is the side that sent the SYN, else the side that sent a ClientHello. A connection is
// handed on in its output shape when it ends (a new SYN on its 4-tuple, or the end of the capture) and forgotten:
// the table holds the open connections only.
import { formatEndpoint } from './endpoints';
import { ACK, FIN, RST, SYN, type TcpSegment } from './ip';
import { TcpStream } from './tcp-reassembly';
import { TlsRecordFramer, type FramerLimits, type RecordCounter } from './tls-records';
import type { CaptureConnection, CaptureDirection, CaptureRecord, CaptureTime, ClientEvidence, Side } from './types';

export interface TableLimits extends FramerLimits {
  maxPendingBytes: number;
  maxPendingSegments: number;
  maxConnections: number;
}

/** Counts that show the table's bounds hold (tests assert on them). */
export interface TableStatistics {
  /** The most out-of-order segments one direction held at once. */
  heldSegmentsMax: number;
  /** The most connections open at once. */
  openConnectionsMax: number;
}

class Direction {
  readonly framer: TlsRecordFramer;
  readonly stream: TcpStream;
  packets = 0;
  /** The sequence number of this side's opening SYN (a SYN without ACK). */
  synSeq = -1;
  sentPayload = false;
  /** This side's opening SYNs, a retransmission counted again, and the SYN-ACK's time. */
  syns: { first: CaptureTime; last: CaptureTime; count: number } | undefined;
  synAckAt: CaptureTime | undefined;

  constructor(
    readonly key: string,
    readonly endpoint: string,
    readonly port: number,
    limits: TableLimits,
    counter: RecordCounter,
  ) {
    this.framer = new TlsRecordFramer(limits, counter);
    this.stream = new TcpStream(this.framer, limits.maxPendingBytes, limits.maxPendingSegments);
  }
}

type Event = { by: Direction; time: CaptureTime };

class Connection {
  fin: Event | undefined;
  rst: Event | undefined;

  constructor(
    readonly index: number,
    readonly startedAt: CaptureTime,
    readonly a: Direction,
    readonly b: Direction,
  ) {}

  /** A SYN that opens a new connection on this 4-tuple, rather than a retransmitted one. */
  reopenedBy(from: Direction, seq: number): boolean {
    if (from.syns !== undefined && from.synSeq === seq) return false;
    return (
      this.fin !== undefined ||
      this.rst !== undefined ||
      this.a.sentPayload ||
      this.b.sentPayload ||
      from.syns !== undefined ||
      from.synAckAt !== undefined
    );
  }
}

/** Ports of TLS services: when no SYN or hello says who the client is, the other side is. */
export const TLS_SERVICE_PORTS: ReadonlySet<number> = new Set([
  443, 465, 563, 636, 853, 989, 990, 992, 993, 994, 995, 5061, 6443, 8443, 9443, 10443,
]);

export class ConnectionTable {
  private readonly open = new Map<string, Connection>();
  private readonly counter: RecordCounter = { next: 0 };
  /** Connections seen so far: the next one's index. */
  private started = 0;
  overLimit = 0;
  readonly statistics: TableStatistics = { heldSegmentsMax: 0, openConnectionsMax: 0 };

  constructor(
    private readonly limits: TableLimits,
    /** Receives each connection when it ends, in the order they end. */
    private readonly ended: (connection: CaptureConnection) => void,
  ) {}

  segment(s: TcpSegment, time: CaptureTime): void {
    const data = s.data;
    const sourceKey = data.toString('latin1', s.source, s.source + s.addressLength) + String.fromCharCode(s.sourcePort);
    const destinationKey = data.toString('latin1', s.destination, s.destination + s.addressLength) + String.fromCharCode(s.destinationPort);
    const key = sourceKey < destinationKey ? sourceKey + destinationKey : destinationKey + sourceKey;
    const opening = (s.flags & (SYN | ACK)) === SYN;
    let connection = this.open.get(key);
    if (connection !== undefined && opening) {
      const from = connection.a.key === sourceKey ? connection.a : connection.b;
      if (connection.reopenedBy(from, s.seq)) {
        this.finish(connection, time);
        connection = undefined;
      }
    }
    if (connection === undefined) {
      if (this.open.size >= this.limits.maxConnections) {
        this.overLimit++;
        return;
      }
      const side = (key: string, address: number, port: number) =>
        new Direction(key, formatEndpoint(data, address, s.addressLength, port), port, this.limits, this.counter);
      const a = side(sourceKey, s.source, s.sourcePort);
      const b = side(destinationKey, s.destination, s.destinationPort);
      connection = new Connection(this.started++, time, a, b);
      this.open.set(key, connection);
      this.statistics.openConnectionsMax = Math.max(this.statistics.openConnectionsMax, this.open.size);
    }
    const from = connection.a.key === sourceKey ? connection.a : connection.b;
    const to = from === connection.a ? connection.b : connection.a;
    from.packets++;
    let seq = s.seq;
    if (s.flags & SYN) {
      if (s.flags & ACK) {
        from.synAckAt ??= time;
      } else {
        from.synSeq = s.seq;
        from.syns = { first: from.syns?.first ?? time, last: time, count: (from.syns?.count ?? 0) + 1 };
      }
      from.stream.syn(s.seq);
      seq = (seq + 1) >>> 0;
    }
    if (s.flags & RST) connection.rst ??= { by: from, time };
    if (s.payloadLength > 0) {
      from.sentPayload = true;
      from.stream.segment(seq, data, s.payloadStart, s.payloadEnd, s.payloadLength, time);
    }
    if (s.flags & ACK) to.stream.peerAck(s.ack, time);
    if (s.flags & FIN) connection.fin ??= { by: from, time };
  }

  /** Ends the capture: every connection still open ends. */
  finishAll(time: CaptureTime): void {
    for (const connection of this.open.values()) this.finish(connection, time);
  }

  private finish(connection: Connection, time: CaptureTime): void {
    this.open.delete(this.keyOf(connection));
    for (const direction of [connection.a, connection.b]) {
      this.statistics.heldSegmentsMax = Math.max(this.statistics.heldSegmentsMax, direction.stream.heldMax);
      direction.stream.finish(time);
      direction.framer.finish();
    }
    this.ended(output(connection));
  }

  private keyOf(connection: Connection): string {
    const [x, y] = [connection.a.key, connection.b.key];
    return x < y ? x + y : y + x;
  }
}

function firstHandshakeType(direction: Direction): number | undefined {
  const first = direction.framer.records[0];
  return first?.contentType === 22 && first.completeUpTo > 0 ? first.fragment[0] : undefined;
}

/** Which direction is the client's, and what says so. */
function clientOf(c: Connection): [Direction, ClientEvidence] {
  const { a, b } = c;
  if (a.syns !== undefined || b.synAckAt !== undefined) return [a, 'syn'];
  if (b.syns !== undefined || a.synAckAt !== undefined) return [b, 'syn'];
  if (firstHandshakeType(a) === 1) return [a, 'client-hello'];
  if (firstHandshakeType(b) === 1) return [b, 'client-hello'];
  if (firstHandshakeType(b) === 2) return [a, 'server-hello'];
  if (firstHandshakeType(a) === 2) return [b, 'server-hello'];
  if (TLS_SERVICE_PORTS.has(b.port) !== TLS_SERVICE_PORTS.has(a.port)) return TLS_SERVICE_PORTS.has(b.port) ? [a, 'port'] : [b, 'port'];
  if (b.port < 1024 !== a.port < 1024) return b.port < 1024 ? [a, 'port'] : [b, 'port'];
  return [a, 'first-packet'];
}

function direction(d: Direction): CaptureDirection {
  return {
    midstream: d.stream.midstream,
    packets: d.packets,
    stopped: d.framer.stopped,
    missingBytes: d.framer.missing,
    cutBytes: d.stream.cut,
  };
}

function records(d: Direction, from: Side): Ordered[] {
  return d.framer.records.map((r) => ({ from, ...r }));
}

type Ordered = CaptureRecord & { order: number };

/**
 * Both directions in time order, each keeping its stream order (a record completed by a late retransmission
 * keeps its place before the records after it in its own stream).
 */
function merge(x: Ordered[], y: Ordered[]): CaptureRecord[] {
  const out: CaptureRecord[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    const takeX = j >= y.length || (i < x.length && (x[i]!.time - y[j]!.time || x[i]!.order - y[j]!.order) <= 0);
    const { order, ...record } = takeX ? x[i++]! : y[j++]!;
    void order;
    out.push(record);
  }
  return out;
}

function output(c: Connection): CaptureConnection {
  const [client, evidence] = clientOf(c);
  const server = client === c.a ? c.b : c.a;
  const sideOf = (d: Direction): Side => (d === client ? 'client' : 'server');
  const event = (e: Event | undefined) => (e === undefined ? undefined : { from: sideOf(e.by), time: e.time });
  const all = merge(records(client, 'client'), records(server, 'server'));
  const fromClient = direction(client);
  const fromServer = direction(server);
  const cut = (d: CaptureDirection) => d.missingBytes > 0 || d.stopped === 'cap' || d.stopped === 'gap';
  return {
    index: c.index,
    client: client.endpoint,
    server: server.endpoint,
    clientEvidence: evidence,
    startedAt: c.startedAt,
    syns: client.syns,
    synAckAt: server.synAckAt,
    records: all,
    fromClient,
    fromServer,
    closedBy: event(c.fin),
    resetBy: event(c.rst),
    midstream: fromClient.midstream || fromServer.midstream,
    truncated: cut(fromClient) || cut(fromServer),
  };
}
