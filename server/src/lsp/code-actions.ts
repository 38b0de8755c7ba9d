// Quick fixes keyed by diagnostic code, "disable <id> for this line", and source.fixAll.apigeeTls.
import { CodeAction, CodeActionKind, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { compatiblePreferredFixes } from '../lint/fix-all';
import { looksLikeJson } from '../documents/sniff';
import type { Finding } from '../lint/model';
import { disableCommentEdit } from '../lint/suppression';
import { FIX_ALL_KIND, quickFix, SOURCE, toWorkspaceEdit } from './convert';

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
      // XML comments only: a TargetServer JSON file has no way to silence one line.
      const disable = looksLikeJson(doc.getText()) ? undefined : disableForLine(doc, finding, diagnostic);
      if (disable !== undefined) actions.push(disable);
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

function disableForLine(doc: TextDocument, finding: Finding, diagnostic: Diagnostic): CodeAction | undefined {
  const edit = disableCommentEdit(doc.getText(), finding.span.start, finding.ruleId);
  if (edit === undefined) return undefined;
  const action = CodeAction.create(`Disable ${finding.ruleId} for this line`, toWorkspaceEdit(doc, [edit], false), CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  return action;
}
