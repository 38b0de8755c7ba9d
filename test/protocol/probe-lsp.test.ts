// "Diagnose target TLS" from any LSP editor: the language server over stdio offers the CodeLens, runs the
// `apigeeTls.diagnose` command against real servers, and publishes failures only, at the <Server name> and the
// TargetServer's host, cleared on edit. Success goes into the lens title.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CLEAR_DIAGNOSIS_COMMAND,
  CONNECTIONS_CHANGED_NOTIFICATION,
  CONNECTIONS_REQUEST,
  DIAGNOSE_COMMAND,
  PROBE_SOURCE,
  type ConnectionsResult,
  type DiagnoseArguments,
  type DiagnoseResult,
} from '../../server/src/shared/protocol';
import { testPki, type Pki } from '../probe/support/pki';
import { certArgs, startOpenssl, type RunningServer } from '../probe/support/servers';
import { initializeFolder, LspClient } from '../support/lsp-client';
import { json, loadBalanced, server, writeTree } from '../workspace/support/tree';

const repo = resolve(__dirname, '../..');
const cli = resolve(repo, 'bin/apigee-tls-lint');

/** The language server over stdio, its one workspace folder `root`, probe addresses overridden like curl --resolve. */
async function startServerIn(root: string, resolveMap: Record<string, string>): Promise<LspClient> {
  const client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
  client.onRequest = (method) => (method === 'workspace/configuration' ? [{ probe: { resolve: resolveMap } }] : null);
  await initializeFolder(client, root);
  return client;
}

interface Lens {
  range: { start: { line: number } };
  command: { title: string; command: string; arguments: DiagnoseArguments[] };
}
interface Published {
  uri: string;
  diagnostics: {
    source: string;
    code: string;
    message: string;
    codeDescription?: { href: string };
    range: { start: { line: number; character: number } };
  }[];
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
    client = await startServerIn(root, {
      [`test.probe.test:${healthy.port}`]: '127.0.0.1',
      [`prod.probe.test:${tls10.port}`]: '127.0.0.1',
    });
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

  it('apigeeTls/connections names the hosts the lens would dial, per environment, without dialling', async () => {
    const [lens] = await lenses();
    const { connections } = await client.request<ConnectionsResult>(CONNECTIONS_REQUEST, lens!.command.arguments[0]);
    assert.deepEqual(
      connections.map((c) => [c.env, c.server, c.host, c.port, c.address, c.notProbeable, c.last]),
      [
        ['prod', 'ts', 'prod.probe.test', tls10.port, '127.0.0.1', null, null],
        ['test', 'ts', 'test.probe.test', healthy.port, '127.0.0.1', null, null],
      ],
    );
    const atCursor = await client.request<ConnectionsResult>(CONNECTIONS_REQUEST, {
      uri: targetsUri,
      position: { line: 3, character: 22 },
      envs: ['test'],
    });
    assert.deepEqual(
      atCursor.connections.map((c) => c.env),
      ['test'],
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
    assert.match(atServer.diagnostics[0]!.codeDescription!.href, /\/docs\/probe\.md#protocol-mismatch$/);
    // An Apigee X project (no Edge evidence): the fix does not send the user to an Edge-only setting.
    assert.doesNotMatch(result.items[0]!.causes[0]!.fix, /<Protocol>|on Edge/);
    const atHost = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === serversUri('prod'), since);
    assert.deepEqual(
      atHost.diagnostics.map((d) => d.code),
      ['protocol-mismatch'],
    );
    assert.match((await lenses())[0]!.command.title, /^prod: TLS failing · protocol-mismatch \| test: TLS OK · TLSv1\.\d · \d+ ms$/);
  });

  it('apigeeTls/connections without a uri: every connection of the workspace, by environment, with its last result', async () => {
    const { connections } = await client.request<ConnectionsResult>(CONNECTIONS_REQUEST, {});
    assert.deepEqual(
      connections.map((c) => [c.env, c.kind, c.server, c.owner, c.bundle, c.last?.ok ?? null]),
      [
        ['prod', 'TargetEndpoint', 'ts', 'default', basename(root), false],
        ['prod', 'TargetServer', 'ts', 'ts', null, null],
        ['test', 'TargetEndpoint', 'ts', 'default', basename(root), true],
        ['test', 'TargetServer', 'ts', 'ts', null, null],
      ],
    );
    assert.equal(new Set(connections.map((c) => c.id)).size, 4, 'ids are unique in the workspace');
    assert.match(connections[2]!.last!.expires!, /^\d{4}-\d\d-\d\dT/);
  });

  it('apigeeTls.diagnose without a uri: the connections named, wherever they are; the server says the results changed', async () => {
    const { connections } = await client.request<ConnectionsResult>(CONNECTIONS_REQUEST, { envs: ['test'] });
    const entry = connections.find((c) => c.kind === 'TargetServer')!;
    const since = client.notifications.length;
    const result = await client.request<DiagnoseResult>('workspace/executeCommand', {
      command: DIAGNOSE_COMMAND,
      arguments: [{ ids: [entry.id] }],
    });
    assert.deepEqual(
      result.items.map((i) => [i.env, i.kind, i.ok]),
      [['test', 'TargetServer', true]],
    );
    await client.notification(CONNECTIONS_CHANGED_NOTIFICATION, () => true, since);
    const after = await client.request<ConnectionsResult>(CONNECTIONS_REQUEST, { ids: [entry.id] });
    assert.equal(after.connections[0]!.last?.ok, true);
  });

  it('apigeeTls.clearDiagnosis forgets the results: diagnostics and lens titles go', async () => {
    const since = client.notifications.length;
    await client.request('workspace/executeCommand', { command: CLEAR_DIAGNOSIS_COMMAND, arguments: [] });
    const cleared = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === targetsUri, since);
    assert.deepEqual(
      cleared.diagnostics.filter((d) => d.source === PROBE_SOURCE),
      [],
    );
    assert.equal((await lenses())[0]!.command.title, 'Diagnose target TLS (2 connections)');
    // Probed again for the edit below.
    await client.request<DiagnoseResult>('workspace/executeCommand', { command: DIAGNOSE_COMMAND, arguments: [{ uri: targetsUri }] });
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

describe(
  'Two-way TLS over LSP: the client certificate comes from the workspace, its key never from the wire',
  { skip: !existsSync(resolve(repo, 'dist/cli.js')) && 'run `npm run build` first' },
  () => {
    let pki: Pki;
    let backend: RunningServer;
    let client: LspClient;
    let targetsUri: string;
    before(async () => {
      pki = await testPki();
      backend = await startOpenssl([...certArgs(pki, 'good'), '-Verify', '1', '-verify_return_error', '-CAfile', pki.path('root.crt')]);
      const env = (file: string): string => `resources/edge/env/test/${file}`;
      const root = writeTree({
        'pom.xml': '<project/>',
        'certs/root.crt': await pki.pem('root.crt'),
        'certs/client.crt': await pki.pem('client.crt'),
        'certs/client.key': await pki.pem('client.key'),
        'apiproxy/targets/default.xml': loadBalanced('mtls'),
        [env('targetServers.json')]: json([
          server('mtls', {
            host: 'mtls.probe.test',
            port: backend.port,
            sSLInfo: {
              enabled: 'true',
              clientAuthEnabled: 'true',
              keyStore: 'ref://client',
              keyAlias: 'client',
              trustStore: 'ref://trust',
            },
          }),
        ]),
        [env('references.json')]: json([
          { name: 'trust', refers: 'truststore', resourceType: 'KeyStore' },
          { name: 'client', refers: 'clientks', resourceType: 'KeyStore' },
        ]),
        [env('keystores.json')]: json([{ name: 'truststore' }, { name: 'clientks' }]),
        [env('aliases.json')]: json([
          { alias: 'root', keystorename: 'truststore', format: 'keycertfile', certFilePath: 'certs/root.crt' },
          {
            alias: 'client',
            keystorename: 'clientks',
            format: 'keycertfile',
            certFilePath: 'certs/client.crt',
            keyFilePath: 'certs/client.key',
          },
        ]),
      });
      targetsUri = pathToFileURL(join(root, 'apiproxy/targets/default.xml')).href;
      client = await startServerIn(root, { [`mtls.probe.test:${backend.port}`]: '127.0.0.1' });
      client.notify('textDocument/didOpen', {
        textDocument: { uri: targetsUri, languageId: 'xml', version: 1, text: loadBalanced('mtls') },
      });
    });
    after(async () => {
      await client.close();
      await backend.stop();
    });

    it('the backend accepts the certificate of the alias files, and no message carries key text', async () => {
      const [lens] = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: targetsUri } });
      const result = await client.request<DiagnoseResult>('workspace/executeCommand', {
        command: DIAGNOSE_COMMAND,
        arguments: lens!.command.arguments,
      });
      assert.deepEqual(
        result.items.map((i) => [i.server, i.ok, i.causes.map((c) => c.code)]),
        [['mtls', true, []]],
      );
      assert.match(result.items[0]!.clientCertificate ?? '', /alias 'client'.*certs\/client\.crt/);
      const key = await pki.pem('client.key');
      const keyBody = key.split('\n').filter((l) => l !== '' && !l.startsWith('-----'))[1]!;
      const transcript = client.transcript.join('\n');
      assert.doesNotMatch(transcript, /PRIVATE KEY/);
      assert.equal(transcript.includes(keyBody), false, 'a line of the key appears in an LSP message');
    });
  },
);
