// `.apigee-tls.json` in the language server, over stdio: its rules, ignorePatterns, certificateExpiryDays and
// suppressions apply under the editor's settings (an explicit setting wins, then the file, then the default), as
// the CLI's flags win over it; its probe keys (resolve, caFiles) reach "Diagnose target TLS" against a real server.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DIAGNOSE_COMMAND, type DiagnoseResult } from '../../server/src/shared/protocol';
import { readConfigFile } from '../../server/src/workspace/config-file';
import { testPki, type Pki } from '../probe/support/pki';
import { certArgs, startOpenssl, type RunningServer } from '../probe/support/servers';
import { LspClient } from '../support/lsp-client';
import { makeCertificate } from '../workspace/support/certs';
import { json, tempDir, writeTree } from '../workspace/support/tree';

const repo = resolve(__dirname, '../..');
const cli = resolve(repo, 'bin/apigee-tls-lint');
const skip = !existsSync(resolve(repo, 'dist/cli.js')) && 'run `npm run build` first';

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
  diagnostics: { code: string; severity: number; range: Range; source: string; message: string }[];
}

const endpoint = (url: string, sslInfo: string): string =>
  `<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <SSLInfo>\n${sslInfo}    </SSLInfo>\n    <URL>${url}</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;
const TLS11 =
  '      <Enabled>true</Enabled>\n      <Enforce>true</Enforce>\n      <TrustStore>truststore</TrustStore>\n      <Protocols><Protocol>TLSv1.1</Protocol></Protocols>\n';
const server = (name: string) => ({
  name,
  host: `${name}.example.com`,
  port: 443,
  sSLInfo: { enabled: 'true', ignoreValidationErrors: 'true' },
});
const SERVERS = 'resources/edge/env/test/targetServers.json';

/** The server over stdio in `root`; `settings` is what the client answers for the apigeeTls section. */
async function start(root: string, settings: () => unknown): Promise<LspClient> {
  const client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
  client.onRequest = (method, params) =>
    method === 'workspace/configuration' ? (params as { items: unknown[] }).items.map(() => settings()) : null;
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }],
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
    initializationOptions: { debounceMs: 0 },
  });
  client.notify('initialized', {});
  return client;
}

describe('.apigee-tls.json in the language server', { skip }, () => {
  let root: string;
  let client: LspClient;
  let settings: Record<string, unknown> = { rules: { 'store-not-reference': 'error' } };
  const uri = (rel: string): string => pathToFileURL(join(root, rel)).href;
  const open = (rel: string, languageId: string): void =>
    client.notify('textDocument/didOpen', {
      textDocument: { uri: uri(rel), languageId, version: 1, text: readFileSync(join(root, rel), 'utf8') },
    });
  const published = (rel: string, predicate: (p: Published) => boolean = () => true, since = 0) =>
    client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri(rel) && predicate(p), since);
  const codes = (p: Published): string[] => p.diagnostics.map((d) => `${d.code} ${d.severity} ${d.range.start.line}`).sort();

  before(async () => {
    const certs = join(tempDir(), 'pki');
    mkdirSync(certs);
    makeCertificate(certs, 'ca', 100);
    root = writeTree({
      '.apigee-tls.json': [
        '{',
        '  // the team settles these for the editor and CI alike',
        '  "rules": { "obsolete-protocol": "off", "store-not-reference": "warning" },',
        '  "ignorePatterns": ["legacy/"],',
        '  "certificateExpiryDays": 400,',
        '  "suppressions": [',
        `    { "file": "${SERVERS}", "pointer": "/0/sSLInfo/ignoreValidationErrors", "rule": "ignore-validation-errors", "reason": "a lab backend" }`,
        '  ]',
        '}',
      ].join('\n'),
      'pom.xml': '<project/>',
      'apiproxy/targets/default.xml': endpoint('https://api.example.com', TLS11),
      'legacy/apiproxy/targets/default.xml': endpoint('https://api.example.com', TLS11),
      [SERVERS]: json([server('lab'), server('prod')]),
      'resources/edge/env/test/keystores.json': json([{ name: 'truststore' }]),
      'resources/edge/env/test/aliases.json': json([
        { alias: 'ca', keystorename: 'truststore', format: 'keycertfile', certFilePath: 'ca.pem' },
      ]),
      'ca.pem': readFileSync(join(certs, 'ca.crt')),
    });
    client = await start(root, () => settings);
  });
  after(() => client.close());

  it("the file's rules apply, under the explicit setting: obsolete-protocol off (file), store-not-reference an error (setting)", async () => {
    open('apiproxy/targets/default.xml', 'xml');
    assert.deepEqual(codes(await published('apiproxy/targets/default.xml', (p) => p.diagnostics.length > 0)), ['store-not-reference 1 5']);
  });

  it('a file under ignorePatterns publishes nothing, open or not', async () => {
    open('legacy/apiproxy/targets/default.xml', 'xml');
    await published('legacy/apiproxy/targets/default.xml');
    // The bundle beside it, which is not ignored, is linted after it: by then the legacy file was linted too.
    client.notify('textDocument/didChange', {
      textDocument: { uri: uri('apiproxy/targets/default.xml'), version: 2 },
      contentChanges: [{ text: readFileSync(join(root, 'apiproxy/targets/default.xml'), 'utf8') }],
    });
    await published('apiproxy/targets/default.xml', (p) => p.diagnostics.length > 0, client.notifications.length);
    const legacy = client.notifications.filter(
      (n) => (n.params as Published | undefined)?.uri === uri('legacy/apiproxy/targets/default.xml'),
    );
    assert.ok(legacy.length > 0, 'the legacy file was published');
    assert.deepEqual(
      legacy.map((n) => (n.params as Published).diagnostics.length),
      legacy.map(() => 0),
    );
  });

  it('a suppression silences one finding in a JSON file by JSON Pointer; the same rule elsewhere in the file stays', async () => {
    open(SERVERS, 'json');
    const p = await published(SERVERS, (p) => p.diagnostics.some((d) => d.code === 'ignore-validation-errors'));
    assert.deepEqual(
      p.diagnostics.filter((d) => d.code === 'ignore-validation-errors').map((d) => d.range.start.line),
      [16],
      'only the second TargetServer (prod) is reported',
    );
  });

  it('the quick fix on a JSON finding appends a suppression for that value to .apigee-tls.json, which then silences it', async () => {
    const p = await published(SERVERS, (p) => p.diagnostics.some((d) => d.code === 'ignore-validation-errors'));
    const diagnostic = p.diagnostics.find((d) => d.code === 'ignore-validation-errors')!;
    const actions = await client.request<{ title: string; edit: { changes: Record<string, { range: Range; newText: string }[]> } }[]>(
      'textDocument/codeAction',
      { textDocument: { uri: uri(SERVERS) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } },
    );
    const action = actions.find((a) => a.title.startsWith('Suppress'))!;
    assert.equal(action.title, 'Suppress ignore-validation-errors for this value in .apigee-tls.json');
    const [edit] = action.edit.changes[uri('.apigee-tls.json')]!;
    const config = readFileSync(join(root, '.apigee-tls.json'), 'utf8');
    const lines = config.split('\n');
    const offset = (pos: Position) => lines.slice(0, pos.line).reduce((n, l) => n + l.length + 1, 0) + pos.character;
    const edited = config.slice(0, offset(edit!.range.start)) + edit!.newText + config.slice(offset(edit!.range.end));
    const { config: read, problems } = readConfigFile(edited, () => true);
    assert.deepEqual(
      [problems, read.suppressions?.at(-1)],
      [[], { file: SERVERS, pointer: '/1/sSLInfo/ignoreValidationErrors', rule: 'ignore-validation-errors' }],
    );
  });

  it('certificateExpiryDays of the file (400) reports a certificate expiring in 100 days; an explicit setting (30) wins', async () => {
    assert.deepEqual(codes(await published('resources/edge/env/test/aliases.json', (p) => p.diagnostics.length > 0)), [
      'certificate-expires-soon 2 5',
    ]);
    settings = { ...settings, certificateExpiryDays: 30 };
    const since = client.notifications.length;
    client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(codes(await published('resources/edge/env/test/aliases.json', () => true, since)), []);
  });
});

describe(".apigee-tls.json's probe keys in Diagnose target TLS", { skip }, () => {
  let pki: Pki;
  let backend: RunningServer;
  let client: LspClient;
  let root: string;
  before(async () => {
    pki = await testPki();
    backend = await startOpenssl(certArgs(pki, 'good'));
    // cfg.probe.test resolves nowhere: only the file's resolve entry leads to the server; only its caFiles trust it.
    root = writeTree({
      '.apigee-tls.json': json({
        probe: { resolve: { [`cfg.probe.test:${backend.port}`]: '127.0.0.1' }, caFiles: ['certs/root.crt'], timeoutMs: 20000 },
      }),
      'certs/root.crt': await pki.pem('root.crt'),
      'apiproxy/targets/default.xml': endpoint(
        `https://cfg.probe.test:${backend.port}/v1`,
        '      <Enabled>true</Enabled>\n      <Enforce>true</Enforce>\n',
      ),
    });
    client = await start(root, () => ({}));
  });
  after(async () => {
    await client.close();
    await backend.stop();
  });

  it('dials the address the file names and trusts its CA files', async () => {
    const uri = pathToFileURL(join(root, 'apiproxy/targets/default.xml')).href;
    const text = readFileSync(join(root, 'apiproxy/targets/default.xml'), 'utf8');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
    const [lens] = await client.request<{ command: { arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri } });
    const result = await client.request<DiagnoseResult>('workspace/executeCommand', {
      command: DIAGNOSE_COMMAND,
      arguments: lens!.command.arguments,
    });
    assert.deepEqual(
      result.items.map((i) => [i.ok, i.causes.map((c) => c.code), i.notProbeable, i.trust]),
      [[true, [], null, `${join(root, 'certs/root.crt')}, because SSLInfo names no TrustStore`]],
    );
  });
});
