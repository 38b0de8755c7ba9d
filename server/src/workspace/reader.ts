// How the workspace engine reads files it is not fed: the certificate and key files an alias names, and the
// property files a `resourcefiles` entry names. Injected, so the language server can serve open documents and
// the CLI the disk, and so that only paths the configuration names are ever read.

import type { ReadResult } from '../fs/regular-file';

export interface WorkspaceReader {
  /** The bytes of the file at this absolute path, or why not (never throws). */
  read(path: string): ReadResult;
}
