// A bounded reader of zip archives (an exported Apigee bundle, as `apigeecli apis export` and the management API
// write it), in memory, with node's zlib. Bounds by count and size, never by time:
// - at most `maxEntries` entries, each at most `maxEntryBytes` once inflated, `maxTotalBytes` in all: inflation
//   stops at the declared size (a zip bomb's entry that inflates beyond what it declares is refused);
// - names are relative paths with no `..`, no drive or leading slash, no backslash, no NUL: nothing can point
//   out of the archive's own folder;
// - stored and deflated entries only; encrypted or ZIP64 archives are refused with a reason.
import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

export const ZIP_LIMITS: ZipLimits = { maxEntries: 10_000, maxEntryBytes: 4 * 1024 * 1024, maxTotalBytes: 64 * 1024 * 1024 };

export type ZipResult = { ok: true; entries: Map<string, Uint8Array> } | { ok: false; reason: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The files of a zip archive by relative path (folders are implied), or why it cannot be read. Never throws. */
export function readZip(data: Uint8Array, limits: ZipLimits = ZIP_LIMITS): ZipResult {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const end = findEndOfCentralDirectory(view);
  if (end < 0) return { ok: false, reason: 'is not a zip archive (no end of central directory)' };
  const count = view.getUint16(end + 10, true);
  const dirOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) return { ok: false, reason: 'is a ZIP64 archive, which is not read' };
  if (count > limits.maxEntries) return { ok: false, reason: `holds ${count} entries, more than the ${limits.maxEntries} read` };
  const entries = new Map<string, Uint8Array>();
  let total = 0;
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL) return { ok: false, reason: 'has a damaged central directory' };
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    if (next > view.byteLength) return { ok: false, reason: 'has a damaged central directory' };
    const name = Buffer.from(data.buffer, data.byteOffset + at + 46, nameLength).toString('utf8');
    at = next;
    if (name.endsWith('/')) continue;
    if (!isSafeName(name)) return { ok: false, reason: `names an entry outside its folder ('${printable(name)}')` };
    if ((flags & 1) !== 0) return { ok: false, reason: `has an encrypted entry ('${name}')` };
    if (method !== 0 && method !== 8)
      return { ok: false, reason: `uses compression method ${method} for '${name}' (stored and deflate are read)` };
    if (size > limits.maxEntryBytes) return { ok: false, reason: `has an entry larger than ${limits.maxEntryBytes} bytes ('${name}')` };
    total += size;
    if (total > limits.maxTotalBytes) return { ok: false, reason: `inflates to more than ${limits.maxTotalBytes} bytes` };
    const body = entryBody(view, data, local, compressed);
    if (body === undefined) return { ok: false, reason: `has a damaged entry ('${name}')` };
    const content = method === 0 ? body : inflate(body, size);
    if (content === undefined || content.byteLength !== size) return { ok: false, reason: `has a damaged entry ('${name}')` };
    entries.set(name, content);
  }
  return { ok: true, entries };
}

/** Whether the bytes start like a zip archive (a local file header, or the end record of an empty one). */
export function looksLikeZip(data: Uint8Array): boolean {
  if (data.byteLength < 4) return false;
  const magic = new DataView(data.buffer, data.byteOffset, 4).getUint32(0, true);
  return magic === LOCAL || magic === EOCD;
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes, followed by a comment of at most 65,535 bytes.
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= lowest; i--) if (view.getUint32(i, true) === EOCD) return i;
  return -1;
}

function entryBody(view: DataView, data: Uint8Array, local: number, compressed: number): Uint8Array | undefined {
  if (local + 30 > view.byteLength || view.getUint32(local, true) !== LOCAL) return undefined;
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  if (start + compressed > view.byteLength) return undefined;
  return data.subarray(start, start + compressed);
}

function inflate(body: Uint8Array, size: number): Uint8Array | undefined {
  try {
    // At most the declared size (+1 to tell a longer stream): a bomb stops here, not at the end of memory.
    return inflateRawSync(body, { maxOutputLength: Math.max(1, size + 1) });
  } catch {
    return undefined;
  }
}

function isSafeName(name: string): boolean {
  if (name.length === 0 || name.includes('\\') || name.includes('\0') || name.startsWith('/') || /^[A-Za-z]:/.test(name)) return false;
  return name.split('/').every((part) => part !== '..' && part !== '.' && part !== '');
}

const printable = (name: string): string => [...name.slice(0, 200)].map((c) => (c.charCodeAt(0) < 0x20 ? '?' : c)).join('');
