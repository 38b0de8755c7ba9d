// ESLint's habits in the extension: "Apigee TLS: Fix all auto-fixable problems" from the command palette, and
// `apigeeTls.enable: false` silencing the folder (the server publishes nothing), true bringing it back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ours, waitForRule, waitForRuleGone } from './support/diagnostics';
import { copyTarget, openInEditor } from './support/workspace';

suite('Fix all and apigeeTls.enable', () => {
  test('the Fix all command fixes every auto-fixable finding of the active file in one edit', async () => {
    const uri = await copyTarget('legacy-backend.xml', 'fix-all-command');
    const { document } = await openInEditor(uri);
    await waitForRule(uri, 'obsolete-protocol');
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('apigeeTls.fixAll'));
    await vscode.commands.executeCommand('apigeeTls.fixAll');
    await waitForRuleGone(uri, 'obsolete-protocol');
    assert.doesNotMatch(document.getText(), /TLSv1\.0/);
    assert.match(document.getText(), /<Protocol>TLSv1\.2<\/Protocol>/);
  });

  test('apigeeTls.enable false: the findings go; true: they come back', async () => {
    const uri = await copyTarget('legacy-backend.xml', 'enable-setting');
    await openInEditor(uri);
    await waitForRule(uri, 'obsolete-protocol');
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apigeeTls');
    try {
      await config().update('enable', false, vscode.ConfigurationTarget.Workspace);
      await waitForRuleGone(uri, 'obsolete-protocol');
      assert.deepEqual(ours(uri), []);
    } finally {
      await config().update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForRule(uri, 'obsolete-protocol');
  });
});
