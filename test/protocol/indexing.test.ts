// Indexing at start as VS Code drives it: settings notifications right after `initialized` and during the index.
// One index runs; it announces apigeeTls/connectionsChanged once, after every file is read, so a view that asks
// apigeeTls/connections on that notification lists every environment; and the log says what happened.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { LspClient } from '../support/lsp-client';
import { writeTree } from '../workspace/support/tree';

const root = resolve(__dirname, '../..');
const cli = resolve(root, 'bin/apigee-tls-lint');
const skip = !existsSync(resolve(root, 'dist/cli.js')) && 'run `npm run build` first';

const ENVS = ['dev', 'dr', 'prod', 'staging', 'test', 'uat'];
/** Many INDEX_BATCH (50) batches before the environment files: `apiproxy/` is listed before `resources/`. */
const POLICIES = 600;

function writeWorkspace(): string {
  const files: Record<string, string> = { 'pom.xml': '<project/>' };
  for (let i = 0; i < POLICIES; i++) files[`apiproxy/policies/assign-${i}.xml`] = `<AssignMessage name="assign-${i}"/>`;
  for (const env of ENVS) {
    const server = { name: `backend-${env}`, host: `${env}.example.com`, port: 443, isEnabled: true, sSLInfo: { enabled: 'true' } };
    files[`resources/edge/env/${env}/targetServers.json`] = JSON.stringify([server]);
  }
  return writeTree(files);
}

/** A server started with VS Code's capabilities (settings pulled, watchers and progress), nothing answered but settings. */
async function startLikeVsCode(dir: string): Promise<LspClient> {
  const client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
  client.onRequest = (method, params) =>
    method === 'workspace/configuration' ? (params as { items: unknown[] }).items.map(() => ({})) : null;
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
    capabilities: {
      window: { workDoneProgress: true },
      workspace: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
      },
    },
    initializationOptions: { debounceMs: 0 },
  });
  client.notify('initialized', {});
  // vscode-languageclient sends this right after `initialized`.
  client.notify('workspace/didChangeConfiguration', { settings: null });
  return client;
}

/** Answers each progress report of the index with a settings change (some arrive while files are still read). */
function changeSettingsWhileIndexing(client: LspClient): { sent: number } {
  const count = { sent: 0 };
  let ended = false;
  client.onNotification = (method, params) => {
    if (method !== '$/progress' || ended) return;
    ended = (params as { value: { kind: string } }).value.kind === 'end';
    if (ended) return;
    client.notify('workspace/didChangeConfiguration', { settings: null });
    count.sent++;
  };
  return count;
}

const envsOf = (result: { connections: Array<{ env: string | null }> }): string[] =>
  [...new Set(result.connections.map((c) => c.env ?? ''))].sort();

describe('indexing at start', { skip }, () => {
  it('announces connectionsChanged once, after every file is read, with settings changes before and during the index', async () => {
    const dir = writeWorkspace();
    const client = await startLikeVsCode(dir);
    const during = changeSettingsWhileIndexing(client);
    try {
      await client.notification('apigeeTls/connectionsChanged');
      // What a view asks on that notification.
      assert.deepEqual(envsOf(await client.request('apigeeTls/connections', {})), ENVS);
      await client.notification<{ message: string }>('window/logMessage', (p) => /workspace indexed/.test(p.message));
    } finally {
      await client.close();
    }
    const received = (method: string): unknown[] => client.notifications.filter((m) => m.method === method).map((m) => m.params);
    assert.equal(received('apigeeTls/connectionsChanged').length, 1);
    const logs = (received('window/logMessage') as Array<{ message: string }>).map((p) => p.message);
    const indexing = logs.filter((m) => /index/.test(m));
    assert.equal(indexing.length, 1, indexing.join('\n'));
    assert.match(indexing[0]!, /^workspace indexed: 607 files in (\d+ ms|\d+\.\d s) \(6 environments\)$/);
    assert.ok(during.sent > 10, `${during.sent} settings changes during the index`);
    assert.equal(received('$/progress').filter((p) => (p as { value: { kind: string } }).value.kind === 'begin').length, 1);
  });
});
