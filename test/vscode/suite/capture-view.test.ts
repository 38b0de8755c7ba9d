import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeCustomEditor, captureHooks, copyCapture, drawn, type CaptureHooks } from './support/capture';
import { workspaceUri } from './support/workspace';

// Runs in both modes of the runner: trusted, and (--untrusted) Workspace Trust on with the folder untrusted.
const VIEW = 'apigeeTls.captureViewer';
const report = (r: { state: string }): boolean => r.state === 'report';
// The ends of the one connection in tls13-self-signed.pcap (fixtures/README.md).
const [CLIENT, SERVER] = ['127.0.0.1:48804', '127.0.0.1:35737'];

suite('TLS capture view', () => {
  let hooks: CaptureHooks;
  suiteSetup(async () => {
    hooks = await captureHooks();
  });
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('opening a committed .pcap shows its connection, the verdict and the handshake ladder, the refusing alert decisive', async () => {
    const uri = await copyCapture('vlan-tls12-self-signed.pcap');
    await vscode.commands.executeCommand('vscode.open', uri);
    const r = await drawn(hooks, uri, report);
    assert.deepEqual(activeCustomEditor(), { viewType: VIEW, uri: uri.toString() });
    assert.deepEqual(r.connections, ['1 | 10.20.0.5:51000 → 10.20.0.9:8443 | backend.example | fails | self-signed-certificate']);
    assert.deepEqual(r.ladder, [
      'SYN',
      'SYN-ACK',
      'ClientHello',
      'ServerHello TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
      'Certificate (1)',
      'ServerHelloDone',
      'Alert fatal unknown_ca',
      'FIN',
    ]);
    assert.deepEqual([r.decisive, r.causes], ['Alert fatal unknown_ca', ['self-signed-certificate']]);
    assert.match(r.text, /Fix: Import the backend's certificate into the truststore/);
  });

  test('"Diagnose TLS capture…" opens the view; selecting the second connection shows its ladder', async () => {
    const uri = await copyCapture('loopback-refused-and-http.pcap');
    await vscode.commands.executeCommand('apigeeTls.diagnoseCapture', uri);
    const first = await drawn(hooks, uri, report);
    assert.deepEqual([first.connections.length, first.selected, first.ladder, first.decisive], [2, 0, ['SYN', 'RST'], 'RST']);
    hooks.select(uri, 1);
    const second = await drawn(hooks, uri, (r) => report(r) && r.selected === 1);
    assert.deepEqual([second.ladder, second.causes, second.decisive], [['SYN', 'SYN-ACK', 'ClientHello', 'FIN'], ['not-tls'], 'FIN']);
  });

  test("a TLS 1.3 capture hides why it failed; opened with its key log (the command's second argument) it names the self-signed certificate", async () => {
    const uri = await copyCapture('tls13-self-signed.pcap');
    const keyLogFile = (await copyCapture('tls13-self-signed.keylog')).fsPath;
    await vscode.commands.executeCommand('vscode.open', uri);
    const plain = await drawn(hooks, uri, report);
    assert.deepEqual([plain.causes, /Key log:/.test(plain.text)], [['handshake-aborted'], false]);
    assert.match(plain.text, /Open with a key log…/);
    await vscode.commands.executeCommand('apigeeTls.diagnoseCapture', uri, { keyLogFile });
    const opened = await drawn(hooks, uri, (r) => report(r) && /Key log:/.test(r.text));
    assert.match(opened.text, /1 TLS connection, 1 failed; Key log: opened 1 TLS 1\.3 handshake /);
    assert.deepEqual(
      [opened.causes, opened.connections],
      [['self-signed-certificate'], [`1 | ${CLIENT} → ${SERVER} | tls13.example | fails · decrypted | self-signed-certificate`]],
    );
    assert.ok(opened.ladder.includes('Certificate (1)'), opened.ladder.join(', '));
  });

  test("a key log that cannot be read: the view shows the server's reason, with the button to pick another", async () => {
    const uri = await copyCapture('tls13-self-signed.pcap', 'tls13-absent-keylog.pcap');
    await vscode.commands.executeCommand('apigeeTls.diagnoseCapture', uri, {
      keyLogFile: workspaceUri('captures', 'absent.keylog').fsPath,
    });
    const r = await drawn(hooks, uri, (x) => x.state === 'error');
    assert.match(r.text, /Cannot read this capture: .*absent\.keylog.*Open with a key log…/);
  });

  test('a .pcap that is not a capture: the view says why, nothing else', async () => {
    const uri = workspaceUri('captures', 'notes.pcap');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('<b>hello</b>'));
    await vscode.commands.executeCommand('vscode.open', uri);
    const r = await drawn(hooks, uri, (x) => x.state === 'error');
    assert.match(r.text, /Cannot read this capture: the file is neither pcap nor pcapng \(unknown magic number\)/);
  });
});
