// The language server over stdio, driven by a plain JSON-RPC client: what any LSP editor sees.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../support/lsp-client';

const root = resolve(__dirname, '../..');
const cli = resolve(root, 'bin/apigee-tls-lint');

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  source: string;
  severity: number;
  codeDescription?: { href: string };
}
interface Published {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}
interface Action {
  title: string;
  kind: string;
  isPreferred?: boolean;
  edit?: { changes?: Record<string, Array<{ range: Diagnostic['range']; newText: string }>> };
}

const uri = 'file:///work/bundle/apiproxy/targets/default.xml';
const xml = [
  '<TargetEndpoint name="default">',
  '  <HTTPTargetConnection>',
  '    <SSLInfo>',
  '      <Enabled>true</Enabled>',
  '      <Enforce>true</Enforce>',
  '      <TrustStore>ref://ts</TrustStore>',
  '      <Protocols>',
  '        <Protocol>TLSv1.0</Protocol>',
  '      </Protocols>',
  '    </SSLInfo>',
  '    <URL>https://api.example.com</URL>',
  '  </HTTPTargetConnection>',
  '</TargetEndpoint>',
  '',
].join('\n');

describe('language server over stdio', { skip: !existsSync(resolve(root, 'dist/cli.js')) && 'run `npm run build` first' }, () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
    const init = await client.request<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: { debounceMs: 0 },
    });
    assert.ok(init.capabilities.codeActionProvider);
    client.notify('initialized', {});
  });
  after(() => client.close());

  it('publishes diagnostics on didOpen, with code, docs link and the exact range', async () => {
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: xml } });
    const published = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 1);
    const [d] = published.diagnostics;
    assert.equal(published.diagnostics.length, 1);
    assert.equal(d!.code, 'obsolete-protocol');
    assert.equal(d!.source, 'apigee-tls-lint');
    assert.equal(d!.severity, 1);
    // Any editor's link opens the rule page installed with the server (no URL that does not exist).
    assert.equal(d!.codeDescription!.href, pathToFileURL(resolve(root, 'docs/rules/obsolete-protocol.md')).href);
    assert.deepEqual(d!.range, { start: { line: 7, character: 18 }, end: { line: 7, character: 25 } });
  });

  it('offers a preferred quick fix and a disable comment for the diagnostic', async () => {
    const published = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri);
    const diagnostic = published.diagnostics[0]!;
    const actions = await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Replace TLSv1.0 with TLSv1.2 and TLSv1.3', 'quickfix', true],
        ['Replace TLSv1.0 with TLSv1.2', 'quickfix', false],
        ['Disable obsolete-protocol for this line', 'quickfix', false],
      ],
    );
    const edits = actions[0]!.edit!.changes![uri]!;
    assert.equal(edits[0]!.newText, 'TLSv1.2');
  });

  it('offers source.fixAll.apigeeTls', async () => {
    const actions = await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(
      actions.map((a) => a.kind),
      ['source.fixAll.apigeeTls'],
    );
  });

  it('re-lints on didChange and clears the diagnostic once fixed', async () => {
    const since = client.notifications.length;
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 7, character: 18 }, end: { line: 7, character: 25 } }, text: 'TLSv1.2' }],
    });
    const published = await client.notification<Published>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && p.version === 2,
      since,
    );
    assert.deepEqual(published.diagnostics, []);
  });

  it('answers hover and completion inside SSLInfo', async () => {
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 4, character: 9 },
    });
    assert.match(hover.contents.value, /Apigee X and hybrid only/);
    const items = await client.request<Array<{ label: string }>>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 7, character: 20 },
    });
    assert.ok(items.some((i) => i.label === 'TLSv1.3'));
  });

  it('re-lints open files when settings change', async () => {
    const since = client.notifications.length;
    client.notify('workspace/didChangeConfiguration', { settings: { apigeeTls: { profile: 'edge' } } });
    const published = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri, since);
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['enforce-on-edge'],
    );
  });

  it('clears diagnostics when the document closes', async () => {
    const since = client.notifications.length;
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const published = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri, since);
    assert.deepEqual(published.diagnostics, []);
  });
});

describe(
  'language server settings pulled per document',
  { skip: !existsSync(resolve(root, 'dist/cli.js')) && 'run `npm run build` first' },
  () => {
    it('asks workspace/configuration for apigeeTls and applies the rule override', async () => {
      const client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
      const asked: unknown[] = [];
      client.onRequest = (method, params) => {
        if (method !== 'workspace/configuration') return null;
        asked.push(params);
        return [{ profile: 'apigeex', rules: { 'obsolete-protocol': 'warning' } }];
      };
      try {
        await client.request('initialize', {
          processId: process.pid,
          rootUri: null,
          capabilities: { workspace: { configuration: true } },
          initializationOptions: { debounceMs: 0 },
        });
        client.notify('initialized', {});
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: xml } });
        const published = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri);
        assert.deepEqual(
          published.diagnostics.map((d) => [d.code, d.severity]),
          [['obsolete-protocol', 2]],
        );
        assert.deepEqual(asked, [{ items: [{ scopeUri: uri, section: 'apigeeTls' }] }]);
      } finally {
        await client.close();
      }
    });
  },
);

describe(
  'language server and a client that refuses dynamic registration',
  { skip: !existsSync(resolve(root, 'dist/cli.js')) && 'run `npm run build` first' },
  () => {
    it('stays up and keeps linting', async () => {
      const client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
      let refused = 0;
      client.onRequest = (method) => {
        if (method === 'client/registerCapability') {
          refused++;
          throw new Error('MethodNotFound');
        }
        return method === 'workspace/configuration' ? [{}] : null;
      };
      try {
        await client.request('initialize', {
          processId: process.pid,
          rootUri: null,
          capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
          initializationOptions: { debounceMs: 0 },
        });
        client.notify('initialized', {});
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: xml } });
        const published = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri);
        assert.deepEqual(
          published.diagnostics.map((d) => d.code),
          ['obsolete-protocol'],
        );
        assert.equal(refused, 1);
      } finally {
        await client.close();
      }
    });
  },
);
