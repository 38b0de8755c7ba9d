// A workspace model read from the disk: every model file under the roots, and the project folder above a bundle.
// Used by the CLI and, for files outside the editor's folders, by the language server.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createDiskReader, listModelFiles, readModelText } from './disk-reader';
import { Workspace } from './workspace';

/** A workspace built from the disk: every model file under the roots (texts already read are reused). */
export function loadWorkspace(roots: readonly string[], texts: ReadonlyMap<string, string> = new Map()): Workspace {
  const ws = new Workspace({ roots, reader: createDiskReader(roots) });
  for (const root of roots) {
    for (const path of listModelFiles(root)) {
      const text = texts.get(path) ?? readModelText(path);
      if (text !== undefined) ws.setFile(path, text);
    }
  }
  return ws;
}

export const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** The folder of the bundle's project: the nearest above it holding pom.xml, edge.json or src/main/apigee. */
export function projectRootOf(bundle: string): string | undefined {
  for (let dir = bundle; ; dir = dirname(dir)) {
    if (['pom.xml', 'edge.json'].some((f) => existsSync(join(dir, f))) || isDirectory(join(dir, 'src', 'main', 'apigee'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
