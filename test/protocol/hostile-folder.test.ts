// The language server (stdio) and the CLI on folders a hostile repository can hold: a link to /dev/zero, a FIFO, a
// link out of the folder, files above the folder and projects beside it. The server stays up and answers (it runs
// under a 3 GB address-space limit, so a read of /dev/zero would kill it instead of eating the machine), nothing
// from outside the folder reaches a hover, the connections view or the CLI's output, and an override file above
// the folder counts only when the workspace is trusted.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { LspClient } from '../support/lsp-client';

const repo = resolve(__dirname, '../..');
const cli = resolve(repo, 'bin/apigee-tls-lint');
const skip = !existsSync(resolve(repo, 'dist/cli.js')) && 'run `npm run build` first';

const SECRET = 'secret-from-outside.corp.internal';
const T = 'apiproxy/targets/default.xml';
const target = [
  '<TargetEndpoint name="default">',
  '  <HTTPTargetConnection>',
  '    <SSLInfo><Enabled>true</Enabled></SSLInfo>',
  '    <LoadBalancer><Server name="backend"/></LoadBalancer>',
  '  </HTTPTargetConnection>',
  '</TargetEndpoint>',
  '',
].join('\n');

// Private folders (never links to /dev/zero at the shared temp folder's top), removed at the end.
const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tree(files: Record<string, string>): string {
  const top = mkdtempSync(join(tmpdir(), 'apigee-tls-hostile-'));
  made.push(top);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(top, rel)), { recursive: true });
    writeFileSync(join(top, rel), text);
  }
  return top;
}

/** `top/ws` is the workspace folder; `top/private` and `top/other` lie beside it. */
function hostileTop(): { top: string; ws: string } {
  const top = tree({
    'ws/pom.xml': '<project/>',
    [`ws/${T}`]: target,
    'ws/resources/edge/env/test/.keep': '',
    'private/notes.xml': `<ProxyEndpoint><VirtualHost>${SECRET}</VirtualHost></ProxyEndpoint>`,
    'private/servers.json': JSON.stringify([{ name: 'backend', host: SECRET, port: 443, isEnabled: true, sSLInfo: { enabled: 'true' } }]),
    'other/apiproxy/other.xml': '<APIProxy name="other"/>',
  });
  const ws = join(top, 'ws');
  mkdirSync(join(ws, 'apiproxy/policies'));
  symlinkSync(join(top, 'private/notes.xml'), join(ws, 'apiproxy/policies/AM-out.xml'));
  symlinkSync('/dev/zero', join(ws, 'apiproxy/policies/AM-zero.xml'));
  execFileSync('mkfifo', [join(ws, 'apiproxy/policies/AM-fifo.xml')]);
  mkdirSync(join(top, 'other/apiproxy/policies'));
  symlinkSync('/dev/zero', join(top, 'other/apiproxy/policies/AM-zero.xml'));
  return { top, ws };
}

interface Published {
  uri: string;
  diagnostics: { range: { start: { line: number; character: number } }; code: string }[];
}
type Connections = { connections: { host: string | null; notProbeable: string | null }[] };

async function start(folder: string, trusted: boolean): Promise<LspClient> {
  // A 3 GB address-space limit: reading /dev/zero whole would abort the server (the review's reproduction).
  const client = new LspClient('bash', ['-c', `ulimit -v 3000000; exec "${process.execPath}" "${cli}" lsp --stdio`]);
  await client.request('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }],
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    initializationOptions: { debounceMs: 0, trusted },
  });
  client.notify('initialized', {});
  return client;
}

async function judged(client: LspClient, path: string, text: string): Promise<string> {
  const uri = pathToFileURL(path).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
  const published = await client.notification<Published>(
    'textDocument/publishDiagnostics',
    (p) => p.uri === uri && p.diagnostics.length > 0,
  );
  const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
    textDocument: { uri },
    position: published.diagnostics[0]!.range.start,
  });
  return hover.contents.value
    .split('\n')
    .filter((l) => l.includes('Judged'))
    .join('');
}

describe('a hostile folder in the language server', { skip }, () => {
  for (const trusted of [false, true]) {
    it(`${trusted ? 'trusted' : 'untrusted'}: links to /dev/zero, a FIFO and a link out are not read; the server answers`, async () => {
      const { ws } = hostileTop();
      const client = await start(ws, trusted);
      try {
        const line = await judged(client, join(ws, T), target);
        assert.match(line, /Judged as Apigee X\/hybrid/);
        assert.equal(line.includes(SECRET), false);
        await client.notification('apigeeTls/connectionsChanged');
        const all = await client.request<Connections>('apigeeTls/connections', {});
        assert.equal(JSON.stringify(all).includes(SECRET), false);
      } finally {
        await client.close();
      }
    });
  }

  it('a symlink announced by the file watcher after indexing stays out of the model', async () => {
    const { top, ws } = hostileTop();
    const client = await start(ws, false);
    try {
      await client.notification('apigeeTls/connectionsChanged');
      const link = join(ws, 'resources/edge/env/test/targetServers.json');
      symlinkSync(join(top, 'private/servers.json'), link);
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(link).href, type: 1 }] });
      // A request after the notification is answered after it: the watcher event has been handled.
      const all = await client.request<Connections>('apigeeTls/connections', {});
      assert.equal(JSON.stringify(all).includes(SECRET), false);
      assert.deepEqual(
        all.connections.map((c) => c.notProbeable),
        ["no environment configuration in the workspace defines TargetServer 'backend'"],
      );
    } finally {
      await client.close();
    }
  });

  it('a loose file: projects beside the folder are never listed (one holds a link to /dev/zero)', async () => {
    const { top } = hostileTop();
    const mine = join(top, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'legacy.xml'), target);
    const client = await start(mine, false);
    try {
      assert.match(await judged(client, join(mine, 'legacy.xml'), target), /Judged as Apigee X\/hybrid \(undecided/);
    } finally {
      await client.close();
    }
  });

  for (const [trusted, expected] of [
    [false, /Judged as Apigee X\/hybrid \(undecided/],
    [true, /Judged as Apigee Edge \(set by \.\.\/\.\.\/\.apigee-tls\.json\)/],
  ] as const) {
    it(`an override file above the folder counts only when trusted (${trusted ? 'trusted' : 'untrusted'})`, async () => {
      const top = tree({ '.apigee-tls.json': '{"profile": "edge"}', [`ws/${T}`]: target });
      const client = await start(join(top, 'ws'), trusted);
      try {
        assert.match(await judged(client, join(top, 'ws', T), target), expected);
      } finally {
        await client.close();
      }
    });
  }
});

describe('a hostile folder in the CLI', { skip }, () => {
  const run = (args: string[], cwd: string): { status: number | null; out: string } => {
    // Bounded: a hang would be killed (and fail the status check), never assert a duration.
    const r = spawnSync('bash', ['-c', `ulimit -v 3000000; exec "${process.execPath}" "${cli}" "$@"`, 'cli', ...args], {
      cwd,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: r.status, out: r.stdout + r.stderr };
  };
  it('lint of the folder and of one file in it: no crash, nothing from outside', () => {
    const { ws } = hostileTop();
    for (const args of [
      ['lint', '.'],
      ['lint', T],
      ['lint', '.', '--verbose'],
      ['inventory', '.'],
    ]) {
      const { status, out } = run(args, ws);
      assert.ok(status === 0 || status === 1, `${args.join(' ')} exited ${status}: ${out}`);
      assert.equal(out.includes(SECRET), false, args.join(' '));
    }
  });
  it('a FIFO or a device named by hand is refused with a usage error, not read', () => {
    const { ws } = hostileTop();
    const fifo = run(['lint', 'apiproxy/policies/AM-fifo.xml'], ws);
    assert.equal(fifo.status, 2);
    assert.match(fifo.out, /cannot read 'apiproxy\/policies\/AM-fifo.xml': it is not a file/);
  });
});
