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
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { filePath } from './file-uri';
import type { Diagnostic } from 'vscode-languageserver/node';
import { loadProbeFiles, readProbeSettings } from '../settings/probe';
import { DIAGNOSE_COMMAND, WORKSPACE_TRUSTED_NOTIFICATION, type DiagnoseArguments } from '../shared/protocol';
import { ProbeService, type ProbeRunSettings } from './probe-service';
import { nodeFileReader } from '../host/file-reader';
import { inferenceRoot, ProfileResolver } from '../lint/profile-inference';
import { DEFAULT_SETTINGS, normaliseSettings, type Settings } from '../lint/settings';
import { registerCaptureService } from './capture-service';
import { codeActions } from './code-actions';
import { complete } from './completion';
import { FIX_ALL_KIND, toDiagnostic } from './convert';
import { hover } from './hover';
import { LintService } from './lint-service';
import { ParsedDocuments } from './parsed-documents';

interface InitializationOptions {
  /** Base URI of the rule docs (the extension passes its bundled docs folder). */
  docsBaseUri?: string;
  /** Debounce for re-lint on change, in ms (default 150). */
  debounceMs?: number;
  /** Settings for clients that cannot answer workspace/configuration. */
  settings?: unknown;
  /** VS Code's workspace trust; absent (other editors): trusted. */
  workspaceTrusted?: boolean;
  /** false: the client draws its own probe lenses (the VS Code client until it forwards to the server). */
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
  const settingsCache = new Map<string, Promise<Settings>>();
  let service: LintService | undefined;
  const trees = new ParsedDocuments();
  let trusted = true;
  let roots: string[] = [];
  let lensRefresh = false;
  /** The last lint diagnostics per document, published together with the probe's. */
  const lintDiagnostics = new Map<string, { version: number | undefined; diagnostics: Diagnostic[] }>();
  const textOf = (path: string): TextDocument | undefined => {
    const uri = pathToFileURL(path).href;
    const open = documents.all().find((d) => filePath(d.uri) === path);
    if (open !== undefined) return open;
    try {
      return TextDocument.create(uri, path.endsWith('.json') ? 'json' : 'xml', 0, readFileSync(path, 'utf8'));
    } catch {
      return undefined;
    }
  };
  const publishAll = (uri: string): void => {
    const lint = lintDiagnostics.get(uri);
    void connection.sendDiagnostics({
      uri,
      ...(lint?.version === undefined ? {} : { version: lint.version }),
      diagnostics: [...(lint?.diagnostics ?? []), ...probes.diagnosticsFor(uri)],
    });
  };
  const probeSettings = async (uri: string): Promise<ProbeRunSettings> => {
    const section = pullConfiguration
      ? ((await connection.workspace.getConfiguration({ scopeUri: uri, section: 'apigeeTls' }).catch(() => undefined)) as unknown)
      : undefined;
    const get = (key: string): unknown =>
      key
        .split('.')
        .slice(1)
        .reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), section ?? {});
    const { settings } = readProbeSettings(get);
    // Settings name files: read them only in a trusted workspace (VS Code hides them otherwise anyway).
    const files = trusted
      ? await loadProbeFiles(settings, roots[0], (path) => readFileSync(path, 'utf8')).catch(() => ({
          trust: undefined,
          clientCertificate: undefined,
        }))
      : { trust: undefined, clientCertificate: undefined };
    return {
      profile: settings.profile,
      sniOff: settings.sni === 'off',
      timeoutMs: settings.timeoutMs,
      resolve: settings.resolve,
      given: { ...files, explicit: false },
    };
  };
  const probes = new ProbeService({
    documentFor: textOf,
    roots: () => roots,
    trusted: () => trusted,
    settingsFor: probeSettings,
    changed: (uri) => {
      publishAll(uri);
      if (lensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    },
  });
  // Open documents are read as the editor holds them, the rest from disk. Decisions are cached per bundle
  // root and dropped when a file they may have read changes.
  // Open documents by file path, so a read of the inference costs a map lookup, not a scan of every open document.
  const openByPath = new Map<string, TextDocument>();
  const resolver = new ProfileResolver(nodeFileReader((path) => openByPath.get(path)?.getText()));

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
    trusted = init.workspaceTrusted !== false;
    lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    roots = (params.workspaceFolders ?? []).flatMap((f) => {
      const path = filePath(f.uri);
      return path === undefined ? [] : [path];
    });
    service = new LintService({
      debounceMs: typeof init.debounceMs === 'number' && init.debounceMs >= 0 ? init.debounceMs : 150,
      settingsFor,
      publish: (doc, findings) => {
        lintDiagnostics.set(doc.uri, { version: doc.version, diagnostics: findings.map((f) => toDiagnostic(doc, f, docsBase)) });
        publishAll(doc.uri);
      },
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
        completionProvider: { triggerCharacters: ['<'] },
        ...(init.probeCodeLens === false ? {} : { codeLensProvider: { resolveProvider: false } }),
        executeCommandProvider: { commands: [DIAGNOSE_COMMAND] },
      },
      serverInfo: { name: 'apigee-tls-lint' },
    };
  });

  connection.onInitialized(() => {
    // Ask for change notifications only from a client that says it can register them; a refusal is logged.
    if (pullConfiguration && registerConfiguration) {
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'apigeeTls' })
        .catch((error: unknown) => connection.console.warn(`could not register for configuration changes: ${String(error)}`));
    }
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    const pushed = (change.settings as { apigeeTls?: unknown } | undefined)?.apigeeTls;
    if (pushed !== undefined) pushedSettings = normaliseSettings(pushed);
    for (const doc of documents.all()) service?.schedule(doc, true);
  });

  // TextDocuments reports an open as onDidOpen and then onDidChangeContent: the open is linted at once, and
  // the content event for that same version must not push it back by the debounce delay.
  const openedVersion = new Map<string, number>();
  documents.onDidOpen((e) => {
    const path = filePath(e.document.uri);
    if (path !== undefined) openByPath.set(path, e.document);
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
    service?.schedule(e.document);
  });
  connection.onDidChangeWatchedFiles((params) => {
    // Open documents report their changes as they are typed; a file changed on disk may change decisions.
    const onDisk = params.changes.filter((c) => documents.get(c.uri) === undefined);
    for (const change of onDisk) {
      const path = filePath(change.uri);
      if (path !== undefined) resolver.changed(path);
    }
    if (onDisk.length > 0) for (const doc of documents.all()) service?.schedule(doc);
  });
  documents.onDidClose((e) => {
    const path = filePath(e.document.uri);
    if (path !== undefined) openByPath.delete(path);
    openedVersion.delete(e.document.uri);
    service?.forget(e.document.uri);
    lintDiagnostics.delete(e.document.uri);
    trees.forget(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (doc === undefined || service === undefined) return [];
    return codeActions(doc, await service.findings(doc), params, snippetEdits);
  });
  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (doc === undefined) return null;
    const context = service === undefined ? undefined : { findings: await service.findings(doc), decision: await service.decision(doc) };
    return hover(doc, params.position, trees, context);
  });
  connection.onCompletion((params) => {
    const doc = documents.get(params.textDocument.uri);
    return doc === undefined ? [] : complete(doc, params.position);
  });

  connection.onCodeLens(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    return doc === undefined ? [] : probes.codeLenses(doc);
  });
  connection.onExecuteCommand(async (params, token, workDone) => {
    if (params.command !== DIAGNOSE_COMMAND) return null;
    const args = (params.arguments?.[0] ?? {}) as DiagnoseArguments;
    if (typeof args.uri !== 'string') return null;
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
  connection.onNotification(WORKSPACE_TRUSTED_NOTIFICATION, () => {
    trusted = true;
  });

  registerCaptureService(connection);
  documents.listen(connection);
  connection.listen();
}

// dist/server.js is this module's bundle: start when run directly (VS Code forks it with --node-ipc).
if (require.main === module) startServer();
