// `apigeeTls.problems: workspace` (issue 20): the Problems panel holds the findings of files never opened, each as
// `lint <folder> --format json` reports it (rule, range, severity); switched back to `openFiles`, they are cleared
// and the open document keeps its own.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { initializeFolder, LspClient } from '../support/lsp-client';

const root = resolve(__dirname, '../..');
const cli = resolve(root, 'bin/apigee-tls-lint');
const skip = !existsSync(resolve(root, 'dist/cli.js')) && 'run `npm run build` first';

interface Published {
  uri: string;
  diagnostics: Array<{
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    code: string;
    severity: number;
  }>;
}
interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number; endLine: number; endColumn: number; level?: string; severity: number }>;
}

const target = (url: string, ssl: string): string =>
  `<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <SSLInfo>\n${ssl}    </SSLInfo>\n    <URL>${url}</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;
const files: Record<string, string> = {
  // Three bundles, each with per-file findings of its own; `orders` is the one the test opens.
  'orders/apiproxy/targets/default.xml': target(
    'https://orders.example.com',
    '      <Enabled>true</Enabled>\n      <Protocols>\n        <Protocol>TLSv1</Protocol>\n      </Protocols>\n',
  ),
  'billing/apiproxy/targets/default.xml': target('http://billing.example.com', '      <Enabled>true</Enabled>\n'),
  'billing/apiproxy/targets/legacy.xml': target(
    'https://legacy.example.com',
    '      <Enabled>true</Enabled>\n      <IgnoreValidationErrors>true</IgnoreValidationErrors>\n',
  ),
  'users/apiproxy/targets/default.xml': target(
    'https://users.example.com',
    '      <Enabled>true</Enabled>\n      <Ciphers>\n        <Cipher>TLS_RSA_WITH_RC4_128_MD5</Cipher>\n      </Ciphers>\n',
  ),
  // Nothing wrong: nothing published for it.
  'users/apiproxy/targets/clean.xml':
    '<TargetEndpoint name="clean">\n  <HTTPTargetConnection>\n    <URL>http://localhost:8080</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
};
const OPENED = 'orders/apiproxy/targets/default.xml';

/** `rule start-end severity` (0-based; 1 error, 2 warning, 3 info as LSP counts). */
const published = (p: Published): string[] =>
  p.diagnostics
    .map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity}`)
    .sort();

function cliFindings(folder: string): Map<string, string[]> {
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, 'lint', '--format', 'json', folder], { encoding: 'utf8' });
  } catch (error) {
    out = (error as { stdout: string }).stdout;
  }
  const lsp = (m: JsonResult['messages'][number]): number => (m.level === 'info' ? 3 : m.severity === 2 ? 1 : 2);
  return new Map(
    (JSON.parse(out) as JsonResult[]).map((r) => [
      r.filePath,
      r.messages.map((m) => `${m.ruleId} ${m.line - 1}:${m.column - 1}-${m.endLine - 1}:${m.endColumn - 1} ${lsp(m)}`).sort(),
    ]),
  );
}

describe('apigeeTls.problems: the workspace', { skip }, () => {
  let dir: string;
  let client: LspClient;
  let scope = 'workspace';
  const uriOf = (rel: string): string => pathToFileURL(join(dir, rel)).href;
  const latest = (rel: string): string[] | undefined => {
    const all = client.notifications.filter(
      (n) => n.method === 'textDocument/publishDiagnostics' && (n.params as Published).uri === uriOf(rel),
    );
    return all.length === 0 ? undefined : published(all.at(-1)!.params as Published);
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'apigee-tls-lsp-problems-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
    client.onRequest = (method) => (method === 'workspace/configuration' ? [{ problems: scope }] : null);
    await initializeFolder(client, dir, { trusted: true });
    await client.notification('apigeeTls/connectionsChanged');
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes every never-opened file as lint <folder> reports it', async () => {
    const expected = cliFindings(dir);
    const withFindings = Object.keys(files).filter((rel) => (expected.get(join(dir, rel)) ?? []).length > 0);
    assert.deepEqual(
      withFindings.sort(),
      Object.keys(files)
        .filter((rel) => !rel.endsWith('clean.xml'))
        .sort(),
      'the CLI finds something in each',
    );
    for (const rel of withFindings) {
      const want = expected.get(join(dir, rel))!;
      const got = await client.notification<Published>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === uriOf(rel) && published(p).join() === want.join(),
      );
      assert.deepEqual(published(got), want, rel);
    }
    assert.equal(latest('users/apiproxy/targets/clean.xml'), undefined, 'nothing published for a file without findings');
  });

  it('switched to openFiles: cleared, except the open document', async () => {
    const uri = uriOf(OPENED);
    const text = files[OPENED]!;
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
    const own = cliFindings(dir).get(join(dir, OPENED))!;
    await client.notification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length === own.length);
    scope = 'openFiles';
    const since = client.notifications.length;
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    for (const rel of ['billing/apiproxy/targets/default.xml', 'billing/apiproxy/targets/legacy.xml', 'users/apiproxy/targets/default.xml'])
      await client.notification<Published>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === uriOf(rel) && p.diagnostics.length === 0,
        since,
      );
    assert.deepEqual(latest(OPENED), own, 'the open document keeps its findings');
  });
});
