// The workspace model in the language server: started once the client is ready (watcher first, then one index
// with progress), fed by open documents and by files changed on disk, its cross-file findings published, and
// navigation (definition, references) over it; with `apigeeTls.problems: workspace`, the per-file findings of the
// files no editor has open, judged after each whole-model lint (workspace-problems.ts).
import { DidChangeConfigurationNotification } from 'vscode-languageserver/node';
import { pathToFileURL } from 'node:url';
import { CONNECTIONS_CHANGED_NOTIFICATION } from '../../shared/protocol';
import type { ServerContext } from '../context';
import { filePath } from '../file-uri';
import type { PublishedDiagnostics } from '../published-diagnostics';
import { definition, references } from '../workspace-navigation';
import { WorkspaceProblems } from '../workspace-problems';
import { WorkspaceService } from '../workspace-service';
import { readProblemsScope } from '../../settings/problems';
import type { SettingGetter } from '../../settings/section';
import { CHANGE, indexWithProgress, registerWatcher, workspaceLintOptions } from '../workspace-setup';
import type { LintFeature } from './lint-feature';

export const WORKSPACE_CAPABILITIES = { definitionProvider: true, referencesProvider: true };

export class WorkspaceFeature {
  /** Each folder's `apigeeTls` section, pulled once per configuration change, not once per lint. */
  private readonly folderRaw = new Map<string, Promise<unknown>>();
  /** The per-file findings of the files not open, once the model is started. */
  problems: WorkspaceProblems | undefined;

  constructor(
    private readonly ctx: ServerContext,
    private readonly published: PublishedDiagnostics,
    private readonly lint: LintFeature,
  ) {
    const { connection } = ctx;
    connection.onDefinition((params) => {
      const path = filePath(params.textDocument.uri);
      const ws = ctx.workspace?.workspace;
      return path === undefined || ws === undefined ? [] : definition(ws, path, params.position);
    });
    connection.onReferences((params) => {
      const path = filePath(params.textDocument.uri);
      const ws = ctx.workspace?.workspace;
      return path === undefined || ws === undefined ? [] : references(ws, path, params.position, params.context.includeDeclaration);
    });
  }

  /** At `initialized`: configuration changes asked for, then (with folders) the model started and indexed. */
  async start(): Promise<void> {
    const { ctx } = this;
    const { connection } = ctx;
    // Ask for change notifications only from a client that says it can register them; a refusal is logged.
    if (ctx.client.pullConfiguration && ctx.client.registerConfiguration) {
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'apigeeTls' })
        .catch((error: unknown) => connection.console.warn(`could not register for configuration changes: ${String(error)}`));
    }
    if (ctx.roots.length === 0) return;
    const workspace: WorkspaceService = new WorkspaceService({
      files: ctx.files,
      debounceMs: ctx.debounceMs,
      lintOptions: async (root) => this.folderLintOptions(root, await this.folderGetter(root)),
      reindex: () =>
        void indexWithProgress(connection, workspace, ctx.client.progress, 'files or settings changed after a cancelled index'),
      // Every file read: a view of all connections (apigeeTls/connections without a uri) has them all now.
      indexed: () => void connection.sendNotification(CONNECTIONS_CHANGED_NOTIFICATION),
      onFindings: (path) => this.published.crossChanged(path),
      linted: () => {
        this.lint.scheduleModelDocuments();
        this.problems?.refresh();
      },
      log: (message) => connection.console.error(message),
    });
    ctx.workspace = workspace;
    this.problems = new WorkspaceProblems({
      model: () => workspace.workspace,
      roots: () => ctx.roots,
      optionsFor: async (root) => {
        const get = await this.folderGetter(root);
        return readProblemsScope(get) === 'workspace' ? this.folderLintOptions(root, get) : undefined;
      },
      isOpen: (path) => ctx.openByPath.has(path),
      changed: (path) => this.published.crossChanged(path),
      log: (message) => connection.console.error(message),
    });
    for (const doc of ctx.documents.all()) {
      const path = filePath(doc.uri);
      if (path !== undefined) workspace.setOpen(path, doc.getText());
    }
    // Watch first, then list the folders: a file written in between is read by the index or reported.
    if (ctx.client.registerWatchers) await registerWatcher(connection);
    void indexWithProgress(connection, workspace, ctx.client.progress, 'the server started');
  }

  /** A workspace folder's settings over its `.apigee-tls.json`, its section pulled once per configuration change. */
  private async folderGetter(root: string): Promise<SettingGetter> {
    let raw = this.folderRaw.get(root);
    if (raw === undefined) this.folderRaw.set(root, (raw = this.ctx.section(pathToFileURL(root).href)));
    return this.ctx.layered(pathToFileURL(root).href, await raw);
  }

  private folderLintOptions(root: string, get: SettingGetter): ReturnType<typeof workspaceLintOptions> {
    const { ctx } = this;
    return workspaceLintOptions(get, (path) => ctx.decisionFor(path).profile, ctx.configFiles.forPath(root)?.config.environments);
  }

  settingsChanged(): void {
    this.folderRaw.clear();
    this.ctx.workspace?.settingsChanged();
  }

  /** Files changed on disk (the client's watcher): decisions that read them are made again, and the model reads them. */
  changedOnDisk(changes: readonly { uri: string; type: 1 | 2 | 3 }[]): void {
    const { ctx } = this;
    // Open documents report their changes as they are typed; a file changed on disk may change decisions, and
    // the open files judged under a decision dropped are judged again.
    let dropped = false;
    for (const change of changes) {
      const path = filePath(change.uri);
      if (path !== undefined && ctx.documents.get(change.uri) === undefined) dropped = ctx.resolver.changed(path) || dropped;
    }
    if (dropped) this.lint.scheduleAll();
    for (const change of changes) {
      const path = filePath(change.uri);
      if (path !== undefined) ctx.workspace?.changedOnDisk(path, CHANGE[change.type]);
    }
  }

  trustGranted(): void {
    this.ctx.workspace?.trustGranted();
  }
}
