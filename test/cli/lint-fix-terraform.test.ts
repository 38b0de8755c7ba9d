// `lint --fix <folder>` on a Terraform workspace: the clearly-right fixes applied as minimal text edits (comments,
// alignment and CRLF line endings kept), in the file where each value is written — the caller's module argument,
// the tfvars entry — and nothing else touched.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliRunner, writeTree } from './run-cli';

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

const policy =
  'resource "google_compute_ssl_policy" "p" {\n  name            = "p"\n  profile         = "MODERN" # keep me\n  min_tls_version = "TLS_1_0"\n}\n';
const server = (tls: string): string =>
  'resource "google_apigee_target_server" "ts" {\n  name   = "ts"\n  env_id = var.env\n  host   = "h.example.com"\n  port   = 443\n  s_sl_info {\n    enabled     = true\n    enforce     = true\n    trust_store = "ref://ca"\n' +
  `${tls}  }\n}\n`;

const prod = 'variable "env" {\n  default = "prod"\n}\n';

/** The inline workspace: a root calling a TargetServer module, a tfvars file, a load balancer SSL policy. */
const workspace = {
  'terraform/main.tf': crlf(
    policy +
      'module "apigee" {\n  source    = "./modules/apigee"\n  env       = "prod"\n  protocols = ["TLSv1.1"] // from the old days\n}\n',
  ),
  'terraform/modules/apigee/main.tf': crlf('variable "env" {}\nvariable "protocols" {}\n' + server('    protocols   = var.protocols\n')),
  'terraform/dev/main.tf':
    'variable "protocols" {}\nvariable "env" {\n  default = "dev"\n}\n' + server('    protocols   = var.protocols\n'),
  'terraform/dev/terraform.tfvars': '# dev protocols\nprotocols = ["SSLv3"]\n',
};

describe('lint --fix <folder> on Terraform', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-fix-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = cliRunner(dir);

  it('applies min_tls_version = "TLS_1_2" and protocols = ["TLSv1.2", "TLSv1.3"] where the values are written', async () => {
    const root = writeTree(dir, 'ws', workspace);
    const { code, stdout } = await run('lint', '--fix', '--format', 'json', root);
    const read = (p: string): string => readFileSync(join(root, p), 'utf8');
    assert.equal(
      read('terraform/main.tf'),
      crlf(
        policy.replace('"TLS_1_0"', '"TLS_1_2"') +
          'module "apigee" {\n  source    = "./modules/apigee"\n  env       = "prod"\n  protocols = ["TLSv1.2", "TLSv1.3"] // from the old days\n}\n',
      ),
    );
    assert.equal(read('terraform/dev/terraform.tfvars'), '# dev protocols\nprotocols = ["TLSv1.2", "TLSv1.3"]\n');
    // The module and the dev root only pass the values through: untouched.
    assert.equal(read('terraform/modules/apigee/main.tf'), workspace['terraform/modules/apigee/main.tf']);
    assert.equal(read('terraform/dev/main.tf'), workspace['terraform/dev/main.tf']);
    const remaining = (JSON.parse(stdout) as { messages: { ruleId: string }[] }[]).flatMap((r) => r.messages.map((m) => m.ruleId));
    assert.deepEqual([code, remaining], [0, []]);
  });
  it('a list of two obsolete protocols: both gone after one run, none reported, CRLF and the comment kept', async () => {
    const root = writeTree(dir, 'list', { 'main.tf': crlf(prod + server('    protocols   = ["TLSv1", "TLSv1.1"] # old\n')) });
    const { code, stdout } = await run('lint', '--fix', '--format', 'json', root);
    const remaining = (JSON.parse(stdout) as { messages: { ruleId: string }[] }[]).flatMap((r) => r.messages.map((m) => m.ruleId));
    assert.deepEqual(
      [code, remaining, readFileSync(join(root, 'main.tf'), 'utf8')],
      [0, [], crlf(prod + server('    protocols   = ["TLSv1.2", "TLSv1.3"] # old\n'))],
    );
  });
  it('a second --fix changes nothing', async () => {
    const root = writeTree(dir, 'again', workspace);
    await run('lint', '--fix', root);
    const once = readFileSync(join(root, 'terraform/main.tf'), 'utf8');
    await run('lint', '--fix', root);
    assert.equal(readFileSync(join(root, 'terraform/main.tf'), 'utf8'), once);
  });
});
