// The language server: wires LSP requests to the lint engine. Runs over IPC (VS Code) or --stdio (any editor).
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { loadProbeFiles, readProbeSettings } from '../settings/probe';
import { sectionGetter } from '../settings/section';
import {
  CLEAR_DIAGNOSIS_COMMAND,
  CONNECTIONS_CHANGED_NOTIFICATION,
  CONNECTIONS_REQUEST,
  DIAGNOSE_COMMAND,
  WORKSPACE_TRUSTED_NOTIFICATION,
  type ConnectionsParams,
  type DiagnoseArguments,
} from '../shared/protocol';
import { DEFAULT_DOCS_BASE } from '../lint/registry';
import { workspaceFiles, type WorkspaceFiles } from '../workspace/files';
import { readNamedText } from '../fs/regular-file';
import { inferenceRoot, overrideFilesAbove, ProfileResolver } from '../workspace/profile';
import { LooseFiles } from './loose-files';
import { DEFAULT_SETTINGS, normaliseSettings, readLintSettings, type Settings } from '../settings/lint';
import { registerCaptureService } from './capture-service';
import { codeActions } from './code-actions';
import { complete } from './completion';
import { FIX_ALL_KIND, toDiagnostic } from './convert';
import { filePath } from './file-uri';
import { innermostFolder } from '../workspace/paths';
import { hover, joinHovers } from './hover';
import { LintService } from './lint-service';
import { ParsedDocuments } from './parsed-documents';
import { ProbeService, type ProbeRunSettings } from './probe-service';
import { PublishedDiagnostics } from './published-diagnostics';
import { completeNames, definition, references, workspaceHover } from './workspace-navigation';
import { getWorkspaceService, setWorkspaceService, WorkspaceService } from './workspace-service';
import { CHANGE, indexWithProgress, registerWatcher, workspaceLintOptions, workspaceRoots } from './workspace-setup';

interface InitializationOptions {
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
}

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  let pullConfiguration = false;
  let registerConfiguration = false;
  let snippetEdits = false;
  let docsBase: string | undefined;
  let pushedSettings: Settings = DEFAULT_SETTINGS;
  let pushedRaw: unknown;
  /** Forgets the folders' settings the workspace lint pulled (a configuration change). */
  let clearWorkspaceSettings = (): void => undefined;
  let roots: string[] = [];
  let trusted = true;
  let debounceMs = 150;
  let progressSupport = false;
  let registerWatchers = false;
  const published = new PublishedDiagnostics({
    send: (uri, version, diagnostics) =>
      void connection.sendDiagnostics({ uri, ...(version === undefined ? {} : { version }), diagnostics }),
    toDiagnostic: (doc, finding) => toDiagnostic(doc, finding, docsBase),
    cross: (path) => {
      const ws = getWorkspaceService();
      const text = ws?.workspace.facts(path)?.text;
      return ws === undefined || text === undefined ? undefined : { text, findings: ws.crossFindings(path) };
    },
    extra: (uri) => probes.diagnosticsFor(uri),
  });
  const settingsCache = new Map<string, Promise<Settings>>();
  let service: LintService | undefined;
  const trees = new ParsedDocuments();
  // Open documents are read as the editor holds them, the rest from disk. Decisions are cached per bundle
  // root and dropped when a file they may have read changes.
  // By path: inference reads many files, and converting every open URI for each read was the cost.
  const openByPath = new Map<string, TextDocument>();
  // The one reader every service reads the disk through: confined to the workspace folders (none before
  // initialize, or without folders: only open documents are read), no key material while untrusted.
  let files: WorkspaceFiles = workspaceFiles({ roots: [], trusted: () => trusted });
  // Documents opened outside the folders: their project folder may be read for them (and nothing else outside).
  const looseFiles = new LooseFiles(
    () => files,
    () => trusted,
    (path) => openByPath.get(path)?.getText(),
  );
  let resolver = new ProfileResolver(looseFiles.reader());
  let lensRefresh = false;
  const textOf = (path: string): TextDocument | undefined => {
    const open = openByPath.get(path);
    if (open !== undefined) return open;
    const text = files.readText(path);
    return text === undefined ? undefined : TextDocument.create(pathToFileURL(path).href, path.endsWith('.json') ? 'json' : 'xml', 0, text);
  };
  const probeSettings = async (uri: string): Promise<ProbeRunSettings> => {
    // Clients without workspace/configuration (Neovim 0.7, …) push the section instead.
    const section = pullConfiguration
      ? ((await connection.workspace.getConfiguration({ scopeUri: uri, section: 'apigeeTls' }).catch(() => undefined)) as unknown)
      : pushedRaw;
    const get = sectionGetter(section);
    const { settings } = readProbeSettings(get);
    // Relative paths start at the workspace folder holding the document (the innermost one).
    const path = filePath(uri);
    const folder = path === undefined ? undefined : innermostFolder(roots, path);
    return {
      profile: readLintSettings(get).profile,
      sniOff: settings.sni === 'off',
      timeoutMs: settings.timeoutMs,
      resolve: settings.resolve,
      // Settings name files: read them only in a trusted workspace (VS Code hides them otherwise anyway), when a
      // diagnosis dials; a ProbeSetupError reaches the user (probe-service.ts).
      given: async () => ({
        ...(trusted
          ? await loadProbeFiles(settings, folder, (path) => readNamedText(path))
          : { trust: undefined, clientCertificate: undefined }),
        explicit: false,
      }),
      codeLens: settings.codeLens,
    };
  };
  const probes: ProbeService = new ProbeService({
    documentFor: textOf,
    roots: () => roots,
    trusted: () => trusted,
    settingsFor: probeSettings,
    // The probe judges each connection as lint judges its file.
    profileOf: (path) => resolver.decisionFor(path),
    workspace: () => getWorkspaceService()?.workspace,
    // docs/probe.md has one "Cause codes" section with an anchor per code, beside docs/rules/.
    docsFor: (code) => new URL(`../probe.md#${code}`, docsBase ?? DEFAULT_DOCS_BASE).href,
    resultsChanged: () => void connection.sendNotification(CONNECTIONS_CHANGED_NOTIFICATION),
    changed: (uri) => {
      published.refresh(uri, filePath(uri));
      if (lensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    },
  });

  const settingsFor = (uri: string): Promise<Settings> => {
    if (!pullConfiguration) return Promise.resolve(pushedSettings);
    let cached = settingsCache.get(uri);
    if (cached === undefined) {
      cached = connection.workspace.getConfiguration({ scopeUri: uri, section: 'apigeeTls' }).then(normaliseSettings, () => pushedSettings);
      settingsCache.set(uri, cached);
    }
    return cached;
  };

  connection.onInitialize((params): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    registerConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    snippetEdits = params.capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
    docsBase = typeof init.docsBaseUri === 'string' ? init.docsBaseUri : undefined;
    if (init.settings !== undefined) pushedSettings = normaliseSettings(init.settings);
    pushedRaw = init.settings;
    roots = workspaceRoots(params);
    trusted = init.trusted !== false;
    files = workspaceFiles({ roots, trusted: () => trusted });
    // Override files above the folders count only while the workspace is trusted.
    const above = overrideFilesAbove();
    resolver = new ProfileResolver(looseFiles.reader(), {
      roots: () => looseFiles.roots(),
      overrideAbove: { read: (path) => (trusted ? above.read(path) : undefined), isRepositoryRoot: above.isRepositoryRoot },
    });
    progressSupport = params.capabilities.window?.workDoneProgress === true;
    registerWatchers = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    debounceMs = typeof init.debounceMs === 'number' && init.debounceMs >= 0 ? init.debounceMs : 150;
    lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    service = new LintService({
      debounceMs,
      settingsFor,
      publish: (doc, findings) => published.fileFindings(doc, filePath(doc.uri), findings),
      log: (message) => connection.console.error(message),
      profileFor: (uri) => {
        const path = filePath(uri);
        return path === undefined ? undefined : resolver.decisionFor(path);
      },
      // The other open files of that folder were judged under the old decision.
      onDecisionChange: (decision) => {
        for (const doc of documents.all()) {
          const path = filePath(doc.uri);
          if (path !== undefined && inferenceRoot(path) === decision.root) service?.schedule(doc);
        }
      },
    });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['<', '"', '>'] },
        definitionProvider: true,
        referencesProvider: true,
        ...(init.probeCodeLens === false ? {} : { codeLensProvider: { resolveProvider: false } }),
        executeCommandProvider: { commands: [DIAGNOSE_COMMAND, CLEAR_DIAGNOSIS_COMMAND] },
      },
      serverInfo: { name: 'apigee-tls-lint' },
    };
  });

  connection.onInitialized(async () => {
    // Ask for change notifications only from a client that says it can register them; a refusal is logged.
    if (pullConfiguration && registerConfiguration) {
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'apigeeTls' })
        .catch((error: unknown) => connection.console.warn(`could not register for configuration changes: ${String(error)}`));
    }
    if (roots.length === 0) return;
    // Each folder's `apigeeTls` section, pulled once per configuration change, not once per lint.
    const folderRaw = new Map<string, Promise<unknown>>();
    const workspace: WorkspaceService = new WorkspaceService({
      files,
      debounceMs,
      lintOptions: async (root) => {
        let raw = folderRaw.get(root);
        if (raw === undefined) {
          raw = pullConfiguration
            ? connection.workspace.getConfiguration({ scopeUri: pathToFileURL(root).href, section: 'apigeeTls' }).then(
                (r: unknown) => r,
                () => pushedRaw,
              )
            : Promise.resolve(pushedRaw);
          folderRaw.set(root, raw);
        }
        return workspaceLintOptions(await raw, (path) => resolver.decisionFor(path).profile);
      },
      reindex: () => void indexWithProgress(connection, workspace, progressSupport, 'files or settings changed after a cancelled index'),
      // Every file read: a view of all connections (apigeeTls/connections without a uri) has them all now.
      indexed: () => void connection.sendNotification(CONNECTIONS_CHANGED_NOTIFICATION),
      onFindings: (path) => published.crossChanged(path),
      log: (message) => connection.console.error(message),
    });
    clearWorkspaceSettings = () => folderRaw.clear();
    setWorkspaceService(workspace);
    for (const doc of documents.all()) {
      const path = filePath(doc.uri);
      if (path !== undefined) workspace.setOpen(path, doc.getText());
    }
    // Watch first, then list the folders: a file written in between is read by the index or reported.
    if (registerWatchers) await registerWatcher(connection);
    void indexWithProgress(connection, workspace, progressSupport, 'the server started');
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    const pushed = (change.settings as { apigeeTls?: unknown } | undefined)?.apigeeTls;
    if (pushed !== undefined) pushedSettings = normaliseSettings(pushed);
    if (pushed !== undefined) pushedRaw = pushed;
    clearWorkspaceSettings();
    for (const doc of documents.all()) service?.schedule(doc, true);
    getWorkspaceService()?.settingsChanged();
    // What the probe offers or trusts may have changed (profile, CA files, SNI, addresses): results are stale.
    probes.clear();
    if (lensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  });

  // TextDocuments reports an open as onDidOpen and then onDidChangeContent: the open is linted at once, and
  // the content event for that same version must not push it back by the debounce delay.
  const openedVersion = new Map<string, number>();
  documents.onDidOpen((e) => {
    const path = filePath(e.document.uri);
    if (path !== undefined) openByPath.set(path, e.document);
    if (path !== undefined) looseFiles.opened(path);
    openedVersion.set(e.document.uri, e.document.version);
    service?.schedule(e.document, true);
  });
  documents.onDidChangeContent((e) => {
    // An edit makes the probe results shown in this file stale (cleared when the lint republishes it).
    if (e.document.version > 1) probes.edited(e.document.uri);
    const path = filePath(e.document.uri);
    if (path !== undefined) openByPath.set(path, e.document);
    // The content event that follows an open is no change of the evidence: only edits make decisions stale
    // (else opening many files would drop and remake the decisions once per file).
    const isOpen = openedVersion.get(e.document.uri) === e.document.version;
    openedVersion.delete(e.document.uri);
    if (path !== undefined && !isOpen) resolver.changed(path);
    if (path !== undefined) getWorkspaceService()?.setOpen(path, e.document.getText());
    service?.schedule(e.document);
  });
  connection.onDidChangeWatchedFiles((params) => {
    // One event per file and kind: a file several watchers match is reported by each.
    const changes = [...new Map(params.changes.map((c) => [`${c.type} ${c.uri}`, c])).values()];
    // Open documents report their changes as they are typed; a file changed on disk may change decisions, and
    // the open files judged under a decision dropped are judged again.
    let dropped = false;
    for (const change of changes) {
      const path = filePath(change.uri);
      if (path !== undefined && documents.get(change.uri) === undefined) dropped = resolver.changed(path) || dropped;
    }
    if (dropped) for (const doc of documents.all()) service?.schedule(doc);
    for (const change of changes) {
      const path = filePath(change.uri);
      if (path !== undefined) getWorkspaceService()?.changedOnDisk(path, CHANGE[change.type]);
      if (path !== undefined) probes.outside.changedOnDisk(path);
    }
  });
  documents.onDidClose((e) => {
    const closed = filePath(e.document.uri);
    if (closed !== undefined) openByPath.delete(closed);
    openedVersion.delete(e.document.uri);
    service?.forget(e.document.uri);
    trees.forget(e.document.uri);
    settingsCache.delete(e.document.uri);
    const path = filePath(e.document.uri);
    if (path !== undefined) getWorkspaceService()?.close(path);
    published.closed(e.document.uri, path);
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (doc === undefined || service === undefined) return [];
    return codeActions(doc, await service.findings(doc), params, snippetEdits);
  });
  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const path = filePath(params.textDocument.uri);
    const ws = getWorkspaceService()?.workspace;
    const names = path === undefined || ws === undefined ? null : workspaceHover(ws, path, params.position);
    if (doc === undefined) return names;
    const context = service === undefined ? undefined : { findings: await service.findings(doc), decision: await service.decision(doc) };
    return joinHovers(names, hover(doc, params.position, trees, context));
  });
  connection.onCompletion((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (doc === undefined) return [];
    const path = filePath(doc.uri);
    const ws = getWorkspaceService()?.workspace;
    const names = path === undefined || ws === undefined ? [] : completeNames(ws, path, doc, params.position);
    return [...names, ...complete(doc, params.position)];
  });
  connection.onDefinition((params) => {
    const path = filePath(params.textDocument.uri);
    const ws = getWorkspaceService()?.workspace;
    return path === undefined || ws === undefined ? [] : definition(ws, path, params.position);
  });
  connection.onReferences((params) => {
    const path = filePath(params.textDocument.uri);
    const ws = getWorkspaceService()?.workspace;
    return path === undefined || ws === undefined ? [] : references(ws, path, params.position, params.context.includeDeclaration);
  });

  connection.onCodeLens(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    return doc === undefined ? [] : probes.codeLenses(doc);
  });
  connection.onExecuteCommand(async (params, token, workDone) => {
    if (params.command === CLEAR_DIAGNOSIS_COMMAND) {
      probes.clear();
      return null;
    }
    if (params.command !== DIAGNOSE_COMMAND) return null;
    const args = (params.arguments?.[0] ?? {}) as DiagnoseArguments;
    // No uri: the whole workspace, but only the connections named (ids) or the environments chosen.
    if (args.uri === undefined ? args.ids === undefined && args.envs === undefined : typeof args.uri !== 'string') return null;
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    workDone.begin('Apigee TLS Lint: diagnosing target TLS', 0, undefined, true);
    try {
      return await probes.diagnose(args, abort.signal, (done, total) =>
        workDone.report(Math.round((100 * done) / Math.max(total, 1)), `${done} of ${total} connections`),
      );
    } finally {
      workDone.done();
    }
  });
  connection.onRequest(CONNECTIONS_REQUEST, async (params: ConnectionsParams | null) =>
    params?.uri === undefined || typeof params.uri === 'string' ? probes.connections(params ?? {}) : { connections: [] },
  );
  connection.onNotification(WORKSPACE_TRUSTED_NOTIFICATION, () => {
    trusted = true;
    getWorkspaceService()?.trustGranted();
  });

  registerCaptureService(connection);
  documents.listen(connection);
  connection.listen();
}

// dist/server.js is this module's bundle: start when run directly (VS Code forks it with --node-ipc).
if (require.main === module) startServer();
