// The language server's workspace model over stdio, in a temp Maven multi-file workspace: diagnostics for
// files nobody opened, definition, references, hover and completion across files, and a change on disk.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { makeCertificate } from '../workspace/support/certs';
import { LspClient } from '../support/lsp-client';

const root = resolve(__dirname, '../..');
const cli = resolve(root, 'bin/apigee-tls-lint');

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface Published {
  uri: string;
  diagnostics: Array<{ range: Range; code: string; message: string }>;
}
interface Location {
  uri: string;
  range: Range;
}

const T = 'apiproxy/targets/default.xml';
const TS = 'resources/edge/env/test/targetServers.json';
const PROD_TS = 'resources/edge/env/prod/targetServers.json';
const REFS = 'resources/edge/env/test/references.json';
const ALIASES = 'resources/edge/env/test/aliases.json';

const target = [
  '<TargetEndpoint name="default">',
  '  <HTTPTargetConnection>',
  '    <LoadBalancer>',
  '      <Server name="backend"/>',
  '      <Server name="spare"/>',
  '    </LoadBalancer>',
  '    <SSLInfo>',
  '      <Enabled>true</Enabled>',
  '      <Enforce>true</Enforce>',
  '      <TrustStore>ref://ts-ref</TrustStore>',
  '    </SSLInfo>',
  '    <Path>/v1</Path>',
  '  </HTTPTargetConnection>',
  '</TargetEndpoint>',
  '',
].join('\n');

const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';
const server = (name: string): unknown => ({ name, host: `${name}.example.com`, port: 443, isEnabled: true, sSLInfo: { enabled: 'true' } });

function writeWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'apigee-tls-lsp-ws-'));
  const certs = join(dir, '.pki');
  mkdirSync(certs);
  makeCertificate(certs, 'backend-ca', 400);
  const files: Record<string, string | Buffer> = {
    'pom.xml': '<project/>',
    [T]: target,
    [TS]: json([server('backend')]),
    [PROD_TS]: json([server('backend')]),
    [REFS]: json([{ name: 'ts-ref', refers: 'truststore', resourceType: 'TrustStore' }]),
    'resources/edge/env/test/keystores.json': json([{ name: 'truststore' }]),
    [ALIASES]: json([
      { alias: 'ca', keystorename: 'truststore', format: 'keycertfile', certFilePath: 'certs/ca.pem' },
      { alias: 'old', keystorename: 'truststore', format: 'keycertfile', certFilePath: 'certs/gone.pem' },
    ]),
    'certs/ca.pem': readFileSync(join(certs, 'backend-ca.crt')),
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** The position of the first occurrence of `needle` (plus `delta` characters) in a text. */
function positionOf(text: string, needle: string, delta = 1): Position {
  const offset = text.indexOf(needle) + delta;
  assert.ok(offset >= delta, `${needle} is in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}

async function startServer(dir: string, trusted: boolean): Promise<LspClient> {
  const client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
    capabilities: { window: { workDoneProgress: true }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    initializationOptions: { debounceMs: 0, trusted },
  });
  client.notify('initialized', {});
  return client;
}

const skip = !existsSync(resolve(root, 'dist/cli.js')) && 'run `npm run build` first';

describe('the workspace model in the language server', { skip }, () => {
  let dir: string;
  let client: LspClient;
  const uri = (rel: string): string => pathToFileURL(join(dir, rel)).href;
  const text = (rel: string): string => readFileSync(join(dir, rel), 'utf8');
  const codes = (p: Published): string[] => p.diagnostics.map((d) => d.code).sort();

  before(async () => {
    dir = writeWorkspace();
    client = await startServer(dir, true);
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for a watcher and shows indexing progress', async () => {
    await client.notification('$/progress', (p: { value: { kind: string } }) => p.value.kind === 'end');
    assert.ok(client.requests.some((r) => r.method === 'client/registerCapability'));
    assert.ok(client.requests.some((r) => r.method === 'window/workDoneProgress/create'));
  });

  it('publishes cross-file findings for a TargetEndpoint nobody opened', async () => {
    const published = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri(T));
    assert.deepEqual(codes(published), ['unknown-target-server']);
    assert.deepEqual(published.diagnostics[0]!.range.start, positionOf(text(T), 'spare', 0));
  });

  it('publishes findings in aliases.json', async () => {
    const published = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri(ALIASES));
    assert.deepEqual(codes(published), ['certificate-file-missing']);
  });

  it('goes to the definition of a Server name in every environment', async () => {
    const found = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uri(T) },
      position: positionOf(text(T), 'backend'),
    });
    assert.deepEqual(found.map((l) => l.uri).sort(), [uri(PROD_TS), uri(TS)]);
    assert.deepEqual(found.find((l) => l.uri === uri(TS))!.range.start, positionOf(text(TS), 'backend', 0));
  });

  it('goes from a ref:// to the reference', async () => {
    const found = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uri(T) },
      position: positionOf(text(T), 'ref://'),
    });
    assert.deepEqual(found, [
      { uri: uri(REFS), range: { start: positionOf(text(REFS), 'ts-ref', 0), end: positionOf(text(REFS), 'ts-ref', 6) } },
    ]);
  });

  it('finds the TargetEndpoints using a TargetServer', async () => {
    const found = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: uri(TS) },
      position: positionOf(text(TS), 'backend'),
      context: { includeDeclaration: false },
    });
    assert.deepEqual(found, [{ uri: uri(T), range: { start: positionOf(text(T), 'backend', 0), end: positionOf(text(T), 'backend', 7) } }]);
  });

  it('hovers a reference with its chain down to the certificate', async () => {
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri: uri(T) },
      position: positionOf(text(T), 'ref://'),
    });
    assert.match(hover.contents.value, /\*\*test\*\*: `ref:\/\/ts-ref` → keystore `truststore`/);
    assert.match(hover.contents.value, /alias `ca`: CN=backend-ca, issued by CN=backend-ca, expires \d{4}-\d\d-\d\d/);
    assert.match(hover.contents.value, /alias `old`: `certs\/gone.pem` does not exist/);
    assert.match(hover.contents.value, /\*\*prod\*\*: `ref:\/\/ts-ref`: no such reference/);
  });

  it('follows environment configuration as it is edited, unsaved', async () => {
    // A reference added above ts-ref (its position moves), and ts-ref made to refer to another keystore.
    const edited = json([
      { name: 'new-ref', refers: 'truststore', resourceType: 'TrustStore' },
      { name: 'ts-ref', refers: 'other-store', resourceType: 'TrustStore' },
    ]);
    client.notify('textDocument/didOpen', { textDocument: { uri: uri(REFS), languageId: 'json', version: 1, text: edited } });
    try {
      const at = { textDocument: { uri: uri(T) }, position: positionOf(text(T), 'ref://') };
      const found = await client.request<Location[]>('textDocument/definition', at);
      assert.deepEqual(found, [
        { uri: uri(REFS), range: { start: positionOf(edited, '"ts-ref', 1), end: positionOf(edited, '"ts-ref', 7) } },
      ]);
      const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', at);
      assert.match(hover.contents.value, /\*\*test\*\*: `ref:\/\/ts-ref` → keystore `other-store`/);
      const users = await client.request<Location[]>('textDocument/references', {
        textDocument: { uri: uri(REFS) },
        position: positionOf(edited, '"ts-ref', 2),
        context: { includeDeclaration: false },
      });
      assert.deepEqual(
        users.map((l) => l.uri),
        [uri(T)],
      );
    } finally {
      client.notify('textDocument/didClose', { textDocument: { uri: uri(REFS) } });
    }
  });

  it('completes TargetServer names in an open document', async () => {
    const edited = target.replace('<Server name="spare"/>', '<Server name="b"/>');
    client.notify('textDocument/didOpen', { textDocument: { uri: uri(T), languageId: 'xml', version: 1, text: edited } });
    const items = await client.request<Array<{ label: string; detail: string }>>('textDocument/completion', {
      textDocument: { uri: uri(T) },
      position: positionOf(edited, 'name="b"', 7),
    });
    assert.deepEqual(
      items.map((i) => `${i.label}: ${i.detail}`),
      ['backend: TargetServer in prod, test'],
    );
    client.notify('textDocument/didClose', { textDocument: { uri: uri(T) } });
  });

  it('re-publishes after a change on disk (workspace/didChangeWatchedFiles)', async () => {
    const since = client.notifications.length;
    writeFileSync(join(dir, TS), json([server('backend'), server('spare')]));
    writeFileSync(join(dir, PROD_TS), json([server('backend'), server('spare')]));
    client.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uri(TS), type: 2 },
        { uri: uri(PROD_TS), type: 2 },
      ],
    });
    const published = await client.notification<Published>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri(T) && p.diagnostics.length === 0,
      since,
    );
    assert.deepEqual(published.diagnostics, []);
  });

  it('reads a certificate again when it changes on disk', async () => {
    const since = client.notifications.length;
    writeFileSync(join(dir, 'certs/gone.pem'), readFileSync(join(dir, 'certs/ca.pem')));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('certs/gone.pem'), type: 1 }] });
    const published = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri(ALIASES), since);
    assert.deepEqual(published.diagnostics, []);
  });
  it('reads a folder reported alone when it appears, and forgets its files when it goes', async () => {
    // VS Code reports a new or deleted folder, not always the files in it.
    const stage = join(dir, 'resources/edge/env/stage');
    mkdirSync(stage);
    writeFileSync(join(stage, 'targetServers.json'), json([server('backend')]));
    let since = client.notifications.length;
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(stage).href, type: 1 }] });
    const missing = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri(T), since);
    assert.deepEqual(
      missing.diagnostics.map((d) => [d.code, d.range.start, /stage/.test(d.message)]),
      [['unknown-target-server', positionOf(text(T), 'spare', 0), true]],
    );
    since = client.notifications.length;
    rmSync(stage, { recursive: true });
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(stage).href, type: 3 }] });
    const back = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri(T), since);
    assert.deepEqual(back.diagnostics, []);
  });
});

describe('the workspace model in an untrusted workspace', { skip }, () => {
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = writeWorkspace();
    client = await startServer(dir, false);
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('knows certificate files by path only', async () => {
    const t = pathToFileURL(join(dir, T)).href;
    await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === t);
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri: t },
      position: positionOf(target, 'ref://'),
    });
    assert.match(hover.contents.value, /alias `ca`: `certs\/ca.pem` is not read in an untrusted workspace/);
    assert.match(hover.contents.value, /alias `old`: `certs\/gone.pem` does not exist/);
  });
});

describe('the workspace model per folder, and after a cancelled index', { skip }, () => {
  const spawnServer = async (folders: string[], onRequest: LspClient['onRequest']): Promise<LspClient> => {
    const client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
    client.onRequest = onRequest;
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: folders.map((f, i) => ({ uri: pathToFileURL(f).href, name: `ws${i}` })),
      capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
      initializationOptions: { debounceMs: 0 },
    });
    client.notify('initialized', {});
    return client;
  };
  const logged = (client: LspClient, pattern: RegExp): Promise<unknown> =>
    client.notification<{ message: string }>('window/logMessage', (p) => pattern.test(p.message));

  it("judges each folder's files under that folder's settings", async () => {
    const [quiet, loud] = [writeWorkspace(), writeWorkspace()];
    const client = await spawnServer([quiet, loud], (method, params) => {
      if (method !== 'workspace/configuration') return null;
      const items = (params as { items: Array<{ scopeUri?: string }> }).items;
      return items.map((item) =>
        item.scopeUri?.startsWith(pathToFileURL(quiet).href) ? { rules: { 'unknown-target-server': 'off' } } : {},
      );
    });
    try {
      const inLoud = await client.notification<Published>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === pathToFileURL(join(loud, T)).href,
      );
      assert.deepEqual(
        inLoud.diagnostics.map((d) => d.code),
        ['unknown-target-server'],
      );
      await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === pathToFileURL(join(loud, ALIASES)).href);
      // Both folders' aliases.json files were published (one lint); the quiet folder's target has nothing to report.
      assert.ok(!client.notifications.some((m) => (m.params as Published | undefined)?.uri === pathToFileURL(join(quiet, T)).href));
    } finally {
      await client.close();
      for (const dir of [quiet, loud]) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('indexes again on the next change after the index was cancelled', async () => {
    const dir = writeWorkspace();
    // Enough files for several batches: the cancel arrives before the index is done.
    for (let i = 0; i < 400; i++) writeFileSync(join(dir, `apiproxy/policies-${i}.xml`), `<AssignMessage name="a${i}"/>`);
    let created = 0;
    const client = await spawnServer([dir], (method, params) => {
      // The first progress is cancelled as soon as it exists.
      if (method === 'window/workDoneProgress/create' && created++ === 0)
        setImmediate(() => client.notify('window/workDoneProgress/cancel', { token: (params as { token: unknown }).token }));
      return null;
    });
    try {
      await logged(client, /indexing cancelled/);
      assert.ok(!client.notifications.some((m) => (m.params as Published | undefined)?.uri === pathToFileURL(join(dir, T)).href));
      writeFileSync(join(dir, PROD_TS), json([server('backend'), server('other')]));
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, PROD_TS)).href, type: 2 }] });
      await logged(client, /workspace indexed/);
      const published = await client.notification<Published>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === pathToFileURL(join(dir, T)).href,
      );
      assert.deepEqual(
        published.diagnostics.map((d) => d.code),
        ['unknown-target-server'],
      );
    } finally {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
