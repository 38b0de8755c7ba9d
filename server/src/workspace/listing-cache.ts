// A one-shot run (the CLI's `lint`) lists the same folders several times: discovery, profile inference (a bundle's
// folders, the folders above it), the model's walk, the config-file rule (a listing per folder above a model file).
// Over a run nothing creates or removes a file (--fix rewrites files in place), so a folder's entries are read once.
// Long-lived hosts (the language server) must not use this: their folders change while they run.
import type { DirEntry, WorkspaceFiles } from './files';

/** The same reader, each folder listed at most once (the first listing is kept, undefined included). */
export function withListingsCached(files: WorkspaceFiles): WorkspaceFiles {
  const listings = new Map<string, DirEntry[] | undefined>();
  return {
    ...files,
    list(dir) {
      if (!listings.has(dir)) listings.set(dir, files.list(dir));
      const entries = listings.get(dir);
      // A copy: a caller may sort or filter what it was given.
      return entries === undefined ? undefined : [...entries];
    },
  };
}
