// The disk behind a WorkspaceReader: paths confined to the workspace folders (after resolving symlinks, so a
// link pointing out of the folder or a link loop is refused), files capped in size. Also the walk that lists
// the files a workspace model wants, for hosts that index a folder from disk.
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { MAX_DOCUMENT_LENGTH } from '../lint/xml/document';
import { isModelFile } from './layout';
import { isInside } from './paths';
import type { ReadResult, WorkspaceReader } from './reader';

export const MAX_FILE_BYTES = 4 * 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', '.git', 'target', 'dist', 'out']);

/**
 * Every entry under `dir` that is not a folder, depth first, skipping dependencies, build output and hidden folders.
 * Symlinked folders are not followed (no loops, nothing outside): `onFile` decides what a symlinked file is worth.
 */
export function walkFiles(dir: string, onFile: (entry: Dirent, path: string, dir: string) => void): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (!entry.isDirectory()) onFile(entry, path, dir);
    else if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walkFiles(path, onFile);
  }
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

/**
 * `readContents` false for a path: its existence is checked (inside the folders) but not its bytes; an
 * untrusted workspace's certificate and key files are known by path only.
 */
export function createDiskReader(
  roots: readonly string[],
  maxBytes = MAX_FILE_BYTES,
  readContents: (path: string) => boolean = () => true,
): WorkspaceReader {
  const real = realRoots(roots);
  return {
    read(path: string): ReadResult {
      // Nothing outside the folders is touched, not even to see whether it exists.
      if (!roots.some((root) => isInside(root, path)) && !real.some((root) => isInside(root, path)))
        return { ok: false, reason: 'outside-workspace' };
      let resolved: string;
      try {
        resolved = realpathSync(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return { ok: false, reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable' };
      }
      if (!real.some((root) => isInside(root, resolved))) return { ok: false, reason: 'outside-workspace' };
      try {
        const stat = statSync(resolved);
        if (!stat.isFile()) return { ok: false, reason: 'not-a-file' };
        if (!readContents(path)) return { ok: false, reason: 'untrusted' };
        if (stat.size > maxBytes) return { ok: false, reason: 'too-large' };
        return { ok: true, data: readFileSync(resolved) };
      } catch {
        return { ok: false, reason: 'unreadable' };
      }
    },
  };
}

/** A model file's text, or undefined when it cannot be read or is longer than the engine reads. */
export function readModelText(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    return text.length > MAX_DOCUMENT_LENGTH ? undefined : text;
  } catch {
    return undefined;
  }
}

/**
 * Every file under `root` the workspace model reads (bundle XML, environment configuration, property files,
 * pom.xml), sorted. Symlinked folders are not followed (no loops, nothing outside); symlinked files are listed
 * when they resolve inside the folder.
 */
export function listModelFiles(root: string): string[] {
  const out: string[] = [];
  const realRoot = realRoots([root])[0];
  if (realRoot === undefined) return out;
  walkFiles(root, (entry, path, dir) => {
    if (maybeModelFile(entry.name, dir) && isModelFile(path) && (entry.isFile() || linkedFileInside(path, realRoot))) out.push(path);
  });
  return out.sort();
}

function linkedFileInside(path: string, realRoot: string): boolean {
  try {
    if (!lstatSync(path).isSymbolicLink()) return false;
    const target = realpathSync(path);
    return isInside(realRoot, target) && statSync(target).isFile();
  } catch {
    return false;
  }
}

/** A cheap first test before classify(): the extensions the model reads, or any file in an `env/<env>/` folder. */
function maybeModelFile(name: string, dir: string): boolean {
  const dot = name.lastIndexOf('.');
  const ext = dot < 0 ? '' : name.slice(dot).toLowerCase();
  return ext === '.xml' || ext === '.json' || ext === '.properties' || /[\\/]env[\\/][^\\/]+$/.test(dir);
}
