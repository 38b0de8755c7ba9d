// Path containment, shared by the disk reader and the model.
import { isAbsolute, relative, sep } from 'node:path';

export function isInside(root: string, path: string): boolean {
  // Most calls (every read's confinement, every model file's folder) compare plain absolute paths: a prefix test gives
  // what path.relative gives, without resolving both against the working directory each time.
  if (sep === '/' && plain(root) && plain(path)) return path === root || path.startsWith(root === '/' ? root : `${root}/`);
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** An absolute POSIX path with no empty, `.` or `..` segment (nor any name starting with a dot) and no trailing slash. */
const plain = (p: string): boolean =>
  p.charCodeAt(0) === 47 && !p.includes('//') && !p.includes('/.') && (p.length === 1 || p.charCodeAt(p.length - 1) !== 47);

/** The innermost of the folders holding `path` (nested workspace folders: the nearest), if any. */
export function innermostFolder(folders: readonly string[], path: string): string | undefined {
  return folders.filter((folder) => isInside(folder, path)).sort((a, b) => b.length - a.length)[0];
}
