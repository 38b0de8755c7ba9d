// The language server: wiring only. Each feature registers its own requests over one shared context (context.ts):
// lint, the workspace model, the probe, the capture analysis. Runs over IPC (VS Code) or --stdio (any editor).
import { createConnection, ProposedFeatures, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver/node';
import { WORKSPACE_TRUSTED_NOTIFICATION } from '../shared/protocol';
import { registerCaptureService } from './capture-service';
import { ClientLenses } from './clients-lens';
import { ServerContext } from './context';
import { filePath } from './file-uri';
import { toDiagnostic } from './convert';
import { registerClients } from './features/clients-feature';
import { registerDocumentEvents } from './features/document-events';
import { registerNorthbound } from './features/northbound-feature';
import { LINT_CAPABILITIES, LintFeature } from './features/lint-feature';
import { probeCapabilities, registerProbe } from './features/probe-feature';
import { WORKSPACE_CAPABILITIES, WorkspaceFeature } from './features/workspace-feature';
import { PublishedDiagnostics } from './published-diagnostics';

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const ctx = new ServerContext(connection);
  // A file's diagnostics: its own lint findings, the workspace model's cross-file ones and the probe's failures.
  const published: PublishedDiagnostics = new PublishedDiagnostics({
    send: (uri, version, diagnostics) =>
      void connection.sendDiagnostics({ uri, ...(version === undefined ? {} : { version }), diagnostics }),
    toDiagnostic: (doc, finding) => toDiagnostic(doc, finding, ctx.docsBase),
    cross: (path) => {
      const ws = ctx.workspace;
      const text = ws?.workspace.facts(path)?.text;
      return ws === undefined || text === undefined ? undefined : { text, findings: ws.crossFindings(path) };
    },
    background: (path) => workspace.problems?.of(path),
    extra: (uri) => [...probes.diagnosticsFor(uri), ...clientLenses.diagnosticsFor(uri)],
    keep: (path, text, finding) => ctx.configFiles.keeps(path, text, finding),
  });
  const lint = new LintFeature(ctx, published);
  const clientLenses = new ClientLenses((uri) => {
    published.refresh(uri, filePath(uri));
    ctx.refreshLenses();
  });
  const probes = registerProbe(ctx, () => published, { lenses: clientLenses, run: registerClients(ctx, clientLenses) });
  const workspace = new WorkspaceFeature(ctx, published, lint);
  // Settings or a folder's .apigee-tls.json changed: every verdict may change.
  const reconfigured = (): void => {
    lint.scheduleAll(true);
    workspace.settingsChanged();
    // What the probe offers or trusts may have changed (profile, CA files, SNI, addresses): results are stale.
    probes.clear();
    clientLenses.clear();
    ctx.refreshLenses();
  };
  registerDocumentEvents(ctx, { lint, workspace, probes, clientLenses, published, reconfigured });
  registerCaptureService(connection);
  registerNorthbound(ctx);

  connection.onInitialize((params): InitializeResult => {
    ctx.initialize(params);
    lint.start();
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        ...LINT_CAPABILITIES,
        ...WORKSPACE_CAPABILITIES,
        ...probeCapabilities(ctx),
      },
      serverInfo: { name: 'apigee-tls-lint' },
    };
  });
  connection.onInitialized(() => void workspace.start());
  connection.onDidChangeConfiguration((change) => {
    ctx.settingsChanged((change.settings as { apigeeTls?: unknown } | undefined)?.apigeeTls);
    reconfigured();
  });
  connection.onNotification(WORKSPACE_TRUSTED_NOTIFICATION, () => {
    ctx.trusted = true;
    ctx.configFiles.clear();
    workspace.trustGranted();
  });

  ctx.documents.listen(connection);
  connection.listen();
}

// dist/server.js is this module's bundle: start when run directly (VS Code forks it with --node-ipc).
if (require.main === module) startServer();
