// Path containment, shared by the disk reader and the model.
import { isAbsolute, relative } from 'node:path';

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
