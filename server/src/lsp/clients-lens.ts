// The "Diagnose clients" CodeLens on the front doors a file names (workspace/front-doors.ts), and what the client
// simulation found there: one diagnostic per cause naming the clients that cannot connect, with the fix, until the
// document, or a file it was resolved through (the virtual host's definition, its keystore's certificate file, another
// overrides file), changes.
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
  /** The other files the lens's target was resolved through (paths). */
  through: ReadonlySet<string>;
  note: string | undefined;
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
export function clientDiagnostics(range: Range, r: DiagnoseClientsResult, note?: string): Diagnostic[] {
  const door = `${r.target.host}:${r.target.port}${note === undefined ? '' : ` (${note})`}`;
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
  /** What the last lenses of each place were resolved through, for the result their command brings back. */
  private readonly sites = new Map<string, { through: ReadonlySet<string>; note: string | undefined }>();

  /** `changed`: a document's client diagnostics (and lens titles) changed: publish it again. */
  constructor(private readonly changed: (uri: string) => void) {}

  /** A lens per front door the document names: "Diagnose clients of host:port", or what the last run found. */
  codeLenses(doc: TextDocument, ws: Workspace | undefined): CodeLens[] {
    const path = filePath(doc.uri);
    if (ws === undefined || path === undefined) return [];
    for (const key of this.sites.keys()) if (key.startsWith(`${doc.uri}#`)) this.sites.delete(key);
    return frontDoorSites(ws, path).map((site) => {
      const range = { start: doc.positionAt(site.span.start), end: doc.positionAt(site.span.end) };
      const key = placeKey(doc.uri, range, site.target);
      const last = this.shown.get(key);
      this.sites.set(key, { through: new Set(site.through), note: site.note });
      const params: DiagnoseClientsParams = {
        target: site.target,
        scopeUri: doc.uri,
        at: { uri: doc.uri, range },
        ...(site.note === undefined ? {} : { note: site.note }),
      };
      const door = site.note === undefined ? site.target : `${site.target} (${site.note})`;
      const title = last === undefined ? `Diagnose clients of ${door}` : titleOf(door, last.result);
      return { range, command: { title, command: DIAGNOSE_CLIENTS_AT_COMMAND, arguments: [params] } };
    });
  }

  /** A run's result at its lens: shown until the document, or a file its target was resolved through, changes. */
  remember(at: NonNullable<DiagnoseClientsParams['at']>, target: string, result: DiagnoseClientsResult): void {
    const key = placeKey(at.uri, at.range, target);
    const site = this.sites.get(key);
    this.shown.set(key, { uri: at.uri, range: at.range, result, through: site?.through ?? new Set(), note: site?.note });
    this.changed(at.uri);
  }

  diagnosticsFor(uri: string): Diagnostic[] {
    return [...this.shown.values()].filter((s) => s.uri === uri).flatMap((s) => clientDiagnostics(s.range, s.result, s.note));
  }

  /** The document was edited: its results are stale (the lint's republish drops their diagnostics). */
  edited(uri: string): void {
    for (const [key, s] of this.shown) if (s.uri === uri) this.shown.delete(key);
    const path = filePath(uri);
    if (path !== undefined) this.touched(path, uri);
  }

  /**
   * A file changed (edited in an editor or on disk): the results resolved through it are stale elsewhere too (a
   * <VirtualHost> lens whose virtualHosts.json was edited, an alias whose certificate file was replaced).
   */
  touched(path: string, except?: string): void {
    const uris = new Set<string>();
    for (const [key, s] of this.shown) {
      if (!s.through.has(path) && filePath(s.uri) !== path) continue;
      this.shown.delete(key);
      uris.add(s.uri);
    }
    uris.delete(except ?? '');
    uris.forEach((uri) => this.changed(uri));
  }

  /** Settings changed: every result goes. */
  clear(): void {
    const uris = new Set([...this.shown.values()].map((s) => s.uri));
    this.shown.clear();
    this.sites.clear();
    uris.forEach((uri) => this.changed(uri));
  }
}
