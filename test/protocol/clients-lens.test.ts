// The "Diagnose clients" CodeLens over stdio: on an Edge virtual host's host alias, a hybrid overrides hostname and
// a ProxyEndpoint's <VirtualHost>, a Terraform environment group's hostname (on the load balancer's 443); the lens's command runs the client simulation against a real front door (the
// seed's openssl s_server, the alias resolved to 127.0.0.1 by apigeeTls.probe.resolve) and the clients that cannot
// connect are published where the lens was, until the document is edited.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CLIENTS_SOURCE,
  DIAGNOSE_CLIENTS_AT_COMMAND,
  type DiagnoseClientsResult,
  type Position,
  type Range,
} from '../../server/src/shared/protocol';
import { testPki, type Pki } from '../probe/support/pki';
import { certArgs, startOpenssl, type RunningServer } from '../probe/support/servers';
import { LspClient } from '../support/lsp-client';

const repo = resolve(__dirname, '../..');
const cli = resolve(repo, 'bin/apigee-tls-lint');

interface Lens {
  range: Range;
  command: { title: string; command: string; arguments: unknown[] };
}
interface Published {
  uri: string;
  diagnostics: Array<{ source: string; code: string; message: string; range: Range }>;
}

const PE = 'apiproxy/proxies/default.xml';
const VH = 'resources/edge/env/test/virtualHosts.json';
const OVERRIDES = 'hybrid/overrides.yaml';
const TF = 'terraform/apigee.tf';
const CERT = 'certs/vh.crt';

function positionOf(text: string, needle: string): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} is in the text`);
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length - 1, character: lines.at(-1)!.length };
}

/** `line:character target: title` of each lens of the document. */
const lensLines = (text: string, lenses: Lens[], needles: string[]): string[] =>
  lenses.map((l) => {
    const at = needles.find((n) => JSON.stringify(positionOf(text, n)) === JSON.stringify(l.range.start)) ?? '?';
    return `${at}: ${l.command.title}`;
  });

describe('Diagnose clients CodeLens', { skip: !existsSync(resolve(repo, 'dist/cli.js')) && 'run `npm run build` first' }, () => {
  let pki: Pki;
  let seed: RunningServer;
  let dir: string;
  let client: LspClient;
  const uri = (rel: string): string => pathToFileURL(join(dir, rel)).href;
  const text = (rel: string): string => readFileSync(join(dir, rel), 'utf8');
  const lenses = (rel: string): Promise<Lens[]> => client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: uri(rel) } });
  const open = (rel: string): void =>
    client.notify('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'plaintext', version: 1, text: text(rel) } });

  before(async () => {
    pki = await testPki();
    // The seed's front door: one "high encryption" suite, TLS 1.0 to 1.2; its certificate covers *.probe.test.
    seed = await startOpenssl([...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'ECDHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0']);
    dir = mkdtempSync(join(tmpdir(), 'apigee-tls-lsp-clients-lens-'));
    const files: Record<string, string> = {
      'pom.xml': '<project/>',
      [PE]: [
        '<ProxyEndpoint name="default">',
        '  <HTTPProxyConnection>',
        '    <VirtualHost>secure-api</VirtualHost>',
        '    <VirtualHost>plain</VirtualHost>',
        '  </HTTPProxyConnection>',
        '</ProxyEndpoint>',
        '',
      ].join('\n'),
      [VH]:
        JSON.stringify(
          [
            {
              name: 'secure-api',
              port: String(seed.port),
              hostAliases: ['api.probe.test', '{org}-test.example.com'],
              sSLInfo: { enabled: 'true', keyStore: 'ref://vh-ks', keyAlias: 'vh' },
            },
            { name: 'plain', port: '80', hostAliases: ['plain.probe.test'] },
          ],
          null,
          2,
        ) + '\n',
      [OVERRIDES]: ['envgroups:', '  - name: api', '    hostnames:', '      - "hybrid.probe.test"', '      - "*.probe.test"', ''].join(
        '\n',
      ),
      [TF]: [
        'resource "google_apigee_envgroup" "public" {',
        '  name      = "public"',
        '  org_id    = "organizations/acme"',
        '  hostnames = ["tf.probe.test", "*.probe.test"]',
        '}',
        '',
      ].join('\n'),
      'resources/edge/env/test/references.json': JSON.stringify([{ name: 'vh-ks', refers: 'vh-2026', resourceType: 'KeyStore' }]),
      'resources/edge/env/test/keystores.json': JSON.stringify([{ name: 'vh-2026' }]),
      'resources/edge/env/test/aliases.json': JSON.stringify([
        { alias: 'vh', keystorename: 'vh-2026', format: 'keycertfile', certFilePath: 'certs/vh.crt' },
      ]),
      [CERT]: readFileSync(pki.path('good.crt'), 'utf8'),
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const section = {
      // Nothing listens on 127.0.0.1:443 here: the Terraform hostname's lens reports it unreachable, where the lens was.
      probe: {
        caFiles: [pki.path('root.crt')],
        resolve: { [`api.probe.test:${seed.port}`]: '127.0.0.1', 'tf.probe.test:443': '127.0.0.1' },
      },
      clients: { set: ['java-7u25', 'java-8u161'] },
    };
    client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
    client.onRequest = (method) => (method === 'workspace/configuration' ? [section] : null);
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { debounceMs: 0, trusted: true },
    });
    client.notify('initialized', {});
    for (const rel of [VH, PE, OVERRIDES, TF]) open(rel);
  });
  after(async () => {
    await client?.close();
    await seed?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers the lens on a TLS virtual host alias (no template, no plain HTTP host), hybrid hostnames and <VirtualHost>', async () => {
    const port = seed.port;
    assert.deepEqual(lensLines(text(VH), await lenses(VH), ['api.probe.test']), [
      `api.probe.test: Diagnose clients of api.probe.test:${port}`,
    ]);
    assert.deepEqual(lensLines(text(OVERRIDES), await lenses(OVERRIDES), ['hybrid.probe.test']), [
      'hybrid.probe.test: Diagnose clients of hybrid.probe.test:443 (port 443, hybrid ingress default)',
    ]);
    assert.deepEqual(lensLines(text(PE), await lenses(PE), ['secure-api']), [`secure-api: Diagnose clients of api.probe.test:${port}`]);
  });

  it("a Terraform environment group hostname: the lens on 443, the load balancer's port; its run lands at the hostname", async () => {
    const [lens, ...others] = await lenses(TF);
    assert.deepEqual(lensLines(text(TF), [lens!, ...others], ['tf.probe.test']), [
      "tf.probe.test: Diagnose clients of tf.probe.test:443 (the load balancer's port)",
    ]);
    assert.deepEqual(lens!.range.end, {
      ...positionOf(text(TF), 'tf.probe.test'),
      character: positionOf(text(TF), 'tf.probe.test').character + 13,
    });
    const since = client.notifications.length;
    const result = await client.request<DiagnoseClientsResult>('workspace/executeCommand', {
      command: lens!.command.command,
      arguments: lens!.command.arguments,
    });
    assert.equal(`${result.target.host}:${result.target.port}`, 'tf.probe.test:443');
    assert.notEqual(result.unreachable, null);
    const published = await client.notification<Published>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri(TF) && p.diagnostics.some((d) => d.source === CLIENTS_SOURCE),
      since,
    );
    assert.deepEqual(
      published.diagnostics.filter((d) => d.source === CLIENTS_SOURCE).map((d) => [d.message.split(':').slice(0, 2).join(':'), d.range]),
      [["tf.probe.test:443 (the load balancer's port)", lens!.range]],
    );
  });

  it('the lens runs the clients: java-7u25 fails at the alias with the ssl_ciphers fix, java-8u161 connects; an edit clears it', async () => {
    const [lens] = await lenses(VH);
    assert.equal(lens!.command.command, DIAGNOSE_CLIENTS_AT_COMMAND);
    const since = client.notifications.length;
    const result = await client.request<DiagnoseClientsResult>('workspace/executeCommand', {
      command: lens!.command.command,
      arguments: lens!.command.arguments,
    });
    assert.deepEqual(
      result.clients.map((c) => `${c.id} ${c.ok ? 'connects' : c.cause}`),
      ['java-7u25 cipher-mismatch', 'java-8u161 connects'],
    );
    const published = await client.notification<Published>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri(VH) && p.diagnostics.some((d) => d.source === CLIENTS_SOURCE),
      since,
    );
    const found = published.diagnostics.filter((d) => d.source === CLIENTS_SOURCE);
    assert.deepEqual(
      found.map((d) => [d.code, d.range]),
      [['cipher-mismatch', lens!.range]],
    );
    assert.match(found[0]!.message, new RegExp(`^Java 7u25 cannot connect to api\\.probe\\.test:${seed.port}: `));
    assert.match(found[0]!.message, /\nFix: .*`ssl_ciphers`/);
    const [titled] = await lenses(VH);
    assert.equal(titled!.command.title, `Clients of api.probe.test:${seed.port}: 1 of 2 cannot connect`);

    const edited = client.notifications.length;
    client.notify('textDocument/didChange', {
      textDocument: { uri: uri(VH), version: 2 },
      contentChanges: [{ text: text(VH) + ' ' }],
    });
    const after = await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri(VH), edited);
    assert.deepEqual(
      after.diagnostics.filter((d) => d.source === CLIENTS_SOURCE),
      [],
    );
  });

  it('a result is cleared when a file its lens resolved through changes: the virtual host (open, edited) or its certificate (on disk)', async () => {
    const run = async (rel: string): Promise<void> => {
      const [lens] = await lenses(rel);
      const since = client.notifications.length;
      await client.request('workspace/executeCommand', { command: lens!.command.command, arguments: lens!.command.arguments });
      await client.notification<Published>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === uri(rel) && p.diagnostics.some((d) => d.source === CLIENTS_SOURCE),
        since,
      );
    };
    const cleared = (rel: string, since: number): Promise<Published> =>
      client.notification<Published>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === uri(rel) && !p.diagnostics.some((d) => d.source === CLIENTS_SOURCE),
        since,
      );
    // <VirtualHost>secure-api</VirtualHost> resolved through virtualHosts.json: editing that file clears the result.
    await run(PE);
    let since = client.notifications.length;
    client.notify('textDocument/didChange', { textDocument: { uri: uri(VH), version: 3 }, contentChanges: [{ text: text(VH) + '  ' }] });
    await cleared(PE, since);
    assert.match((await lenses(PE))[0]!.command.title, /^Diagnose clients of /);
    // The alias's certificate file replaced on disk: the host alias's result (and the <VirtualHost>'s) are stale.
    await run(VH);
    since = client.notifications.length;
    writeFileSync(join(dir, CERT), readFileSync(pki.path('good.crt'), 'utf8') + '\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(CERT), type: 2 }] });
    await cleared(VH, since);
    assert.match((await lenses(VH))[0]!.command.title, /^Diagnose clients of /);
  });

  it('untrusted: the lens command dials nothing without consent; with it, it runs', async () => {
    const untrusted = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
    try {
      untrusted.onRequest = (method) => (method === 'workspace/configuration' ? [{ clients: { set: ['java-7u25'] } }] : null);
      await untrusted.request('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(dir).href,
        workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
        capabilities: { workspace: { configuration: true } },
        initializationOptions: { debounceMs: 0, trusted: false },
      });
      untrusted.notify('initialized', {});
      const door = `127.0.0.1:${seed.port}`;
      const run = (params: object): Promise<DiagnoseClientsResult> =>
        untrusted.request('workspace/executeCommand', { command: DIAGNOSE_CLIENTS_AT_COMMAND, arguments: [params] });
      await assert.rejects(run({ target: door }), /not trusted: 127\.0\.0\.1:\d+ is dialled only with the user's consent/);
      assert.deepEqual(
        (await run({ target: door, consented: [door] })).clients.map((c) => c.cause),
        ['cipher-mismatch'],
      );
    } finally {
      await untrusted.close();
    }
  });
});
