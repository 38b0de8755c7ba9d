// Go to definition from a bundle's <Server name> lands in the Terraform file defining the TargetServer, at the
// value that gave its name. The module and the TargetEndpoint are written on disk (as a checkout would) and removed afterwards,
// so the shared fixture's other environments and findings stay as they were.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { eventually } from './support/eventually';
import { openInEditor, rangeOf, workspaceUri } from './support/workspace';

// The name comes from a `for_each` key (line 2, 0-based): definition goes to that key, the value that named it.
// Env "test" is the fixture's own environment.
const MODULE = [
  'resource "google_apigee_target_server" "tf_nav" {',
  '  for_each = {',
  '    "tf-nav-backend" = "tf-nav.example.com"',
  '  }',
  '  env_id = "organizations/acme/environments/test"',
  '  host   = each.value',
  '  name   = each.key',
  '  port   = 443',
  '  s_sl_info {',
  '    enabled = true',
  '  }',
  '}',
  '',
].join('\n');

const TARGET = [
  '<TargetEndpoint name="tf-nav">',
  '  <HTTPTargetConnection>',
  '    <LoadBalancer>',
  '      <Server name="tf-nav-backend"/>',
  '    </LoadBalancer>',
  '    <Path>/v1</Path>',
  '  </HTTPTargetConnection>',
  '</TargetEndpoint>',
  '',
].join('\n');

suite('Terraform navigation', () => {
  const folder = workspaceUri('terraform-nav');
  const module = workspaceUri('terraform-nav', 'main.tf');
  const target = workspaceUri('apiproxy', 'targets', 'tf-nav.xml');

  suiteSetup(() => {
    mkdirSync(folder.fsPath, { recursive: true });
    writeFileSync(module.fsPath, MODULE);
    writeFileSync(target.fsPath, TARGET);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder.fsPath, { recursive: true, force: true });
    rmSync(target.fsPath, { force: true });
  });

  test('go to definition on <Server name> opens the .tf file at the for_each key that named the resource', async () => {
    const editor = await openInEditor(target);
    const position = rangeOf(editor.document, 'tf-nav-backend').start.translate(0, 2);
    const uriOf = (l: vscode.Location | vscode.LocationLink): vscode.Uri => ('targetUri' in l ? l.targetUri : l.uri);
    const rangeIn = (l: vscode.Location | vscode.LocationLink): vscode.Range => ('targetUri' in l ? l.targetRange : l.range);
    const locations = await eventually('a definition in main.tf for <Server name="tf-nav-backend">', async () => {
      const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
        'vscode.executeDefinitionProvider',
        target,
        position,
      );
      return found?.some((l) => uriOf(l).path === module.path) ? found : undefined;
    });
    assert.deepEqual(
      locations.map((l) => {
        const r = rangeIn(l);
        return `${uriOf(l).path} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
      }),
      [`${module.path} 2:5-2:19`],
    );
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    const landed = await eventually('main.tf in the active editor', () => {
      const active = vscode.window.activeTextEditor;
      return Promise.resolve(active?.document.uri.path === module.path ? active : undefined);
    });
    assert.deepEqual([landed.selection.start.line, landed.selection.start.character], [2, 5]);
  });
});
