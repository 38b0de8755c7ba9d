import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitForRule } from './support/diagnostics';
import { copyTarget, openInEditor } from './support/workspace';

// The runner's --untrusted mode leaves Workspace Trust on and the folder untrusted (APIGEE_TLS_EXPECT_UNTRUSTED=1).
const untrusted = process.env.APIGEE_TLS_EXPECT_UNTRUSTED === '1';

suite('Workspace Trust', () => {
  test('the workspace trust state is the one the runner set up', () => {
    assert.equal(vscode.workspace.isTrusted, !untrusted);
  });

  test('linting works in an untrusted workspace (the extension declares untrustedWorkspaces: limited)', async function () {
    if (!untrusted) this.skip();
    const uri = await copyTarget('legacy-backend.xml', 'untrusted');
    await openInEditor(uri);
    const found = await waitForRule(uri, 'obsolete-protocol');
    assert.equal(found.length, 1);
  });
});
