// Quick fixes keyed by diagnostic code, "disable <id> for this line", and source.fixAll.apigeeTls.
import { CodeAction, CodeActionKind, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { indentBefore, lineEnding } from '../lint/edits';
import { compatiblePreferredFixes } from '../lint/fix-all';
import type { Finding, TextEdit } from '../lint/model';
import { FIX_ALL_KIND, quickFix, SOURCE, toRange, toWorkspaceEdit } from './convert';

export function codeActions(doc: TextDocument, findings: readonly Finding[], params: CodeActionParams, snippets: boolean): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string): boolean => only === undefined || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const finding = findings.find((f) => f.ruleId === diagnostic.code && sameRange(doc, f, diagnostic));
      if (finding === undefined) continue;
      for (const fix of finding.fixes) actions.push(quickFix(doc, fix, diagnostic, snippets));
      actions.push(disableForLine(doc, finding, diagnostic));
    }
  }
  if (wants(FIX_ALL_KIND) && only !== undefined) {
    const fixes = compatiblePreferredFixes(findings);
    if (fixes.length > 0) {
      actions.push(
        CodeAction.create(
          'Fix all auto-fixable Apigee TLS problems',
          toWorkspaceEdit(
            doc,
            fixes.flatMap((f) => f.edits),
            false,
          ),
          FIX_ALL_KIND,
        ),
      );
    }
  }
  return actions;
}

function sameRange(doc: TextDocument, finding: Finding, diagnostic: Diagnostic): boolean {
  return doc.offsetAt(diagnostic.range.start) === finding.span.start && doc.offsetAt(diagnostic.range.end) === finding.span.end;
}

/** Inserts `<!-- apigee-tls-lint disable=id -->` on its own line above, or adds the id to one already there. */
function disableForLine(doc: TextDocument, finding: Finding, diagnostic: Diagnostic): CodeAction {
  const text = doc.getText();
  const line = doc.positionAt(finding.span.start).line;
  const lineStart = doc.offsetAt({ line, character: 0 });
  const previous = line > 0 ? text.slice(doc.offsetAt({ line: line - 1, character: 0 }), lineStart) : '';
  const existing = /<!--\s*apigee-tls-lint\s+disable\s*=\s*([\w\s,.-]*?)\s*-->/.exec(previous);
  let edit: TextEdit;
  if (existing !== null) {
    const at = doc.offsetAt({ line: line - 1, character: 0 }) + existing.index + existing[0].indexOf(existing[1]!) + existing[1]!.length;
    edit = { start: at, end: at, newText: `,${finding.ruleId}` };
  } else {
    const firstNonSpace = lineStart + (/^[ \t]*/.exec(text.slice(lineStart))?.[0].length ?? 0);
    const indent = indentBefore(text, firstNonSpace) ?? '';
    edit = { start: lineStart, end: lineStart, newText: `${indent}<!-- apigee-tls-lint disable=${finding.ruleId} -->${lineEnding(text)}` };
  }
  const action = CodeAction.create(`Disable ${finding.ruleId} for this line`, toWorkspaceEdit(doc, [edit], false), CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  return action;
}

export { toRange };
