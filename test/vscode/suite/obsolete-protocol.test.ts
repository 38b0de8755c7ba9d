import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyAction, waitForAction } from './support/code-actions';
import { SOURCE, waitForRule, waitForRuleGone } from './support/diagnostics';
import { copyTarget, openInEditor, rangeOf } from './support/workspace';

suite('obsolete-protocol in a TargetEndpoint', () => {
  test('TLSv1.0 is reported at its exact range, and the preferred quick fix removes the finding', async () => {
    const uri = await copyTarget('legacy-backend.xml', 'quick-fix');
    const { document } = await openInEditor(uri);
    const expected = rangeOf(document, 'TLSv1.0', '<Protocol>');

    const [diagnostic, ...more] = await waitForRule(uri, 'obsolete-protocol');
    assert.equal(more.length, 0);
    assert.equal(diagnostic!.source, SOURCE);
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(diagnostic!.range.isEqual(expected), `range ${JSON.stringify(diagnostic!.range)} != ${JSON.stringify(expected)}`);
    assert.match(diagnostic!.message, /TLSv1\.0/);

    const fix = await waitForAction(
      'a preferred quick fix',
      uri,
      diagnostic!.range,
      (action) => action.isPreferred === true && vscode.CodeActionKind.QuickFix.contains(action.kind ?? vscode.CodeActionKind.Empty),
    );
    // (vscode.executeCodeActionProvider does not hand back an action's `diagnostics`; its title names the value.)
    assert.match(fix.title, /TLSv1\.0/);
    const before = document.getText();
    await applyAction(fix);

    await waitForRuleGone(uri, 'obsolete-protocol');
    const text = document.getText();
    assert.doesNotMatch(text, /TLSv1\.0/);
    assert.match(text, /<Protocol>TLSv1\.2<\/Protocol>/);
    // A minimal edit: everything outside <Protocols> is as it was.
    const head = (t: string): string => t.slice(0, t.indexOf('<Protocols>'));
    const tail = (t: string): string => t.slice(t.indexOf('</Protocols>'));
    assert.equal(head(text), head(before));
    assert.equal(tail(text), tail(before));
  });
});
