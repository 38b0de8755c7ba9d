import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from './support/eventually';
import { EXTENSION_ID, workspaceUri } from './support/workspace';

suite('activation', () => {
  test('the workspace is an Apigee bundle (apiproxy/)', async () => {
    const stat = await vscode.workspace.fs.stat(workspaceUri('apiproxy'));
    assert.equal(stat.type, vscode.FileType.Directory);
  });

  test('the extension activates for a workspace with apiproxy/ without any file opened by the test', async () => {
    // This file runs first: no XML document is open yet, so onLanguage:xml cannot be what activates it.
    assert.deepEqual(
      vscode.workspace.textDocuments.filter((d) => d.languageId === 'xml').map((d) => d.uri.path),
      [],
    );
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await eventually('the extension to activate', async () => (extension.isActive ? true : undefined));
  });
});
