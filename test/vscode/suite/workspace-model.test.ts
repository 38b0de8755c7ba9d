// The workspace model in VS Code: the fixture's Maven layout (pom.xml, env/test/targetServers.json) indexed at
// start; a cross-file finding lands in a file nobody opened; go to definition crosses files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitForRule } from './support/diagnostics';
import { eventually } from './support/eventually';
import { openInEditor, rangeOf, workspaceUri } from './support/workspace';

suite('workspace model', () => {
  // In the fixture workspace: indexed when the server starts.
  const targetServers = workspaceUri('resources', 'edge', 'env', 'test', 'targetServers.json');
  const target = workspaceUri('apiproxy', 'targets', 'load-balanced.xml');

  test('a Server name no environment defines is reported, in a file nobody opened', async () => {
    const [diagnostic] = await waitForRule(target, 'unknown-target-server');
    const document = await vscode.workspace.openTextDocument(target);
    assert.equal(document.getText(diagnostic!.range), 'nowhere');
  });

  test('go to definition on a Server name opens targetServers.json', async () => {
    const editor = await openInEditor(target);
    const position = rangeOf(editor.document, 'backend').start.translate(0, 1);
    const locations = await eventually('a definition for <Server name="backend">', async () => {
      const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
        'vscode.executeDefinitionProvider',
        target,
        position,
      );
      return found !== undefined && found.length > 0 ? found : undefined;
    });
    const uriOf = (l: vscode.Location | vscode.LocationLink): vscode.Uri => ('targetUri' in l ? l.targetUri : l.uri);
    assert.deepEqual(
      locations.map((l) => uriOf(l).path),
      [targetServers.path],
    );
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    await eventually('targetServers.json in the active editor', () =>
      Promise.resolve(vscode.window.activeTextEditor?.document.uri.path === targetServers.path ? true : undefined),
    );
  });
});
