// CodeLens in a repository of proxies with no environment configuration (code review 3, finding 7): the lenses
// are planned from the server's one indexed model, not from the workspace read again from disk per request. A
// file created on disk that no watcher reported is therefore not seen; reported, it is.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CONNECTIONS_CHANGED_NOTIFICATION } from '../../server/src/shared/protocol';
import { LspClient } from '../support/lsp-client';
import { json, loadBalanced, server, sslTarget, writeTree } from '../workspace/support/tree';

const repo = resolve(__dirname, '../..');
const cli = resolve(repo, 'bin/apigee-tls-lint');
const BUNDLES = 200;

describe(
  'CodeLens without environment configuration',
  { skip: !existsSync(resolve(repo, 'dist/cli.js')) && 'run `npm run build` first' },
  () => {
    let client: LspClient;
    let root: string;
    let uri: string;
    before(async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < BUNDLES; i++) {
        files[`proxy-${i}/apiproxy/targets/t0.xml`] = sslTarget('<Enabled>true</Enabled>', `https://b${i}.example.com/v1`);
        files[`proxy-${i}/apiproxy/targets/t1.xml`] = loadBalanced('ts');
      }
      root = writeTree(files);
      client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
      const rootUri = pathToFileURL(root).href;
      const indexed = client.notification(CONNECTIONS_CHANGED_NOTIFICATION);
      await client.request('initialize', {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'proxies' }],
        capabilities: {},
        initializationOptions: { debounceMs: 0, settings: { profile: 'apigeex' } },
      });
      client.notify('initialized', {});
      await indexed;
      uri = pathToFileURL(join(root, 'proxy-0/apiproxy/targets/t1.xml')).href;
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: loadBalanced('ts') } });
    });
    after(() => client.close());

    const titles = async () =>
      (await client.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } })).map(
        (l) => l.command.title,
      );
    const NONE = "Cannot diagnose TLS: no environment configuration in the workspace defines TargetServer 'ts'";

    it('plans the file with no environment', async () => assert.deepEqual(await titles(), [NONE]));
    it('a pom and a TargetServer written on disk, unreported: the lens is planned from the same model', async () => {
      writeTree({ 'pom.xml': '<project/>', 'resources/edge/env/test/targetServers.json': json([server('ts')]) }, root);
      for (let i = 0; i < 3; i++) assert.deepEqual(await titles(), [NONE]);
    });
    it('reported by the watcher: the model has them, and the lens plans the TargetServer', async () => {
      const changes = ['pom.xml', 'resources/edge/env/test/targetServers.json'].map((f) => ({
        uri: pathToFileURL(join(root, f)).href,
        type: 1,
      }));
      client.notify('workspace/didChangeWatchedFiles', { changes });
      assert.deepEqual(await titles(), ['Diagnose target TLS']);
    });
  },
);
