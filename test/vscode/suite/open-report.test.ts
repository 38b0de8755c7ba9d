// "Apigee TLS: Open a diagnosis report…" in the real VS Code: the CLI's `probe --bundle … --format json`, run
// elsewhere (a copy of the project under another name, as on the runtime's network), opened with the command (it
// takes the report's Uri as its argument; without one it shows an open dialog) gives the same Problems and the same
// lens title as clicking the lens here.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { freePort, type RunningServer } from '../../probe/support/servers';
import { makeSelfSignedCertificate } from '../../support/self-signed';
import { ruleId } from './support/diagnostics';
import { eventually } from './support/eventually';
import { diagnoseLenses, startBackend, testHooks, waitForProbe, type TestHooks } from './support/probe';
import { EXTENSION_ID, openInEditor, workspaceUri } from './support/workspace';

const FOLDER = 'report-test';

interface ReportOutcome {
  outcome: string;
  result?: { items: { env: string | null; server: string | null; ok: boolean | null }[]; unmatched: string[] };
}

/** What Problems shows of a probe diagnostic. */
const shown = (d: vscode.Diagnostic): string =>
  `${ruleId(d)} ${d.severity} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;

suite('Open a diagnosis report…', () => {
  let healthy: RunningServer | undefined;
  let refusedPort: number;
  let hooks: TestHooks;
  let elsewhere: string | undefined;
  const project = (...segments: string[]): vscode.Uri => workspaceUri(FOLDER, ...segments);
  const apigee = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apigeeTls');
  const target = (): vscode.Uri => project('apiproxy', 'targets', 'default.xml');
  const prodServers = (): vscode.Uri => project('resources', 'edge', 'env', 'prod', 'targetServers.json');

  suiteSetup(async () => {
    const certs = workspaceUri('report-certs').fsPath;
    await vscode.workspace.fs.createDirectory(workspaceUri('report-certs'));
    await makeSelfSignedCertificate(certs);
    healthy = await startBackend(certs);
    refusedPort = await freePort();
    const ts = (host: string, port: number): string =>
      JSON.stringify([{ name: 'ts', host, port, isEnabled: true, sSLInfo: { enabled: 'true', ignoreValidationErrors: 'true' } }], null, 2);
    const files: Record<string, string> = {
      'pom.xml': '<project/>\n',
      'apiproxy/targets/default.xml':
        '<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <LoadBalancer>\n      <Server name="ts"/>\n    </LoadBalancer>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
      'resources/edge/env/test/targetServers.json': ts('probe.test', healthy.port),
      'resources/edge/env/prod/targetServers.json': ts('prod.probe.test', refusedPort),
    };
    for (const [file, text] of Object.entries(files)) {
      const uri = project(...file.split('/'));
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    }
    const resolve = { [`probe.test:${healthy.port}`]: '127.0.0.1', [`prod.probe.test:${refusedPort}`]: '127.0.0.1' };
    await apigee().update('probe.resolve', resolve, vscode.ConfigurationTarget.Global);
    hooks = await testHooks();
    hooks.setConsent(async () => 'Probe');
    hooks.setEnvironmentPick(async () => 'All environments');
    // Opened, the server has their text at once, whatever the file watcher makes of a folder created just now.
    for (const file of ['pom.xml', 'resources/edge/env/test/targetServers.json', 'resources/edge/env/prod/targetServers.json'])
      await vscode.workspace.openTextDocument(project(...file.split('/')));
  });

  suiteTeardown(async () => {
    hooks?.setConsent(undefined);
    hooks?.setEnvironmentPick(undefined);
    await healthy?.stop();
    await apigee().update('probe.resolve', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('apigeeTls.clearDiagnosis');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri(FOLDER), { recursive: true, useTrash: false });
    await vscode.workspace.fs.delete(workspaceUri('report-certs'), { recursive: true, useTrash: false });
    if (elsewhere !== undefined) fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  /** The CLI on another machine: a copy of the project named differently, its JSON report written beside it. */
  function reportFromElsewhere(): string {
    elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'apigee-tls-elsewhere-'));
    fs.cpSync(workspaceUri(FOLDER).fsPath, path.join(elsewhere, 'orders-clone'), { recursive: true });
    // The CLI is a package of its own (a packed .vsix holds none): the runner names the repository's.
    const cli =
      process.env.APIGEE_TLS_CLI ?? path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'bin', 'apigee-tls-lint');
    const resolveArgs = [`probe.test:${healthy!.port}:127.0.0.1`, `prod.probe.test:${refusedPort}:127.0.0.1`].flatMap((r) => [
      '--resolve',
      r,
    ]);
    const run = spawnSync(process.execPath, [cli, 'probe', '--bundle', 'orders-clone', ...resolveArgs, '--format', 'json'], {
      cwd: elsewhere,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 1, `the CLI finds the prod backend failing: ${run.stderr}`);
    const report = path.join(elsewhere, 'report.json');
    fs.writeFileSync(report, run.stdout);
    return report;
  }

  /** The lens title and the probe problems of both files, once both files show some. */
  async function problemsAndLens(): Promise<{ title: string; problems: string[][] }> {
    const problems = [(await waitForProbe(target())).map(shown), (await waitForProbe(prodServers())).map(shown)];
    const lens = await eventually('a lens with both results', async () =>
      (await diagnoseLenses(target())).find((l) => / \| test: /.test(l.command!.title)),
    );
    return { title: lens.command!.title, problems };
  }

  test('the CLI report opened by the command gives the problems and lens title a live probe here gives', async () => {
    const report = reportFromElsewhere();
    await openInEditor(target());
    const lens = await eventually('the Diagnose lens', async () =>
      (await diagnoseLenses(target())).find((l) => l.command!.title === 'Diagnose target TLS (2 connections)'),
    );
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    const here = await problemsAndLens();
    assert.equal(here.problems[0]![0]!.split(' ')[0], 'connection-refused');

    await vscode.commands.executeCommand('apigeeTls.clearDiagnosis');
    await waitForProbe(target(), (now) => now.length === 0);
    await waitForProbe(prodServers(), (now) => now.length === 0);

    const opened = (await vscode.commands.executeCommand<ReportOutcome>('apigeeTls.openReport', vscode.Uri.file(report)))!;
    assert.equal(opened.outcome, 'shown');
    assert.deepEqual(
      [opened.result!.items.map((i) => [i.env, i.server, i.ok]), opened.result!.unmatched],
      [
        [
          ['prod', 'ts', false],
          ['test', 'ts', true],
        ],
        [],
      ],
    );
    const fromReport = await problemsAndLens();
    assert.deepEqual(fromReport.problems, here.problems);
    // The time in the title is the report's own.
    const entries = JSON.parse(fs.readFileSync(report, 'utf8')) as { env: string; diagnosis: { elapsedMs: number } }[];
    const ms = entries.find((e) => e.env === 'test')!.diagnosis.elapsedMs;
    assert.equal(fromReport.title, `prod: TLS failing · connection-refused | test: TLS OK · TLSv1.3 · ${ms} ms`);
    assert.equal(fromReport.title.replace(/\d+ ms/, 'N ms'), here.title.replace(/\d+ ms/, 'N ms'));
  });
});
