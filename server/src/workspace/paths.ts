// Path containment, shared by the disk reader and the model.
import { isAbsolute, relative } from 'node:path';

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The innermost of the folders holding `path` (nested workspace folders: the nearest), if any. */
export function innermostFolder(folders: readonly string[], path: string): string | undefined {
  return folders.filter((folder) => isInside(folder, path)).sort((a, b) => b.length - a.length)[0];
}
