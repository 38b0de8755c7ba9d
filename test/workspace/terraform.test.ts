// Terraform as an environment layout: the model read from `*.tf` / `*.tf.json` / `*.tfvars`, the per-file rules at
// the HCL attribute, the cross-file rules through Terraform, bundles resolving their <Server name> against it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { inventory } from '../../server/src/workspace/inventory';
import { lintFile } from '../../server/src/workspace/lint-workspace';
import { loadWorkspace } from '../../server/src/workspace/load';
import type { TargetServerDef } from '../../server/src/workspace/model';
import { unmark } from '../support/lint-cases';
import { makeCertificate } from './support/certs';
import { checkSpans, expectSpans, loadBalanced, tempDir, workspaceOf, writeTree } from './support/tree';

const MAIN = 'terraform/main.tf';

const ts = (body: string, name = 'ts'): string => `resource "google_apigee_target_server" "${name}" {\n${body}\n}\n`;
const environment = 'resource "google_apigee_environment" "prod" {\n  org_id = "organizations/acme"\n  name   = "prod"\n}\n';

/** Every TargetServer of the model: `env/name tls port`. */
function servers(files: Record<string, string>): string[] {
  const { ws } = workspaceOf(files);
  return ws
    .allEnvironments()
    .flatMap((e) =>
      [...e.targetServers.values()].flat().map((s: TargetServerDef) => `${e.env}/${s.name} ${String(s.tls)} ${String(s.port?.value)}`),
    )
    .sort();
}

/** The per-file findings of one rule in one Terraform file: exactly the «marked» spans. */
function expectFileSpans(ruleId: string, marked: string, others: Record<string, string> = {}): string[] {
  const { text, spans } = unmark(marked);
  const { root, ws } = workspaceOf({ ...others, [MAIN]: text });
  const path = join(root, MAIN);
  const findings = lintFile(ws, path, text, {}).filter((f) => f.ruleId === ruleId);
  assert.deepEqual(
    findings.map((f) => text.slice(f.span.start, f.span.end)),
    spans.map(([a, b]) => text.slice(a, b)),
  );
  return findings.map((f) => f.message);
}

describe('Terraform model: values', () => {
  it('env_id as a reference to the environment resource, as a path, as a plain name', () =>
    assert.deepEqual(
      servers({
        [MAIN]:
          environment +
          ts('  name = "a"\n  env_id = google_apigee_environment.prod.id\n  host = "h"\n  port = 443', 'a') +
          ts('  name = "b"\n  env_id = "organizations/acme/environments/test"\n  host = "h"\n  port = 8080', 'b') +
          ts('  name = "c"\n  env_id = "dev"\n  host = "h"\n  port = 80', 'c'),
      }),
      ['dev/c undefined 80', 'prod/a undefined 443', 'test/b undefined 8080'],
    ));
  it('var.x from its default, locals, format() and trimprefix()', () =>
    assert.deepEqual(
      servers({
        'terraform/variables.tf': 'variable "env" {\n  default = "env-test"\n}\nvariable "port" {\n  default = 8443\n}\n',
        'terraform/locals.tf': 'locals {\n  env = trimprefix(var.env, "env-")\n  name = format("%s-backend", local.env)\n}\n',
        [MAIN]: ts('  name = local.name\n  env_id = local.env\n  host = "h"\n  port = var.port'),
      }),
      ['test/test-backend undefined 8443'],
    ));
  it('a tfvars file per environment: one variant each; terraform.tfvars applies to all', () =>
    assert.deepEqual(
      servers({
        'terraform/variables.tf': 'variable "env" {}\nvariable "port" {\n  default = 80\n}\n',
        'terraform/terraform.tfvars': 'port = 443\n',
        'terraform/envs/dev.tfvars': 'env = "dev"\n',
        'terraform/envs/prod.tfvars': 'env = "prod"\nport = 8443\n',
        [MAIN]: ts('  name = "ts"\n  env_id = var.env\n  host = "h"\n  port = var.port'),
      }),
      ['dev/ts undefined 443', 'prod/ts undefined 8443'],
    ));
  it('for_each over a literal map and a set; unknown for_each and unset variables give nothing, never a guess', () =>
    assert.deepEqual(
      servers({
        'terraform/variables.tf': 'variable "servers" {\n  default = {}\n}\nvariable "env" {}\n',
        [MAIN]:
          ts('  for_each = { a = 443, b = 8443 }\n  name = each.key\n  env_id = "test"\n  host = "h"\n  port = each.value', 'm') +
          ts('  for_each = toset(["x", "y"])\n  name = each.value\n  env_id = "test"\n  host = "h"\n  port = 80', 's') +
          ts('  for_each = data.external.servers.result\n  name = each.key\n  env_id = "test"\n  host = "h"\n  port = 443', 'u') +
          ts('  name = "unset"\n  env_id = var.env\n  host = "h"\n  port = 443', 'v'),
      }),
      ['test/a undefined 443', 'test/b undefined 8443', 'test/x undefined 80', 'test/y undefined 80'],
    ));
  it('s_sl_info: literal, dynamic over a literal list, dynamic over an empty list, dynamic decided at plan time', () =>
    assert.deepEqual(
      servers({
        'terraform/variables.tf': 'variable "tls" {\n  type = bool\n}\n',
        [MAIN]:
          ts('  name = "lit"\n  env_id = "t"\n  host = "h"\n  port = 443\n  s_sl_info {\n    enabled = true\n  }', 'a') +
          ts(
            '  name = "dyn"\n  env_id = "t"\n  host = "h"\n  port = 443\n  dynamic "s_sl_info" {\n    for_each = [{ on = true }]\n    content {\n      enabled = s_sl_info.value.on\n    }\n  }',
            'b',
          ) +
          ts(
            '  name = "none"\n  env_id = "t"\n  host = "h"\n  port = 80\n  dynamic "s_sl_info" {\n    for_each = []\n    content {\n      enabled = true\n    }\n  }',
            'c',
          ) +
          ts(
            '  name = "plan"\n  env_id = "t"\n  host = "h"\n  port = 443\n  dynamic "s_sl_info" {\n    for_each = var.tls ? [1] : []\n    content {\n      enabled = true\n    }\n  }',
            'd',
          ),
      }),
      ['t/dyn true 443', 't/lit true 443', 't/none undefined 80', 't/plan template 443'],
    ));
  it('the Edge providers: ssl_enabled, an ssl_info block, environment_name or env', () =>
    assert.deepEqual(
      servers({
        [MAIN]:
          'resource "apigee_target_server" "a" {\n  environment_name = "demo"\n  name = "a"\n  host = "h"\n  port = 443\n  ssl_enabled = true\n}\n' +
          'resource "apigee_target_server" "b" {\n  env = "demo"\n  name = "b"\n  host = "h"\n  port = 443\n  ssl_info {\n    ssl_enabled = "false"\n  }\n}\n',
      }),
      ['demo/a true 443', 'demo/b false 443'],
    ));
  it('*.tf.json', () =>
    assert.deepEqual(
      servers({
        'terraform/main.tf.json': JSON.stringify({
          variable: { env: { default: 'prod' } },
          resource: {
            google_apigee_target_server: { ts: { name: 'j', env_id: '${var.env}', host: 'h', port: 443, s_sl_info: { enabled: true } } },
          },
        }),
      }),
      ['prod/j true 443'],
    ));
  it('keystores, references, aliases', () => {
    const { ws } = workspaceOf({
      [MAIN]:
        'resource "google_apigee_env_keystore" "ks" {\n  name = "ks1"\n  env_id = "test"\n}\n' +
        'resource "google_apigee_env_references" "r" {\n  name = "ref1"\n  env_id = "test"\n  resource_type = "KeyStore"\n  refers = google_apigee_env_keystore.ks.name\n}\n' +
        'resource "google_apigee_keystores_aliases_key_cert_file" "a" {\n  org_id = "acme"\n  environment = "test"\n  keystore = google_apigee_env_keystore.ks.name\n  alias = "client"\n  cert = file("certs/client.crt")\n}\n',
    });
    const env = ws.allEnvironments()[0]!;
    assert.deepEqual(
      [[...env.keystores.keys()], env.references.get('ref1')?.[0]?.refers?.value, [...(env.aliases.get('ks1')?.keys() ?? [])]],
      [['ks1'], 'ks1', ['client']],
    );
  });
});

describe('Terraform: cross-file rules at the HCL range', () => {
  it('target-server-tls-port: a module setting port 443 with no s_sl_info', () => {
    const [f] = checkSpans('target-server-tls-port', {
      [MAIN]: ts('  name = "ts"\n  env_id = "test"\n  protocol = "HTTP"\n  host = "backend.example.com"\n  port = «443»'),
    });
    assert.match(
      f!.message,
      /uses port 443 but it has no s_sl_info block with enabled = true: Apigee sends plain HTTP to a TLS port \(environment test\)/,
    );
  });
  it('target-server-tls-port: the port from a tfvars file, said in the message, at the reference', () => {
    const [f] = checkSpans('target-server-tls-port', {
      'terraform/variables.tf': 'variable "port" {}\n',
      'terraform/prod.tfvars': 'port = 443\n',
      [MAIN]: ts('  name = "ts"\n  env_id = "prod"\n  host = "h"\n  port = «var.port»'),
    });
    assert.match(f!.message, /environment prod; port from prod\.tfvars/);
  });
  it('target-server-tls-port: at the literal of a for_each map', () =>
    expectSpans('target-server-tls-port', {
      [MAIN]: ts('  for_each = { a = «443», b = 8443 }\n  name = each.key\n  env_id = "t"\n  host = "h"\n  port = each.value'),
    }));
  it('target-server-tls-port: nothing while plan decides s_sl_info', () =>
    expectSpans('target-server-tls-port', {
      'terraform/variables.tf': 'variable "tls" {}\n',
      [MAIN]: ts(
        '  name = "ts"\n  env_id = "t"\n  host = "h"\n  port = 443\n  dynamic "s_sl_info" {\n    for_each = var.tls\n    content {\n      enabled = true\n    }\n  }',
      ),
    }));
  it('target-server-tls-port: Edge provider with ssl_enabled = false', () =>
    expectSpans('target-server-tls-port', {
      [MAIN]:
        'resource "apigee_target_server" "a" {\n  environment_name = "demo"\n  name = "a"\n  host = "h"\n  port = «443»\n  ssl_enabled = false\n}\n',
    }));
  it('unknown-target-server: a bundle resolves <Server name> against Terraform TargetServers', () =>
    expectSpans('unknown-target-server', {
      'apiproxy/targets/default.xml': loadBalanced('ts', '«missing»'),
      [MAIN]: ts('  name = "ts"\n  env_id = "test"\n  host = "h"\n  port = 443\n  s_sl_info {\n    enabled = true\n  }'),
    }));
  it('unresolved-reference: a TargetServer trust_store reference no Terraform reference defines', () =>
    expectSpans('unresolved-reference', {
      'terraform/refs.tf':
        'resource "google_apigee_env_references" "r" {\n  name = "trust"\n  env_id = "test"\n  resource_type = "TrustStore"\n  refers = "ts1"\n}\n',
      [MAIN]: ts(
        '  name = "ts"\n  env_id = "test"\n  host = "h"\n  port = 443\n  s_sl_info {\n    enabled = true\n    trust_store = "«ref://nope»"\n  }',
      ),
    }));
});

describe('Terraform: per-file rules at the HCL attribute', () => {
  const tls = (inner: string): string =>
    ts(`  name = "ts"\n  env_id = "test"\n  host = "h"\n  port = 443\n  s_sl_info {\n    enabled = true\n${inner}\n  }`);
  it('obsolete-protocol: at the list item', () =>
    void expectFileSpans('obsolete-protocol', tls('    protocols = ["«TLSv1»", "TLSv1.2"]\n    enforce = true')));
  it('obsolete-protocol: a protocol list from a variable default in another file: not here (at the default)', () =>
    void expectFileSpans('obsolete-protocol', tls('    protocols = var.protocols\n    enforce = true'), {
      'terraform/variables.tf': 'variable "protocols" {\n  default = ["TLSv1.1"]\n}\n',
    }));
  it('ignore-validation-errors: at the value, worded with the attribute', () => {
    const [message] = expectFileSpans('ignore-validation-errors', tls('    ignore_validation_errors = «true»'));
    assert.match(message!, /^ignore_validation_errors = true: /);
  });
  it('nothing while a value is decided at plan time', () =>
    void expectFileSpans('obsolete-protocol', tls('    protocols = data.x.y.protocols\n    enforce = true')));
  it('an in-place fix: a boolean for a boolean', () => {
    const text = tls('    ignore_validation_errors = true\n    enforce = true');
    const { root, ws } = workspaceOf({ [MAIN]: text });
    const [f] = lintFile(ws, join(root, MAIN), text, {}).filter((x) => x.ruleId === 'ignore-validation-errors');
    assert.deepEqual(
      f!.fixes.map((x) => [x.title, x.edits.map((e) => `${text.slice(e.start, e.end)}→${e.newText}`).join()]),
      [['Set ignore_validation_errors to false', 'true→false']],
    );
  });
});

describe('Terraform: scastria/apigee apigee_target_server (flat ssl_* attributes, no enforce)', () => {
  const flat = (extra: string): string =>
    `resource "apigee_target_server" "orders" {\n  environment_name = "prod"\n  name = "orders"\n  host = "orders.example.org"\n  port = 443\n  «ssl_enabled» = true\n${extra}}\n`;
  it('ssl_truststore, ssl_keystore and ssl_keyalias are read', () => {
    const { ws } = workspaceOf({
      [MAIN]: unmark(flat('  ssl_truststore = "ref://orders-ca"\n  ssl_keystore = "ks"\n  ssl_keyalias = "k"\n')).text,
    });
    const s = ws.allEnvironments()[0]!.targetServers.get('orders')![0]!;
    assert.deepEqual([s.trustStore?.value, s.keyStore?.value, s.keyAlias?.value], ['ref://orders-ca', 'ks', 'k']);
  });
  it("enforce-not-set names this resource's attributes and says it cannot set enforce", () => {
    const [message] = expectFileSpans('enforce-not-set', flat(''));
    assert.match(
      message!,
      /^No enforce = true \(this provider's apigee_target_server has no enforce: declare the TargetServer with google_apigee_target_server and s_sl_info \{ enforce = true \}\) and no ssl_truststore: /,
    );
    assert.doesNotMatch(message!, /trust_store|s_sl_info \{ enforce = true \}.*s_sl_info \{/);
  });
  it('with an ssl_truststore, only the missing enforce is said', () => {
    const [message] = expectFileSpans('enforce-not-set', flat('  ssl_truststore = "ref://orders-ca"\n'));
    assert.match(
      message!,
      /^No enforce = true \(this provider's apigee_target_server has no enforce: .*\): Apigee X does not enforce strict TLS; /,
    );
  });
});

describe('Terraform: certificates from file()', () => {
  const certs = tempDir();
  before(() => makeCertificate(certs, 'expired', -3));
  it('certificate-expired at the file() path, relative to the module', () =>
    expectSpans('certificate-expired', {
      'terraform/certs/c.pem': readFileSync(join(certs, 'expired.crt'), 'utf8'),
      [MAIN]:
        'resource "google_apigee_keystores_aliases_key_cert_file" "a" {\n  org_id = "acme"\n  environment = "test"\n  keystore = "ks"\n  alias = "a"\n  cert = file("«certs/c.pem»")\n}\n',
    }));
});

describe('Terraform: inventory and the CLI', () => {
  const repo = (): string =>
    writeTree({
      'apiproxy/targets/default.xml': loadBalanced('secure', 'plain'),
      'terraform/main.tf':
        environment +
        ts(
          '  name = "secure"\n  env_id = google_apigee_environment.prod.id\n  host = "secure.example.com"\n  port = 443\n  s_sl_info {\n    enabled = true\n    protocols = ["TLSv1.1"]\n  }',
          'a',
        ) +
        ts('  name = "plain"\n  env_id = google_apigee_environment.prod.id\n  host = "plain.example.com"\n  port = 443', 'b'),
    });
  it('the inventory sees Terraform TargetServers and their TLS', () =>
    assert.deepEqual(
      inventory(loadWorkspace([repo()])).map(
        (r) => `${r.env ?? '-'} ${r.targetServer ?? '-'} ${r.host ?? '?'}:${String(r.port)} ${String(r.tls)}`,
      ),
      ['prod secure secure.example.com:443 true', 'prod plain plain.example.com:443 false'],
    ));
  it('lint . reports at the Terraform attribute', async () => {
    let stdout = '';
    const code = await runCli(['lint', '.'], { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: repo(), isTTY: false });
    assert.equal(code, 1);
    assert.match(stdout, /^terraform\/main\.tf\n[^]*^ {2}12:19 +error +Apigee X does not support TLSv1\.1[^\n]*obsolete-protocol$/m);
    assert.match(
      stdout,
      /^ {2}19:10 +warning +TargetServer 'plain' uses port 443 but it has no s_sl_info block[^\n]*target-server-tls-port$/m,
    );
    assert.doesNotMatch(stdout, /unknown-target-server/);
  });
  it("lint's summary counts Terraform TargetServers as connections", async () => {
    const { stderr } = await lint(['lint', '.'], repo());
    assert.match(stderr, /^apigee-tls-lint: checked 2 files, 1 environment \(prod\), 3 connections$/m);
  });
});

/** Runs the CLI in `cwd`: exit code, stdout, stderr. */
async function lint(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { code: 0, stdout: '', stderr: '' };
  out.code = await runCli(argv, { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), cwd, isTTY: false });
  return out;
}

describe('Terraform: a .tf file named alone is judged through its module folder, as the editor judges it', () => {
  const repo = (): string =>
    writeTree({
      'terraform/variables.tf': 'variable "port" {\n  default = 443\n}\n',
      'terraform/main.tf':
        environment +
        ts('  name = "plain"\n  env_id = google_apigee_environment.prod.id\n  host = "p.example.com"\n  port = var.port', 'a'),
      'terraform/other.tf': ts(
        '  name = "other"\n  env_id = google_apigee_environment.prod.id\n  host = "o.example.com"\n  port = 443',
        'b',
      ),
    });
  it('its values come from the other files of the module; only the file named is reported', async () => {
    const { stdout, stderr } = await lint(['lint', 'terraform/main.tf'], repo());
    assert.match(
      stdout,
      /^ {2}9:10 +warning +TargetServer 'plain' uses port 443 [^\n]*port from the default of var\.port in variables\.tf[^\n]*target-server-tls-port$/m,
    );
    assert.deepEqual(stdout.match(/^\S.*$/gm), ['terraform/main.tf', '✖ 1 problem (0 errors, 1 warning, 0 info)']);
    assert.match(stderr, /^apigee-tls-lint: checked 3 files, 1 environment \(prod\), 2 connections$/m);
  });
  it('naming its folder reports every file of the module', async () => {
    const { stdout } = await lint(['lint', 'terraform'], repo());
    assert.deepEqual(stdout.match(/^\S.*$/gm), ['terraform/main.tf', 'terraform/other.tf', '✖ 2 problems (0 errors, 2 warnings, 0 info)']);
  });
});
