// What one `lint` run reads, as sources: the files and folders named on the disk (one source, linted together,
// through the confined reader), and each exported bundle zip named (one source each, read in memory through
// archiveFiles). A zip's entries are named `weather.zip!apiproxy/targets/default.xml` in every report.
import { resolve, sep } from 'node:path';
import { readNamedFile, describeFailure } from '../fs/regular-file';
import { readZip } from '../fs/zip';
import { archiveFiles } from '../workspace/archive-files';
import { isInside } from '../workspace/paths';
import { walkFiles, workspaceFiles, type WorkspaceFiles } from '../workspace/files';
import { withListingsCached } from '../workspace/listing-cache';
import { discoverFiles, isLintable } from './discover';
import { cliFiles } from './files';
import { UsageError } from './io';
import { terraformModuleRoots, workspaceRoots } from './workspace-lint';

/** A zip is read whole into memory: at most this many bytes. */
export const MAX_ZIP_BYTES = 64 * 1024 * 1024;

export interface LintSource {
  /** The reader of this source's files (the disk, confined; or an archive's entries). */
  files: WorkspaceFiles;
  /** The files to lint (absolute; an archive's under its own path). */
  paths: string[];
  /** The reader of the workspace model: the directories named, resolved together (an archive: itself). */
  modelFiles: WorkspaceFiles;
  /** Whether a file was read for the model only (in the module folder of a Terraform file named alone): not reported. */
  modelOnly?: (path: string) => boolean;
  /** Set for an archive: its path, shown as `<zip>!<entry>`. */
  archive?: string;
}

export const isZipName = (input: string): boolean => input.toLowerCase().endsWith('.zip');

export function lintSources(inputs: readonly string[], cwd: string): LintSource[] {
  const plain = inputs.filter((input) => !isZipName(input));
  const sources: LintSource[] = [];
  if (plain.length > 0) {
    const files = cliFiles(plain, cwd);
    const dirs = workspaceRoots(plain, cwd);
    const modules = terraformModuleRoots(plain, cwd);
    const paths = discoverFiles(plain, cwd, files);
    const named = new Set(paths);
    const modelOnly = (path: string): boolean =>
      !named.has(path) && modules.some((dir) => isInside(dir, path)) && !dirs.some((dir) => isInside(dir, path));
    // The model's reader is the run's when they read the same folders (`lint DIR`): each folder is listed once.
    const modelRoots = [...dirs, ...modules];
    const same = modelRoots.length === files.roots.length && modelRoots.every((root, i) => files.roots[i] === root);
    const modelFiles = same ? files : withListingsCached(workspaceFiles({ roots: modelRoots }));
    sources.push({ files, paths, modelFiles, modelOnly });
  }
  for (const input of inputs.filter(isZipName)) sources.push(archiveSource(input, cwd));
  return sources;
}

function archiveSource(input: string, cwd: string): LintSource {
  const path = resolve(cwd, input);
  const read = readNamedFile(path, MAX_ZIP_BYTES);
  if (!read.ok) throw new UsageError(`lint: cannot read '${input}': it ${describeFailure(read.reason)}`);
  const zip = readZip(read.data);
  if (!zip.ok) throw new UsageError(`lint: cannot read '${input}': it ${zip.reason}`);
  const files = archiveFiles(path, zip.entries);
  const paths: string[] = [];
  walkFiles(files, path, (entry, file) => {
    if (entry.file && isLintable(entry.name)) paths.push(file);
  });
  return { files, paths: paths.sort(), modelFiles: files, archive: path };
}

/** How a report names a file: an archive entry as `<zip>!<entry>` (as apigeelint and Java name them). */
export function displayPath(source: LintSource, path: string): string {
  if (source.archive === undefined || !path.startsWith(source.archive + sep)) return path;
  return `${source.archive}!${path
    .slice(source.archive.length + 1)
    .split(sep)
    .join('/')}`;
}
