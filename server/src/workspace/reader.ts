// How the workspace engine reads files it is not fed: the certificate and key files an alias names, and the
// property files a `resourcefiles` entry names. Injected, so the language server can serve open documents and
// the CLI the disk, and so that only paths the configuration names are ever read.

export type ReadFailure = 'missing' | 'outside-workspace' | 'too-large' | 'not-a-file' | 'unreadable' | 'untrusted';

export type ReadResult = { ok: true; data: Uint8Array } | { ok: false; reason: ReadFailure };

export interface WorkspaceReader {
  /** The bytes of the file at this absolute path, or why not (never throws). */
  read(path: string): ReadResult;
}

/** What a read failure means, for messages. */
export function describeFailure(reason: ReadFailure): string {
  switch (reason) {
    case 'missing':
      return 'does not exist';
    case 'outside-workspace':
      return 'is outside the workspace folder (not read)';
    case 'too-large':
      return 'is too large to read';
    case 'not-a-file':
      return 'is not a file';
    case 'unreadable':
      return 'cannot be read';
    case 'untrusted':
      return 'is not read in an untrusted workspace';
  }
}
