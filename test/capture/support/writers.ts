// pcap and pcapng writers for hand-made captures, in either byte order, so that every header field the reader
// depends on is set by the test itself.

export interface Frame {
  /** Capture time in ms since the epoch; sub-ms digits down to the microsecond are kept. */
  time: number;
  data: Buffer;
  /** The frame's length on the wire when the capture kept less (snaplen). */
  originalLength?: number;
}

/** Integer ticks of 10^-9 s, computed exactly enough from a ms time with µs precision. */
function nanos(time: number): bigint {
  return BigInt(Math.round(time * 1000)) * 1000n;
}

/** Unsigned integer writers in one byte order. */
function encoders(le: boolean): { u16(n: number): Buffer; u32(n: number): Buffer } {
  const write = (size: 2 | 4, n: number): Buffer => {
    const b = Buffer.alloc(size);
    if (le) b.writeUIntLE(n >>> 0, 0, size);
    else b.writeUIntBE(n >>> 0, 0, size);
    return b;
  };
  return { u16: (n) => write(2, n), u32: (n) => write(4, n) };
}

export interface PcapOptions {
  linkType: number;
  littleEndian?: boolean;
  nanosecond?: boolean;
  snaplen?: number;
  /** The "modified" (Kuznetzov) format: 8 more bytes per record header. */
  modified?: boolean;
}

export function pcap(frames: Frame[], opts: PcapOptions): Buffer {
  const { u16, u32 } = encoders(opts.littleEndian ?? true);
  const magic = opts.modified ? 0xa1b2cd34 : opts.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4;
  const header = Buffer.concat([u32(magic), u16(2), u16(4), u32(0), u32(0), u32(opts.snaplen ?? 262144), u32(opts.linkType)]);
  const records = frames.map((f) => {
    const ns = nanos(f.time);
    const seconds = Number(ns / 1_000_000_000n);
    const fraction = Number(ns % 1_000_000_000n) / (opts.nanosecond ? 1 : 1000);
    const extra = opts.modified ? Buffer.alloc(8) : Buffer.alloc(0);
    return Buffer.concat([
      u32(seconds),
      u32(Math.round(fraction)),
      u32(f.data.length),
      u32(f.originalLength ?? f.data.length),
      extra,
      f.data,
    ]);
  });
  return Buffer.concat([header, ...records]);
}

export interface NgInterface {
  linkType: number;
  snaplen?: number;
  /** if_tsresol: 6 = µs (default), 9 = ns, 0x80 | n = 2^-n s. */
  tsresol?: number;
}

export type NgBlock =
  | ({ kind: 'epb' | 'opb'; interfaceId?: number } & Frame)
  | ({ kind: 'spb' } & Omit<Frame, 'time'>)
  | { kind: 'raw'; type: number; body: Buffer };

export interface NgSection {
  littleEndian?: boolean;
  interfaces: NgInterface[];
  blocks: NgBlock[];
}

function pad4(b: Buffer): Buffer {
  return Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
}

function ticks(time: number, tsresol: number): bigint {
  const ns = nanos(time);
  if (tsresol & 0x80) return (ns * 2n ** BigInt(tsresol & 0x7f)) / 1_000_000_000n;
  const exp = tsresol;
  return exp >= 9 ? ns * 10n ** BigInt(exp - 9) : ns / 10n ** BigInt(9 - exp);
}

export function pcapng(sections: NgSection[]): Buffer {
  const out: Buffer[] = [];
  for (const section of sections) {
    const { u16, u32 } = encoders(section.littleEndian ?? true);
    const block = (type: number, body: Buffer): Buffer => {
      const padded = pad4(body);
      return Buffer.concat([u32(type), u32(padded.length + 12), padded, u32(padded.length + 12)]);
    };
    const option = (code: number, value: Buffer): Buffer => Buffer.concat([u16(code), u16(value.length), pad4(value)]);
    const time = (iface: NgInterface, ms: number): Buffer => {
      const t = ticks(ms, iface.tsresol ?? 6);
      return Buffer.concat([u32(Number(t >> 32n)), u32(Number(t & 0xffffffffn))]);
    };
    // SHB: byte-order magic, version 1.0, section length unknown (-1).
    out.push(block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)])));
    for (const iface of section.interfaces) {
      const options = iface.tsresol === undefined ? [] : [option(9, Buffer.from([iface.tsresol])), option(0, Buffer.alloc(0))];
      out.push(block(1, Buffer.concat([u16(iface.linkType), u16(0), u32(iface.snaplen ?? 0), ...options])));
    }
    for (const b of section.blocks) {
      if (b.kind === 'raw') {
        out.push(block(b.type, b.body));
      } else if (b.kind === 'spb') {
        out.push(block(3, Buffer.concat([u32(b.originalLength ?? b.data.length), b.data])));
      } else {
        const id = b.interfaceId ?? 0;
        const iface = section.interfaces[id] ?? { linkType: 1 };
        const lengths = Buffer.concat([u32(b.data.length), u32(b.originalLength ?? b.data.length)]);
        const head = b.kind === 'epb' ? u32(id) : Buffer.concat([u16(id), u16(0)]);
        out.push(block(b.kind === 'epb' ? 6 : 2, Buffer.concat([head, time(iface, b.time), lengths, b.data])));
      }
    }
  }
  return Buffer.concat(out);
}
