// pcapng: a sequence of sections, each a Section Header Block (which sets the byte order) followed by
// Interface Description Blocks (link type, snaplen, timestamp resolution) and packet blocks (EPB, SPB, the
// obsolete OPB). Every other block type is skipped by its length.
import { MAX_BLOCK, type BlockReader } from './block-reader';
import { captureError, type PacketReader, type RawPacket } from './packet';
import type { CaptureError } from './types';

export const SHB = 0x0a0d0d0a;
const IDB = 1;
const OPB = 2;
const SPB = 3;
const EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

const OPT_END = 0;
const OPT_TSRESOL = 9;
const OPT_TSOFFSET = 14;

interface Interface {
  linkType: number;
  snaplen: number;
  /** Timestamp units per millisecond. */
  unitsPerMs: number;
  /** if_tsoffset, in milliseconds. */
  offsetMs: number;
}

/** if_tsresol: 10^-n seconds, or 2^-n when the top bit is set; the default is microseconds. */
function unitsPerMs(tsresol: number): number {
  const exponent = tsresol & 0x7f;
  const perSecond = tsresol & 0x80 ? 2 ** exponent : 10 ** exponent;
  return perSecond / 1000;
}

/** `reader.pos` is at an SHB's type field and 12 bytes are available. */
export function openPcapng(reader: BlockReader): PacketReader | CaptureError {
  let little = true;
  let interfaces: Interface[] = [];
  let fileCut = false;
  let lastTime = 0;

  const u16 = (at: number): number => (little ? reader.bytes.readUInt16LE(at) : reader.bytes.readUInt16BE(at));
  const u32 = (at: number): number => (little ? reader.bytes.readUInt32LE(at) : reader.bytes.readUInt32BE(at));

  /** Sets the byte order from an SHB at `pos`; false when its magic is wrong. */
  const section = (): boolean => {
    const magic = reader.bytes.readUInt32LE(reader.pos + 8);
    if (magic !== BYTE_ORDER_MAGIC && magic !== 0x4d3c2b1a) return false;
    little = magic === BYTE_ORDER_MAGIC;
    interfaces = [];
    return true;
  };

  const describeInterface = (body: number, bodyEnd: number): void => {
    const iface: Interface = { linkType: u16(body), snaplen: u32(body + 4), unitsPerMs: 1000, offsetMs: 0 };
    for (let at = body + 8; at + 4 <= bodyEnd;) {
      const code = u16(at);
      const length = u16(at + 2);
      const value = at + 4;
      if (code === OPT_END || value + length > bodyEnd) break;
      if (code === OPT_TSRESOL && length >= 1) iface.unitsPerMs = unitsPerMs(reader.bytes[value]!);
      if (code === OPT_TSOFFSET && length >= 8) {
        const high = little ? reader.bytes.readInt32LE(value + 4) : reader.bytes.readInt32BE(value);
        const low = little ? reader.bytes.readUInt32LE(value) : reader.bytes.readUInt32BE(value + 4);
        iface.offsetMs = (high * 4294967296 + low) * 1000;
      }
      at = value + ((length + 3) & ~3);
    }
    interfaces.push(iface);
  };

  const fill = (packet: RawPacket, iface: Interface, time: number, data: number, captured: number, original: number): void => {
    packet.linkType = iface.linkType;
    packet.time = time;
    packet.data = reader.bytes;
    packet.start = data;
    packet.end = data + captured;
    packet.originalLength = original;
    packet.snaplen = iface.snaplen;
  };

  const timestamp = (iface: Interface, high: number, low: number): number =>
    (lastTime = (high * 4294967296 + low) / iface.unitsPerMs + iface.offsetMs);

  /** Reads one packet block whose body spans [body, bodyEnd); false when it is damaged or not a packet. */
  const packetBlock = (type: number, body: number, bodyEnd: number, packet: RawPacket): boolean => {
    if (type === EPB || type === OPB) {
      // EPB: interface (4); OPB: interface (2) and drop count (2); then both: time high, low, captured, original.
      const header = 20;
      if (bodyEnd - body < header) return false;
      const iface = interfaces[type === EPB ? u32(body) : u16(body)];
      if (iface === undefined) return false;
      const captured = u32(body + 12);
      if (captured > bodyEnd - body - header) return false;
      fill(packet, iface, timestamp(iface, u32(body + 4), u32(body + 8)), body + header, captured, u32(body + 16));
      return true;
    }
    // SPB: interface 0, no timestamp (the previous packet's time stands in), captured = min(snaplen, room).
    const iface = interfaces[0];
    if (iface === undefined || bodyEnd - body < 4) return false;
    const original = u32(body);
    let captured = Math.min(original, bodyEnd - body - 4);
    if (iface.snaplen > 0) captured = Math.min(captured, iface.snaplen);
    fill(packet, iface, lastTime, body + 4, captured, original);
    return true;
  };

  if (!reader.need(28)) return captureError('truncated-header', 'the pcapng section header is cut short');
  if (!section()) return captureError('not-a-capture', 'the pcapng section header has no valid byte-order magic');

  return {
    format: 'pcapng',
    get fileCut() {
      return fileCut;
    },
    next(packet: RawPacket): boolean {
      for (;;) {
        if (!reader.need(12)) {
          fileCut = reader.available > 0;
          return false;
        }
        const type = reader.bytes.readUInt32LE(reader.pos);
        if (type === SHB) {
          if (!reader.need(28) || !section()) {
            fileCut = true;
            return false;
          }
        }
        const length = u32(reader.pos + 4);
        if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK || !reader.need(length)) {
          fileCut = true;
          return false;
        }
        const start = reader.pos;
        const blockType = type === SHB ? SHB : u32(start);
        reader.skip(length);
        if (blockType === IDB && length >= 20) describeInterface(start + 8, start + length - 4);
        if (
          (blockType === EPB || blockType === OPB || blockType === SPB) &&
          packetBlock(blockType, start + 8, start + length - 4, packet)
        ) {
          return true;
        }
      }
    },
  };
}
