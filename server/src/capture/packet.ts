// The one shape both file formats produce: a captured frame as a range of the reader's window.
import type { CaptureError, CaptureFormat, CaptureTime } from './types';

/** Filled in place by `PacketReader.next` (one object for the whole file); `data` is only valid until the next call. */
export interface RawPacket {
  linkType: number;
  time: CaptureTime;
  data: Buffer;
  start: number;
  /** Captured bytes end (exclusive) in `data`. */
  end: number;
  originalLength: number;
  /** The snaplen of the packet's interface (0 when unknown). */
  snaplen: number;
}

export interface PacketReader {
  readonly format: CaptureFormat;
  /** Fills `packet` with the next packet; false at the end of the file (or at damage: see `fileCut`). */
  next(packet: RawPacket): boolean;
  /** The file ended inside a record or a block was damaged. */
  readonly fileCut: boolean;
}

export function newPacket(): RawPacket {
  return { linkType: 0, time: 0, data: Buffer.alloc(0), start: 0, end: 0, originalLength: 0, snaplen: 0 };
}

export function captureError(code: CaptureError['code'], message: string): CaptureError {
  return { code, message };
}
