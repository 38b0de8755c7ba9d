// Terraform polish. A .tfvars file named alone on the command line is judged through the module folder that reads it (the nearest
// folder at or above it holding .tf files), as a .tf named alone is: the findings its values cause are reported in it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { inventory } from '../../server/src/workspace/inventory';
import { lintFile } from '../../server/src/workspace/lint-workspace';
import { environmentObjects } from '../../server/src/workspace/inventory-objects';
import type { Workspace } from '../../server/src/workspace/workspace';
import { makeCertificate } from './support/certs';
import { tempDir, workspaceOf, writeTree } from './support/tree';

async function lint(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { code: 0, stdout: '', stderr: '' };
  out.code = await runCli(argv, { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), cwd, isTTY: false });
  return out;
}

const repo = (): string =>
  writeTree({
    'infra/main.tf':
      'variable "protocols" {}\nresource "google_apigee_target_server" "ts" {\n  name   = "backend"\n  env_id = "org/environments/prod"\n' +
      '  host   = "backend.example.com"\n  port   = 443\n  s_sl_info {\n    enabled   = true\n    protocols = var.protocols\n  }\n}\n',
    'infra/envs/prod.tfvars': '# prod\nprotocols = ["TLSv1.1"]\n',
    'infra/envs/test.tfvars': 'protocols = ["TLSv1.2"]\n',
  });

describe('lint names a .tfvars file alone', () => {
  it("in a sub-folder of the module: its value's finding, at the value, and nothing of the module's own files", async () => {
    const { code, stdout } = await lint(['lint', '--format', 'json', 'infra/envs/prod.tfvars'], repo());
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[];
    assert.deepEqual(
      [
        code,
        results.map((r) => [r.filePath.replace(/^.*\/infra\//, 'infra/'), r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)]),
      ],
      [1, [['infra/envs/prod.tfvars', ['2:15 obsolete-protocol']]]],
    );
  });
  it('whose values are fine: nothing reported', async () => {
    const { code, stdout } = await lint(['lint', 'infra/envs/test.tfvars'], repo());
    assert.deepEqual([code, stdout], [0, '']);
  });
  it('--fix rewrites the value in it, nothing else', async () => {
    const root = repo();
    await lint(['lint', '--fix', 'infra/envs/prod.tfvars'], root);
    assert.deepEqual(
      [readFileSync(`${root}/infra/envs/prod.tfvars`, 'utf8'), readFileSync(`${root}/infra/main.tf`, 'utf8').includes('var.protocols')],
      ['# prod\nprotocols = ["TLSv1.2", "TLSv1.3"]\n', true],
    );
  });
});

describe('the inventory of a PKCS#12 alias (google_apigee_keystores_aliases_pkcs12 by path)', () => {
  const pkcs12 = (): Workspace => {
    const certs = tempDir();
    makeCertificate(certs, 'client', 10);
    execFileSync(
      'openssl',
      ['pkcs12', '-export', '-in', 'client.crt', '-inkey', 'client.key', '-out', 'c.p12', '-passout', 'pass:secret'],
      {
        cwd: certs,
        stdio: 'ignore',
      },
    );
    return workspaceOf({
      'tf/main.tf':
        'resource "google_apigee_env_keystore" "mtls" {\n  name   = "mtls"\n  env_id = "organizations/acme/environments/prod"\n}\n' +
        'resource "google_apigee_keystores_aliases_pkcs12" "client" {\n  org_id = "acme"\n  environment = "prod"\n  keystore = "mtls"\n' +
        '  alias = "client"\n  file = "${path.module}/certs/c.p12"\n  password = "secret"\n}\n' +
        'resource "google_apigee_target_server" "partner" {\n  name = "partner"\n  env_id = "organizations/acme/environments/prod"\n' +
        '  host = "partner.acme.com"\n  port = 443\n  s_sl_info {\n    enabled = true\n    client_auth_enabled = true\n' +
        '    key_store = "mtls"\n    key_alias = "client"\n  }\n}\n',
      'tf/certs/c.p12': readFileSync(join(certs, 'c.p12')),
    }).ws;
  };
  const shown = (c: { subject: string; notAfter: string; file: string }): string =>
    `${c.subject} until ${c.notAfter.slice(0, 10)} (${c.file.replace(/^.*\/tf\//, 'tf/')})`;
  const inTenDays = (): string => `CN=client until ${new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)} (tf/certs/c.p12)`;
  it('its row lists the certificate the archive holds, with its expiry', () => {
    const ws = pkcs12();
    const alias = environmentObjects(ws, inventory(ws)).find((r) => r.kind === 'alias');
    assert.deepEqual(alias?.certificates.map(shown), [inTenDays()]);
  });
});

describe('the run summary of a Terraform configuration with environment groups only', () => {
  it('counts the environments the attachments name', async () => {
    const root = writeTree({
      'main.tf':
        'resource "google_apigee_envgroup" "g" {\n  name = "public"\n  hostnames = ["api.example.com"]\n  org_id = "organizations/acme"\n}\n' +
        'resource "google_apigee_envgroup_attachment" "a" {\n  envgroup_id = google_apigee_envgroup.g.id\n  environment = "prod"\n}\n' +
        'resource "google_apigee_envgroup_attachment" "b" {\n  envgroup_id = google_apigee_envgroup.g.id\n  environment = "dev"\n}\n',
    });
    const { stderr } = await lint(['lint', '.'], root);
    assert.equal(stderr, 'apigee-tls-lint: checked 1 file, 2 environments (dev, prod), 0 connections\n');
  });
});

describe("scastria/apigee's flat TLS attributes, a value written in a tfvars file", () => {
  it('the finding there names the flat attribute it flows into', () => {
    const files = {
      'edge/main.tf':
        'terraform {\n  required_providers {\n    apigee = {\n      source = "scastria/apigee"\n    }\n  }\n}\nvariable "protocols" {}\n' +
        'resource "apigee_target_server" "inv" {\n  environment_name = "test"\n  name = "inv"\n  host = "h"\n  port = 443\n  ssl_enabled = true\n' +
        '  protocols = var.protocols\n}\n',
      'edge/terraform.tfvars': 'protocols = ["TLSv1.1"]\n',
    };
    const { root, ws } = workspaceOf(files);
    const found = lintFile(ws, join(root, 'edge/terraform.tfvars'), files['edge/terraform.tfvars'], {}).filter(
      (f) => f.ruleId === 'obsolete-protocol',
    );
    assert.deepEqual(
      found.map((f) => f.message.replace(/^.*\(/, '(')),
      ['(apigee_target_server.inv protocols, via var.protocols)'],
    );
  });
});
