// IPv4 and IPv6 down to the TCP header: addresses, ports, sequence numbers, flags and where the payload is.
// The payload's full length comes from the IP header, so a frame cut by the snaplen still says how many
// bytes its segment carried.

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const ACK = 0x10;

/** Filled in place by `decodeTcp`; offsets index into `data`, which is only valid until the next packet. */
export interface TcpSegment {
  data: Buffer;
  /** 4 or 16. */
  addressLength: number;
  source: number;
  destination: number;
  sourcePort: number;
  destinationPort: number;
  seq: number;
  ack: number;
  flags: number;
  payloadStart: number;
  /** End of the captured payload. */
  payloadEnd: number;
  /** The payload length the IP header declares (≥ captured when the frame was cut). */
  payloadLength: number;
}

export type DecodeOutcome = 'tcp' | 'not-tcp' | 'fragment' | 'malformed';

const TCP = 6;
const IPV6_HEADER = 40;
/** IPv6 extension headers that can precede TCP; the fragment header (44) is handled on its own. */
const IPV6_EXTENSIONS = new Set([0, 43, 60, 51, 135, 139, 140]);

export function newSegment(): TcpSegment {
  return {
    data: Buffer.alloc(0),
    addressLength: 4,
    source: 0,
    destination: 0,
    sourcePort: 0,
    destinationPort: 0,
    seq: 0,
    ack: 0,
    flags: 0,
    payloadStart: 0,
    payloadEnd: 0,
    payloadLength: 0,
  };
}

/** Decodes the IP packet at `start` (captured bytes end at `end`) into `segment`. */
export function decodeTcp(data: Buffer, start: number, end: number, segment: TcpSegment): DecodeOutcome {
  if (start >= end) return 'malformed';
  const version = data[start]! >> 4;
  if (version === 4) return ipv4(data, start, end, segment);
  if (version === 6) return ipv6(data, start, end, segment);
  return 'not-tcp';
}

function ipv4(data: Buffer, start: number, end: number, segment: TcpSegment): DecodeOutcome {
  if (start + 20 > end) return 'malformed';
  const headerLength = (data[start]! & 0x0f) * 4;
  const totalLength = data.readUInt16BE(start + 2);
  if (headerLength < 20 || start + headerLength > end) return 'malformed';
  if (data[start + 9] !== TCP) return 'not-tcp';
  // A fragment (more-fragments set, or an offset) is put back together with the others first (ip-fragments.ts).
  if ((data.readUInt16BE(start + 6) & 0x3fff) !== 0) return 'fragment';
  // A total length of 0 is what segmentation offload leaves in captures: the frame is the packet.
  const declaredEnd = totalLength === 0 ? end : start + totalLength;
  if (declaredEnd < start + headerLength) return 'malformed';
  segment.data = data;
  segment.addressLength = 4;
  segment.source = start + 12;
  segment.destination = start + 16;
  return tcp(data, start + headerLength, Math.min(end, declaredEnd), declaredEnd, segment);
}

function ipv6(data: Buffer, start: number, end: number, segment: TcpSegment): DecodeOutcome {
  if (start + IPV6_HEADER > end) return 'malformed';
  const payloadLength = data.readUInt16BE(start + 4);
  // 0 is a jumbogram or offload: the captured bytes are the packet.
  const declaredEnd = payloadLength === 0 ? end : start + IPV6_HEADER + payloadLength;
  let next = data[start + 6]!;
  let at = start + IPV6_HEADER;
  for (let hops = 0; next !== TCP; hops++) {
    if (!isExtension(next) || hops > 16) return 'not-tcp';
    if (at + 8 > end) return 'malformed';
    if (next === 44) {
      // An atomic fragment (offset 0, no more to come) is the whole packet; any other of TCP's waits for the rest.
      if ((data.readUInt16BE(at + 2) & 0xfff9) !== 0) return data[at] === TCP || IPV6_EXTENSIONS.has(data[at]!) ? 'fragment' : 'not-tcp';
      next = data[at]!;
      at += 8;
      continue;
    }
    const length = next === 51 ? (data[at + 1]! + 2) * 4 : (data[at + 1]! + 1) * 8;
    next = data[at]!;
    at += length;
  }
  if (at > declaredEnd) return 'malformed';
  segment.data = data;
  segment.addressLength = 16;
  segment.source = start + 8;
  segment.destination = start + 24;
  return tcp(data, at, Math.min(end, declaredEnd), declaredEnd, segment);
}

function isExtension(next: number): boolean {
  return next === 44 || IPV6_EXTENSIONS.has(next);
}

function tcp(data: Buffer, at: number, capturedEnd: number, declaredEnd: number, segment: TcpSegment): DecodeOutcome {
  if (at + 20 > capturedEnd) return 'malformed';
  const headerLength = (data[at + 12]! >> 4) * 4;
  if (headerLength < 20 || at + headerLength > declaredEnd) return 'malformed';
  segment.sourcePort = data.readUInt16BE(at);
  segment.destinationPort = data.readUInt16BE(at + 2);
  segment.seq = data.readUInt32BE(at + 4);
  segment.ack = data.readUInt32BE(at + 8);
  segment.flags = data[at + 13]!;
  segment.payloadStart = Math.min(at + headerLength, capturedEnd);
  segment.payloadEnd = capturedEnd;
  segment.payloadLength = declaredEnd - (at + headerLength);
  return 'tcp';
}
