// A ByteSource over a Buffer that hands out at most `chunk` bytes per read, as a slow file or pipe would, so that
// the reader's window has to move and grow.
import type { ByteSource } from '../../../server/src/capture/block-reader';

export function chunkedSource(bytes: Buffer, chunk: number): ByteSource {
  let at = 0;
  return {
    size: bytes.length,
    read(target, offset, length) {
      const n = Math.min(length, chunk, bytes.length - at);
      bytes.copy(target, offset, at, at + n);
      at += n;
      return n;
    },
    close() {},
  };
}
