import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startRawServer, type RunningServer } from '../../probe/support/servers';
import { makeSelfSignedCertificate } from '../../support/self-signed';
import { ruleId } from './support/diagnostics';
import { eventually } from './support/eventually';
import {
  diagnoseLenses,
  probeDiagnostics,
  startBackend,
  testHooks,
  waitForProbe,
  type ConsentQuestion,
  type EnvironmentPick,
  type TestHooks,
} from './support/probe';
import { openInEditor, rangeOf, workspaceUri } from './support/workspace';

// The runner's --untrusted mode leaves Workspace Trust on and the folder untrusted.
const untrusted = process.env.APIGEE_TLS_EXPECT_UNTRUSTED === '1';
const DIAGNOSE = 'apigeeTls.diagnoseTarget';
const FOLDER = 'probe-test';

interface Outcome {
  outcome: string;
  items?: { env: string | null; server: string | null; ok: boolean | null; causes: { code: string; message: string; fix: string }[] }[];
  reason?: string;
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

async function write(uri: vscode.Uri, text: string): Promise<vscode.Uri> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** A target of the probe-test bundle (the server probes bundle files: apiproxy/targets/…). */
const writeTarget = (name: string, text: string): Promise<vscode.Uri> => write(workspaceUri(FOLDER, 'apiproxy', 'targets', name), text);

/** The file's one "Diagnose target TLS" lens, once the server offers it. */
async function lensOf(uri: vscode.Uri, accept: (lens: vscode.CodeLens) => boolean = () => true): Promise<vscode.CodeLens> {
  try {
    return await eventually(`a Diagnose target TLS lens on ${uri.path}`, async () => (await diagnoseLenses(uri)).find(accept));
  } catch (error) {
    const titles = (await diagnoseLenses(uri)).map((l) => l.command?.title);
    throw new Error(`${(error as Error).message}; lenses now: ${JSON.stringify(titles)}`, { cause: error });
  }
}

/** Opens the target and clicks its CodeLens: the command the server's lens names, with its arguments. */
async function clickLens(uri: vscode.Uri): Promise<{ outcome: Outcome; url: vscode.Range }> {
  const { document } = await openInEditor(uri);
  const url = rangeOf(document, 'https://probe.test:');
  const range = new vscode.Range(url.start, document.positionAt(document.getText().indexOf('</URL>')));
  const lens = await lensOf(uri);
  const outcome = (await vscode.commands.executeCommand<Outcome>(lens.command!.command, ...(lens.command!.arguments ?? [])))!;
  return { outcome, url: range };
}

const sameRange = (a: vscode.Range, b: vscode.Range): string => `range ${JSON.stringify(a)} != ${JSON.stringify(b)}`;

suite('Diagnose target TLS', () => {
  let healthy: RunningServer | undefined;
  let tls11: RunningServer | undefined;
  let hooks: TestHooks;
  const asked: ConsentQuestion[] = [];
  const picks: EnvironmentPick[] = [];
  let answer: string | undefined;
  let pickAnswer: string | undefined;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apigeeTls');
  const resolveBoth = (): Record<string, string> => ({
    [`probe.test:${healthy!.port}`]: '127.0.0.1',
    [`probe.test:${tls11!.port}`]: '127.0.0.1',
  });

  suiteSetup(async () => {
    const folder = workspaceUri(FOLDER);
    await vscode.workspace.fs.createDirectory(workspaceUri(FOLDER, 'apiproxy', 'targets'));
    await makeSelfSignedCertificate(folder.fsPath);
    [healthy, tls11] = await Promise.all([
      startBackend(folder.fsPath),
      startBackend(folder.fsPath, ['-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0']),
    ]);
    // Relative to the workspace folder (ignored in an untrusted workspace: a restricted setting).
    await config().update('probe.caFiles', [`${FOLDER}/cert.pem`], vscode.ConfigurationTarget.Workspace);
    await config().update('probe.resolve', resolveBoth(), vscode.ConfigurationTarget.Global);
    hooks = await testHooks();
    hooks.setConsent(async (question) => {
      asked.push(question);
      return answer;
    });
    hooks.setEnvironmentPick(async (pick) => {
      picks.push(pick);
      return pickAnswer;
    });
  });

  suiteTeardown(async () => {
    hooks?.setConsent(undefined);
    hooks?.setEnvironmentPick(undefined);
    await Promise.all([healthy?.stop(), tls11?.stop()]);
    await config().update('probe.caFiles', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('probe.resolve', undefined, vscode.ConfigurationTarget.Global);
    await config().update('probe.codeLens', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri(FOLDER), { recursive: true, useTrash: false });
  });

  setup(() => {
    asked.length = 0;
    picks.length = 0;
    answer = undefined;
    pickAnswer = undefined;
  });

  test("the server's CodeLens stands above the URL and runs the client's command; the setting turns it off", async () => {
    const uri = await writeTarget('lens.xml', targetEndpoint(`https://probe.test:${healthy!.port}/`));
    const { document } = await openInEditor(uri);
    const url = rangeOf(document, 'https://probe.test:');
    const lens = await lensOf(uri);
    assert.deepEqual([lens.range.start.line, lens.command!.title], [url.start.line, 'Diagnose target TLS']);
    assert.equal((lens.command!.arguments![0] as { uri: string }).uri, uri.toString());
    await config().update('probe.codeLens', false, vscode.ConfigurationTarget.Workspace);
    try {
      await eventually('no lens with apigeeTls.probe.codeLens off', async () =>
        (await diagnoseLenses(uri)).length === 0 ? true : undefined,
      );
    } finally {
      await config().update('probe.codeLens', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a healthy backend through the lens: success in the lens title, nothing in Problems', async function () {
    if (untrusted) this.skip();
    const uri = await writeTarget('healthy.xml', targetEndpoint(`https://probe.test:${healthy!.port}/v1`));
    const { outcome } = await clickLens(uri);
    assert.deepEqual(
      outcome.items?.map((i) => [i.ok, i.causes.length]),
      [[true, 0]],
    );
    const titled = await lensOf(uri, (l) => /TLS OK/.test(l.command!.title));
    assert.match(titled.command!.title, /TLS OK · TLSv1\.3 · \d+ ms$/);
    assert.deepEqual(probeDiagnostics(uri), [], 'a success is no problem');
    assert.deepEqual(asked, [], 'a trusted workspace is not asked for consent');
  });

  test('a TLS 1.1-only backend: protocol-mismatch in Problems at the exact URL, the cause first, the fix in the report', async function () {
    if (untrusted) this.skip();
    const uri = await writeTarget('tls11.xml', targetEndpoint(`https://probe.test:${tls11!.port}/v1`));
    const { outcome, url } = await clickLens(uri);
    assert.equal(outcome.items?.[0]?.ok, false);
    const [mismatch, ...more] = await waitForProbe(uri);
    assert.deepEqual(more, [], 'one problem per failing connection: its cause');
    assert.deepEqual([ruleId(mismatch!), mismatch!.severity], ['protocol-mismatch', vscode.DiagnosticSeverity.Error]);
    assert.ok(mismatch!.range.isEqual(url), sameRange(mismatch!.range, url));
    assert.doesNotMatch(mismatch!.message, /Fix:/);
    assert.match(String((mismatch!.code as { target: vscode.Uri }).target), /docs\/probe\.md#protocol-mismatch$/);
    // Apigee X (the workspace's profile): the fix does not send the user to an Edge setting.
    assert.match(outcome.items![0]!.causes[0]!.fix, /^Upgrade the backend to TLSv1\.2 or later: Apigee X cannot use TLS 1\.0\/1\.1\.$/);
    assert.match((await lensOf(uri)).command!.title, /TLS failing · protocol-mismatch$/);

    // Stale once the file changes.
    const editor = await openInEditor(uri);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '<!-- edited -->\n'));
    await waitForProbe(uri, (now) => now.length === 0);
  });

  test('only TLSv1.0 in <Protocols> on Apigee X: the lens stays, and the diagnosis says Apigee cannot make the call and what the backend accepts', async function () {
    if (untrusted) this.skip();
    const text = targetEndpoint(`https://probe.test:${healthy!.port}/v1`).replace(
      '<Enabled>true</Enabled>',
      '<Enabled>true</Enabled>\n      <Protocols><Protocol>TLSv1.0</Protocol></Protocols>',
    );
    const uri = await writeTarget('tls10-pinned.xml', text);
    const { outcome } = await clickLens(uri);
    const causes = outcome.items?.[0]?.causes ?? [];
    assert.deepEqual(
      causes.map((c) => c.code),
      ['unusable-configuration'],
    );
    assert.match(causes[0]!.message, /^Apigee cannot make this call: .*\(TLSv1\.0\)\. The backend accepts TLSv1\.2, TLSv1\.3 /);
    assert.match(causes[0]!.fix, /<Protocol>TLSv1\.2<\/Protocol><Protocol>TLSv1\.3<\/Protocol>/);
    const [problem] = await waitForProbe(uri);
    assert.equal(ruleId(problem!), 'unusable-configuration');
  });

  test("Clear TLS Diagnosis removes the server's probe diagnostics", async function () {
    if (untrusted) this.skip();
    const uri = await writeTarget('cleared.xml', targetEndpoint(`https://probe.test:${tls11!.port}/`));
    await clickLens(uri);
    await waitForProbe(uri);
    await vscode.commands.executeCommand('apigeeTls.clearDiagnosis');
    await waitForProbe(uri, (now) => now.length === 0);
  });

  test('a change of the probe settings makes the diagnosis stale', async function () {
    if (untrusted) this.skip();
    const uri = await writeTarget('settings-change.xml', targetEndpoint(`https://probe.test:${tls11!.port}/`));
    await clickLens(uri);
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
      const { outcome, url } = await clickLens(uri);
      const [cause] = outcome.items![0]!.causes;
      assert.equal(cause?.code, 'timeout');
      // The limit that applied: the setting's 300 ms, not the 10 s default.
      assert.match(`${cause!.message} ${cause!.fix}`, /300 ms/);
      const [timeout] = await waitForProbe(uri);
      assert.equal(timeout!.severity, vscode.DiagnosticSeverity.Error);
      assert.ok(timeout!.range.isEqual(url), sameRange(timeout!.range, url));
    } finally {
      await silent.stop();
      await config().update('probe.timeoutMs', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('probe.resolve', resolveBoth(), vscode.ConfigurationTarget.Global);
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
    await lensOf(uri);
    const second = rangeOf(editor.document, `https://probe.test:${tls11!.port}/`);
    editor.selection = new vscode.Selection(second.start.translate(0, 3), second.start.translate(0, 3));
    const outcome = await vscode.commands.executeCommand<Outcome>(DIAGNOSE);
    assert.deepEqual(
      outcome?.items?.map((i) => i.ok),
      [false],
    );
    const found = await waitForProbe(uri);
    assert.ok(found.length > 0 && found.every((d) => d.range.isEqual(second)), `[${found.map((d) => JSON.stringify(d.range))}]`);
    assert.equal(ruleId(found[0]!), 'protocol-mismatch');
  });

  test('a URL with a variable: the lens says why it cannot be diagnosed, and nothing is probed', async () => {
    const uri = await writeTarget('variable.xml', targetEndpoint('https://{backend.host}/v1'));
    await openInEditor(uri);
    const lens = await lensOf(uri);
    assert.match(lens.command!.title, /^Cannot diagnose TLS: /);
    const outcome = await vscode.commands.executeCommand<Outcome>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.equal(outcome?.outcome, 'not-probeable');
    assert.deepEqual(asked, []);
    assert.deepEqual(probeDiagnostics(uri), []);
  });

  test('a LoadBalancer in test and prod: the environments are picked ("All" included), the last choice remembered', async function () {
    if (untrusted) this.skip();
    const project = (...path: string[]): vscode.Uri => workspaceUri(FOLDER, 'lb', ...path);
    const ts = (port: number): string =>
      JSON.stringify([{ name: 'backend', host: 'probe.test', port, isEnabled: true, sSLInfo: { enabled: 'true' } }]);
    await vscode.workspace.fs.createDirectory(project('apiproxy', 'targets'));
    await write(project('pom.xml'), '<project/>\n');
    await vscode.workspace.fs.createDirectory(project('resources', 'edge', 'env', 'test'));
    await vscode.workspace.fs.createDirectory(project('resources', 'edge', 'env', 'prod'));
    await write(project('resources', 'edge', 'env', 'test', 'targetServers.json'), ts(healthy!.port));
    await write(project('resources', 'edge', 'env', 'prod', 'targetServers.json'), ts(tls11!.port));
    const uri = await write(
      project('apiproxy', 'targets', 'default.xml'),
      '<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <LoadBalancer>\n      <Server name="backend"/>\n    </LoadBalancer>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
    );
    // Opened, the server has their text at once, whatever the file watcher makes of a folder created just now.
    for (const file of [
      project('pom.xml'),
      ...['test', 'prod'].map((env) => project('resources', 'edge', 'env', env, 'targetServers.json')),
    ])
      await vscode.workspace.openTextDocument(file);
    await openInEditor(uri);
    const lens = await lensOf(uri, (l) => l.command!.title === 'Diagnose target TLS (2 connections)');
    const click = async (): Promise<Outcome> =>
      (await vscode.commands.executeCommand<Outcome>(lens.command!.command, ...(lens.command!.arguments ?? [])))!;

    pickAnswer = 'prod';
    const prod = await click();
    assert.deepEqual(picks, [{ items: ['All environments', 'prod', 'test'], active: undefined }]);
    assert.deepEqual(
      prod.items?.map((i) => [i.env, i.server, i.ok]),
      [['prod', 'backend', false]],
    );
    const [atServer] = await waitForProbe(uri);
    assert.match(atServer!.message, /^\[prod\] TargetServer 'backend': /);

    pickAnswer = 'All environments';
    const all = await click();
    assert.deepEqual(picks[1], { items: ['All environments', 'prod', 'test'], active: 'prod' }, 'the last choice comes first');
    assert.deepEqual(
      all.items?.map((i) => [i.env, i.ok]),
      [
        ['prod', false],
        ['test', true],
      ],
    );
    assert.match(
      (await lensOf(uri, (l) => /test: TLS OK/.test(l.command!.title))).command!.title,
      /^prod: TLS failing · protocol-mismatch \| test: TLS OK/,
    );

    pickAnswer = undefined;
    assert.equal((await click()).outcome, 'cancelled', 'dismissing the pick probes nothing');
  });

  test('untrusted workspace: the consent modal names the host, its default is not Probe, and declining probes nothing', async function () {
    if (!untrusted) this.skip();
    const uri = await writeTarget('declined.xml', targetEndpoint(`https://probe.test:${tls11!.port}/`));
    answer = "Don't Probe";
    const { outcome } = await clickLens(uri);
    assert.equal(outcome.outcome, 'declined');
    assert.equal(asked.length, 1);
    assert.match(
      asked[0]!.message,
      new RegExp(`^Probe probe\\.test:${tls11!.port} at 127\\.0\\.0\\.1\\? This workspace is not trusted\\.$`),
    );
    assert.notEqual(asked[0]!.buttons[0], 'Probe', 'the focused button (the first) must not agree');
    assert.ok(asked[0]!.buttons.includes('Probe'));
    answer = undefined;
    assert.equal((await clickLens(uri)).outcome.outcome, 'declined', 'dismissed (Escape) is no consent');
    assert.deepEqual(probeDiagnostics(uri), []);
  });

  test('untrusted workspace: with consent it probes, and the workspace CA setting is not used', async function () {
    if (!untrusted) this.skip();
    answer = 'Probe';
    const mismatch = await writeTarget('consented-tls11.xml', targetEndpoint(`https://probe.test:${tls11!.port}/`));
    await clickLens(mismatch);
    assert.ok((await waitForProbe(mismatch)).some((d) => ruleId(d) === 'protocol-mismatch'));
    // apigeeTls.probe.caFiles is a restricted setting: the self-signed backend is not trusted here.
    const selfSigned = await writeTarget('consented-healthy.xml', targetEndpoint(`https://probe.test:${healthy!.port}/`));
    await clickLens(selfSigned);
    const found = await waitForProbe(selfSigned);
    assert.ok(
      found.some((d) => ruleId(d) === 'self-signed-certificate' && d.severity === vscode.DiagnosticSeverity.Error),
      `[${found.map(ruleId)}]`,
    );
    assert.equal(asked.length, 2);
  });
});
