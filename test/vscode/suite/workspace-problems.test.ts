// `apigeeTls.problems` (issue 20): `workspace` puts a never-opened file's per-file finding in the Problems panel
// (vscode.languages.getDiagnostics), as `lint <folder>` reports it; back to `openFiles`, it goes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ours, waitForRule, waitForRuleGone } from './support/diagnostics';
import { copyTarget } from './support/workspace';

suite('apigeeTls.problems', () => {
  test('workspace: a file never opened shows its finding; openFiles: it goes', async () => {
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apigeeTls');
    const uri = await copyTarget('legacy-backend.xml', 'never-opened');
    const isOpen = (): boolean => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    try {
      await config().update('problems', 'workspace', vscode.ConfigurationTarget.Workspace);
      await waitForRule(uri, 'obsolete-protocol');
      assert.equal(isOpen(), false, 'the file was never opened');
      await config().update('problems', 'openFiles', vscode.ConfigurationTarget.Workspace);
      await waitForRuleGone(uri, 'obsolete-protocol');
      assert.deepEqual(ours(uri), []);
    } finally {
      await config().update('problems', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(uri);
    }
  });
});
