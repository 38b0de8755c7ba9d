// The workspace model in VS Code: the fixture's Maven layout (pom.xml, env/test/targetServers.json) indexed at
// start; a cross-file finding lands in a file nobody opened; go to definition crosses files; a TargetServer file
// written on disk afterwards (as a git checkout would: not through VS Code) is picked up by the watcher.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { ours, waitForRule, waitForRuleGone } from './support/diagnostics';
import { eventually, waitForEvent } from './support/eventually';
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

  test('a targetServers file written on disk after start defines the missing Server; deleting it brings the finding back', async () => {
    await waitForRule(target, 'unknown-target-server');
    // The plugin reads every targetServers* file of the env folder.
    const extra = workspaceUri('resources', 'edge', 'env', 'test', 'targetServers-nowhere.json').fsPath;
    writeFileSync(extra, JSON.stringify([{ name: 'nowhere', host: 'nowhere.example.com', port: 443, isEnabled: true }]));
    try {
      await waitForRuleGone(target, 'unknown-target-server');
    } finally {
      rmSync(extra, { force: true });
    }
    const [diagnostic] = await waitForRule(target, 'unknown-target-server');
    const document = await vscode.workspace.openTextDocument(target);
    assert.equal(document.getText(diagnostic!.range), 'nowhere');
  });

  test('an environment folder created on disk after start: the Server it lacks is reported there, and no more once it goes', async () => {
    const backend = (): vscode.Diagnostic[] => ours(target, 'unknown-target-server').filter((d) => d.range.start.line === 3);
    assert.deepEqual(backend(), []);
    const prod = workspaceUri('resources', 'edge', 'env', 'prod').fsPath;
    mkdirSync(prod, { recursive: true });
    try {
      writeFileSync(
        `${prod}/targetServers.json`,
        JSON.stringify([{ name: 'nowhere', host: 'nowhere.example.com', port: 443, isEnabled: true }]),
      );
      const [diagnostic] = await waitForEvent(
        'an unknown-target-server diagnostic on "backend"',
        vscode.languages.onDidChangeDiagnostics,
        () => (backend().length > 0 ? backend() : undefined),
      );
      assert.match(diagnostic!.message, /prod/);
    } finally {
      rmSync(prod, { recursive: true, force: true });
    }
    await waitForEvent('the diagnostic on "backend" to go', vscode.languages.onDidChangeDiagnostics, () =>
      backend().length === 0 ? true : undefined,
    );
  });
});
