// The CLI's file-system boundary: the one confined reader (workspace/files.ts) over the directories named on the
// command line, or, for a file named alone, over the working directory when the file is inside it (its project,
// as the editor's workspace folder would be) and else over the file's own folder. Nothing outside is read.
import { dirname, resolve } from 'node:path';
import { workspaceFiles, type WorkspaceFiles } from '../workspace/files';
import { withListingsCached } from '../workspace/listing-cache';
import { describeFailure, readNamedFile } from '../fs/regular-file';
import { isDirectory } from '../workspace/load';
import { isInside } from '../workspace/paths';
import { UsageError } from './io';

/** The folders a run may read: each directory named, and for each file named its project folder as above. */
export function cliRoots(inputs: readonly string[], cwd: string): string[] {
  const roots = inputs.map((input) => {
    const path = resolve(cwd, input);
    return isDirectory(path) ? path : isInside(cwd, path) ? cwd : dirname(path);
  });
  return [...new Set(roots)];
}

/** The run's reader: one `lint` run (its folders do not change while it reads them) lists each folder once. */
export function cliFiles(inputs: readonly string[], cwd: string): WorkspaceFiles {
  return withListingsCached(workspaceFiles({ roots: cliRoots(inputs, cwd) }));
}

/** A file named on the command line, as text: a regular file of at most 4 MiB, or a usage error saying why not. */
export function readInputText(command: string, path: string, shown = path): string {
  const result = readNamedFile(path);
  if (!result.ok) throw new UsageError(`${command}: cannot read '${shown}': it ${describeFailure(result.reason)}`);
  return Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength).toString('utf8');
}
