// Edge virtual hosts in the language server over stdio: definition, hover and completion on a ProxyEndpoint's
// <VirtualHost>, and the mTLS-bypass finding published for a ProxyEndpoint nobody opened.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../support/lsp-client';

const root = resolve(__dirname, '../..');
const cli = resolve(root, 'bin/apigee-tls-lint');

interface Position {
  line: number;
  character: number;
}
interface Location {
  uri: string;
  range: { start: Position; end: Position };
}
interface Published {
  uri: string;
  diagnostics: Array<{ code: string; range: { start: Position } }>;
}

const PE = 'apiproxy/proxies/default.xml';
const VH = 'resources/edge/env/test/virtualHosts.json';
const PROD_VH = 'resources/edge/env/prod/virtualHosts.json';
const proxyEndpoint = [
  '<ProxyEndpoint name="default">',
  '  <HTTPProxyConnection>',
  '    <BasePath>/v1</BasePath>',
  '    <VirtualHost>secure-mtls</VirtualHost>',
  '    <VirtualHost>secure</VirtualHost>',
  '  </HTTPProxyConnection>',
  '</ProxyEndpoint>',
  '',
].join('\n');
const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';
const mtls = (alias: string): unknown => ({
  name: 'secure-mtls',
  port: '443',
  hostAliases: [alias],
  sSLInfo: { enabled: 'true', clientAuthEnabled: 'true', keyStore: 'ref://vh-ks', keyAlias: 'vh', trustStore: 'ref://vh-ts' },
});

function positionOf(text: string, needle: string, delta = 1): Position {
  const offset = text.indexOf(needle) + delta;
  assert.ok(offset >= delta, `${needle} is in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}

const skip = !existsSync(resolve(root, 'dist/cli.js')) && 'run `npm run build` first';

describe('Edge virtual hosts in the language server', { skip }, () => {
  let dir: string;
  let client: LspClient;
  const uri = (rel: string): string => pathToFileURL(join(dir, rel)).href;
  const text = (rel: string): string => readFileSync(join(dir, rel), 'utf8');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'apigee-tls-lsp-vh-'));
    const files = {
      'pom.xml': '<project/>',
      [PE]: proxyEndpoint,
      [VH]: json([mtls('mtls.example.com')]),
      [PROD_VH]: json([mtls('mtls.prod.example.com')]),
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      initializationOptions: { debounceMs: 0, trusted: true },
    });
    client.notify('initialized', {});
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the mTLS bypass at the one-way <VirtualHost> of a ProxyEndpoint nobody opened', async () => {
    const published = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri(PE));
    const bypass = published.diagnostics.filter((d) => d.code === 'vhost-mtls-bypass');
    assert.deepEqual(
      bypass.map((d) => d.range.start),
      [positionOf(text(PE), '>secure<')],
    );
  });

  it('goes from <VirtualHost> to the virtual host in each environment', async () => {
    const found = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uri(PE) },
      position: positionOf(text(PE), 'secure-mtls'),
    });
    assert.deepEqual(found.map((l) => l.uri).sort(), [uri(PROD_VH), uri(VH)]);
    assert.deepEqual(found.find((l) => l.uri === uri(VH))!.range, {
      start: positionOf(text(VH), 'secure-mtls', 0),
      end: positionOf(text(VH), 'secure-mtls', 11),
    });
  });

  it('hovers a <VirtualHost> with its aliases and two-way TLS; the built-in secure with what Edge Cloud gives', async () => {
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri: uri(PE) },
      position: positionOf(text(PE), 'secure-mtls'),
    });
    assert.match(hover.contents.value, /\*\*Virtual host\*\* `secure-mtls`/);
    assert.match(hover.contents.value, /\*\*test\*\*: Virtual host `secure-mtls` → `mtls\.example\.com`, port 443, two-way TLS/);
    const builtIn = await client.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri: uri(PE) },
      position: positionOf(text(PE), '>secure<'),
    });
    assert.match(builtIn.contents.value, /Edge Cloud's built-in virtual host `secure`/);
  });

  it('completes virtual host names after <VirtualHost>', async () => {
    const edited = proxyEndpoint.replace('<VirtualHost>secure</VirtualHost>', '<VirtualHost>se');
    client.notify('textDocument/didOpen', { textDocument: { uri: uri(PE), languageId: 'xml', version: 1, text: edited } });
    const items = await client.request<Array<{ label: string; detail: string }>>('textDocument/completion', {
      textDocument: { uri: uri(PE) },
      position: positionOf(edited, '<VirtualHost>se', 15),
    });
    const names = items.filter((i) => i.detail.startsWith('Virtual host')).map((i) => `${i.label}: ${i.detail}`);
    assert.deepEqual(names, [
      'default: Virtual host: Edge Cloud built-in',
      'secure: Virtual host: Edge Cloud built-in',
      'secure-mtls: Virtual host in prod, test',
    ]);
  });
});
