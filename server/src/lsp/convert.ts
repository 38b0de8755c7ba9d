// Engine findings and edits → LSP types. The only place that knows both vocabularies.
import {
  CodeAction,
  CodeActionKind,
  Diagnostic,
  DiagnosticSeverity,
  type Range,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Fix, Severity, TextEdit } from '../lint/model';
import { ruleDocsUrl } from '../lint/registry';
import type { Span } from '../documents/xml/types';

import { LINT_SOURCE } from '../shared/protocol';

/** The `source` of lint diagnostics (one name with the CLI: `apigee-tls-lint`). */
export const SOURCE = LINT_SOURCE;
export { FIX_ALL_KIND } from '../shared/protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toRange(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export function toDiagnostic(doc: TextDocument, finding: Finding, docsBase: string): Diagnostic {
  return {
    range: toRange(doc, finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId, docsBase) },
    source: SOURCE,
    message: finding.message,
  };
}

/** A workspace edit for these text edits; with `snippets`, placeholders become tab stops (LSP 3.18). */
export function toWorkspaceEdit(doc: TextDocument, edits: readonly TextEdit[], snippets: boolean): WorkspaceEdit {
  const hasSnippet = snippets && edits.some((e) => e.snippet !== undefined);
  if (!hasSnippet) return { changes: { [doc.uri]: edits.map((e) => ({ range: toRange(doc, e), newText: e.newText })) } };
  const documentEdit: TextDocumentEdit = {
    textDocument: { uri: doc.uri, version: doc.version },
    edits: edits.map((e) =>
      e.snippet === undefined
        ? { range: toRange(doc, e), newText: e.newText }
        : { range: toRange(doc, e), snippet: { kind: 'snippet', value: relativeToLine(doc.getText(), e.start, e.snippet) } },
    ),
  };
  return { documentChanges: [documentEdit] };
}

/**
 * VS Code inserts a snippet with every line after the first indented by the insertion line's own indentation
 * (the client does not ask it to keep whitespace); the engine's snippets carry absolute indentation, so that
 * much is taken off here.
 */
export function relativeToLine(text: string, offset: number, snippet: string): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
  if (indent === '') return snippet;
  return snippet.replace(/(\r?\n)([ \t]*)/g, (whole, eol: string, lead: string) =>
    lead.startsWith(indent) ? eol + lead.slice(indent.length) : whole,
  );
}

export function quickFix(doc: TextDocument, fix: Fix, diagnostic: Diagnostic, snippets: boolean): CodeAction {
  const action = CodeAction.create(fix.title, toWorkspaceEdit(doc, fix.edits, snippets), CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  if (fix.preferred) action.isPreferred = true;
  return action;
}
