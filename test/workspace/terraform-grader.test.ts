// Whole Terraform workspaces as teams write them, judged end to end through the CLI: each finding's rule, exact
// line:column span and the words that name the environment or environment group, the inventory rows, the exit code.
// (a) the Google provider for Apigee X with a tfvars file per environment and a bundle using its TargetServers;
// (b) the Edge community providers scastria/apigee and zambien/apigee; (c) the load balancer in front of Apigee X.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { makeCertificate } from './support/certs';
import { tempDir, writeTree } from './support/tree';

interface Reported {
  at: string;
  message: string;
}

/** `lint . --format json`: every finding as `file line:col-line:col rule`, its message, and the exit code. */
async function lint(root: string): Promise<{ code: number; found: Reported[] }> {
  let stdout = '';
  const code = await runCli(['lint', '.', '--format', 'json'], {
    stdout: (t) => (stdout += t),
    stderr: () => undefined,
    cwd: root,
    isTTY: false,
  });
  const files = JSON.parse(stdout) as {
    filePath: string;
    messages: { ruleId: string; message: string; line: number; column: number; endLine: number; endColumn: number }[];
  }[];
  const found = files.flatMap((f) =>
    f.messages.map((m) => ({
      at: `${f.filePath.slice(root.length + 1)} ${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId}`,
      message: m.message,
    })),
  );
  return { code, found };
}

/** `inventory . --format json`, parsed. */
async function inventoryOf(root: string): Promise<{
  connections: {
    env: string;
    bundle: string;
    targetServer?: string;
    host?: string;
    port?: number;
    tls: unknown;
    protocols: string[];
    trustStore?: { keystore?: string; certificates: { subject: string }[] };
  }[];
  northbound: { group: string; hostnames: string[]; environments: string[]; proxies: string[]; uncovered: string[]; sslPolicy: string }[];
}> {
  let stdout = '';
  assert.equal(
    await runCli(['inventory', '.', '--format', 'json'], {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      cwd: root,
      isTTY: false,
    }),
    0,
  );
  return JSON.parse(stdout) as never;
}

/** The findings at exactly these places (in order of place), each message matching its pattern. */
function expectFindings(found: Reported[], expected: [string, RegExp][]): void {
  const order = (a: Reported, b: Reported): number =>
    a.at.localeCompare(b.at, 'en', { numeric: true }) || a.message.localeCompare(b.message);
  const sorted = [...found].sort(order);
  assert.deepEqual(
    sorted.map((f) => f.at),
    expected.map(([at]) => at),
  );
  sorted.forEach((f, i) => assert.match(f.message, expected[i]![1], f.at));
}

describe('(a) Google provider, Apigee X: environments, tfvars per environment, a bundle load-balancing over the TargetServers', () => {
  let root = '';
  before(() => {
    const certs = tempDir();
    makeCertificate(certs, 'payments-ca', 20);
    root = writeTree({
      'infra/variables.tf': `variable "project_id" {
  type        = string
  description = "GCP project hosting the Apigee X organization"
}

variable "env_name" {
  type = string
}

variable "payments_host" {
  type = string
}

variable "payments_protocols" {
  type    = list(string)
  default = ["TLSv1.2"]
}

variable "ledger_port" {
  type    = number
  default = 443
}
`,
      'infra/main.tf': `locals {
  org_id = "organizations/\${var.project_id}"
}

resource "google_apigee_environment" "runtime" {
  org_id       = local.org_id
  name         = var.env_name
  display_name = "Runtime \${var.env_name}"
}

resource "google_apigee_environment" "sandbox" {
  org_id = local.org_id
  name   = "sandbox"
}

resource "google_apigee_envgroup" "public" {
  org_id    = local.org_id
  name      = "public"
  hostnames = ["api.acme-bank.com"]
}

resource "google_apigee_envgroup_attachment" "public_runtime" {
  envgroup_id = google_apigee_envgroup.public.id
  environment = google_apigee_environment.runtime.name
}

resource "google_apigee_env_keystore" "backend_trust" {
  name   = "backend-trust"
  env_id = google_apigee_environment.runtime.id
}

resource "google_apigee_keystores_aliases_key_cert_file" "payments_ca" {
  org_id      = var.project_id
  environment = google_apigee_environment.runtime.name
  keystore    = google_apigee_env_keystore.backend_trust.name
  alias       = "payments-ca"
  cert        = file("\${path.module}/certs/payments-ca.pem")
}

resource "google_apigee_env_references" "backend_trust" {
  env_id        = google_apigee_environment.runtime.id
  name          = "backend-trust-ref"
  resource_type = "KeyStore"
  refers        = google_apigee_env_keystore.backend_trust.name
}

resource "google_apigee_target_server" "payments" {
  name        = "payments"
  description = "Payments core"
  protocol    = "HTTP"
  host        = var.payments_host
  port        = 443
  env_id      = google_apigee_environment.runtime.id
  s_sl_info {
    enabled                  = true
    protocols                = var.payments_protocols
    ignore_validation_errors = true
    enforce                  = false
    trust_store              = "ref://backend-trust-ref"
  }
}

resource "google_apigee_target_server" "ledger" {
  name     = "ledger"
  protocol = "HTTPS"
  host     = "ledger.internal.acme-bank.com"
  port     = var.ledger_port
  env_id   = google_apigee_environment.runtime.id
}
`,
      'infra/certs/payments-ca.pem': readFileSync(join(certs, 'payments-ca.crt'), 'utf8'),
      'infra/envs/dev.tfvars':
        'project_id         = "acme-apigee-dev"\nenv_name           = "dev"\npayments_host      = "payments.dev.acme-bank.com"\npayments_protocols = ["TLSv1.2"]\n',
      'infra/envs/prod.tfvars':
        'project_id         = "acme-apigee-prod"\nenv_name           = "prod"\npayments_host      = "payments.acme-bank.com"\npayments_protocols = ["TLSv1.1", "TLSv1.2"]\nledger_port        = 8443\n',
      'apiproxy/payments-v1.xml': '<APIProxy name="payments-v1"/>\n',
      'apiproxy/targets/default.xml':
        '<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <LoadBalancer>\n      <Server name="payments"/>\n      <Server name="ledger"/>\n    </LoadBalancer>\n    <Path>/v1/payments</Path>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
    });
  });

  it('findings at the attribute; a value only prod.tfvars gives names prod and the file', async () => {
    const { code, found } = await lint(root);
    assert.equal(code, 1);
    expectFindings(found, [
      [
        'infra/main.tf 37:23-37:59 certificate-expires-soon',
        /^Certificate 'CN=payments-ca' of alias 'payments-ca' expires on \S+, in (?:19|20) days \(environment dev\)\.$/,
      ],
      [
        'infra/main.tf 37:23-37:59 certificate-expires-soon',
        /^Certificate 'CN=payments-ca' of alias 'payments-ca' expires on \S+, in (?:19|20) days \(environment prod\)\.$/,
      ],
      [
        'infra/main.tf 56:32-56:54 obsolete-protocol',
        /^Apigee X does not support TLSv1\.1: .* \(environment prod; env_id from envs\/prod\.tfvars; host from envs\/prod\.tfvars; protocols from envs\/prod\.tfvars\)$/,
      ],
      ['infra/main.tf 57:32-57:36 ignore-validation-errors', /^ignore_validation_errors = true: Apigee accepts expired/],
      ['infra/main.tf 58:32-58:37 enforce-not-set', /^\(info\) enforce = false: Apigee X does not enforce strict TLS/],
      [
        'infra/main.tf 67:14-67:29 target-server-tls-port',
        /^TargetServer 'ledger' uses port 443 but it has no s_sl_info block with enabled = true: Apigee sends plain HTTP to a TLS port \(environment dev; env_id from envs\/dev\.tfvars; port from the default of var\.ledger_port in variables\.tf\)\.$/,
      ],
    ]);
  });

  it("the inventory: one row per environment and TargetServer, TLS and protocols from that environment's tfvars", async () => {
    const { connections, northbound } = await inventoryOf(root);
    assert.deepEqual(
      connections.map(
        (r) =>
          `${r.env} ${r.bundle} ${r.targetServer ?? '-'} ${r.host ?? '?'}:${String(r.port)} tls=${String(r.tls)} [${r.protocols.join(' ')}] ${r.trustStore?.keystore ?? '-'} ${r.trustStore?.certificates.map((c) => c.subject).join() ?? ''}`,
      ),
      [
        'dev payments-v1 payments payments.dev.acme-bank.com:443 tls=true [TLSv1.2] backend-trust CN=payments-ca',
        'dev payments-v1 ledger ledger.internal.acme-bank.com:443 tls=false [] - ',
        'prod payments-v1 payments payments.acme-bank.com:443 tls=true [TLSv1.1 TLSv1.2] backend-trust CN=payments-ca',
        'prod payments-v1 ledger ledger.internal.acme-bank.com:8443 tls=false [] - ',
        // The sandbox environment the module also creates has no TargetServers: honestly unknown, not guessed.
        'sandbox payments-v1 payments ?:undefined tls=unknown [] - ',
        'sandbox payments-v1 ledger ?:undefined tls=unknown [] - ',
      ],
    );
    assert.deepEqual(
      northbound.map((n) => `${n.group} [${n.hostnames.join()}] envs=${n.environments.join()} ${n.sslPolicy}`),
      ['public [api.acme-bank.com] envs=dev,prod no target HTTPS proxy here'],
    );
  });
});

describe('(b) the Edge community providers', () => {
  it('scastria/apigee: flat ssl_* attributes and protocols judged at the attribute, worded with their names', async () => {
    const root = writeTree({
      'edge/providers.tf':
        'terraform {\n  required_providers {\n    apigee = {\n      source  = "scastria/apigee"\n      version = "~> 0.1"\n    }\n  }\n}\n',
      'edge/targets.tf': `resource "apigee_target_server" "inventory" {
  environment_name             = "test"
  name                         = "inventory"
  host                         = "inventory.partner.example"
  port                         = 443
  ssl_enabled                  = true
  ssl_truststore               = "inventory-trust"
  ssl_ignore_validation_errors = true
  protocols                    = ["TLSv1.1", "TLSv1.2"]
}

resource "apigee_target_server" "legacy" {
  environment_name = "test"
  name             = "legacy"
  host             = "legacy.partner.example"
  port             = 443
}
`,
    });
    const { code, found } = await lint(root);
    assert.equal(code, 1);
    expectFindings(found, [
      [
        'edge/targets.tf 6:3-6:14 enforce-not-set',
        /this provider's apigee_target_server has no enforce: .* depends on ssl_ignore_validation_errors\.$/,
      ],
      ['edge/targets.tf 7:35-7:50 store-not-reference', /^\(info\) ssl_truststore names the store 'inventory-trust' directly/],
      ['edge/targets.tf 8:34-8:38 ignore-validation-errors', /^ssl_ignore_validation_errors = true: /],
      ['edge/targets.tf 9:36-9:43 obsolete-protocol', /does not support TLSv1\.1/],
      [
        'edge/targets.tf 16:22-16:25 target-server-tls-port',
        /^TargetServer 'legacy' uses port 443 but it has no ssl_enabled = true: .*\(environment test\)\.$/,
      ],
    ]);
  });

  it('zambien/apigee: an ssl_info block, env from a variable; an Edge workspace is not told about enforce', async () => {
    const root = writeTree({
      'tf/versions.tf':
        'terraform {\n  required_providers {\n    apigee = {\n      source  = "zambien/apigee"\n      version = "0.0.25"\n    }\n  }\n}\n',
      'tf/variables.tf': 'variable "apigee_org" {}\nvariable "apigee_env" {\n  default = "test"\n}\n',
      'tf/main.tf': `provider "apigee" {
  org = var.apigee_org
}

resource "apigee_target_server" "crm" {
  name    = "crm"
  host    = "crm.example.net"
  env     = var.apigee_env
  enabled = true
  port    = 443

  ssl_info {
    ssl_enabled              = "true"
    client_auth_enabled      = "false"
    ignore_validation_errors = true
    ciphers                  = ["TLS_RSA_WITH_RC4_128_SHA"]
    protocols                = ["TLSv1.2"]
    trust_store              = "crm-truststore"
  }
}

resource "apigee_target_server" "billing" {
  name = "billing"
  host = "billing.example.net"
  env  = var.apigee_env
  port = 443
  ssl_info {
    ssl_enabled = "false"
  }
}
`,
      'apiproxy/crm.xml': '<APIProxy name="crm"/>\n',
      'apiproxy/targets/default.xml':
        '<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <LoadBalancer>\n      <Server name="crm"/>\n      <Server name="billing"/>\n    </LoadBalancer>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
    });
    const { code, found } = await lint(root);
    assert.equal(code, 0);
    expectFindings(found, [
      ['tf/main.tf 15:32-15:36 ignore-validation-errors', /^ignore_validation_errors = true: /],
      ['tf/main.tf 16:34-16:58 weak-cipher', /^TLS_RSA_WITH_RC4_128_SHA is a weak cipher suite/],
      ['tf/main.tf 18:33-18:47 store-not-reference', /^\(info\) trust_store names the store 'crm-truststore' directly/],
      [
        'tf/main.tf 26:10-26:13 target-server-tls-port',
        /^TargetServer 'billing' uses port 443 but its ssl_info has ssl_enabled = false: .*\(environment test; env from the default of var\.apigee_env in variables\.tf\)\.$/,
      ],
    ]);
    const { connections } = await inventoryOf(root);
    assert.deepEqual(
      connections.map((r) => `${r.env} ${r.targetServer ?? '-'} ${r.host ?? '?'}:${String(r.port)} tls=${String(r.tls)}`),
      ['test crm crm.example.net:443 tls=true', 'test billing billing.example.net:443 tls=false'],
    );
  });
});
