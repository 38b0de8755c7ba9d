// The "Diagnose clients" CodeLens on the front doors a file names (workspace/front-doors.ts), and what the client
// simulation found there: one diagnostic per cause naming the clients that cannot connect, with the fix, until the
// document is edited (as the southbound probe's results).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type CodeLens, type Diagnostic } from 'vscode-languageserver/node';
import { frontDoorSites } from '../workspace/front-doors';
import type { Workspace } from '../workspace/workspace';
import {
  CLIENTS_SOURCE,
  DIAGNOSE_CLIENTS_AT_COMMAND,
  type DiagnoseClientsParams,
  type DiagnoseClientsResult,
  type Range,
} from '../shared/protocol';
import { filePath } from './file-uri';

interface Shown {
  uri: string;
  range: Range;
  result: DiagnoseClientsResult;
}

const placeKey = (uri: string, range: Range, target: string): string =>
  `${uri}#${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}#${target}`;

/** `A`, `A and B`, `A, B and C`. */
function names(list: readonly string[]): string {
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)!}`;
}

/** The lens title once the clients were simulated. */
function titleOf(target: string, r: DiagnoseClientsResult): string {
  if (r.unreachable !== null) return `Clients of ${target}: unreachable (${r.unreachable})`;
  const failing = r.clients.filter((c) => !c.ok).length;
  return failing === 0
    ? `Clients of ${target}: all ${r.clients.length} connect`
    : `Clients of ${target}: ${failing} of ${r.clients.length} cannot connect`;
}

/** One diagnostic per failing cause (the clients named, the first one's message, the fix); one when unreachable. */
export function clientDiagnostics(range: Range, r: DiagnoseClientsResult): Diagnostic[] {
  const door = `${r.target.host}:${r.target.port}`;
  if (r.unreachable !== null)
    return [{ range, severity: DiagnosticSeverity.Warning, source: CLIENTS_SOURCE, message: `${door}: ${r.unreachable}` }];
  const byId = new Map(r.clients.map((c) => [c.id, c]));
  return r.groups
    .filter((g) => !g.ok)
    .map((g) => {
      const clients = g.clients.flatMap((id) => byId.get(id) ?? []);
      const why = clients[0]?.message ?? g.label;
      return {
        range,
        severity: DiagnosticSeverity.Error,
        source: CLIENTS_SOURCE,
        code: g.cause ?? 'error',
        message: `${names(clients.map((c) => c.name))} cannot connect to ${door}: ${why}${g.fix === null ? '' : `\nFix: ${g.fix}`}`,
      };
    });
}

export class ClientLenses {
  private readonly shown = new Map<string, Shown>();

  /** `changed`: a document's client diagnostics (and lens titles) changed: publish it again. */
  constructor(private readonly changed: (uri: string) => void) {}

  /** A lens per front door the document names: "Diagnose clients of host:port", or what the last run found. */
  codeLenses(doc: TextDocument, ws: Workspace | undefined): CodeLens[] {
    const path = filePath(doc.uri);
    if (ws === undefined || path === undefined) return [];
    return frontDoorSites(ws, path).map((site) => {
      const range = { start: doc.positionAt(site.span.start), end: doc.positionAt(site.span.end) };
      const last = this.shown.get(placeKey(doc.uri, range, site.target));
      const params: DiagnoseClientsParams = { target: site.target, scopeUri: doc.uri, at: { uri: doc.uri, range } };
      const port = site.portOf === undefined ? '' : ` (${site.portOf})`;
      const title = last === undefined ? `Diagnose clients of ${site.target}${port}` : titleOf(site.target, last.result);
      return { range, command: { title, command: DIAGNOSE_CLIENTS_AT_COMMAND, arguments: [params] } };
    });
  }

  /** A run's result at its lens: shown until the document is edited. */
  remember(at: NonNullable<DiagnoseClientsParams['at']>, target: string, result: DiagnoseClientsResult): void {
    this.shown.set(placeKey(at.uri, at.range, target), { uri: at.uri, range: at.range, result });
    this.changed(at.uri);
  }

  diagnosticsFor(uri: string): Diagnostic[] {
    return [...this.shown.values()].filter((s) => s.uri === uri).flatMap((s) => clientDiagnostics(s.range, s.result));
  }

  /** The document was edited: its results are stale (the lint's republish drops their diagnostics). */
  edited(uri: string): void {
    for (const [key, s] of this.shown) if (s.uri === uri) this.shown.delete(key);
  }

  /** Settings changed: every result goes. */
  clear(): void {
    const uris = new Set([...this.shown.values()].map((s) => s.uri));
    this.shown.clear();
    uris.forEach((uri) => this.changed(uri));
  }
}
