// The one file-system boundary of the engines. Every file the workspace model, profile inference, navigation, the
// probe and the capture services read comes through a WorkspaceFiles (or, for a file the user named by hand,
// through readNamedFile): the same promises everywhere, kept in one place.
// - Confined: a path must lie inside one of the folders, both as written and after resolving symlinks, so a link
//   pointing out of the folder (or a link loop) is refused without reading it.
// - Regular files only, checked on the opened descriptor (fstat), never stat-then-read: a device (/dev/zero), a
//   FIFO or a folder is refused; opening never blocks (O_NONBLOCK: a FIFO with no writer).
// - Bounded: at most `maxBytes` are read; a longer file is refused as too large, whatever stat said before.
// - Untrusted: certificate and key content is not read (known by path only).
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { isInside } from './paths';
import { MAX_FILE_BYTES, readRegularFile, type ReadFailure, type ReadResult } from '../fs/regular-file';
import type { WorkspaceReader } from './reader';

/** Folders a walk never enters: dependencies, build output and hidden folders. */
const SKIP_DIRS = new Set(['node_modules', '.git', 'target', 'dist', 'out']);

export interface DirEntry {
  name: string;
  /** A real folder (a symlink to a folder is not one: walks never follow links into folders). */
  directory: boolean;
  /** A regular file (not a link to one). */
  file: boolean;
  /** A symlink (of any kind). */
  link: boolean;
}

export interface WorkspaceFiles {
  /** The folders reads are confined to (absolute). */
  readonly roots: readonly string[];
  /** Whether this path lies inside the folders as written (a read also checks where its links lead). */
  contains(path: string): boolean;
  /** A configuration file's bytes (XML, JSON, properties, pom.xml), or why not. Never throws. */
  read(path: string, maxBytes?: number): ReadResult;
  /** A configuration file's text (an open document's, through withOpenDocuments), or undefined when unreadable. */
  readText(path: string, maxBytes?: number): string | undefined;
  /** Certificate or key content: as `read`, but refused (`untrusted`) in an untrusted workspace. */
  readMaterial(path: string, maxBytes?: number): ReadResult;
  /** A folder's entries inside the folders, or undefined when it is none (or outside). */
  list(dir: string): DirEntry[] | undefined;
  /** Whether the workspace is trusted now (a live value: trust can be granted while the server runs). */
  trusted(): boolean;
}

export interface WorkspaceFilesOptions {
  roots: readonly string[];
  /** Default true. A function when trust can change while the host runs. */
  trusted?: boolean | (() => boolean);
  maxBytes?: number;
}

export function workspaceFiles(options: WorkspaceFilesOptions): WorkspaceFiles {
  const roots = [...options.roots];
  const real = realRoots(roots);
  const limit = options.maxBytes ?? MAX_FILE_BYTES;
  const trustedOption = options.trusted ?? true;
  const trusted = typeof trustedOption === 'function' ? trustedOption : () => trustedOption;
  const contains = (path: string): boolean => roots.some((root) => isInside(root, path)) || real.some((root) => isInside(root, path));
  /** The path with its links resolved, when it stays inside the folders. */
  const confine = (path: string): { ok: true; resolved: string } | { ok: false; reason: ReadFailure } => {
    // Nothing outside the folders is touched, not even to see whether it exists.
    if (!contains(path)) return { ok: false, reason: 'outside-workspace' };
    let resolved: string;
    try {
      // The system's realpath: one call, where the JavaScript one lstat's every component of every path read.
      resolved = realpathSync.native(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { ok: false, reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable' };
    }
    return real.some((root) => isInside(root, resolved)) ? { ok: true, resolved } : { ok: false, reason: 'outside-workspace' };
  };
  const read = (path: string, maxBytes = limit): ReadResult => {
    const place = confine(path);
    return place.ok ? readRegularFile(place.resolved, maxBytes) : place;
  };
  return {
    roots,
    contains,
    read,
    readText(path, maxBytes = limit) {
      const result = read(path, maxBytes);
      return result.ok ? Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength).toString('utf8') : undefined;
    },
    readMaterial(path, maxBytes = limit) {
      const place = confine(path);
      if (!place.ok) return place;
      // Existence and kind are still told (the finding says "not read", not "missing").
      if (!trusted()) return regularFileExists(place.resolved) ? { ok: false, reason: 'untrusted' } : { ok: false, reason: 'not-a-file' };
      return readRegularFile(place.resolved, maxBytes);
    },
    list(dir) {
      const place = confine(dir);
      if (!place.ok) return undefined;
      try {
        return readdirSync(place.resolved, { withFileTypes: true }).map(entryOf);
      } catch {
        return undefined;
      }
    },
    trusted,
  };
}

/** The same files, with the editor's text of open documents winning over the disk's (language server hosts). */
export function withOpenDocuments(files: WorkspaceFiles, openText: (path: string) => string | undefined): WorkspaceFiles {
  return { ...files, readText: (path, maxBytes) => openText(path) ?? files.readText(path, maxBytes) };
}

/** The engine's WorkspaceReader over the files: property files are configuration, anything else key material. */
export function materialReader(files: WorkspaceFiles): WorkspaceReader {
  return { read: (path) => (path.toLowerCase().endsWith('.properties') ? files.read(path) : files.readMaterial(path)) };
}

/**
 * Every entry under `dir` that is not a folder, depth first, skipping dependencies, build output and hidden
 * folders. Symlinked folders are not followed (no loops, nothing outside): `onFile` decides what a link is worth.
 */
export function walkFiles(files: WorkspaceFiles, dir: string, onFile: (entry: DirEntry, path: string, dir: string) => void): void {
  for (const entry of files.list(dir) ?? []) {
    const path = join(dir, entry.name);
    if (!entry.directory) onFile(entry, path, dir);
    else if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walkFiles(files, path, onFile);
  }
}

/** Whether a listed entry is a regular file inside the folders (a symlink counts when it resolves to one inside). */
export function isReadableFile(files: WorkspaceFiles, entry: DirEntry, path: string): boolean {
  if (!entry.link) return entry.file;
  try {
    const target = realpathSync(path);
    return files.contains(target) && statSync(target).isFile();
  } catch {
    return false;
  }
}

function regularFileExists(resolved: string): boolean {
  try {
    return statSync(resolved).isFile();
  } catch {
    return false;
  }
}

function entryOf(entry: Dirent): DirEntry {
  return { name: entry.name, directory: entry.isDirectory(), file: entry.isFile(), link: entry.isSymbolicLink() };
}

/** The folders' real paths; a folder that cannot be resolved confines nothing. */
function realRoots(roots: readonly string[]): string[] {
  return roots.flatMap((root) => {
    try {
      return [realpathSync(root)];
    } catch {
      return [];
    }
  });
}
