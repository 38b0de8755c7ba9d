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
import { PROFILE_EVIDENCE_GLOB } from '../workspace/profile-evidence';
import { ENVIRONMENT_FILES_GLOB } from '../workspace/layout';
import { readLintSettings, readWorkspaceSettings } from '../settings/lint';
import type { SettingGetter } from '../settings/section';
import type { WorkspaceLintOptions } from '../workspace/lint-workspace';
import type { FileChange, IndexOutcome, WorkspaceService } from './workspace-service';

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

/**
 * Indexes the folders, with a cancellable progress bar when the client shows server-initiated progress, and logs
 * how it ended. `reason`: why this index runs (the log of an index it replaces says it).
 */
export async function indexWithProgress(
  connection: Connection,
  service: WorkspaceService,
  progress: boolean,
  reason: string,
): Promise<void> {
  const started = performance.now();
  const bar = progress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
  bar?.begin('Apigee TLS: indexing the workspace', 0, undefined, true);
  const outcome = await service.index({
    token: bar?.token,
    progress: bar && ((n, total) => bar.report(total === 0 ? 100 : Math.floor((100 * n) / total), `${n}/${total} files`)),
    reason,
  });
  bar?.done();
  connection.console.info(indexLog(outcome, performance.now() - started));
}

/** What the log says of an index: `workspace indexed: 2,800 files in 1.2 s (6 environments)`. */
export function indexLog(outcome: IndexOutcome, ms: number): string {
  switch (outcome.kind) {
    case 'cancelled':
      return 'workspace indexing cancelled: cross-file findings are off until the next change or settings change';
    case 'superseded':
      return `workspace indexing restarted: ${outcome.by}`;
    case 'indexed': {
      const took = ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
      return `workspace indexed: ${count(outcome.files, 'file')} in ${took} (${count(outcome.environments, 'environment')})`;
    }
  }
}

const count = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/**
 * The whole-workspace lint options from the `apigeeTls` settings (over the folder's `.apigee-tls.json`), and the
 * file's `environments`; undefined when `apigeeTls.lint.workspace` or `apigeeTls.enable` is off.
 */
export function workspaceLintOptions(
  get: SettingGetter,
  inferred: (path: string) => Profile,
  environments?: readonly string[],
): WorkspaceLintOptions | undefined {
  const { lint, expiryDays } = readWorkspaceSettings(get);
  const { enabled, profile, rules } = readLintSettings(get);
  if (!lint || !enabled) return undefined;
  const only = environments === undefined ? {} : { only: new Set(environments) };
  return profile === 'auto' ? { profileOf: inferred, rules, expiryDays, ...only } : { profile, rules, expiryDays, ...only };
}
