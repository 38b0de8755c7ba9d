// "Diagnose target TLS" from any LSP editor: the language server over stdio offers the CodeLens, runs the
// `apigeeTls.diagnose` command against real servers, and publishes failures only, at the <Server name> and the
// TargetServer's host, cleared on edit. Success goes into the lens title.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DIAGNOSE_COMMAND, PROBE_SOURCE, type DiagnoseArguments, type DiagnoseResult } from '../../server/src/shared/protocol';
import { testPki, type Pki } from '../probe/support/pki';
import { certArgs, startOpenssl, type RunningServer } from '../probe/support/servers';
import { LspClient } from '../support/lsp-client';
import { json, loadBalanced, server, writeTree } from '../workspace/support/tree';

const repo = resolve(__dirname, '../..');
const cli = resolve(repo, 'bin/apigee-tls-lint');

interface Lens {
  range: { start: { line: number } };
  command: { title: string; command: string; arguments: DiagnoseArguments[] };
}
interface Published {
  uri: string;
  diagnostics: { source: string; code: string; message: string; range: { start: { line: number; character: number } } }[];
}

describe('Diagnose target TLS over LSP', { skip: !existsSync(resolve(repo, 'dist/cli.js')) && 'run `npm run build` first' }, () => {
  let pki: Pki;
  let healthy: RunningServer;
  let tls10: RunningServer;
  let client: LspClient;
  let root: string;
  let targetsUri: string;
  let serversUri: (env: string) => string;
  before(async () => {
    pki = await testPki();
    [healthy, tls10] = await Promise.all([
      startOpenssl(certArgs(pki, 'good')),
      startOpenssl([...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']),
    ]);
    const ts = (host: string, port: number) => server('ts', { host, port, sSLInfo: { enabled: 'true', trustStore: 'ref://trust' } });
    const stores = (env: string) => ({
      [`resources/edge/env/${env}/references.json`]: json([{ name: 'trust', refers: 'truststore', resourceType: 'KeyStore' }]),
      [`resources/edge/env/${env}/keystores.json`]: json([{ name: 'truststore' }]),
      [`resources/edge/env/${env}/aliases.json`]: json([
        { alias: 'root', keystorename: 'truststore', format: 'keycertfile', certFilePath: 'root.crt' },
      ]),
    });
    root = writeTree({
      'pom.xml': '<project/>',
      'root.crt': await pki.pem('root.crt'),
      'apiproxy/targets/default.xml': loadBalanced('ts'),
      'resources/edge/env/test/targetServers.json': json([ts('test.probe.test', healthy.port)]),
      'resources/edge/env/prod/targetServers.json': json([ts('prod.probe.test', tls10.port)]),
      ...stores('test'),
      ...stores('prod'),
    });
    targetsUri = pathToFileURL(join(root, 'apiproxy/targets/default.xml')).href;
    serversUri = (env) => pathToFileURL(join(root, `resources/edge/env/${env}/targetServers.json`)).href;
    client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
    const resolveMap = { [`test.probe.test:${healthy.port}`]: '127.0.0.1', [`prod.probe.test:${tls10.port}`]: '127.0.0.1' };
    client.onRequest = (method) => (method === 'workspace/configuration' ? [{ probe: { resolve: resolveMap } }] : null);
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'p' }],
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { debounceMs: 0 },
    });
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', { textDocument: { uri: targetsUri, languageId: 'xml', version: 1, text: loadBalanced('ts') } });
  });
  after(async () => {
    await client.close();
    await Promise.all([healthy.stop(), tls10.stop()]);
  });

  const lenses = () => client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: targetsUri } });

  it('a lens above the <Server name>, for both environments', async () => {
    const [lens, ...others] = await lenses();
    assert.deepEqual(
      [others.length, lens!.range.start.line, lens!.command.title, lens!.command.command],
      [0, 3, 'Diagnose target TLS (2 connections)', DIAGNOSE_COMMAND],
    );
  });

  it('the command probes both, publishes the failure only, at the <Server name> and the TargetServer host, and titles the lens', async () => {
    const [lens] = await lenses();
    const since = client.notifications.length;
    const result = await client.request<DiagnoseResult>('workspace/executeCommand', {
      command: DIAGNOSE_COMMAND,
      arguments: lens!.command.arguments,
    });
    assert.deepEqual(
      result.items.map((i) => [i.env, i.server, i.ok, i.causes.find((c) => c.severity === 'error')?.code ?? null]),
      [
        ['prod', 'ts', false, 'protocol-mismatch'],
        ['test', 'ts', true, null],
      ],
    );
    assert.match(result.items[1]!.trust!, /^the truststore ref:\/\/trust → keystore 'truststore' → alias 'root' \(root.crt\)/);
    const atServer = await client.notification<Published>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === targetsUri && p.diagnostics.length > 0,
      since,
    );
    assert.deepEqual(
      atServer.diagnostics.map((d) => [d.source, d.code, d.range.start]),
      [[PROBE_SOURCE, 'protocol-mismatch', { line: 3, character: 20 }]],
    );
    assert.match(atServer.diagnostics[0]!.message, /^\[prod\] TargetServer 'ts': /);
    const atHost = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === serversUri('prod'), since);
    assert.deepEqual(
      atHost.diagnostics.map((d) => d.code),
      ['protocol-mismatch'],
    );
    assert.match((await lenses())[0]!.command.title, /^prod: TLS failing · protocol-mismatch \| test: TLS OK · TLSv1\.\d · \d+ ms$/);
  });

  it('an edit clears the probe diagnostics', async () => {
    const since = client.notifications.length;
    client.notify('textDocument/didChange', {
      textDocument: { uri: targetsUri, version: 2 },
      contentChanges: [{ text: loadBalanced('ts') + ' ' }],
    });
    const cleared = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === targetsUri, since);
    assert.deepEqual(
      cleared.diagnostics.filter((d) => d.source === PROBE_SOURCE),
      [],
    );
  });
});
