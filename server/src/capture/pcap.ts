// Classic libpcap files: a 24-byte header, then 16-byte record headers each followed by the captured bytes.
// Magic says byte order and timestamp unit (µs or ns); 0xa1b2cd34 is the "modified" format with 24-byte records.
import { MAX_BLOCK, type BlockReader } from './block-reader';
import { isSupportedLinkType, unsupportedLinkType } from './link';
import { captureError, type PacketReader, type RawPacket } from './packet';
import type { CaptureError } from './types';

const MAGIC_MICRO = 0xa1b2c3d4;
const MAGIC_NANO = 0xa1b23c4d;
const MAGIC_MODIFIED = 0xa1b2cd34;
const FILE_HEADER = 24;

export function isPcapMagic(magic: number): boolean {
  return magic === MAGIC_MICRO || magic === MAGIC_NANO || magic === MAGIC_MODIFIED;
}

/** Reads the file header; `reader.pos` is at the start of the file and 4 bytes are available. */
export function openPcap(reader: BlockReader): PacketReader | CaptureError {
  const be = reader.bytes.readUInt32BE(reader.pos);
  const le = reader.bytes.readUInt32LE(reader.pos);
  const little = isPcapMagic(le);
  const magic = little ? le : be;
  if (!reader.need(FILE_HEADER)) return captureError('truncated-header', 'the pcap file header is cut short');
  const u32 = (at: number): number => (little ? reader.bytes.readUInt32LE(at) : reader.bytes.readUInt32BE(at));
  const h = reader.pos;
  const snaplen = u32(h + 16);
  // The upper bits of the link-type field carry the FCS length, not the link type.
  const linkType = u32(h + 20) & 0xffff;
  if (!isSupportedLinkType(linkType)) return captureError('unsupported-link-type', unsupportedLinkType(linkType));
  reader.skip(FILE_HEADER);
  const unitsPerMs = magic === MAGIC_NANO ? 1e6 : 1e3;
  const recordHeader = magic === MAGIC_MODIFIED ? 24 : 16;
  let fileCut = false;
  return {
    format: 'pcap',
    get fileCut() {
      return fileCut;
    },
    next(packet: RawPacket): boolean {
      if (!reader.need(recordHeader)) {
        fileCut = reader.available > 0;
        return false;
      }
      const at = reader.pos;
      const seconds = u32(at);
      const fraction = u32(at + 4);
      const captured = u32(at + 8);
      const original = u32(at + 12);
      if (captured > MAX_BLOCK) {
        fileCut = true;
        return false;
      }
      if (!reader.need(recordHeader + captured)) {
        fileCut = true;
        return false;
      }
      const start = reader.pos + recordHeader;
      packet.linkType = linkType;
      packet.time = seconds * 1000 + fraction / unitsPerMs;
      packet.data = reader.bytes;
      packet.start = start;
      packet.end = start + captured;
      packet.originalLength = original;
      packet.snaplen = snaplen;
      reader.skip(recordHeader + captured);
      return true;
    },
  };
}
