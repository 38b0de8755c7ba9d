// The file-system boundary's primitive, under every reader of the project (workspace/files.ts confines it to the
// workspace folders; hosts use it as is for files the user named by hand): a regular file only, checked on the
// opened descriptor (a device such as /dev/zero, a FIFO or a folder is refused, and opening never blocks), and never
// more than a bound read, whatever stat said before. Imports nothing of the project: every room may sit on it.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** What one read returns at most: model files, certificates, keys, property files. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export type ReadFailure = 'missing' | 'outside-workspace' | 'too-large' | 'not-a-file' | 'unreadable' | 'untrusted';

export type ReadResult = { ok: true; data: Uint8Array } | { ok: false; reason: ReadFailure };

/** What a read failure means, for messages ("'x.pem' is not a file"). */
export function describeFailure(reason: ReadFailure): string {
  switch (reason) {
    case 'missing':
      return 'does not exist';
    case 'outside-workspace':
      return 'is outside the workspace folder (not read)';
    case 'too-large':
      return 'is too large to read';
    case 'not-a-file':
      return 'is not a file';
    case 'unreadable':
      return 'cannot be read';
    case 'untrusted':
      return 'is not read in an untrusted workspace';
  }
}

/**
 * A file the user named by hand (a CLI flag, a trusted workspace's setting, a file picked in a dialog): not
 * confined to the folders, but held to the same rules otherwise (regular file, bounded, never blocks).
 */
export function readNamedFile(path: string, maxBytes = MAX_FILE_BYTES): ReadResult {
  return readRegularFile(path, maxBytes);
}

/** The first `maxBytes` of a named regular file (a key log read up to its bound, the rest ignored). */
export function readNamedPrefix(path: string, maxBytes: number): ReadResult {
  return readRegularFile(path, maxBytes, true);
}

/** A named file's text, or an Error saying why not ("it does not exist": the caller names the file). */
export function readNamedText(path: string, maxBytes = MAX_FILE_BYTES): string {
  const result = readNamedFile(path, maxBytes);
  if (!result.ok) throw new Error(`it ${describeFailure(result.reason)}`);
  return Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength).toString('utf8');
}

/**
 * A named file opened for streaming (a capture of a gigabyte is read in blocks, never whole): a regular file only,
 * checked on the descriptor, and opening never blocks (a FIFO). The caller closes the descriptor.
 */
export function openRegularFile(path: string): { ok: true; fd: number; size: number } | { ok: false; reason: ReadFailure } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : code === 'EISDIR' ? 'not-a-file' : 'unreadable' };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) return { ok: true, fd, size: stat.size };
  } catch {
    // an unreadable descriptor is refused below
  }
  closeSync(fd);
  return { ok: false, reason: 'not-a-file' };
}

/** Opens, checks the descriptor, reads at most `maxBytes` (one byte more tells a longer file). */
export function readRegularFile(path: string, maxBytes: number, prefix = false): ReadResult {
  const opened = openRegularFile(path);
  if (!opened.ok) return opened;
  const fd = opened.fd;
  try {
    // Start with the size fstat told (+1 to see the end), at least a little; never more than maxBytes + 1.
    let data = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(1024, opened.size + 1)));
    let length = 0;
    for (;;) {
      if (length === data.length) {
        if (length > maxBytes) return prefix ? { ok: true, data: data.subarray(0, maxBytes) } : { ok: false, reason: 'too-large' };
        // The file grew since fstat (or lied about its size): grow the buffer, still bounded by maxBytes + 1.
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(64 * 1024, data.length * 2)));
        data.copy(bigger, 0, 0, length);
        data = bigger;
      }
      const n = readSync(fd, data, length, data.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) return prefix ? { ok: true, data: data.subarray(0, maxBytes) } : { ok: false, reason: 'too-large' };
    return { ok: true, data: data.subarray(0, length) };
  } catch {
    return { ok: false, reason: 'unreadable' };
  } finally {
    closeSync(fd);
  }
}
