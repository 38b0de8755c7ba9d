// IP fragments put back together, so that a segment a router fragmented on its way (a tunnel's smaller MTU, DF
// cleared) is read whole instead of leaving a hole in its TCP stream. IPv4 datagrams are keyed by (source,
// destination, protocol, identification), IPv6 ones by (source, destination, identification). Only TCP's fragments
// come here (ip.ts). Bounded: a datagram of more pieces than a real MTU makes, or whose pieces disagree about its
// end, is dropped (as Linux drops it); at most MAX_PENDING datagrams and MAX_WAITING_BYTES wait, the oldest giving way.

const MAX_PENDING = 256;
/** 64 KiB in pieces of a 576-byte MTU is 120 pieces: more is no router's doing. */
const MAX_PIECES = 128;
const MAX_WAITING_BYTES = 16 * 1024 * 1024;
/** The largest packet either version carries without jumbograms; a reassembled one must fit in it too. */
const MAX_PACKET = 65_535;
const IPV4_HEADER = 20;
const IPV6_HEADER = 40;
const IPV6_FRAGMENT = 44;
/** IPv6 extension headers that may come before the fragment header (the unfragmentable part). */
const BEFORE_FRAGMENT = new Set([0, 43, 60]);

interface Piece {
  offset: number;
  bytes: Buffer;
}

interface Pending {
  /** Sorted by offset. */
  pieces: Piece[];
  bytes: number;
  /** The payload's length, once the last piece (more-fragments clear) has arrived. */
  total: number | undefined;
  /** The header of the packet that comes out: the first piece's, fragmentation removed; set by the offset-0 piece. */
  header: Buffer | undefined;
}

/** One fragment as read from its packet; undefined when the packet cannot be one. */
interface Fragment {
  key: string;
  offset: number;
  more: boolean;
  bytes: Buffer;
  /** For the offset-0 fragment: the header the reassembled packet starts with (its length still to be set). */
  header: Buffer | undefined;
  /** The most payload a datagram of this version can carry. */
  maxPayload: number;
}

/** Datagrams just put together: a copy of one of their pieces arriving late (`tcpdump -i any`) is no new datagram. */
const RECENT_COMPLETED = 256;

export class IpFragments {
  private readonly pending = new Map<string, Pending>();
  private readonly completed = new Set<string>();
  private waitingBytes = 0;
  /** Fragments read into datagrams that never completed (dropped, evicted, or malformed). */
  private lost = 0;

  /**
   * Takes the fragment at `data[start, end)` (an IP packet whose decoding said 'fragment'). Returns the whole
   * datagram as an unfragmented IP packet once its last hole is filled, else undefined.
   */
  add(data: Buffer, start: number, end: number): Buffer | undefined {
    const fragment = data[start]! >> 4 === 4 ? ipv4Fragment(data, start, end) : ipv6Fragment(data, start, end);
    if (fragment === undefined || fragment.offset + fragment.bytes.length > fragment.maxPayload) {
      this.lost++;
      return undefined;
    }
    let datagram = this.pending.get(fragment.key);
    if (datagram === undefined && this.completed.has(fragment.key)) return undefined;
    if (datagram === undefined) {
      datagram = { pieces: [], bytes: 0, total: undefined, header: undefined };
      this.pending.set(fragment.key, datagram);
    }
    if (!this.take(datagram, fragment)) {
      this.drop(fragment.key);
      this.lost++;
      return undefined;
    }
    this.makeRoom(fragment.key);
    const whole = assembled(datagram);
    if (whole !== undefined) {
      this.forget(fragment.key);
      this.completed.add(fragment.key);
      if (this.completed.size > RECENT_COMPLETED) this.completed.delete(this.completed.values().next().value!);
    }
    return whole;
  }

  /** Fragments that never became a datagram, counting those still waiting. */
  unassembled(): number {
    let waiting = 0;
    for (const datagram of this.pending.values()) waiting += datagram.pieces.length;
    return this.lost + waiting;
  }

  /** Adds the piece in offset order; false when the datagram cannot be real (too many pieces, ends that disagree). */
  private take(datagram: Pending, fragment: Fragment): boolean {
    const end = fragment.offset + fragment.bytes.length;
    if (!fragment.more) {
      if (datagram.total !== undefined && datagram.total !== end) return false;
      datagram.total = end;
    }
    if (datagram.total !== undefined && datagram.pieces.some((p) => p.offset + p.bytes.length > datagram.total!)) return false;
    if (datagram.total !== undefined && end > datagram.total) return false;
    if (fragment.header !== undefined) datagram.header = fragment.header;
    const { pieces } = datagram;
    // A copy the capture repeats (a retransmission seen twice on `-i any`) adds nothing.
    if (pieces.some((p) => p.offset === fragment.offset && p.bytes.length === fragment.bytes.length)) return true;
    if (pieces.length >= MAX_PIECES) return false;
    let at = pieces.length;
    while (at > 0 && pieces[at - 1]!.offset > fragment.offset) at--;
    pieces.splice(at, 0, { offset: fragment.offset, bytes: fragment.bytes });
    datagram.bytes += fragment.bytes.length;
    this.waitingBytes += fragment.bytes.length;
    return true;
  }

  /** Evicts the oldest datagrams (other than `keep`) while too many or too many bytes wait. */
  private makeRoom(keep: string): void {
    for (const key of this.pending.keys()) {
      if (this.pending.size <= MAX_PENDING && this.waitingBytes <= MAX_WAITING_BYTES) return;
      if (key !== keep) this.drop(key);
    }
  }

  private drop(key: string): void {
    this.lost += this.pending.get(key)?.pieces.length ?? 0;
    this.forget(key);
  }

  private forget(key: string): void {
    this.waitingBytes -= this.pending.get(key)?.bytes ?? 0;
    this.pending.delete(key);
  }
}

/** The datagram as one packet when its pieces (sorted, none past the end) cover it without a hole. */
function assembled(datagram: Pending): Buffer | undefined {
  const { total, header, pieces } = datagram;
  if (total === undefined || header === undefined || datagram.bytes < total) return undefined;
  let covered = 0;
  for (const piece of pieces) {
    if (piece.offset > covered) return undefined;
    covered = Math.max(covered, piece.offset + piece.bytes.length);
  }
  if (covered < total) return undefined;
  const packet = Buffer.alloc(header.length + total);
  header.copy(packet);
  // Overlapping pieces: the later offset's bytes win where they overlap.
  for (const piece of pieces) piece.bytes.copy(packet, header.length + piece.offset);
  if (header.length === IPV4_HEADER) packet.writeUInt16BE(IPV4_HEADER + total, 2);
  else packet.writeUInt16BE(total, 4);
  return packet;
}

/** A captured fragment's bytes, or undefined when the capture cut them (a snaplen): such a datagram cannot be rebuilt. */
function captured(data: Buffer, from: number, declaredEnd: number, end: number): Buffer | undefined {
  return declaredEnd > end || declaredEnd < from ? undefined : Buffer.from(data.subarray(from, declaredEnd));
}

function ipv4Fragment(data: Buffer, start: number, end: number): Fragment | undefined {
  if (start + IPV4_HEADER > end) return undefined;
  const headerLength = (data[start]! & 0x0f) * 4;
  const bytes = captured(data, start + headerLength, start + data.readUInt16BE(start + 2), end);
  if (headerLength < IPV4_HEADER || bytes === undefined) return undefined;
  const flags = data.readUInt16BE(start + 6);
  const offset = (flags & 0x1fff) * 8;
  let header: Buffer | undefined;
  if (offset === 0) {
    // The options are dropped: none of them matters to TCP, and the header length says where TCP starts.
    header = Buffer.from(data.subarray(start, start + IPV4_HEADER));
    header[0] = 0x45;
    header.writeUInt16BE(0, 6);
  }
  const key = `4${data.toString('latin1', start + 12, start + 20)}${data[start + 9]}:${data.readUInt16BE(start + 4)}`;
  return { key, offset, more: (flags & 0x2000) !== 0, bytes, header, maxPayload: MAX_PACKET - IPV4_HEADER };
}

function ipv6Fragment(data: Buffer, start: number, end: number): Fragment | undefined {
  if (start + IPV6_HEADER > end) return undefined;
  const declaredEnd = start + IPV6_HEADER + data.readUInt16BE(start + 4);
  let next = data[start + 6]!;
  let at = start + IPV6_HEADER;
  for (let hops = 0; next !== IPV6_FRAGMENT; hops++) {
    if (!BEFORE_FRAGMENT.has(next) || hops > 16 || at + 8 > end) return undefined;
    next = data[at]!;
    at += (data[at + 1]! + 1) * 8;
  }
  if (at + 8 > end) return undefined;
  const bytes = captured(data, at + 8, declaredEnd, end);
  if (bytes === undefined) return undefined;
  const field = data.readUInt16BE(at + 2);
  const offset = field & 0xfff8;
  let header: Buffer | undefined;
  if (offset === 0) {
    // The headers before the fragment header are dropped (hop-by-hop, routing, destination options): the packet
    // that comes out is the fixed header followed by what was fragmented, starting with its next header.
    header = Buffer.from(data.subarray(start, start + IPV6_HEADER));
    header[6] = data[at]!;
  }
  const key = `6${data.toString('latin1', start + 8, start + 40)}${data.readUInt32BE(at + 4)}`;
  return { key, offset, more: (field & 1) !== 0, bytes, header, maxPayload: MAX_PACKET };
}
