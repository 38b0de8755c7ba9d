// An open environment configuration file in the editor is judged as `lint <folder>` judges it (issue 16): a raw line
// break in a JSON string (read leniently by the Maven plugin: lenient-json, and the TargetServers still judged), and
// a file the build never deploys (its findings at most info). The editor's diagnostics equal the CLI's, rule, range
// and severity.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../support/lsp-client';

const root = resolve(__dirname, '../..');
const cli = resolve(root, 'bin/apigee-tls-lint');
const skip = !existsSync(resolve(root, 'dist/cli.js')) && 'run `npm run build` first';

interface Published {
  uri: string;
  diagnostics: Array<{ range: { start: { line: number; character: number } }; code: string; severity: number }>;
}
interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number; level?: string; severity: number }>;
}

const LENIENT = 'resources/edge/env/test/targetServers.json';
const IGNORED = 'resources/edge/env/prod/targetservers.json';
const server = (name: string, extra = ''): string =>
  `{"name": "${name}", "host": "${name}.example.com", "port": 443, "isEnabled": true${extra}, "sSLInfo": {"enabled": "true", "protocols": ["TLSv1"]}}`;
const files: Record<string, string> = {
  'pom.xml': '<project/>\n',
  // A PEM pasted into a description: a raw line break inside the string.
  [LENIENT]: `[\n  ${server('backend', ', "description": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"')}\n]\n`,
  // Lower case: the plugin never reads it.
  [IGNORED]: `[\n  ${server('other')}\n]\n`,
};

/** `rule line:col severity` (0-based; 1 error, 2 warning, 3 info as LSP counts). */
const published = (p: Published): string[] =>
  p.diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.severity}`).sort();

function cliFindings(folder: string, file: string): string[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, 'lint', '--format', 'json', folder], { encoding: 'utf8' });
  } catch (error) {
    out = (error as { stdout: string }).stdout;
  }
  const result = (JSON.parse(out) as JsonResult[]).find((r) => r.filePath === file);
  const lsp = (m: JsonResult['messages'][number]): number => (m.level === 'info' ? 3 : m.severity === 2 ? 1 : 2);
  return (result?.messages ?? []).map((m) => `${m.ruleId} ${m.line - 1}:${m.column - 1} ${lsp(m)}`).sort();
}

describe('open configuration files are judged as lint judges them', { skip }, () => {
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'apigee-tls-lsp-model-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
      capabilities: {},
      initializationOptions: { debounceMs: 0, trusted: true },
    });
    client.notify('initialized', {});
    await client.notification('apigeeTls/connectionsChanged');
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [what, rel, must] of [
    ['a raw line break in a string: lenient-json, and the TargetServer still judged', LENIENT, /^lenient-json .* 2$/],
    ['a file the build never deploys: ignored-config-file, the rest at most info', IGNORED, /^ignored-config-file /],
  ] as const) {
    it(what, async () => {
      const expected = cliFindings(dir, join(dir, rel));
      assert.ok(
        expected.some((f) => must.test(f)),
        `lint gives ${expected.join(', ')}`,
      );
      assert.ok(
        expected.some((f) => f.startsWith('obsolete-protocol ')),
        'the TargetServer is judged',
      );
      const uri = pathToFileURL(join(dir, rel)).href;
      client.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'json', version: 1, text: readFileSync(join(dir, rel), 'utf8') },
      });
      const got = await client.notification<Published>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === uri && published(p).length === expected.length && published(p).join() === expected.join(),
      );
      assert.deepEqual(published(got), expected);
    });
  }
});
