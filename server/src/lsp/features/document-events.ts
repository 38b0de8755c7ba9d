// Open, edited and closed documents, and files changed on disk, routed to every feature in the order they depend
// on: the context's view of open documents first, then decisions, the model, the probe's results, lint.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../context';
import { filePath } from '../file-uri';
import type { ClientLenses } from '../clients-lens';
import type { ProbeService } from '../probe-service';
import type { PublishedDiagnostics } from '../published-diagnostics';
import type { LintFeature } from './lint-feature';
import type { WorkspaceFeature } from './workspace-feature';

export interface DocumentListeners {
  lint: LintFeature;
  workspace: WorkspaceFeature;
  probes: ProbeService;
  /** The client verdicts shown where a "Diagnose clients" lens was. */
  clientLenses: ClientLenses;
  published: PublishedDiagnostics;
  /** A folder's `.apigee-tls.json` changed: settings are read again and everything judged again. */
  reconfigured: () => void;
}

export function registerDocumentEvents(
  ctx: ServerContext,
  { lint, workspace, probes, clientLenses, published, reconfigured }: DocumentListeners,
): void {
  const { connection, documents } = ctx;
  // TextDocuments reports an open as onDidOpen and then onDidChangeContent: the open is linted at once, and
  // the content event for that same version must not push it back by the debounce delay.
  const openedVersion = new Map<string, number>();
  const track = (doc: TextDocument): string | undefined => {
    const path = filePath(doc.uri);
    if (path !== undefined) ctx.openByPath.set(path, doc);
    return path;
  };
  documents.onDidOpen((e) => {
    const path = track(e.document);
    if (path !== undefined) ctx.looseFiles.opened(path);
    openedVersion.set(e.document.uri, e.document.version);
    lint.schedule(e.document, true);
  });
  documents.onDidChangeContent((e) => {
    // An edit makes the probe results shown in this file stale (cleared when the lint republishes it).
    if (e.document.version > 1) {
      probes.edited(e.document.uri);
      clientLenses.edited(e.document.uri);
    }
    const path = track(e.document);
    // The content event that follows an open is no change of the evidence: only edits make decisions stale
    // (else opening many files would drop and remake the decisions once per file).
    const isOpen = openedVersion.get(e.document.uri) === e.document.version;
    openedVersion.delete(e.document.uri);
    if (path !== undefined && !isOpen) ctx.resolver.changed(path);
    if (path !== undefined) ctx.workspace?.setOpen(path, e.document.getText());
    lint.schedule(e.document);
  });
  documents.onDidClose((e) => {
    const path = filePath(e.document.uri);
    if (path !== undefined) ctx.openByPath.delete(path);
    openedVersion.delete(e.document.uri);
    lint.closed(e.document.uri);
    ctx.forgetDocument(e.document.uri);
    if (path !== undefined) ctx.workspace?.close(path);
    published.closed(e.document.uri, path);
  });
  connection.onDidChangeWatchedFiles((params) => {
    // One event per file and kind: a file several watchers match is reported by each.
    const changes = [...new Map(params.changes.map((c) => [`${c.type} ${c.uri}`, c])).values()];
    workspace.changedOnDisk(changes);
    let configChanged = false;
    for (const change of changes) {
      const path = filePath(change.uri);
      if (path !== undefined) configChanged = ctx.configFileChanged(path) || configChanged;
    }
    if (configChanged) reconfigured();
    for (const change of changes) {
      const path = filePath(change.uri);
      if (path !== undefined) probes.outside.changedOnDisk(path);
      // A "Diagnose clients" result resolved through this file (a virtual host, a certificate) is stale.
      if (path !== undefined) clientLenses.touched(path);
    }
  });
}
