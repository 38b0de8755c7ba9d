// The editor's probe through a proxy: apigeeTls.probe.proxy, else VS Code's http.proxy passed by the client
// (initializationOptions.editorProxy); the lens title says so, and no message from the server holds the password.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DIAGNOSE_COMMAND, type DiagnoseArguments, type DiagnoseResult } from '../../server/src/shared/protocol';
import { testPki, type Pki } from '../probe/support/pki';
import { startTinyproxy, type RunningProxy } from '../probe/support/proxies';
import { certArgs, freePort, startOpenssl, type RunningServer } from '../probe/support/servers';
import { initializeFolder, LspClient } from '../support/lsp-client';
import { json, loadBalanced, server, writeTree } from '../workspace/support/tree';

const repo = resolve(__dirname, '../..');
const cli = resolve(repo, 'bin/apigee-tls-lint');
const PASSWORD = 'Sup3r-s3cret_pw';

interface Lens {
  command: { title: string; arguments: DiagnoseArguments[] };
}

describe(
  'Diagnose target TLS through a proxy over LSP',
  { skip: !existsSync(resolve(repo, 'dist/cli.js')) && 'run `npm run build` first' },
  () => {
    let pki: Pki;
    let backend: RunningServer;
    let proxy: RunningProxy;
    let root: string;
    before(async () => {
      pki = await testPki();
      backend = await startOpenssl(certArgs(pki, 'good'));
      proxy = await startTinyproxy({ basicAuth: { user: 'alice', password: PASSWORD } });
      root = writeTree({
        'pom.xml': '<project/>',
        'apiproxy/targets/default.xml': loadBalanced('ts'),
        'resources/edge/env/test/targetServers.json': json([
          server('ts', { host: 'test.probe.test', port: backend.port, sSLInfo: { enabled: 'true', ignoreValidationErrors: 'true' } }),
        ]),
      });
    });
    after(async () => {
      await Promise.all([backend.stop(), proxy.stop()]);
    });

    /** The server in `root`, with this probe section and these initialization options; diagnoses, then closes. */
    async function diagnoseWith(probe: object, init: object): Promise<{ title: string; result: DiagnoseResult; fromServer: string[] }> {
      const client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
      client.onRequest = (method) => (method === 'workspace/configuration' ? [{ probe }] : null);
      try {
        await initializeFolder(client, root, init);
        const uri = pathToFileURL(join(root, 'apiproxy/targets/default.xml')).href;
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: loadBalanced('ts') } });
        const lenses = () => client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
        const sent = client.transcript.length;
        const result = await client.request<DiagnoseResult>('workspace/executeCommand', {
          command: DIAGNOSE_COMMAND,
          arguments: (await lenses())[0]!.command.arguments,
        });
        const title = (await lenses())[0]!.command.title;
        // What the editor sent (its settings, holding the password) is left out: only the server's messages count.
        const fromServer = client.transcript.slice(sent).filter((t) => !t.includes('"result":[{"probe"'));
        return { title, result, fromServer };
      } finally {
        await client.close();
      }
    }

    // Dialled at 127.0.0.1 (like curl --resolve); through the proxy, CONNECT 127.0.0.1:port.
    const direct = (): object => ({ resolve: { [`test.probe.test:${backend.port}`]: '127.0.0.1' } });
    const cases: [string, () => object, () => object][] = [
      ['apigeeTls.probe.proxy', () => ({ ...direct(), proxy: proxy.url }), () => ({})],
      ["VS Code's http.proxy, passed by the client", direct, () => ({ editorProxy: { proxy: proxy.url, strictSSL: true } })],
      [
        'apigeeTls.probe.proxy wins over http.proxy (a dead one)',
        () => ({ ...direct(), proxy: proxy.url }),
        () => ({ editorProxy: { proxy: `http://127.0.0.1:1` } }),
      ],
    ];
    for (const [what, probe, init] of cases) {
      it(`${what}: through the proxy, said in the lens title, the password in no message from the server`, async () => {
        const { title, result, fromServer } = await diagnoseWith(probe(), init());
        assert.deepEqual(
          [result.items.map((i) => i.ok), title.replace(/\d+ ms/, 'N ms')],
          [[true], `test: TLS OK · TLSv1.3 · N ms · via proxy http://127.0.0.1:${proxy.port}`],
        );
        assert.ok(fromServer.length > 3);
        for (const text of fromServer)
          assert.doesNotMatch(text, new RegExp(`${PASSWORD}|${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`));
      });
    }

    it('http.noProxy naming the host: direct, no proxy in the title', async () => {
      const { title } = await diagnoseWith(direct(), {
        editorProxy: { proxy: `http://127.0.0.1:${await freePort()}`, noProxy: ['.probe.test'] },
      });
      assert.match(title, /^test: TLS OK · TLSv1\.3 · \d+ ms$/);
    });
  },
);
