// Starting the workspace model in the language server: the folders it covers, the watcher it asks the client
// for, and the indexing with work-done progress (cancellable from the editor).
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  WatchKind,
  type Connection,
  type FileSystemWatcher,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import type { Profile } from '../lint/model';
import { PROFILE_EVIDENCE_GLOB } from '../lint/profile-inference';
import { ENVIRONMENT_FILES_GLOB } from '../workspace/layout';
import { normaliseSettings, normaliseWorkspaceSettings } from '../settings/lint';
import type { WorkspaceLintOptions } from '../workspace/lint-workspace';
import type { FileChange, WorkspaceService } from './workspace-service';

/** The workspace folders' paths (the root URI for clients without folders). */
export function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.flatMap((uri) => {
    if (!uri.startsWith('file:')) return [];
    try {
      return [fileURLToPath(uri)];
    } catch {
      return [];
    }
  });
}

/**
 * What the server needs to hear of (the one list: the VS Code client watches nothing of its own): XML, the
 * workspace model's environment configuration, property, certificate and key files, the profile inference's
 * evidence, and folders that come or go: VS Code reports a folder that went, not the files it held, and misses
 * files written at once into a new folder (a checkout, `mkdir -p env/prod && cp …`), so folders are read whole.
 */
export const WATCHERS: FileSystemWatcher[] = [
  { globPattern: '**/*.xml' },
  { globPattern: ENVIRONMENT_FILES_GLOB },
  { globPattern: PROFILE_EVIDENCE_GLOB },
  { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete },
];

/** How long the index waits for the client to confirm the watcher (a change after that is reported, not missed). */
const REGISTER_WAIT_MS = 5000;

/** Asks the client to watch WATCHERS; resolves once it has (or refused, or did not answer in time). */
export async function registerWatcher(connection: Connection): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const registered = connection.client
    .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHERS })
    .catch((error: unknown) => connection.console.warn(`could not register a file watcher: ${String(error)}`));
  await Promise.race([registered, new Promise((resolve) => (timer = setTimeout(resolve, REGISTER_WAIT_MS)))]);
  clearTimeout(timer);
}

export const CHANGE: Record<FileChangeType, FileChange> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

/** Indexes the folders, with a cancellable progress bar when the client shows server-initiated progress. */
export async function indexWithProgress(connection: Connection, service: WorkspaceService, progress: boolean): Promise<void> {
  const started = performance.now();
  if (!progress) {
    await service.index();
  } else {
    const bar = await connection.window.createWorkDoneProgress().catch(() => undefined);
    bar?.begin('Apigee TLS: indexing the workspace', 0, undefined, true);
    const done = await service.index(bar?.token, (n, total) =>
      bar?.report(total === 0 ? 100 : Math.floor((100 * n) / total), `${n}/${total} files`),
    );
    bar?.done();
    if (!done) {
      connection.console.info('workspace indexing cancelled: cross-file findings are off until the next change or settings change');
      return;
    }
  }
  connection.console.info(`workspace indexed in ${Math.round(performance.now() - started)} ms`);
}

/** The whole-workspace lint options from the `apigeeTls` section; undefined when `apigeeTls.lint.workspace` is off. */
export function workspaceLintOptions(raw: unknown, inferred: (path: string) => Profile): WorkspaceLintOptions | undefined {
  const { lint, expiryDays } = normaliseWorkspaceSettings(raw);
  if (!lint) return undefined;
  const { profile, rules } = normaliseSettings(raw);
  return profile === 'auto' ? { profileOf: inferred, rules, expiryDays } : { profile, rules, expiryDays };
}
