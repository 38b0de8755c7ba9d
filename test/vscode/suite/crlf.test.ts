import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyAction, waitForAction } from './support/code-actions';
import { waitForRule, waitForRuleGone } from './support/diagnostics';
import { copyTarget, openInEditor } from './support/workspace';

suite('line endings', () => {
  test('a CRLF file stays CRLF after a quick fix', async () => {
    const uri = await copyTarget('legacy-backend.xml', 'crlf', (text) => text.replace(/\r?\n/g, '\r\n'));
    const { document } = await openInEditor(uri);
    assert.equal(document.eol, vscode.EndOfLine.CRLF);

    const [diagnostic] = await waitForRule(uri, 'obsolete-protocol');
    const fix = await waitForAction('a preferred quick fix', uri, diagnostic!.range, (action) => action.isPreferred === true);
    await applyAction(fix);
    await waitForRuleGone(uri, 'obsolete-protocol');

    assert.equal(document.eol, vscode.EndOfLine.CRLF);
    const text = document.getText();
    assert.match(text, /TLSv1\.2/);
    assert.doesNotMatch(text, /(^|[^\r])\n/, 'every line break is still CRLF');
  });
});
