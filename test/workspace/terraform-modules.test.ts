// Local Terraform modules: a `module "x" { source = "./modules/x" … }` call gives the child module its inputs from
// the caller's arguments, so a reusable module is judged with its callers' values (findings at the caller's argument
// when the value comes from there); registry and git sources stay symbolic; nesting is bounded; cycles are refused.
// Also `count = N` (N instances, count.index known).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTfVarsJson } from '../../server/src/documents/hcl/tf-json';
import type { TargetServerDef } from '../../server/src/workspace/model';
import { MAX_MODULE_DEPTH } from '../../server/src/workspace/terraform/calls';
import { checkSpans, expectSpans, workspaceOf } from './support/tree';

const ROOT = 'terraform/main.tf';
const LB = 'terraform/modules/lb/main.tf';

/** Every TargetServer of the model: `env/name port (provenance)`. */
function servers(files: Record<string, string>): string[] {
  const { ws } = workspaceOf(files);
  return ws
    .allEnvironments()
    .flatMap((e) =>
      [...e.targetServers.values()]
        .flat()
        .map(
          (s: TargetServerDef) => `${e.env}/${s.name} ${String(s.port?.value)}${s.provenance === undefined ? '' : ` (${s.provenance})`}`,
        ),
    )
    .sort();
}

/** A reusable load balancer module: a proxy whose SSL policy is an input (default null), and a policy of its own. */
const lbModule = {
  'terraform/modules/lb/variables.tf': 'variable "ssl_policy" {\n  default = null\n}\nvariable "min_tls" {\n  default = "TLS_1_2"\n}\n',
  [LB]:
    'resource "google_compute_ssl_policy" "own" {\n  name            = "own"\n  profile         = "MODERN"\n  min_tls_version = var.min_tls\n}\n' +
    'resource "google_compute_target_https_proxy" "nb" {\n  name       = "nb"\n  url_map    = "m"\n  ssl_policy = var.ssl_policy\n}\n',
};
const strict =
  'resource "google_compute_ssl_policy" "strict" {\n  name            = "strict"\n  profile         = "MODERN"\n  min_tls_version = "TLS_1_2"\n}\n';
const call = (name: string, args: string, source = './modules/lb'): string => `module "${name}" {\n  source = "${source}"\n${args}}\n`;

describe('module calls: the caller passes the child its inputs', () => {
  it("every caller passes an ssl_policy: the child's default null is not reported", () =>
    expectSpans('https-proxy-no-ssl-policy', {
      ...lbModule,
      [ROOT]:
        strict +
        call('eu', '  ssl_policy = google_compute_ssl_policy.strict.id\n') +
        call('us', '  ssl_policy = google_compute_ssl_policy.strict.self_link\n'),
    }));
  it("a caller passing none: reported at the child's null default, naming the module instance", () => {
    const [f] = checkSpans('https-proxy-no-ssl-policy', {
      ...lbModule,
      'terraform/modules/lb/variables.tf': lbModule['terraform/modules/lb/variables.tf'].replace('default = null', 'default = «null»'),
      [ROOT]: strict + call('eu', '  ssl_policy = google_compute_ssl_policy.strict.id\n') + call('legacy', ''),
    });
    assert.match(
      f!.message,
      /^module\.legacy\.google_compute_target_https_proxy\.nb: its ssl_policy is null \(the default of var\.ssl_policy/,
    );
  });
  it("a caller passing null explicitly: reported at the caller's argument", () =>
    expectSpans('https-proxy-no-ssl-policy', { ...lbModule, [ROOT]: call('legacy', '  ssl_policy = «null»\n') }));
  it("a weak version passed by the caller lands at the caller's argument, with the fix there", () => {
    const [f] = checkSpans('ssl-policy-tls-version', {
      ...lbModule,
      [ROOT]: strict + call('eu', '  ssl_policy = google_compute_ssl_policy.strict.id\n  min_tls = "«TLS_1_1»"\n') + call('us', ''),
    });
    assert.match(f!.message, /^module\.eu\.google_compute_ssl_policy\.own has min_tls_version = "TLS_1_1"/);
    assert.deepEqual(
      f!.fixes.map((x) => x.edits.map((e) => e.newText)),
      [['TLS_1_2']],
    );
  });
  it("a version from the caller's tfvars lands at the tfvars entry, where it is written", () =>
    expectSpans('ssl-policy-tls-version', {
      ...lbModule,
      'terraform/variables.tf': 'variable "min_tls" {}\n',
      'terraform/terraform.tfvars': 'min_tls = "«TLS_1_0»"\n',
      [ROOT]: call('eu', '  min_tls = var.min_tls\n'),
    }));
  it('the policy passed in is the one the proxy applies: its weakness names the module proxy', () => {
    const [f] = checkSpans('ssl-policy-tls-version', {
      ...lbModule,
      [ROOT]:
        'resource "google_compute_ssl_policy" "weak" {\n  name = "weak"\n  profile = "MODERN"\n  min_tls_version = "«TLS_1_0»"\n}\n' +
        call('eu', '  ssl_policy = google_compute_ssl_policy.weak.id\n'),
    });
    assert.doesNotMatch(f!.message, /none in this module/);
  });
});

/** Two levels: the root calls an environment module per tfvars variant, which calls a TargetServer module. */
const twoLevel = {
  'terraform/variables.tf': 'variable "env" {}\nvariable "port" {\n  default = 443\n}\n',
  'terraform/envs/dev.tfvars': 'env = "dev"\n',
  'terraform/envs/prod.tfvars': 'env = "prod"\nport = 8443\n',
  [ROOT]: call('apigee', '  environment = var.env\n  port        = var.port\n', './modules/apigee'),
  'terraform/modules/apigee/main.tf':
    'variable "environment" {}\nvariable "port" {}\n' +
    call('backend', '  env_name = var.environment\n  port     = var.port\n  names    = ["a", "b"]\n', '../target-servers'),
  'terraform/modules/target-servers/main.tf':
    'variable "env_name" {}\nvariable "port" {\n  default = 80\n}\nvariable "names" {\n  default = []\n}\n' +
    'resource "google_apigee_target_server" "ts" {\n  for_each = toset(var.names)\n  name     = each.value\n  env_id   = var.env_name\n  host     = "h"\n  port     = var.port\n  protocol = "HTTP"\n}\n',
};

describe('module calls: values through two levels', () => {
  it("each tfvars variant of the root reaches the grandchild's TargetServers", () =>
    assert.deepEqual(
      servers(twoLevel).map((s) => s.replace(/ \(.*\)$/, '')),
      ['dev/a 443', 'dev/b 443', 'prod/a 8443', 'prod/b 8443'],
    ));
  it('says the for_each key and the module call that gave the values', () =>
    assert.match(servers(twoLevel)[0]!, /^dev\/a 443 \(for_each key "a"; .*module\.backend in main\.tf/));
  it('a child module folder is not read on its own with its defaults', () =>
    assert.deepEqual(
      servers({
        ...twoLevel,
        'terraform/modules/target-servers/terraform.tfvars': 'env_name = "sandbox"\nnames = ["x"]\n',
      }).filter((s) => s.startsWith('sandbox')),
      [],
    ));
  it('a folder no one calls is still read as a root module', () =>
    assert.deepEqual(
      servers({
        'other/main.tf': 'resource "google_apigee_target_server" "t" {\n  name = "t"\n  env_id = "qa"\n  host = "h"\n  port = 1\n}\n',
      }),
      ['qa/t 1'],
    ));
});

const tsModule = (env: string, next?: string): string =>
  `resource "google_apigee_target_server" "t" {\n  name = "${env}"\n  env_id = "${env}"\n  host = "h"\n  port = 1\n}\n` +
  (next === undefined ? '' : call('next', '', next));

describe('module calls: what stays symbolic, bounds, cycles', () => {
  it('registry and git sources are not read (nothing guessed); a local folder that does not exist neither', () =>
    assert.deepEqual(
      servers({
        [ROOT]:
          tsModule('root') +
          call('r', '  env = "x"\n', 'terraform-google-modules/apigee/google') +
          call('g', '  env = "x"\n', 'git::https://example.com/m.git') +
          call('missing', '', './modules/none'),
      }),
      ['root/root 1'],
    ));
  it('a cycle of calls is refused: each module read once per path, and the reading ends', () =>
    assert.deepEqual(
      servers({
        [ROOT]: tsModule('root', './modules/a'),
        'terraform/modules/a/main.tf': tsModule('a', '../b'),
        'terraform/modules/b/main.tf': tsModule('b', '../a'),
      }),
      ['a/a 1', 'b/b 1', 'root/root 1'],
    ));
  it('a module calling itself is refused', () => assert.deepEqual(servers({ [ROOT]: tsModule('root', './') }), ['root/root 1']));
  it(`nesting is read ${MAX_MODULE_DEPTH} levels below the root, no deeper`, () => {
    const files: Record<string, string> = { [ROOT]: tsModule('m0', './m1') };
    for (let i = 1; i <= 12; i++)
      files[`terraform/${Array.from({ length: i }, (_, k) => `m${k + 1}`).join('/')}/main.tf`] = tsModule(`m${i}`, `./m${i + 1}`);
    assert.equal(servers(files).length, MAX_MODULE_DEPTH + 1);
  });
  it('a for_each over a literal map of module instances: one instance each, prefixed by its key', () =>
    assert.deepEqual(
      servers({
        [ROOT]: 'module "env" {\n  for_each = { dev = 1, prod = 2 }\n  source = "./m"\n  env = each.key\n  port = each.value\n}\n',
        'terraform/m/main.tf':
          'variable "env" {}\nvariable "port" {}\nresource "google_apigee_target_server" "t" {\n  name = "t"\n  env_id = var.env\n  host = "h"\n  port = var.port\n}\n',
      }).map((s) => s.replace(/ \(.*\)$/, '')),
      ['dev/t 1', 'prod/t 2'],
    ));
});

describe('count', () => {
  const counted = (count: string): string[] =>
    servers({
      'terraform/variables.tf': 'variable "n" {}\n',
      [ROOT]: `resource "google_apigee_target_server" "t" {\n  count = ${count}\n  name = "ts-\${count.index}"\n  env_id = "prod"\n  host = "h"\n  port = 443\n}\n`,
    });
  it('count = 2: two instances, count.index known', () =>
    assert.deepEqual(counted('2'), ['prod/ts-0 443 (count.index 0)', 'prod/ts-1 443 (count.index 1)']));
  it('count = 0: none', () => assert.deepEqual(counted('0'), []));
  it('count from a variable only plan knows: none, never guessed', () => assert.deepEqual(counted('var.n'), []));
});

describe('*.tfvars.json', () => {
  const withVars = (vars: Record<string, string>): string[] =>
    servers({
      'terraform/variables.tf': 'variable "env" {}\nvariable "port" {\n  default = 80\n}\n',
      ...vars,
      [ROOT]: 'resource "google_apigee_target_server" "t" {\n  name = "t"\n  env_id = var.env\n  host = "h"\n  port = var.port\n}\n',
    });
  it('terraform.tfvars.json applies to all; a named one per environment', () =>
    assert.deepEqual(
      withVars({
        'terraform/terraform.tfvars.json': '{ "port": 443 }',
        'terraform/envs/dev.tfvars.json': '{ "env": "dev" }',
        'terraform/envs/prod.tfvars.json': '{ "env": "prod", "port": 8443 }',
      }).map((s) => s.replace(/ \(.*\)$/, '')),
      ['dev/t 443', 'prod/t 8443'],
    ));
  it('its strings are literal: "${…}" is not a template', () =>
    assert.deepEqual(
      parseTfVarsJson('{ "env": "${x}" }').body.attributes.map((a) => [a.name, a.value.kind === 'string' && a.value.parts]),
      [['env', [{ kind: 'literal', value: '${x}' }]]],
    ));
  it('a broken one gives no values, and no crash', () =>
    assert.deepEqual(withVars({ 'terraform/terraform.tfvars.json': '{ "env": ' }), []));
});
