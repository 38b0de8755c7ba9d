// `apigeeTls/northbound`: the workspace model's northbound entries (workspace/northbound-view.ts) for the "Apigee
// TLS" view, their places turned into LSP locations. Reads the model only; "Diagnose clients" on an entry is the
// existing `apigeeTls/diagnoseClients` request (with consent when untrusted).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { NORTHBOUND_REQUEST, type NorthboundLocation, type NorthboundResult } from '../../shared/northbound-protocol';
import { northboundEntries, type NbPlace } from '../../workspace/northbound-view';
import type { ServerContext } from '../context';

export function northboundResult(ctx: ServerContext): NorthboundResult {
  const ws = ctx.workspace?.workspace;
  if (ws === undefined) return { entries: [], environments: [] };
  const docs = new Map<string, TextDocument | undefined>();
  const loc = (p: NbPlace): NorthboundLocation => {
    if (!docs.has(p.file)) docs.set(p.file, ctx.textOf(p.file));
    const doc = docs.get(p.file);
    const zero = { line: 0, character: 0 };
    const range = doc === undefined ? { start: zero, end: zero } : { start: doc.positionAt(p.span.start), end: doc.positionAt(p.span.end) };
    return { uri: pathToFileURL(p.file).href, range };
  };
  return {
    entries: northboundEntries(ws).map((e) => ({
      kind: e.kind,
      env: e.env,
      name: e.name,
      at: loc(e.at),
      port: e.port ?? null,
      portNote: e.portNote ?? null,
      tls: e.tls,
      hosts: e.hosts.map((h) => ({ name: h.name, at: loc(h.at), target: h.target ?? null, note: h.note ?? null })),
      keystore: e.keystore ?? null,
      keyAlias: e.keyAlias ?? null,
      aliasAt: e.aliasAt === undefined ? null : loc(e.aliasAt),
      certificates: e.certificates,
      proxies: e.proxies.map((p) => ({ name: p.name, at: loc(p.at) })),
      settings: e.settings ?? null,
    })),
    environments: [...new Set(ws.allEnvironments().map((env) => env.env))].sort(),
  };
}

export function registerNorthbound(ctx: ServerContext): void {
  ctx.connection.onRequest(NORTHBOUND_REQUEST, () => northboundResult(ctx));
}
