// A WorkspaceFiles over the entries of an archive held in memory (an exported bundle zip): the zip's path is the
// folder, its entries the files below it. Nothing on the disk is read through it; the same bounds hold (an entry
// larger than the read's limit is refused as too large), and it is trusted as the CLI's own folders are.
import { join, relative, sep } from 'node:path';
import type { DirEntry, WorkspaceFiles } from './files';
import { isInside } from './paths';
import { MAX_FILE_BYTES, type ReadResult } from '../fs/regular-file';

export function archiveFiles(root: string, entries: ReadonlyMap<string, Uint8Array>): WorkspaceFiles {
  const files = new Map<string, Uint8Array>();
  const dirs = new Map<string, Map<string, DirEntry>>([[root, new Map()]]);
  for (const [name, data] of entries) {
    const path = join(root, ...name.split('/'));
    files.set(path, data);
    // Every folder above the entry lists the next step down.
    let child = path;
    let isFile = true;
    while (child !== root) {
      const parent = join(child, '..');
      const listing = dirs.get(parent) ?? new Map<string, DirEntry>();
      dirs.set(parent, listing);
      const entryName = relative(parent, child).split(sep)[0]!;
      if (!listing.has(entryName)) listing.set(entryName, { name: entryName, directory: !isFile, file: isFile, link: false });
      child = parent;
      isFile = false;
    }
  }
  const contains = (path: string): boolean => isInside(root, path);
  const read = (path: string, maxBytes = MAX_FILE_BYTES): ReadResult => {
    if (!contains(path)) return { ok: false, reason: 'outside-workspace' };
    const data = files.get(path);
    if (data === undefined) return { ok: false, reason: dirs.has(path) ? 'not-a-file' : 'missing' };
    return data.byteLength > maxBytes ? { ok: false, reason: 'too-large' } : { ok: true, data };
  };
  return {
    roots: [root],
    contains,
    read,
    readText(path, maxBytes) {
      const result = read(path, maxBytes);
      return result.ok ? Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength).toString('utf8') : undefined;
    },
    readMaterial: (path, maxBytes) => read(path, maxBytes),
    list: (dir) => (contains(dir) ? (dirs.has(dir) ? [...dirs.get(dir)!.values()] : undefined) : undefined),
    trusted: () => true,
  };
}
