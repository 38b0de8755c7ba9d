// An open Terraform file in the editor shows what `lint` gives for it: the per-file findings judged through its
// module and the cross-file ones, inside a workspace folder and opened alone. A value written in another file of the
// module (a variable's default) is reported in that file, where it is written.
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
  diagnostics: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; code: string }>;
}
interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number; endLine: number; endColumn: number }>;
}

const MAIN = 'terraform/main.tf';
const VARS = 'terraform/variables.tf';
const variables = (protocols: string): string => `variable "protocols" {\n  default = ${protocols}\n}\n`;
const main = [
  'resource "google_apigee_target_server" "backend" {',
  '  name   = "backend"',
  '  env_id = "organizations/acme/environments/prod"',
  '  host   = "backend.example.com"',
  '  port   = 443',
  '  s_sl_info {',
  '    enabled                  = true',
  '    ignore_validation_errors = true',
  '    protocols                = var.protocols',
  '  }',
  '}',
  'resource "google_apigee_target_server" "plain" {',
  '  name   = "plain"',
  '  env_id = "organizations/acme/environments/prod"',
  '  host   = "plain.example.com"',
  '  port   = 443',
  '}',
  '',
].join('\n');

function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'apigee-tls-lsp-tf-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** `rule line:col-line:col` (0-based), sorted. */
const published = (p: Published): string[] =>
  p.diagnostics
    .map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`)
    .sort();

/** What `lint --format json <folder>` gives for one file, in the same terms. */
function cliFindings(folder: string, file: string): string[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, 'lint', '--format', 'json', folder], { encoding: 'utf8' });
  } catch (error) {
    out = (error as { stdout: string }).stdout;
  }
  const result = (JSON.parse(out) as JsonResult[]).find((r) => r.filePath === file);
  return (result?.messages ?? []).map((m) => `${m.ruleId} ${m.line - 1}:${m.column - 1}-${m.endLine - 1}:${m.endColumn - 1}`).sort();
}

async function startServer(folder: string | undefined): Promise<LspClient> {
  const client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
  await client.request('initialize', {
    processId: process.pid,
    rootUri: folder === undefined ? null : pathToFileURL(folder).href,
    workspaceFolders: folder === undefined ? null : [{ uri: pathToFileURL(folder).href, name: 'ws' }],
    capabilities: {},
    initializationOptions: { debounceMs: 0, trusted: true },
  });
  client.notify('initialized', {});
  return client;
}

const open = (client: LspClient, path: string): void =>
  client.notify('textDocument/didOpen', {
    textDocument: { uri: pathToFileURL(path).href, languageId: 'terraform', version: 1, text: readFileSync(path, 'utf8') },
  });

describe('an open Terraform file in the language server', { skip }, () => {
  let dir: string;
  let client: LspClient;
  const uri = (rel: string): string => pathToFileURL(join(dir, rel)).href;
  const expected = ['enforce-not-set 5:2-5:11', 'ignore-validation-errors 7:31-7:35', 'target-server-tls-port 15:11-15:14'];

  before(async () => {
    dir = writeTree({ [MAIN]: main, [VARS]: variables('["TLSv1", "TLSv1.2"]') });
    client = await startServer(dir);
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('`lint` gives these findings for the file, and the protocol at the default in the variables file', () =>
    assert.deepEqual([cliFindings(dir, join(dir, MAIN)), cliFindings(dir, join(dir, VARS))], [expected, ['obsolete-protocol 1:14-1:19']]));

  it('shows the same findings once opened, per-file and cross-file', async () => {
    open(client, join(dir, MAIN));
    const got = await client.notification<Published>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri(MAIN) && published(p).length === expected.length,
    );
    assert.deepEqual(published(got), expected);
  });

  it('the variables file shows the protocol where it is written, and drops it once changed', async () => {
    const since = client.notifications.length;
    open(client, join(dir, VARS));
    const before = await client.notification<Published>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri(VARS) && published(p).length > 0,
      since,
    );
    assert.deepEqual(published(before), ['obsolete-protocol 1:14-1:19']);
    const changed = client.notifications.length;
    client.notify('textDocument/didChange', {
      textDocument: { uri: uri(VARS), version: 2 },
      contentChanges: [{ text: variables('["TLSv1.2"]') }],
    });
    const got = await client.notification<Published>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri(VARS) && published(p).length === 0,
      changed,
    );
    assert.deepEqual(published(got), []);
  });
});

describe('a Terraform file opened outside every workspace folder', { skip }, () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = writeTree({ [MAIN]: main, [VARS]: variables('["TLSv1.1"]') });
    client = await startServer(undefined);
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is judged with its module folder, as `lint <its folder>` judges it', async () => {
    const folder = join(dir, 'terraform');
    for (const file of [MAIN, VARS]) {
      const expected = cliFindings(folder, join(dir, file));
      open(client, join(dir, file));
      const got = await client.notification<Published>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === pathToFileURL(join(dir, file)).href,
      );
      assert.deepEqual(published(got), expected);
    }
    // The protocol from the variable's default: in the variables file, where it is written.
    assert.deepEqual(cliFindings(folder, join(dir, VARS)), ['obsolete-protocol 1:14-1:21']);
  });
});
