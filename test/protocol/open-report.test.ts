// "Open a diagnosis report…": the CLI's `probe --bundle … --format json`, run on another machine (another folder,
// another name for the repository), opened in the editor gives the same lens titles and the same probe diagnostics
// as probing here (apigeeTls/openReport, over LSP). A single-target report shows on every connection to its host
// and port; a file that is no report is an error naming what is wrong, and shows nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DIAGNOSE_COMMAND, OPEN_REPORT_REQUEST, type DiagnoseArguments, type OpenReportResult } from '../../server/src/shared/protocol';
import { testPki, type Pki } from '../probe/support/pki';
import { certArgs, freePort, startOpenssl, type RunningServer } from '../probe/support/servers';
import { initializeFolder, LspClient } from '../support/lsp-client';
import { json, loadBalanced, server, tempDir, writeTree } from '../workspace/support/tree';

const repo = resolve(__dirname, '../..');
const cli = resolve(repo, 'bin/apigee-tls-lint');

interface Lens {
  command: { title: string; arguments: DiagnoseArguments[] };
}
interface Published {
  uri: string;
  diagnostics: { source: string; code: string; message: string; severity: number; range: object }[];
}

describe('Open a diagnosis report over LSP', { skip: !existsSync(resolve(repo, 'dist/cli.js')) && 'run `npm run build` first' }, () => {
  let pki: Pki;
  let healthy: RunningServer;
  let refusedPort: number;
  let root: string;
  let resolveMap: Record<string, string>;
  let report: string;
  const targets = (): string => pathToFileURL(join(root, 'apiproxy/targets/default.xml')).href;
  const servers = (env: string): string => pathToFileURL(join(root, `resources/edge/env/${env}/targetServers.json`)).href;

  before(async () => {
    pki = await testPki();
    healthy = await startOpenssl(certArgs(pki, 'good'));
    refusedPort = await freePort();
    const ts = (host: string, port: number) => server('ts', { host, port, sSLInfo: { enabled: 'true', ignoreValidationErrors: 'true' } });
    const files = {
      'pom.xml': '<project/>',
      'apiproxy/targets/default.xml': loadBalanced('ts'),
      'resources/edge/env/test/targetServers.json': json([ts('test.probe.test', healthy.port)]),
      'resources/edge/env/prod/targetServers.json': json([ts('prod.probe.test', refusedPort)]),
    };
    root = writeTree(files);
    resolveMap = { [`test.probe.test:${healthy.port}`]: '127.0.0.1', [`prod.probe.test:${refusedPort}`]: '127.0.0.1' };
    // Elsewhere: a clone under another name, the CLI run from the folder above it.
    const elsewhere = tempDir();
    cpSync(root, join(elsewhere, 'orders-clone'), { recursive: true });
    const resolveArgs = Object.entries(resolveMap).flatMap(([k, a]) => ['--resolve', `${k}:${a}`]);
    const run = spawnSync(process.execPath, [cli, 'probe', '--bundle', 'orders-clone', ...resolveArgs, '--format', 'json'], {
      cwd: elsewhere,
      encoding: 'utf8',
    });
    assert.equal(run.status, 1, run.stderr);
    report = join(elsewhere, 'report.json');
    writeFileSync(report, run.stdout);
  });
  after(async () => {
    await healthy.stop();
  });

  async function withServer<T>(use: (client: LspClient) => Promise<T>): Promise<T> {
    const client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
    client.onRequest = (method) => (method === 'workspace/configuration' ? [{ probe: { resolve: resolveMap } }] : null);
    try {
      await initializeFolder(client, root);
      client.notify('textDocument/didOpen', { textDocument: { uri: targets(), languageId: 'xml', version: 1, text: loadBalanced('ts') } });
      return await use(client);
    } finally {
      await client.close();
    }
  }

  /** The lens title and the probe diagnostics at the <Server name> and the prod TargetServer's host, once shown. */
  async function shown(client: LspClient, since: number): Promise<{ title: string; diagnostics: Published['diagnostics'][] }> {
    const published = (uri: string) =>
      client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0, since);
    const diagnostics = [(await published(targets())).diagnostics, (await published(servers('prod'))).diagnostics];
    const [lens] = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: targets() } });
    return { title: lens!.command.title, diagnostics };
  }

  it('the report from elsewhere gives the lens title and the diagnostics probing here gives', async () => {
    const here = await withServer(async (client) => {
      const [lens] = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: targets() } });
      const since = client.notifications.length;
      await client.request('workspace/executeCommand', { command: DIAGNOSE_COMMAND, arguments: lens!.command.arguments });
      return shown(client, since);
    });
    const { opened, result } = await withServer(async (client) => {
      const since = client.notifications.length;
      const result = await client.request<OpenReportResult>(OPEN_REPORT_REQUEST, { path: report });
      return { result, opened: await shown(client, since) };
    });
    assert.deepEqual(
      [result.items.map((i) => [i.env, i.server, i.ok]), result.unmatched, result.notProbed],
      [
        [
          ['prod', 'ts', false],
          ['test', 'ts', true],
        ],
        [],
        0,
      ],
    );
    assert.deepEqual(opened.diagnostics, here.diagnostics);
    assert.equal(opened.diagnostics[0]![0]!.code, 'connection-refused');
    // The time is the report's own.
    const ms = (JSON.parse(readFileSync(report, 'utf8')) as { env: string; diagnosis: { elapsedMs: number } }[]).find(
      (e) => e.env === 'test',
    )!.diagnosis.elapsedMs;
    assert.equal(opened.title, `prod: TLS failing · connection-refused | test: TLS OK · TLSv1.3 · ${ms} ms`);
    assert.equal(opened.title.replace(/\d+ ms/, 'N ms'), here.title.replace(/\d+ ms/, 'N ms'));
  });

  it("a single target's report shows on every connection to its host and port; the others keep their lens", async () => {
    const single = join(tempDir(), 'single.json');
    const run = spawnSync(
      process.execPath,
      [cli, 'probe', `https://prod.probe.test:${refusedPort}`, '--resolve', `prod.probe.test:${refusedPort}:127.0.0.1`, '-f', 'json'],
      { encoding: 'utf8' },
    );
    writeFileSync(single, run.stdout);
    await withServer(async (client) => {
      const since = client.notifications.length;
      const result = await client.request<OpenReportResult>(OPEN_REPORT_REQUEST, { path: single });
      assert.deepEqual(
        result.items.map((i) => [i.env, i.kind, i.ok]),
        [
          ['prod', 'TargetEndpoint', false],
          ['prod', 'TargetServer', false],
        ],
      );
      assert.match((await shown(client, since)).title, /^prod: TLS failing · connection-refused$/);
    });
  });

  it('no report: an error saying what is wrong, nothing shown', async () => {
    const dir = tempDir();
    const cases: [string, string, RegExp][] = [
      ['not-json.json', '{ nope', /is not a diagnosis report: not JSON/],
      [
        'no-causes.json',
        JSON.stringify({ target: { host: 'a', port: 1, sni: null }, judgedAs: { profile: 'edge', why: '' }, ok: false }),
        /the report\.causes is not a list/,
      ],
      [
        'bad-entry.json',
        JSON.stringify([{ file: 'x.xml', kind: 'TargetEndpoint', name: 'n', diagnosis: { target: 7 } }]),
        /entry 1\.diagnosis\.target is not an object/,
      ],
    ];
    await withServer(async (client) => {
      for (const [name, text, error] of cases) {
        writeFileSync(join(dir, name), text);
        await assert.rejects(client.request(OPEN_REPORT_REQUEST, { path: join(dir, name) }), error);
      }
      await assert.rejects(
        client.request(OPEN_REPORT_REQUEST, { path: join(dir, 'missing.json') }),
        /cannot read .*missing\.json: it does not exist/,
      );
      const [lens] = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: targets() } });
      assert.equal(lens!.command.title, 'Diagnose target TLS (2 connections)');
    });
  });
});
