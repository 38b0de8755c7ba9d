// One profile everywhere, in the editor (code review 3, finding 5): with `apigeeTls.profile: auto`, "Diagnose
// target TLS" judges a connection as lint judges its bundle, and the result says which runtime and why. The
// review's profile-demo (an Edge project, a TLS 1.1 backend) through the language server over stdio.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DIAGNOSE_COMMAND, type DiagnoseResult } from '../../server/src/shared/protocol';
import { DEMO_TARGET, EDGE_FROM_POM, profileDemo, startTls11Backend } from '../probe/support/profile-demo';
import type { RunningServer } from '../probe/support/servers';
import { LspClient } from '../support/lsp-client';

const repo = resolve(__dirname, '../..');
const cli = resolve(repo, 'bin/apigee-tls-lint');

describe(
  'Diagnose target TLS judges as lint judges',
  { skip: !existsSync(resolve(repo, 'dist/cli.js')) && 'run `npm run build` first' },
  () => {
    let backend: RunningServer;
    let root: string;
    const clients: LspClient[] = [];
    before(async () => {
      backend = await startTls11Backend();
      root = profileDemo(backend.port);
    });
    after(async () => {
      await Promise.all(clients.map((c) => c.close()));
      await backend.stop();
    });

    /** The server with these settings (`folder`: the project as the workspace folder, else none); the target open. */
    async function diagnoseWith(profile: string, folder: boolean): Promise<DiagnoseResult> {
      const client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
      clients.push(client);
      const settings = { profile, probe: { resolve: { [`legacy.example.com:${backend.port}`]: '127.0.0.1' } } };
      client.onRequest = (method) => (method === 'workspace/configuration' ? [settings] : null);
      const rootUri = pathToFileURL(root).href;
      await client.request('initialize', {
        processId: process.pid,
        rootUri: folder ? rootUri : null,
        ...(folder ? { workspaceFolders: [{ uri: rootUri, name: 'demo' }] } : {}),
        capabilities: { workspace: { configuration: true } },
        initializationOptions: { debounceMs: 0 },
      });
      client.notify('initialized', {});
      const uri = pathToFileURL(join(root, DEMO_TARGET)).href;
      const text = await readFile(join(root, DEMO_TARGET), 'utf8');
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
      return client.request<DiagnoseResult>('workspace/executeCommand', { command: DIAGNOSE_COMMAND, arguments: [{ uri }] });
    }

    const verdicts = (result: DiagnoseResult) =>
      result.items.map((i) => [i.judgedAs.profile, i.ok, i.causes.filter((c) => c.severity === 'error').map((c) => c.code)]);

    it('auto, in a workspace folder: judged as Edge, and the TLS 1.1 handshake succeeds', async () => {
      const result = await diagnoseWith('auto', true);
      assert.deepEqual(verdicts(result), [['edge', true, []]]);
      assert.equal(result.items[0]!.judgedAs.why, EDGE_FROM_POM);
      assert.match(result.items[0]!.summary, /^TLS OK · TLSv1\.1 · \d+ ms$/);
    });
    it('auto, with no workspace folder: the same', async () =>
      assert.deepEqual(verdicts(await diagnoseWith('auto', false)), [['edge', true, []]]));
    it('apigeex set: judged as X, which cannot make this call, and says it was set', async () => {
      const result = await diagnoseWith('apigeex', true);
      assert.deepEqual(verdicts(result), [['apigeex', false, ['unusable-configuration', 'protocol-mismatch']]]);
      assert.equal(result.items[0]!.judgedAs.why, 'Apigee X/hybrid (set by apigeeTls.profile)');
    });
  },
);
