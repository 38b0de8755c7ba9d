import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startRawServer, type RunningServer } from '../../probe/support/servers';
import { makeSelfSignedCertificate } from '../../support/self-signed';
import { ruleId } from './support/diagnostics';
import { eventually } from './support/eventually';
import { probeDiagnostics, startBackend, testHooks, waitForProbe, type TestHooks } from './support/probe';
import { openInEditor, rangeOf, workspaceUri } from './support/workspace';

// The runner's --untrusted mode leaves Workspace Trust on and the folder untrusted.
const untrusted = process.env.APIGEE_TLS_EXPECT_UNTRUSTED === '1';
const DIAGNOSE = 'apigeeTls.diagnoseTarget';
const FOLDER = 'probe-test';

interface Outcome {
  outcome: string;
  ok?: boolean;
  codes?: string[];
}

function targetEndpoint(url: string): string {
  return `<TargetEndpoint name="default">
  <HTTPTargetConnection>
    <SSLInfo>
      <Enabled>true</Enabled>
      <Enforce>true</Enforce>
      <TrustStore>ref://backend-truststore</TrustStore>
    </SSLInfo>
    <URL>${url}</URL>
  </HTTPTargetConnection>
</TargetEndpoint>
`;
}

async function writeTarget(name: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceUri(FOLDER, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** Opens the target and runs the command the way its CodeLens does: with the URL's offset. */
async function diagnose(uri: vscode.Uri): Promise<{ outcome: Outcome; url: vscode.Range }> {
  const { document } = await openInEditor(uri);
  const url = rangeOf(document, 'https://probe.test:');
  const end = document.positionAt(document.getText().indexOf('</URL>'));
  const range = new vscode.Range(url.start, end);
  const outcome = (await vscode.commands.executeCommand<Outcome>(DIAGNOSE, {
    uri: uri.toString(),
    urlOffset: document.offsetAt(url.start),
  }))!;
  return { outcome, url: range };
}

const sameRange = (a: vscode.Range, b: vscode.Range): string => `range ${JSON.stringify(a)} != ${JSON.stringify(b)}`;

suite('Diagnose target TLS', () => {
  let healthy: RunningServer | undefined;
  let tls11: RunningServer | undefined;
  let hooks: TestHooks;
  const asked: string[] = [];
  let answer = false;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apigeeTls');

  suiteSetup(async () => {
    const folder = workspaceUri(FOLDER);
    await vscode.workspace.fs.createDirectory(folder);
    await makeSelfSignedCertificate(folder.fsPath);
    [healthy, tls11] = await Promise.all([
      startBackend(folder.fsPath),
      startBackend(folder.fsPath, ['-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0']),
    ]);
    // Relative to the workspace folder (ignored in an untrusted workspace: a restricted setting).
    await config().update('probe.caFiles', [`${FOLDER}/cert.pem`], vscode.ConfigurationTarget.Workspace);
    await config().update(
      'probe.resolve',
      { [`probe.test:${healthy.port}`]: '127.0.0.1', [`probe.test:${tls11.port}`]: '127.0.0.1' },
      vscode.ConfigurationTarget.Global,
    );
    hooks = await testHooks();
    hooks.setConsent(async (target) => {
      asked.push(`${target.host}:${target.port}`);
      return answer;
    });
  });

  suiteTeardown(async () => {
    hooks?.setConsent(undefined);
    await Promise.all([healthy?.stop(), tls11?.stop()]);
    await config().update('probe.caFiles', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('probe.resolve', undefined, vscode.ConfigurationTarget.Global);
    await config().update('probe.codeLens', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri(FOLDER), { recursive: true, useTrash: false });
  });

  setup(() => {
    asked.length = 0;
    answer = false;
  });

  test('a healthy backend: "TLS handshake OK" (Information) at the exact URL range', async function () {
    if (untrusted) this.skip();
    const uri = await writeTarget('healthy.xml', targetEndpoint(`https://probe.test:${healthy!.port}/v1`));
    const { outcome, url } = await diagnose(uri);
    assert.deepEqual([outcome.outcome, outcome.ok, outcome.codes], ['probed', true, []]);
    const [ok, ...more] = await waitForProbe(uri);
    assert.deepEqual(more, []);
    assert.equal(ok!.severity, vscode.DiagnosticSeverity.Information);
    assert.match(ok!.message, /^TLS handshake OK: TLSv1\.3, TLS_\w+ \(\d+ ms\)$/);
    assert.ok(ok!.range.isEqual(url), sameRange(ok!.range, url));
    assert.deepEqual(asked, [], 'a trusted workspace is not asked for consent');
  });

  test('a TLS 1.1-only backend: protocol-mismatch (Error) at the URL, with the fix and a docs link', async function () {
    if (untrusted) this.skip();
    const uri = await writeTarget('tls11.xml', targetEndpoint(`https://probe.test:${tls11!.port}/v1`));
    const { outcome, url } = await diagnose(uri);
    assert.equal(outcome.ok, false);
    const found = await waitForProbe(uri);
    const mismatch = found.find((d) => ruleId(d) === 'protocol-mismatch');
    assert.ok(mismatch, `no protocol-mismatch in [${found.map(ruleId)}]`);
    assert.equal(mismatch.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(mismatch.range.isEqual(url), sameRange(mismatch.range, url));
    assert.match(mismatch.message, /TLSv1\.1.* Fix: /);
    const code = mismatch.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /docs\/probe\.md#protocol-mismatch$/);
    const obsolete = found.find((d) => ruleId(d) === 'obsolete-protocol-accepted');
    assert.equal(obsolete?.severity, vscode.DiagnosticSeverity.Warning);

    // Stale once the file changes.
    const editor = await openInEditor(uri);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '<!-- edited -->\n'));
    await waitForProbe(uri, (now) => now.length === 0);
  });

  test('Clear TLS Diagnosis removes the probe diagnostics', async function () {
    if (untrusted) this.skip();
    const uri = await writeTarget('cleared.xml', targetEndpoint(`https://probe.test:${tls11!.port}/`));
    await diagnose(uri);
    await waitForProbe(uri);
    await vscode.commands.executeCommand('apigeeTls.clearDiagnosis');
    await waitForProbe(uri, (now) => now.length === 0);
  });

  test('a change of the probe settings makes the diagnosis stale', async function () {
    if (untrusted) this.skip();
    const uri = await writeTarget('settings-change.xml', targetEndpoint(`https://probe.test:${tls11!.port}/`));
    await diagnose(uri);
    await waitForProbe(uri);
    try {
      await config().update('probe.sni', 'off', vscode.ConfigurationTarget.Workspace);
      await waitForProbe(uri, (now) => now.length === 0);
    } finally {
      await config().update('probe.sni', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a backend that never answers: timeout after apigeeTls.probe.timeoutMs', async function () {
    if (untrusted) this.skip();
    const silent = await startRawServer(() => undefined);
    try {
      await config().update('probe.timeoutMs', 300, vscode.ConfigurationTarget.Workspace);
      await config().update('probe.resolve', { [`probe.test:${silent.port}`]: '127.0.0.1' }, vscode.ConfigurationTarget.Global);
      const uri = await writeTarget('silent.xml', targetEndpoint(`https://probe.test:${silent.port}/`));
      const { outcome, url } = await diagnose(uri);
      assert.equal(outcome.codes?.[0], 'timeout');
      const [timeout] = await waitForProbe(uri);
      // The fix names the limit that applied: the setting's 300 ms, not the 10 s default.
      assert.match(timeout!.message, /No answer within 300 ms/);
      assert.equal(timeout!.severity, vscode.DiagnosticSeverity.Error);
      assert.ok(timeout!.range.isEqual(url), sameRange(timeout!.range, url));
    } finally {
      await silent.stop();
      await config().update('probe.timeoutMs', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update(
        'probe.resolve',
        { [`probe.test:${healthy!.port}`]: '127.0.0.1', [`probe.test:${tls11!.port}`]: '127.0.0.1' },
        vscode.ConfigurationTarget.Global,
      );
    }
  });

  test('from the palette (no argument): the connection at the cursor', async function () {
    if (untrusted) this.skip();
    const connection = (port: number): string =>
      `  <HTTPTargetConnection>\n    <URL>https://probe.test:${port}/</URL>\n  </HTTPTargetConnection>\n`;
    const uri = await writeTarget(
      'two.xml',
      `<TargetEndpoint name="two">\n${connection(healthy!.port)}${connection(tls11!.port)}</TargetEndpoint>\n`,
    );
    const editor = await openInEditor(uri);
    const second = rangeOf(editor.document, `https://probe.test:${tls11!.port}/`);
    editor.selection = new vscode.Selection(second.start.translate(0, 3), second.start.translate(0, 3));
    const outcome = await vscode.commands.executeCommand<Outcome>(DIAGNOSE);
    assert.equal(outcome?.ok, false);
    const found = await waitForProbe(uri);
    assert.ok(found.length > 0 && found.every((d) => d.range.isEqual(second)), `[${found.map((d) => JSON.stringify(d.range))}]`);
    assert.equal(ruleId(found[0]!), 'protocol-mismatch');
  });

  test('a URL with a variable is not probed', async () => {
    const uri = await writeTarget('variable.xml', targetEndpoint('https://{backend.host}/v1'));
    const { document } = await openInEditor(uri);
    const offset = document.getText().indexOf('https://{');
    const outcome = await vscode.commands.executeCommand<Outcome>(DIAGNOSE, { uri: uri.toString(), urlOffset: offset });
    assert.equal(outcome?.outcome, 'not-probeable');
    assert.deepEqual(asked, []);
    assert.deepEqual(probeDiagnostics(uri), []);
  });

  test('the CodeLens stands above each probeable URL, carrying it; the setting turns it off', async () => {
    const uri = await writeTarget('lens.xml', targetEndpoint(`https://probe.test:${healthy!.port}/`));
    const { document } = await openInEditor(uri);
    const url = rangeOf(document, 'https://probe.test:');
    const lenses = await eventually('the Diagnose target TLS CodeLens', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      const ours = all.filter((l) => l.command?.command === DIAGNOSE);
      return ours.length > 0 ? ours : undefined;
    });
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0]!.range.start.line, url.start.line);
    assert.equal(lenses[0]!.command!.title, 'Diagnose target TLS');
    assert.deepEqual(lenses[0]!.command!.arguments, [{ uri: uri.toString(), urlOffset: document.offsetAt(url.start) }]);

    await config().update('probe.codeLens', false, vscode.ConfigurationTarget.Workspace);
    await eventually('no CodeLens with apigeeTls.probe.codeLens off', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      return all.some((l) => l.command?.command === DIAGNOSE) ? undefined : true;
    });
    await config().update('probe.codeLens', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('untrusted workspace: declining the consent question probes nothing', async function () {
    if (!untrusted) this.skip();
    const uri = await writeTarget('declined.xml', targetEndpoint(`https://probe.test:${tls11!.port}/`));
    const { outcome } = await diagnose(uri);
    assert.equal(outcome.outcome, 'declined');
    assert.deepEqual(asked, [`probe.test:${tls11!.port}`]);
    assert.deepEqual(probeDiagnostics(uri), []);
  });

  test('untrusted workspace: with consent it probes, and the workspace CA setting is not used', async function () {
    if (!untrusted) this.skip();
    answer = true;
    const mismatch = await writeTarget('consented-tls11.xml', targetEndpoint(`https://probe.test:${tls11!.port}/`));
    await diagnose(mismatch);
    assert.ok((await waitForProbe(mismatch)).some((d) => ruleId(d) === 'protocol-mismatch'));
    // apigeeTls.probe.caFiles is a restricted setting: the self-signed backend is not trusted here.
    const selfSigned = await writeTarget('consented-healthy.xml', targetEndpoint(`https://probe.test:${healthy!.port}/`));
    await diagnose(selfSigned);
    const found = await waitForProbe(selfSigned);
    assert.ok(
      found.some((d) => ruleId(d) === 'self-signed-certificate' && d.severity === vscode.DiagnosticSeverity.Error),
      `[${found.map(ruleId)}]`,
    );
    assert.deepEqual(asked, [`probe.test:${tls11!.port}`, `probe.test:${healthy!.port}`]);
  });
});
