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
import { fileURLToPath } from 'node:url';
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
  // Open documents are read as the editor holds them, the rest from disk. Decisions are cached per bundle
  // root and dropped when a file they may have read changes.
  const resolver = new ProfileResolver(
    nodeFileReader((path) =>
      documents
        .all()
        .find((d) => filePath(d.uri) === path)
        ?.getText(),
    ),
  );

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
    service = new LintService({
      debounceMs: typeof init.debounceMs === 'number' && init.debounceMs >= 0 ? init.debounceMs : 150,
      settingsFor,
      publish: (doc, findings) =>
        void connection.sendDiagnostics({
          uri: doc.uri,
          version: doc.version,
          diagnostics: findings.map((f) => toDiagnostic(doc, f, docsBase)),
        }),
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
  documents.onDidOpen((e) => service?.schedule(e.document, true));
  documents.onDidChangeContent((e) => {
    const path = filePath(e.document.uri);
    if (path !== undefined) resolver.changed(path);
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
    service?.forget(e.document.uri);
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

  registerCaptureService(connection);
  documents.listen(connection);
  connection.listen();
}

/** The local path of a file: URI; undefined for untitled and virtual documents. */
function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

// dist/server.js is this module's bundle: start when run directly (VS Code forks it with --node-ipc).
if (require.main === module) startServer();
