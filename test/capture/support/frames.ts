// Byte-level builders for the frames of hand-made captures: TCP over IPv4/IPv6, wrapped in a link layer.
// Checksums are left zero: the reader never checks them.
import { isIPv6 } from 'node:net';

export interface TcpSpec {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  seq: number;
  ack?: number;
  /** Any of S (SYN), A (ACK), F (FIN), R (RST), P (PSH). */
  flags: string;
  payload?: Buffer;
  /** Bytes the segment claims beyond `payload` (the IP length counts them; a snaplen cut them off). */
  uncaptured?: number;
}

const FLAG_BITS: Record<string, number> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10 };

function tcpHeader(spec: TcpSpec): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(spec.sport, 0);
  header.writeUInt16BE(spec.dport, 2);
  header.writeUInt32BE(spec.seq >>> 0, 4);
  header.writeUInt32BE((spec.ack ?? 0) >>> 0, 8);
  header[12] = 5 << 4;
  header[13] = [...spec.flags].reduce((bits, f) => bits | FLAG_BITS[f]!, spec.ack === undefined ? 0 : 0x10);
  header.writeUInt16BE(65535, 14);
  return header;
}

function ipv4Bytes(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.split('::') as [string, string | undefined];
  const parse = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const groups = tail === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

export interface Ipv4Options {
  /** IP options (a multiple of 4 bytes). */
  options?: Buffer;
  /** Fragment offset in 8-byte units, and the more-fragments flag. */
  fragmentOffset?: number;
  moreFragments?: boolean;
  protocol?: number;
}

export function ipv4(spec: TcpSpec, opts: Ipv4Options = {}): Buffer {
  const options = opts.options ?? Buffer.alloc(0);
  const tcp = Buffer.concat([tcpHeader(spec), spec.payload ?? Buffer.alloc(0)]);
  const header = Buffer.alloc(20);
  header[0] = 0x40 | ((20 + options.length) / 4);
  header.writeUInt16BE(20 + options.length + tcp.length + (spec.uncaptured ?? 0), 2);
  header.writeUInt16BE((opts.moreFragments ? 0x2000 : 0x4000) | (opts.fragmentOffset ?? 0), 6);
  header[8] = 64;
  header[9] = opts.protocol ?? 6;
  ipv4Bytes(spec.src).copy(header, 12);
  ipv4Bytes(spec.dst).copy(header, 16);
  return Buffer.concat([header, options, tcp]);
}

/** IPv6 with optional extension headers before TCP, each given as [type, 8-byte-multiple body]. */
export function ipv6(spec: TcpSpec, extensions: [number, Buffer][] = []): Buffer {
  const tcp = Buffer.concat([tcpHeader(spec), spec.payload ?? Buffer.alloc(0)]);
  const chain = extensions.map(([, body], i) => {
    const next = i + 1 < extensions.length ? extensions[i + 1]![0] : 6;
    const ext = Buffer.concat([Buffer.from([next, 0]), body]);
    ext[1] = ext.length / 8 - 1;
    return ext;
  });
  const payload = Buffer.concat([...chain, tcp]);
  const header = Buffer.alloc(40);
  header[0] = 0x60;
  header.writeUInt16BE(payload.length + (spec.uncaptured ?? 0), 4);
  header[6] = extensions[0]?.[0] ?? 6;
  header[7] = 64;
  ipv6Bytes(spec.src).copy(header, 8);
  ipv6Bytes(spec.dst).copy(header, 24);
  return Buffer.concat([header, payload]);
}

/** An IPv4 packet (options-free) cut into fragments of `size` payload bytes (a multiple of 8), as a router would. */
export function fragmentIpv4(packet: Buffer, size: number, id: number): Buffer[] {
  const payload = packet.subarray(20);
  const out: Buffer[] = [];
  for (let at = 0; at < payload.length; at += size) {
    const piece = payload.subarray(at, at + size);
    const header = Buffer.from(packet.subarray(0, 20));
    header.writeUInt16BE(20 + piece.length, 2);
    header.writeUInt16BE(id, 4);
    header.writeUInt16BE((at + size < payload.length ? 0x2000 : 0) | (at / 8), 6);
    out.push(Buffer.concat([header, piece]));
  }
  return out;
}

/** An IPv6 packet (no extension headers) cut into fragments of `size` bytes (a multiple of 8) with fragment headers. */
export function fragmentIpv6(packet: Buffer, size: number, id: number): Buffer[] {
  const payload = packet.subarray(40);
  const out: Buffer[] = [];
  for (let at = 0; at < payload.length; at += size) {
    const piece = payload.subarray(at, at + size);
    const header = Buffer.from(packet.subarray(0, 40));
    header.writeUInt16BE(8 + piece.length, 4);
    header[6] = 44;
    const fragment = Buffer.alloc(8);
    fragment[0] = packet[6]!;
    fragment.writeUInt16BE(at | (at + size < payload.length ? 1 : 0), 2);
    fragment.writeUInt32BE(id, 4);
    out.push(Buffer.concat([header, fragment, piece]));
  }
  return out;
}

export function ip(spec: TcpSpec): Buffer {
  return isIPv6(spec.src) ? ipv6(spec) : ipv4(spec);
}

function ethertypeOf(packet: Buffer): number {
  return packet[0]! >> 4 === 6 ? 0x86dd : 0x0800;
}

/** Ethernet II, with 802.1Q tags (or other tag ethertypes, outermost first) when given. */
export function ethernet(packet: Buffer, vlans: { tpid?: number; id: number }[] = []): Buffer {
  const macs = Buffer.from('020000000002' + '020000000001', 'hex');
  const tags = vlans.map(({ tpid, id }) => {
    const tag = Buffer.alloc(4);
    tag.writeUInt16BE(tpid ?? 0x8100, 0);
    tag.writeUInt16BE(id, 2);
    return tag;
  });
  const type = Buffer.alloc(2);
  type.writeUInt16BE(ethertypeOf(packet));
  return Buffer.concat([macs, ...tags, type, packet]);
}

/** Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 113). */
export function sll(packet: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt16BE(4, 0); // sent by us
  header.writeUInt16BE(772, 2); // ARPHRD_LOOPBACK
  header.writeUInt16BE(6, 4);
  header.writeUInt16BE(ethertypeOf(packet), 14);
  return Buffer.concat([header, packet]);
}

/** Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276), what `tcpdump -i any` writes on new libpcap. */
export function sll2(packet: Buffer): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(ethertypeOf(packet), 0);
  header.writeUInt32BE(1, 4); // interface index
  header.writeUInt16BE(772, 8);
  header[10] = 4;
  header[11] = 6;
  return Buffer.concat([header, packet]);
}

/** BSD loopback (LINKTYPE_NULL, 0): the address family in the capturing host's byte order. */
export function nullLoopback(packet: Buffer, littleEndian: boolean, family = packet[0]! >> 4 === 6 ? 30 : 2): Buffer {
  const header = Buffer.alloc(4);
  if (littleEndian) header.writeUInt32LE(family);
  else header.writeUInt32BE(family);
  return Buffer.concat([header, packet]);
}

/** OpenBSD loopback (LINKTYPE_LOOP, 108): the family in network byte order. */
export function loop(packet: Buffer): Buffer {
  return nullLoopback(packet, false, packet[0]! >> 4 === 6 ? 24 : 2);
}
