// Starting the workspace model in the language server: the folders it covers, the watcher it asks the client
// for, and the indexing with work-done progress (cancellable from the editor).
import { DidChangeWatchedFilesNotification, FileChangeType, type Connection, type InitializeParams } from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import type { Profile } from '../lint/model';
import { ENVIRONMENT_FILES_GLOB } from '../workspace/layout';
import { normaliseSettings, normaliseWorkspaceSettings } from '../lint/settings';
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

export function registerWatcher(connection: Connection): void {
  connection.client
    .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.xml' }, { globPattern: ENVIRONMENT_FILES_GLOB }] })
    .catch((error: unknown) => connection.console.warn(`could not register a file watcher: ${String(error)}`));
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
      connection.console.info('workspace indexing cancelled: cross-file findings are off until the server restarts');
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
