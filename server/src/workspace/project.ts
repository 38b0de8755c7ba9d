// Which project a file is in, before any model is built (a loose file's profile, `probe --bundle`, a file opened
// with no workspace folder): the nearest folder at or above it holding pom.xml, edge.json or the Apigee X local
// layout (src/main/apigee), never above the ceiling (the workspace folder). The model answers the same question for
// the files it holds (Workspace.projectOf), from the same markers.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isInside } from './paths';

/** The files whose presence makes a folder a project's: the Maven plugin's pom and the single-file config. */
export const PROJECT_FILES = ['pom.xml', 'edge.json'] as const;

/** How a caller sees folders: the confined reader's listing (undefined: not a folder, or outside). */
export type ListFolder = (dir: string) => ReadonlyArray<{ name: string; directory: boolean }> | undefined;

export function isProjectFolder(dir: string, list: ListFolder): boolean {
  const entries = list(dir);
  if (entries === undefined) return false;
  if (entries.some((e) => !e.directory && (PROJECT_FILES as readonly string[]).includes(e.name))) return true;
  return (
    entries.some((e) => e.directory && e.name === 'src') && (list(join(dir, 'src', 'main'))?.some((e) => e.name === 'apigee') ?? false)
  );
}

/** The nearest project folder at or above `path`, not above `ceiling` (when given). */
export function projectFolderOf(path: string, list: ListFolder, ceiling?: string): string | undefined {
  for (let dir = path; ; dir = dirname(dir)) {
    if (ceiling !== undefined && !isInside(ceiling, dir)) return undefined;
    if (isProjectFolder(dir, list)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The highest folder a host may look at above a folder given by hand, with no workspace folder around it (a file
 * opened alone, `probe --bundle` outside the working directory): the repository holding it (the nearest folder with
 * `.git`), else the file system's root. Only folder listings are read on the way up (project markers).
 */
export function repositoryOf(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return at;
    if (dirname(at) === at) return at;
  }
}
