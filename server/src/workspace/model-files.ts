// The files the workspace model reads, found and read through the one confined reader (./files.ts): every
// bundle XML, environment configuration, property file and pom.xml under a folder.
import { MAX_DOCUMENT_LENGTH } from '../documents/xml/document';
import { isReadableFile, walkFiles, type WorkspaceFiles } from './files';
import { isModelFile } from './layout';

/**
 * Every file under `root` the workspace model reads, sorted. Symlinked folders are not followed (no loops,
 * nothing outside); symlinked files are listed when they resolve to a regular file inside the folders.
 */
export function listModelFiles(files: WorkspaceFiles, root: string): string[] {
  const out: string[] = [];
  walkFiles(files, root, (entry, path, dir) => {
    if (maybeModelFile(entry.name, dir) && isModelFile(path) && isReadableFile(files, entry, path)) out.push(path);
  });
  return out.sort();
}

/** A model file's text (the open document's when there is one), or undefined when it cannot be read or is too long. */
export function readModelText(files: WorkspaceFiles, path: string): string | undefined {
  const text = files.readText(path);
  return text === undefined || text.length > MAX_DOCUMENT_LENGTH ? undefined : text;
}

/** A cheap first test before classify(): the extensions the model reads, or any file in an `env/<env>/` folder. */
function maybeModelFile(name: string, dir: string): boolean {
  const dot = name.lastIndexOf('.');
  const ext = dot < 0 ? '' : name.slice(dot).toLowerCase();
  return (
    ext === '.xml' ||
    ext === '.json' ||
    ext === '.properties' ||
    ext === '.tf' ||
    ext === '.tfvars' ||
    ext === '.yaml' ||
    ext === '.yml' ||
    /[\\/]env[\\/][^\\/]+$/.test(dir)
  );
}
