import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunningServer } from '../../probe/support/servers';
import { makeSelfSignedCertificate } from '../../support/self-signed';
import { startBackend, testHooks, type ConsentQuestion, type TestHooks } from './support/probe';
import { nodeAt, shown, type Tree } from './support/tree';
import { workspaceUri } from './support/workspace';

// The runner's --untrusted mode leaves Workspace Trust on and the folder untrusted.
const untrusted = process.env.APIGEE_TLS_EXPECT_UNTRUSTED === '1';
const FOLDER = 'tree-test';
const ENV = 'tree-env';

const write = (path: string[], text: string): Thenable<void> =>
  vscode.workspace.fs.writeFile(workspaceUri(FOLDER, ...path), new TextEncoder().encode(text));

suite('The Apigee TLS view', () => {
  let healthy: RunningServer | undefined;
  let legacy: RunningServer | undefined;
  let hooks: TestHooks & { tree: Tree };
  const asked: ConsentQuestion[] = [];
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apigeeTls');

  suiteSetup(async () => {
    const folder = workspaceUri(FOLDER);
    await vscode.workspace.fs.createDirectory(workspaceUri(FOLDER, 'apiproxy', 'targets'));
    await makeSelfSignedCertificate(folder.fsPath);
    [healthy, legacy] = await Promise.all([
      startBackend(folder.fsPath),
      startBackend(folder.fsPath, ['-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0']),
    ]);
    await config().update(
      'probe.resolve',
      { [`probe.test:${healthy.port}`]: '127.0.0.1', [`probe.test:${legacy.port}`]: '127.0.0.1' },
      vscode.ConfigurationTarget.Global,
    );
    // One edge.json: the TargetServers, and the truststore (the self-signed certificate) their sSLInfo names.
    const sslInfo = { enabled: 'true', trustStore: 'ref://tree-trust' };
    const edge = {
      envConfig: {
        [ENV]: {
          targetServers: [
            { name: 'healthy', host: 'probe.test', port: healthy.port, isEnabled: true, sSLInfo: sslInfo },
            { name: 'legacy', host: 'probe.test', port: legacy.port, isEnabled: true, sSLInfo: sslInfo },
          ],
          references: [{ name: 'tree-trust', refers: 'tree-truststore', resourceType: 'KeyStore' }],
          keystores: [{ name: 'tree-truststore' }],
          aliases: [{ alias: 'self', keystorename: 'tree-truststore', format: 'keycertfile', certFilePath: 'cert.pem' }],
        },
      },
    };
    await write(['pom.xml'], '<project/>\n');
    await write(['edge.json'], JSON.stringify(edge, null, 2));
    await write(
      ['apiproxy', 'targets', 'default.xml'],
      '<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <LoadBalancer>\n      <Server name="healthy"/>\n    </LoadBalancer>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
    );
    // Opened, the server has their text at once, whatever the file watcher makes of a folder created just now.
    for (const file of [['pom.xml'], ['edge.json'], ['apiproxy', 'targets', 'default.xml']])
      await vscode.workspace.openTextDocument(workspaceUri(FOLDER, ...file));
    hooks = (await testHooks()) as TestHooks & { tree: Tree };
    hooks.setConsent(async (question) => {
      asked.push(question);
      return 'Probe';
    });
    await vscode.commands.executeCommand('apigeeTls.connections.focus');
  });

  suiteTeardown(async () => {
    hooks?.setConsent(undefined);
    await Promise.all([healthy?.stop(), legacy?.stop()]);
    await config().update('probe.resolve', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri(FOLDER), { recursive: true, useTrash: false });
  });

  test("the fixture's environment, its TargetServers, and the TargetEndpoint that uses them", async () => {
    const env = await nodeAt(hooks.tree, ['test']);
    assert.equal(env.context, 'apigeeTls.environment');
    const backend = await nodeAt(hooks.tree, ['test', 'backend']);
    assert.deepEqual([backend.icon, backend.context], ['circle-slash', 'apigeeTls.connection.none']);
    assert.match(backend.description, /^cannot diagnose: TargetServer 'backend' has no sSLInfo: Apigee calls it over plain HTTP/);
    const nowhere = await nodeAt(hooks.tree, ['test', 'nowhere']);
    assert.deepEqual([nowhere.icon, nowhere.context], ['circle-slash', 'apigeeTls.connection.none']);
    assert.match(nowhere.description, /^cannot diagnose: TargetServer 'nowhere' is not defined in environment 'test'/);
    const uses = await shown(hooks.tree, backend.node);
    assert.ok(
      uses.some((u) => /^TargetEndpoint 'load-balanced' \(/.test(u.label)),
      JSON.stringify(uses.map((u) => u.label)),
    );
    assert.ok(uses.some((u) => u.label === 'TargetServer entry'));
    const url = await nodeAt(hooks.tree, ['test', 'clean.example.com:443']);
    assert.deepEqual([url.icon, url.description], ['circle-large-outline', 'not yet diagnosed']);
    assert.match((await shown(hooks.tree, url.node))[0]!.label, /^TargetEndpoint 'clean-backend' \(/);
  });

  test('Diagnose on a TargetServer turns its icon and description to the result', async () => {
    const node = await nodeAt(hooks.tree, [ENV, 'legacy']);
    const outcome = await vscode.commands.executeCommand<{ outcome: string }>('apigeeTls.view.diagnose', node.node);
    assert.equal(outcome?.outcome, 'probed');
    const now = await nodeAt(hooks.tree, [ENV, 'legacy'], (s) => s.icon !== 'circle-large-outline');
    assert.equal(now.icon, 'error');
    // The certificate came with the TLS 1.1 answer: its expiry is known too.
    assert.match(now.description, /^TLS failing · protocol-mismatch · certificate expires \d{4}-\d\d-\d\d$/);
    // No consent asked in a trusted workspace; one question naming the host in an untrusted one.
    assert.deepEqual(
      asked.map((q) => q.message),
      untrusted ? [`Probe probe.test:${legacy!.port} at 127.0.0.1? This workspace is not trusted.`] : [],
    );
  });

  test('Diagnose all on the environment diagnoses every TargetServer and user of it, the certificate expiry shown', async () => {
    asked.length = 0;
    const env = await nodeAt(hooks.tree, [ENV]);
    const outcome = await vscode.commands.executeCommand<{ outcome: string; items: { server: string; kind: string }[] }>(
      'apigeeTls.view.diagnoseAll',
      env.node,
    );
    assert.deepEqual(outcome?.items.map((i) => [i.server, i.kind]).sort(), [
      ['healthy', 'TargetEndpoint'],
      ['healthy', 'TargetServer'],
      ['legacy', 'TargetServer'],
    ]);
    const node = await nodeAt(hooks.tree, [ENV, 'healthy'], (s) => s.icon !== 'circle-large-outline');
    const after = await nodeAt(hooks.tree, [ENV]);
    // Untrusted: the workspace truststore is not read, so the self-signed backend is not trusted.
    if (untrusted) {
      assert.equal(node.icon, 'error');
      assert.match(node.description, /^TLS failing · self-signed-certificate/);
    } else {
      assert.equal(node.icon, 'pass');
      assert.match(node.description, /^TLS OK · TLSv1\.3 · \d+ ms · certificate expires \d{4}-\d\d-\d\d$/);
    }
    assert.equal(asked.length, untrusted ? 1 : 0);
    assert.match(after.description, /^2 targets · [12] failing$/);
  });
});
