// A workspace model read from the disk: every model file under the roots, and the project folder above a bundle.
// Used by the CLI and, for files outside the editor's folders, by the language server.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { workspaceFiles, type WorkspaceFiles } from './files';
import { listModelFiles, readModelText } from './model-files';
import { projectFolderOf, repositoryOf } from './project';
import { Workspace } from './workspace';

/** A workspace built from the disk: every model file under the roots, confined to them (texts already read are reused). */
export function loadWorkspace(roots: readonly string[], texts: ReadonlyMap<string, string> = new Map()): Workspace {
  return loadWorkspaceFrom(workspaceFiles({ roots }), texts);
}

/** A workspace built through a host's reader (its folders, its trust, its open documents). */
export function loadWorkspaceFrom(files: WorkspaceFiles, texts: ReadonlyMap<string, string> = new Map()): Workspace {
  const ws = new Workspace({ files });
  for (const root of files.roots) {
    for (const path of listModelFiles(files, root)) {
      const text = texts.get(path) ?? readModelText(files, path);
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

/**
 * The folder of a bundle's project, for a host that names the bundle by hand (`probe --bundle`): the nearest above
 * it holding pom.xml, edge.json or src/main/apigee, within `ceiling` (the folder the host may read).
 */
export function projectRootOf(bundle: string, ceiling: string): string | undefined {
  const files = workspaceFiles({ roots: [ceiling] });
  return projectFolderOf(bundle, (dir) => files.list(dir), ceiling);
}

/**
 * The project of a file opened alone, outside any workspace folder: the project folder above its bundle (or its own
 * folder), looked for no higher than the repository holding it; else the folder it is in. What a host may read
 * for that file (its profile, the model the probe plans from) stays inside it.
 */
export function projectOfLooseFile(path: string): string {
  const bundle = /^(.*[\\/](?:apiproxy|sharedflowbundle))[\\/]/.exec(path)?.[1];
  const above = bundle === undefined ? dirname(path) : dirname(bundle);
  return projectRootOf(above, repositoryOf(above)) ?? above;
}
