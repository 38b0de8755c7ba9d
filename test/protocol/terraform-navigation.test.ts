// The language server over stdio in a Terraform + bundle workspace: definition from a bundle's `<Server name>`,
// `ref://`, keystore and KeyAlias to the Terraform resources (one location per environment, a derived name at the
// value that produced it), references from a resource's label and from the tfvars value, hover with the Terraform
// definition per environment, and the "Apigee TLS" view's connections with the Terraform environments.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Position } from 'vscode-languageserver';
import { after, before, describe, it } from 'node:test';
import { initializeFolder, LspClient } from '../support/lsp-client';
import { tempDir, writeTree } from '../workspace/support/tree';
import { MAIN, PROD, T, terraformWorkspace } from '../workspace/support/terraform-navigation';

const root = resolve(__dirname, '../..');
const cli = resolve(root, 'bin/apigee-tls-lint');
const skip = !existsSync(resolve(root, 'dist/cli.js')) && 'run `npm run build` first';

interface Connections {
  connections: { env: string | null; server: string | null; kind: string; host: string | null; port: number | null }[];
}

describe('Terraform navigation in the language server', { skip }, () => {
  let dir: string;
  let client: LspClient;
  const uri = (rel: string): string => pathToFileURL(join(dir, rel)).href;
  /** The position `delta` characters into `word`, found at its first occurrence after `context`. */
  const pos = (rel: string, word: string, delta = 0, context = ''): Position => {
    const text = readFileSync(join(dir, rel), 'utf8');
    const offset = text.indexOf(word, text.indexOf(context));
    assert.ok(text.includes(context) && offset !== -1, `${context}…${word} in ${rel}`);
    const before = text.slice(0, offset + delta).split('\n');
    return { line: before.length - 1, character: before.at(-1)!.length };
  };
  /** The location of `word` at its first occurrence after `context`. */
  const loc = (rel: string, word: string, context = ''): Location => ({
    uri: uri(rel),
    range: { start: pos(rel, word, 0, context), end: pos(rel, word, word.length, context) },
  });
  const request = <T>(method: string, rel: string, position: Position, extra: object = {}): Promise<T> =>
    client.request<T>(method, { textDocument: { uri: uri(rel) }, position, ...extra });
  const sorted = (locations: Location[]): Location[] => [...locations].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));

  before(async () => {
    dir = writeTree(terraformWorkspace, tempDir());
    client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
    await initializeFolder(client, dir, { trusted: true });
    await client.notification('apigeeTls/connectionsChanged');
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('goes from <Server name> to the value that named it in each environment: the default (test), prod.tfvars (prod)', async () =>
    assert.deepEqual(
      sorted(await request<Location[]>('textDocument/definition', T, pos(T, 'backend', 2))),
      sorted([loc(MAIN, 'backend', 'default'), loc(PROD, 'backend', '= "b')]),
    ));

  it('goes from <Server name> to the for_each key that named it', async () =>
    assert.deepEqual(await request<Location[]>('textDocument/definition', T, pos(T, 'audit', 1)), [loc(MAIN, 'audit')]));

  it('goes from ref://, KeyStore and KeyAlias to their Terraform resources', async () => {
    assert.deepEqual(await request<Location[]>('textDocument/definition', T, pos(T, 'ref://', 2)), [
      loc(MAIN, 'ts-ref', 'name          ='),
    ]);
    assert.deepEqual(await request<Location[]>('textDocument/definition', T, pos(T, '>client<', 2)), [
      loc(MAIN, 'client', '  name   = "client'),
    ]);
    assert.deepEqual(await request<Location[]>('textDocument/definition', T, pos(T, '>mine<', 2)), [loc(MAIN, 'mine', 'alias       =')]);
  });

  it('finds the <Server> elements using a resource, from its block label', async () =>
    assert.deepEqual(
      await request<Location[]>('textDocument/references', MAIN, pos(MAIN, '"backend" {', 3), { context: { includeDeclaration: false } }),
      [loc(T, 'backend')],
    ));

  it('finds them from the tfvars value that named it, with its declaration (prod) when asked', async () =>
    assert.deepEqual(
      sorted(
        await request<Location[]>('textDocument/references', PROD, pos(PROD, 'backend', 1, '= "b'), {
          context: { includeDeclaration: true },
        }),
      ),
      sorted([loc(T, 'backend'), loc(PROD, 'backend', '= "b')]),
    ));

  it('finds the <Server> elements using any of the TargetServers a for_each label names', async () =>
    assert.deepEqual(
      await request<Location[]>('textDocument/references', MAIN, pos(MAIN, '"extra"', 2), { context: { includeDeclaration: true } }),
      [loc(T, 'audit'), loc(MAIN, 'audit'), loc(MAIN, 'spare')],
    ));

  it('hovers <Server name> with the Terraform definition per environment', async () => {
    const hover = await request<{ contents: { value: string } }>('textDocument/hover', T, pos(T, 'backend', 2));
    assert.deepEqual(hover.contents.value.split('\n\n'), [
      '**TargetServer** `backend`',
      '**prod**: TargetServer `backend` → `prod.example.com:443`, TLS',
      'TrustStore: `ref://ts-ref`: no such reference',
      'defined in `terraform/main.tf:6` (Terraform: name from prod.tfvars; host from prod.tfvars)',
      '**test**: TargetServer `backend` → `test.example.com:443`, TLS',
      'TrustStore: `ref://ts-ref` → keystore `truststore` (not defined)',
      'defined in `terraform/main.tf:6` (Terraform: host from test.tfvars)',
    ]);
  });

  it('hovers a for_each key in the .tf file with the TargetServer it names', async () => {
    const hover = await request<{ contents: { value: string } }>('textDocument/hover', MAIN, pos(MAIN, 'audit', 1));
    assert.deepEqual(hover.contents.value.split('\n\n'), [
      '**TargetServer** `audit`',
      '**test**: TargetServer `audit` → `audit.example.com:8443`, no sSLInfo',
      'defined in `terraform/main.tf:16` (Terraform: for_each key "audit")',
    ]);
  });

  it('the "Apigee TLS" view lists the Terraform environments with their TargetServers', async () => {
    const { connections } = await client.request<Connections>('apigeeTls/connections', {});
    const rows = connections.filter((c) => c.kind === 'TargetServer').map((c) => `${c.env} ${c.server} ${c.host}:${c.port}`);
    assert.deepEqual(rows.sort(), [
      'prod backend prod.example.com:443',
      'test audit null:null',
      'test backend test.example.com:443',
      'test plain null:null',
      'test spare null:null',
    ]);
  });
});
