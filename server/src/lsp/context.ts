// What every feature of the language server shares, set once at `initialize`: the connection and its documents, what
// the client can do, the workspace folders and their trust, the one confined reader, the runtime decisions (profile
// inference), the user's settings per scope, and the workspace model once it is started. Features receive it;
// nothing reaches for a module-level singleton.
import { TextDocuments, type Connection, type InitializeParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { readLintSettings, type Settings } from '../settings/lint';
import { layeredGetter } from '../settings/config-layer';
import { sectionGetter, type SettingGetter } from '../settings/section';
import { workspaceFiles, type WorkspaceFiles } from '../workspace/files';
import { overrideFilesAbove, ProfileResolver } from '../workspace/profile';
import type { ProfileDecision } from '../workspace/profile-evidence';
import { ruleDocsBase } from '../fs/docs';
import { ConfigFiles } from './config-files';
import { filePath } from './file-uri';
import { LooseFiles } from './loose-files';
import type { WorkspaceService } from './workspace-service';
import { workspaceRoots } from './workspace-setup';
import type { EditorProxy } from '../probe/proxy';

export interface InitializationOptions {
  /** Base URI of the rule docs (the extension passes its bundled docs folder). */
  docsBaseUri?: string;
  /** Debounce for re-lint on change, in ms (default 150). */
  debounceMs?: number;
  /** Settings for clients that cannot answer workspace/configuration. */
  settings?: unknown;
  /** VS Code's workspace trust (default true): untrusted, certificate and key files are known by path only. */
  trusted?: boolean;
  /** false: the client draws its own probe lenses (the server offers none). */
  probeCodeLens?: boolean;
  /** VS Code's http.proxy, http.noProxy, http.proxyStrictSSL (apigeeTls.probe.proxy wins over them). */
  editorProxy?: EditorProxy;
}

/** What the client said it can do, at `initialize`. */
export interface ClientAbilities {
  pullConfiguration: boolean;
  registerConfiguration: boolean;
  snippetEdits: boolean;
  progress: boolean;
  registerWatchers: boolean;
  lensRefresh: boolean;
  /** A workspace edit may create a file (the quick fix that writes the first suppression). */
  createFiles: boolean;
}

export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  client: ClientAbilities = {
    pullConfiguration: false,
    registerConfiguration: false,
    snippetEdits: false,
    progress: false,
    registerWatchers: false,
    lensRefresh: false,
    createFiles: false,
  };
  init: InitializationOptions = {};
  /** The rule pages' base: the extension's bundled docs, else the installed docs or APIGEE_TLS_LINT_DOCS_BASE. */
  docsBase: string = ruleDocsBase();
  debounceMs = 150;
  roots: string[] = [];
  trusted = true;
  /** Open documents by path: inference reads many files, and converting every open URI for each read was the cost. */
  readonly openByPath = new Map<string, TextDocument>();
  /**
   * The one reader every feature reads the disk through: confined to the workspace folders (none before initialize,
   * or without folders: only open documents and their own projects), no key material while untrusted.
   */
  files: WorkspaceFiles = workspaceFiles({ roots: [], trusted: () => this.trusted });
  /** Documents opened outside the folders: their project folder may be read for them (and nothing else outside). */
  readonly looseFiles = new LooseFiles(
    () => this.files,
    () => this.trusted,
    (path) => this.openByPath.get(path)?.getText(),
  );
  /** The runtime each bundle or folder is judged as (cached; dropped when a file it read changes). */
  resolver = new ProfileResolver(this.looseFiles.reader());
  /** Each workspace folder's `.apigee-tls.json` (the CLI's for `lint <folder>`). */
  configFiles = this.configFilesOver(() => undefined);
  /** The workspace model, once started (`initialized`, with folders). */
  workspace: WorkspaceService | undefined;
  private pushedRaw: unknown;
  private readonly settingsCache = new Map<string, Promise<Settings>>();

  constructor(readonly connection: Connection) {}

  initialize(params: InitializeParams): void {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    const capabilities = params.capabilities;
    this.init = init;
    this.client = {
      pullConfiguration: capabilities.workspace?.configuration === true,
      registerConfiguration: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      snippetEdits: capabilities.workspace?.workspaceEdit?.snippetEditSupport === true,
      progress: capabilities.window?.workDoneProgress === true,
      registerWatchers: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      lensRefresh: capabilities.workspace?.codeLens?.refreshSupport === true,
      createFiles:
        capabilities.workspace?.workspaceEdit?.documentChanges === true &&
        (capabilities.workspace.workspaceEdit.resourceOperations ?? []).includes('create'),
    };
    this.docsBase = typeof init.docsBaseUri === 'string' ? init.docsBaseUri : ruleDocsBase();
    this.pushedRaw = init.settings;
    this.roots = workspaceRoots(params);
    this.trusted = init.trusted !== false;
    this.debounceMs = typeof init.debounceMs === 'number' && init.debounceMs >= 0 ? init.debounceMs : 150;
    this.files = workspaceFiles({ roots: this.roots, trusted: () => this.trusted });
    // Override files above the folders count only while the workspace is trusted.
    const above = overrideFilesAbove();
    this.resolver = new ProfileResolver(this.looseFiles.reader(), {
      roots: () => this.looseFiles.roots(),
      overrideAbove: { read: (path) => (this.trusted ? above.read(path) : undefined), isRepositoryRoot: above.isRepositoryRoot },
    });
    this.configFiles = this.configFilesOver((path) => (this.trusted ? above.read(path) : undefined), above.isRepositoryRoot);
  }

  private configFilesOver(readAbove: (path: string) => string | undefined, isRepositoryRoot = (_: string) => true): ConfigFiles {
    return new ConfigFiles({ roots: () => this.roots, readInside: (path) => this.files.readText(path), readAbove, isRepositoryRoot });
  }

  /** A scope's settings over its folder's `.apigee-tls.json`: an explicit setting, then the file, then the default. */
  layered(scopeUri: string, raw: unknown): SettingGetter {
    const path = filePath(scopeUri);
    return layeredGetter(sectionGetter(raw), path === undefined ? undefined : this.configFiles.forPath(path), this.trusted);
  }

  /** The runtime a file is judged as. */
  decisionFor(path: string): ProfileDecision {
    return this.resolver.decisionFor(path);
  }

  /** A file's text: the open document, else the disk through the confined reader. */
  textOf(path: string): TextDocument | undefined {
    const open = this.openByPath.get(path);
    if (open !== undefined) return open;
    const text = this.files.readText(path);
    return text === undefined ? undefined : TextDocument.create(pathToFileURL(path).href, path.endsWith('.json') ? 'json' : 'xml', 0, text);
  }

  /** The `apigeeTls` section for a scope: pulled from the client that can, else what it pushed. */
  async section(scopeUri: string): Promise<unknown> {
    if (!this.client.pullConfiguration) return this.pushedRaw;
    return this.connection.workspace.getConfiguration({ scopeUri, section: 'apigeeTls' }).then(
      (raw: unknown) => raw,
      () => this.pushedRaw,
    );
  }

  /** A getter of full keys (`apigeeTls.probe.timeoutMs`) over a scope's section and configuration file. */
  async getter(scopeUri: string): Promise<SettingGetter> {
    return this.layered(scopeUri, await this.section(scopeUri));
  }

  /** The lint settings of a document, cached until the configuration changes or it closes. */
  settingsFor(uri: string): Promise<Settings> {
    let cached = this.settingsCache.get(uri);
    if (cached === undefined) {
      cached = this.section(uri).then((raw) => readLintSettings(this.layered(uri, raw)));
      this.settingsCache.set(uri, cached);
    }
    return cached;
  }

  /** A `.apigee-tls.json` changed on disk: every scope's settings are read again. */
  configFileChanged(path: string): boolean {
    if (!this.configFiles.changed(path)) return false;
    this.settingsCache.clear();
    return true;
  }

  /** The configuration changed (`pushed`: what a client without pull sent). */
  settingsChanged(pushed: unknown): void {
    this.settingsCache.clear();
    if (pushed === undefined) return;
    this.pushedRaw = pushed;
  }

  forgetDocument(uri: string): void {
    this.settingsCache.delete(uri);
  }

  /** Asks the client to draw the lenses again (when it can). */
  refreshLenses(): void {
    if (this.client.lensRefresh) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }
}
