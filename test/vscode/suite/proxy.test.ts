// "Diagnose target TLS" through VS Code's own proxy setting: `http.proxy` (user settings) sends the probe through a
// real tinyproxy, `http.noProxy` covering the host sends it direct, and `apigeeTls.probe.proxy` wins over both,
// except in an untrusted workspace (a restricted setting: its workspace value is ignored). Untrusted, every click
// goes through the consent question first; declined, the proxy sees nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startTinyproxy, type RunningProxy } from '../../probe/support/proxies';
import { startRawServer, type RunningServer } from '../../probe/support/servers';
import { makeSelfSignedCertificate } from '../../support/self-signed';
import { diagnoseLenses, startBackend, testHooks, waitForProbe, type ConsentQuestion, type TestHooks } from './support/probe';
import { ruleId } from './support/diagnostics';
import { openInEditor, workspaceUri } from './support/workspace';

const untrusted = process.env.APIGEE_TLS_EXPECT_UNTRUSTED === '1';
const FOLDER = 'proxy-test';
/** How long a setting change may take to reach the language server (the client restarts it for http.*). */
const SETTLE_MS = Number(process.env.VSCODE_TEST_WAIT_MS ?? 20_000);

interface Outcome {
  outcome: string;
  items?: { ok: boolean | null; summary: string }[];
}

/** tinyproxy's log lines for a CONNECT to that port. */
const connects = (proxy: RunningProxy, port: number): number =>
  proxy.log().match(new RegExp(`Request \\(file descriptor \\d+\\): CONNECT 127\\.0\\.0\\.1:${port} `, 'g'))?.length ?? 0;

suite('Diagnose target TLS through a proxy (http.proxy)', () => {
  let backend: RunningServer | undefined;
  let editorProxy: RunningProxy | undefined;
  let settingProxy: RunningProxy | undefined;
  let hooks: TestHooks;
  const asked: ConsentQuestion[] = [];
  let answer: string | undefined = 'Probe';
  let uri: vscode.Uri;
  const http = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('http');
  const apigee = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apigeeTls');

  /** Clicks the file's lens: the command it names, with its arguments. */
  async function click(): Promise<Outcome> {
    await openInEditor(uri);
    const [lens] = await diagnoseLenses(uri);
    if (lens === undefined) return { outcome: 'no-lens' };
    return (
      (await vscode.commands.executeCommand<Outcome>(lens.command!.command, ...(lens.command!.arguments ?? []))) ?? { outcome: 'none' }
    );
  }

  /** Clicks until the diagnosis's summary passes `accept` (a setting reaches the server after the client restarts it). */
  async function clickUntil(what: string, accept: (summary: string) => boolean): Promise<string> {
    const deadline = Date.now() + SETTLE_MS;
    for (;;) {
      const last: Outcome = await click().catch((error: Error) => ({ outcome: `error ${error.message}` }));
      const summary = last.items?.[0]?.summary;
      if (summary !== undefined && accept(summary)) return summary;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last outcome ${JSON.stringify(last)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** The lens title (the fixture workspace deploys the bundle to `test`: its results read `test: …`). */
  async function lensTitle(): Promise<string> {
    const [lens] = await diagnoseLenses(uri);
    return lens?.command?.title ?? '';
  }

  suiteSetup(async () => {
    const folder = workspaceUri(FOLDER);
    await vscode.workspace.fs.createDirectory(workspaceUri(FOLDER, 'apiproxy', 'targets'));
    await makeSelfSignedCertificate(folder.fsPath);
    [backend, editorProxy, settingProxy] = await Promise.all([startBackend(folder.fsPath), startTinyproxy(), startTinyproxy()]);
    await apigee().update('probe.caFiles', [`${FOLDER}/cert.pem`], vscode.ConfigurationTarget.Workspace);
    await apigee().update('probe.resolve', { [`probe.test:${backend.port}`]: '127.0.0.1' }, vscode.ConfigurationTarget.Global);
    hooks = await testHooks();
    hooks.setConsent(async (question) => {
      asked.push(question);
      return answer;
    });
    uri = workspaceUri(FOLDER, 'apiproxy', 'targets', 'default.xml');
    const text = `<TargetEndpoint name="default">
  <HTTPTargetConnection>
    <SSLInfo>
      <Enabled>true</Enabled>
      <Enforce>true</Enforce>
      <TrustStore>ref://backend-truststore</TrustStore>
    </SSLInfo>
    <URL>https://probe.test:${backend.port}/v1</URL>
  </HTTPTargetConnection>
</TargetEndpoint>
`;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    // VS Code's proxy, in the user settings of this code-server profile.
    await http().update('proxy', editorProxy.url, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    hooks?.setConsent(undefined);
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await http().update('noProxy', undefined, vscode.ConfigurationTarget.Global);
    await apigee().update('probe.proxy', undefined, vscode.ConfigurationTarget.Workspace);
    await apigee().update('probe.caFiles', undefined, vscode.ConfigurationTarget.Workspace);
    await apigee().update('probe.resolve', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await Promise.all([backend?.stop(), editorProxy?.stop(), settingProxy?.stop()]);
    await vscode.workspace.fs.delete(workspaceUri(FOLDER), { recursive: true, useTrash: false });
  });

  setup(() => {
    asked.length = 0;
    answer = 'Probe';
  });

  test('http.proxy honoured: the probe tunnels through it (tinyproxy logs the CONNECT), the lens says via proxy', async () => {
    const via = `via proxy ${editorProxy!.url}`;
    const summary = await clickUntil(via, (s) => s.endsWith(via));
    // Untrusted, the workspace's CA setting is not used: the self-signed backend fails, through the proxy all the same.
    if (untrusted) assert.equal(summary, `TLS failing · self-signed-certificate · ${via}`);
    else assert.match(summary, new RegExp(`^TLS OK · TLSv1\\.3 · \\d+ ms · ${via.replace(/[.]/g, '\\.')}$`));
    assert.equal(await lensTitle(), `test: ${summary}`);
    assert.ok(connects(editorProxy!, backend!.port) > 0, editorProxy!.log());
    assert.equal(connects(settingProxy!, backend!.port), 0);
    if (untrusted) {
      assert.ok(asked.length > 0, 'untrusted: each click asks first');
      // The question names the proxy the probe goes through (http.proxy), as the server checks it.
      assert.equal(
        asked.at(-1)!.message,
        `Probe probe.test:${backend!.port} at 127.0.0.1 via proxy ${editorProxy!.url}? This workspace is not trusted.`,
      );
      assert.match(asked.at(-1)!.detail, new RegExp(`It goes through the HTTP proxy ${editorProxy!.url.replace(/[.]/g, '\\.')} `));
    } else assert.deepEqual(asked, [], 'a trusted workspace is not asked');
  });

  test('untrusted: declining the consent question sends nothing to the proxy', async function () {
    if (!untrusted) this.skip();
    await clickUntil('a diagnosis via http.proxy', (s) => s.includes(`via proxy ${editorProxy!.url}`));
    const before = connects(editorProxy!, backend!.port);
    answer = "Don't Probe";
    asked.length = 0;
    assert.equal((await click()).outcome, 'declined');
    assert.equal(asked.length, 1);
    assert.equal(connects(editorProxy!, backend!.port), before);
  });

  test('http.noProxy covering the host: direct, the proxy sees no CONNECT', async () => {
    await http().update('noProxy', ['probe.test'], vscode.ConfigurationTarget.Global);
    try {
      await clickUntil('a direct diagnosis', (s) => !s.includes('via proxy'));
      const before = connects(editorProxy!, backend!.port);
      const summary = await clickUntil('a direct diagnosis', () => true);
      assert.doesNotMatch(summary, /via proxy/);
      assert.equal(connects(editorProxy!, backend!.port), before, 'no CONNECT once http.noProxy covers the host');
    } finally {
      await http().update('noProxy', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('apigeeTls.probe.proxy wins over http.proxy (trusted); untrusted, its workspace value is ignored', async () => {
    await apigee().update('probe.proxy', settingProxy!.url, vscode.ConfigurationTarget.Workspace);
    try {
      if (untrusted) {
        // A restricted setting: VS Code does not give the workspace's value to an untrusted workspace.
        assert.equal(apigee().get('probe.proxy'), '');
        const summary = await clickUntil('a diagnosis via http.proxy', (s) => s.endsWith(`via proxy ${editorProxy!.url}`));
        assert.equal(await lensTitle(), `test: ${summary}`);
        assert.equal(connects(settingProxy!, backend!.port), 0);
        return;
      }
      const summary = await clickUntil('a diagnosis via apigeeTls.probe.proxy', (s) => s.endsWith(`via proxy ${settingProxy!.url}`));
      assert.equal(await lensTitle(), `test: ${summary}`);
      const before = connects(editorProxy!, backend!.port);
      await click();
      assert.ok(connects(settingProxy!, backend!.port) >= 2, settingProxy!.log());
      assert.equal(connects(editorProxy!, backend!.port), before, 'http.proxy is not used while apigeeTls.probe.proxy is set');
    } finally {
      await apigee().update('probe.proxy', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a proxy that accepts the connection and never answers CONNECT: proxy-timeout in the lens and Problems, not a backend timeout', async () => {
    const silent = await startRawServer(() => undefined);
    const url = `http://127.0.0.1:${silent.port}`;
    await apigee().update('probe.timeoutMs', 300, vscode.ConfigurationTarget.Workspace);
    await http().update('proxy', url, vscode.ConfigurationTarget.Global);
    try {
      const summary = await clickUntil(`a diagnosis via ${url}`, (s) => s.endsWith(`via proxy ${url}`));
      assert.equal(summary, `TLS failing · proxy-timeout · via proxy ${url}`);
      const [problem, ...more] = await waitForProbe(uri, (found) => found.some((d) => ruleId(d) === 'proxy-timeout'));
      assert.deepEqual([ruleId(problem!), more.length], ['proxy-timeout', 0]);
      assert.match(
        problem!.message,
        new RegExp(`the proxy http://127\\.0\\.0\\.1:${silent.port} accepted the connection but did not answer CONNECT`),
      );
    } finally {
      await http().update('proxy', editorProxy!.url, vscode.ConfigurationTarget.Global);
      await apigee().update('probe.timeoutMs', undefined, vscode.ConfigurationTarget.Workspace);
      await silent.stop();
    }
  });
});
