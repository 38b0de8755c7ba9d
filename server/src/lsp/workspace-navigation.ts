// Definition, references, hover and completion over the workspace model, in LSP terms: offsets of the model's
// texts become positions, places become locations.
import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type Hover,
  type Location,
  type Position,
  type Range,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import type { Span } from '../documents/xml/types';
import { readModelText } from '../workspace/model-files';
import {
  completionSlot,
  definitionsOf,
  nameCandidates,
  namesAt,
  resolutionsOf,
  usesOf,
  type NameAt,
  type NameKind,
  type Place,
} from '../workspace/navigation';
import type { Workspace } from '../workspace/workspace';

/** The model's view of a document: its text in the model, which an open document matches once fed. */
function modelDoc(ws: Workspace, path: string): TextDocument | undefined {
  const text = ws.facts(path)?.text ?? readModelText(ws.files, path);
  return text === undefined ? undefined : TextDocument.create(pathToFileURL(path).href, 'plaintext', 0, text);
}

function range(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

/** The names at a position: one, or several where a Terraform resource label names one per `for_each` instance. */
function namesAtPosition(ws: Workspace, path: string, position: Position): { names: NameAt[]; doc: TextDocument } | undefined {
  const doc = modelDoc(ws, path);
  if (doc === undefined) return undefined;
  const names = namesAt(ws, path, doc.offsetAt(position));
  return names.length === 0 ? undefined : { names, doc };
}

function locations(ws: Workspace, places: readonly Place[]): Location[] {
  const docs = new Map<string, TextDocument | undefined>();
  const out: Location[] = [];
  for (const place of places) {
    if (!docs.has(place.file)) docs.set(place.file, modelDoc(ws, place.file));
    const doc = docs.get(place.file);
    if (doc !== undefined) out.push({ uri: doc.uri, range: range(doc, place.span) });
  }
  return out;
}

export function definition(ws: Workspace, path: string, position: Position): Location[] {
  const hit = namesAtPosition(ws, path, position);
  return hit === undefined
    ? []
    : locations(
        ws,
        hit.names.flatMap((at) => definitionsOf(ws, path, at)),
      );
}

export function references(ws: Workspace, path: string, position: Position, includeDeclaration: boolean): Location[] {
  const hit = namesAtPosition(ws, path, position);
  if (hit === undefined) return [];
  const places = hit.names.flatMap((at) => [...usesOf(ws, at), ...(includeDeclaration ? definitionsOf(ws, path, at) : [])]);
  return locations(ws, places);
}

const KIND_LABEL: Record<NameKind, string> = {
  targetServer: 'TargetServer',
  reference: 'Reference',
  keystore: 'Keystore',
  alias: 'Key alias',
  property: 'Property',
  virtualHost: 'Virtual host',
};

export function workspaceHover(ws: Workspace, path: string, position: Position): Hover | null {
  const hit = namesAtPosition(ws, path, position);
  if (hit === undefined) return null;
  const { names, doc } = hit;
  const parts = names.map((at) => {
    const resolutions = resolutionsOf(ws, path, at);
    const body =
      resolutions.length === 0
        ? ['No environment configuration applies to this file.']
        : resolutions.map((r) => `**${r.env}**: ${r.lines.join('\n\n')}`);
    const more = at.envs.length > resolutions.length ? [`…and ${at.envs.length - resolutions.length} more environments`] : [];
    return [`**${KIND_LABEL[at.kind]}** \`${at.name}\``, ...body, ...more].join('\n\n');
  });
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: range(doc, names[0]!.span) };
}

const ITEM_KIND: Record<NameKind, CompletionItemKind> = {
  targetServer: CompletionItemKind.Reference,
  reference: CompletionItemKind.Reference,
  keystore: CompletionItemKind.Module,
  alias: CompletionItemKind.Value,
  property: CompletionItemKind.Property,
  virtualHost: CompletionItemKind.Interface,
};

/** TargetServer, reference, keystore and alias names, in the open document's own text. */
export function completeNames(ws: Workspace, path: string, doc: TextDocument, position: Position): CompletionItem[] {
  const offset = doc.offsetAt(position);
  const slot = completionSlot(doc.getText(), offset);
  if (slot === undefined) return [];
  const replace = { start: doc.positionAt(slot.start), end: position };
  return nameCandidates(ws, path, slot.slot).map((c) => ({
    label: c.insert,
    kind: ITEM_KIND[c.kind],
    detail: c.envs.length === 0 ? `${KIND_LABEL[c.kind]}: Edge Cloud built-in` : `${KIND_LABEL[c.kind]} in ${c.envs.join(', ')}`,
    textEdit: { range: replace, newText: c.insert },
  }));
}
