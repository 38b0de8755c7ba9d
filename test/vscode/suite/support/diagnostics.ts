// Diagnostics of this extension (source `apigee-tls`), read as they are pushed.
import * as vscode from 'vscode';
import { waitForEvent } from './eventually';

export const SOURCE = 'apigee-tls-lint';

export function ruleId(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function ours(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && (rule === undefined || ruleId(d) === rule));
}

function describe(uri: vscode.Uri): () => string {
  return () => {
    const all = vscode.languages
      .getDiagnostics(uri)
      .map((d) => `${d.source}/${ruleId(d)}@${d.range.start.line}:${d.range.start.character}`);
    return `; diagnostics now: [${all.join(', ')}]`;
  };
}

/** Resolves with the rule's diagnostics once there is at least one. */
export function waitForRule(uri: vscode.Uri, rule: string): Promise<vscode.Diagnostic[]> {
  return waitForEvent(
    `a ${rule} diagnostic on ${uri.path}`,
    vscode.languages.onDidChangeDiagnostics,
    () => {
      const found = ours(uri, rule);
      return found.length > 0 ? found : undefined;
    },
    undefined,
    describe(uri),
  );
}

/** Resolves once the rule no longer reports anything on the file. */
export function waitForRuleGone(uri: vscode.Uri, rule: string): Promise<true> {
  return waitForEvent(
    `the ${rule} diagnostics on ${uri.path} to go`,
    vscode.languages.onDidChangeDiagnostics,
    () => (ours(uri, rule).length === 0 ? true : undefined),
    undefined,
    describe(uri),
  );
}
