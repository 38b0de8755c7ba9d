// Whole Terraform workspaces as teams write them, judged end to end through the CLI: each finding's rule, exact
// line:column span and the words that name the environment or environment group, the inventory rows, the exit code.
// (a) the Google provider for Apigee X with a tfvars file per environment and a bundle using its TargetServers;
// (b) the Edge community providers scastria/apigee and zambien/apigee; (c) the load balancer in front of Apigee X.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { makeCertificate, sanCertificate } from './support/certs';
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
  objects: { env: string; kind: string; name: string; detail: string }[];
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
        'infra/envs/prod.tfvars 4:24-4:31 obsolete-protocol',
        /^Apigee X does not support TLSv1\.1: .* \(environment prod; env_id from envs\/prod\.tfvars; host from envs\/prod\.tfvars; protocols from envs\/prod\.tfvars\)$/,
      ],
      [
        'infra/main.tf 37:23-37:59 certificate-expires-soon',
        /^Certificate 'CN=payments-ca' of alias 'payments-ca' expires on \S+, in (?:19|20) days \(environment dev\)\.$/,
      ],
      [
        'infra/main.tf 37:23-37:59 certificate-expires-soon',
        /^Certificate 'CN=payments-ca' of alias 'payments-ca' expires on \S+, in (?:19|20) days \(environment prod\)\.$/,
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

describe('(c) the load balancer in front of Apigee X', () => {
  const lb = `resource "google_apigee_envgroup" "external" {
  org_id    = "organizations/acme-prod"
  name      = "external"
  hostnames = ["api.acme.com", "partners.acme.com", "legacy.acme.io", "b2b.acme.org", "shop.b2b.acme.org"]
}

resource "google_apigee_envgroup" "internal" {
  org_id    = "organizations/acme-prod"
  name      = "internal"
  hostnames = ["int.eu.acme.com"]
}

resource "google_apigee_envgroup_attachment" "external_prod" {
  envgroup_id = google_apigee_envgroup.external.id
  environment = "prod"
}

resource "google_apigee_envgroup_attachment" "internal_prod" {
  envgroup_id = google_apigee_envgroup.internal.id
  environment = "prod"
}

resource "google_compute_managed_ssl_certificate" "external" {
  name = "apigee-external"
  managed {
    domains = ["api.acme.com", "*.acme.com"]
  }
}

resource "google_compute_ssl_policy" "modern" {
  name    = "apigee-modern"
  profile = "MODERN"
}

resource "google_compute_ssl_policy" "compat" {
  name            = "apigee-compat"
  profile         = "COMPATIBLE"
  min_tls_version = "TLS_1_2"
}

resource "google_compute_ssl_policy" "custom" {
  name            = "apigee-custom"
  profile         = "CUSTOM"
  min_tls_version = "TLS_1_2"
  custom_features = ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"]
}

resource "google_compute_ssl_policy" "restricted" {
  name            = "apigee-restricted"
  profile         = "RESTRICTED"
  min_tls_version = "TLS_1_2"
}

resource "google_compute_target_https_proxy" "external" {
  name             = "apigee-external"
  url_map          = google_compute_url_map.apigee.id
  ssl_certificates = [google_compute_managed_ssl_certificate.external.id]
  ssl_policy       = google_compute_ssl_policy.modern.id
  server_tls_policy = google_network_security_server_tls_policy.mtls.id
}

resource "google_compute_target_https_proxy" "partners" {
  name            = "apigee-partners"
  url_map         = google_compute_url_map.apigee.id
  certificate_map = "//certificatemanager.googleapis.com/\${google_certificate_manager_certificate_map.partners.id}"
  ssl_policy      = google_compute_ssl_policy.restricted.id
}

resource "google_certificate_manager_certificate_map" "partners" {
  name = "apigee-partners"
}

resource "google_certificate_manager_certificate_map_entry" "partners" {
  name         = "partners"
  map          = google_certificate_manager_certificate_map.partners.name
  hostname     = "b2b.acme.org"
  certificates = [google_certificate_manager_certificate.b2b.id]
}

resource "google_certificate_manager_certificate" "b2b" {
  name = "apigee-b2b"
  managed {
    domains = ["b2b.acme.org"]
  }
}

resource "google_compute_region_target_https_proxy" "internal" {
  name             = "apigee-internal"
  region           = "europe-west1"
  url_map          = google_compute_region_url_map.apigee.id
  certificate_manager_certificates = [google_certificate_manager_certificate.internal.id]
}

resource "google_certificate_manager_certificate" "internal" {
  name     = "apigee-internal"
  location = "europe-west1"
  managed {
    domains = ["*.eu.acme.com"]
  }
}

resource "google_network_security_server_tls_policy" "mtls" {
  name     = "apigee-mtls"
  location = "global"
  mtls_policy {
    client_validation_mode = "ALLOW_INVALID_OR_MISSING_CLIENT_CERT"
  }
}

resource "google_network_security_server_tls_policy" "strict" {
  name     = "apigee-strict"
  location = "global"
  mtls_policy {
    client_validation_mode = "REJECT_INVALID"
  }
}
`;
  it('SSL policies, proxies with and without one, hostnames covered or not (wildcards, a certificate map), mTLS modes', async () => {
    const root = writeTree({ 'lb/main.tf': lb });
    const { code, found } = await lint(root);
    assert.equal(code, 1);
    const external =
      "environment group 'external' \\(api\\.acme\\.com, partners\\.acme\\.com, legacy\\.acme\\.io, b2b\\.acme\\.org and 1 more; environment prod\\)";
    expectFindings(found, [
      [
        'lb/main.tf 4:54-4:68 envgroup-hostname-not-covered',
        /^Hostname 'legacy\.acme\.io' of environment group 'external', environment prod is covered by no certificate of .*\(they cover api\.acme\.com, \*\.acme\.com, b2b\.acme\.org, \*\.eu\.acme\.com\)/,
      ],
      ['lb/main.tf 4:88-4:105 envgroup-hostname-not-covered', /^Hostname 'shop\.b2b\.acme\.org' of environment group 'external'/],
      [
        'lb/main.tf 30:1-30:46 ssl-policy-tls-version',
        new RegExp(
          `^google_compute_ssl_policy\\.modern has no min_tls_version \\(the default is TLS_1_0\\): clients of ${external} can connect with TLS 1\\.0 and 1\\.1\\. Set min_tls_version = "TLS_1_2"\\.$`,
        ),
      ],
      [
        'lb/main.tf 37:22-37:32 ssl-policy-weak-ciphers',
        /^google_compute_ssl_policy\.compat has profile = "COMPATIBLE".*'internal' \(int\.eu\.acme\.com; environment prod\) defined beside it\) are offered them\. Set profile = "MODERN"/,
      ],
      [
        'lb/main.tf 45:64-45:93 ssl-policy-weak-ciphers',
        /^google_compute_ssl_policy\.custom enables TLS_RSA_WITH_3DES_EDE_CBC_SHA in custom_features/,
      ],
      [
        'lb/main.tf 87:1-87:63 https-proxy-no-ssl-policy',
        /^google_compute_region_target_https_proxy\.internal: it has no ssl_policy, .*environment group 'internal' \(int\.eu\.acme\.com; environment prod\).*google_compute_region_ssl_policy/,
      ],
      [
        'lb/main.tf 106:31-106:67 lb-mtls-allow-invalid',
        new RegExp(
          `^\\(info\\) google_network_security_server_tls_policy\\.mtls has client_validation_mode = "ALLOW_INVALID_OR_MISSING_CLIENT_CERT": .*X-Client-Cert-Chain-Verified.*\\(${external}\\)\\.$`,
        ),
      ],
      [
        'lb/main.tf 114:31-114:45 lb-mtls-no-trust-config',
        /^google_network_security_server_tls_policy\.strict has client_validation_mode = "REJECT_INVALID" but no client_validation_trust_config/,
      ],
    ]);
    const { northbound } = await inventoryOf(root);
    assert.deepEqual(
      northbound.map(
        (n) => `${n.group} envs=${n.environments.join()} by=${n.proxies.join()} uncovered=${n.uncovered.join()} policy=${n.sslPolicy}`,
      ),
      [
        'external envs=prod by=google_compute_target_https_proxy.external,google_compute_target_https_proxy.partners uncovered=legacy.acme.io,shop.b2b.acme.org policy=apigee-modern: min TLS_1_0 (default), MODERN; apigee-restricted: min TLS_1_2, RESTRICTED',
        'internal envs=prod by=google_compute_region_target_https_proxy.internal uncovered= policy=Google default: min TLS_1_0, COMPATIBLE',
      ],
    );
  });

  it('regional policy and certificate file by self_link: the SANs of the file cover the hostname', async () => {
    const root = writeTree({
      'lb/main.tf': `resource "google_apigee_envgroup" "eu" {
  org_id    = "organizations/acme"
  name      = "eu"
  hostnames = ["eu.acme.com"]
}

resource "google_compute_region_ssl_policy" "eu" {
  name            = "apigee-eu"
  region          = "europe-west1"
  profile         = "MODERN"
  min_tls_version = "TLS_1_0"
}

resource "google_compute_ssl_policy" "global" {
  name            = "apigee-global"
  profile         = "COMPATIBLE"
  min_tls_version = "TLS_1_2"
}

resource "google_compute_region_ssl_certificate" "eu" {
  name        = "eu"
  region      = "europe-west1"
  certificate = file("certs/eu.pem")
  private_key = file("certs/eu.key")
}

resource "google_compute_region_target_https_proxy" "eu" {
  name             = "apigee-eu"
  region           = "europe-west1"
  url_map          = google_compute_region_url_map.apigee.id
  ssl_certificates = [google_compute_region_ssl_certificate.eu.self_link]
  ssl_policy       = google_compute_region_ssl_policy.eu.self_link
}

resource "google_compute_target_https_proxy" "global" {
  name             = "apigee-global"
  url_map          = google_compute_url_map.apigee.id
  ssl_certificates = [google_compute_managed_ssl_certificate.global.self_link]
  ssl_policy       = google_compute_ssl_policy.global.self_link
}

resource "google_compute_managed_ssl_certificate" "global" {
  name = "global"
  managed {
    domains = ["eu.acme.com"]
  }
}
`,
      'lb/certs/eu.pem': sanCertificate(['eu.acme.com']),
      'lb/certs/eu.key': 'not read\n',
    });
    const { code, found } = await lint(root);
    assert.equal(code, 0);
    expectFindings(found, [
      [
        'lb/main.tf 11:22-11:29 ssl-policy-tls-version',
        /^google_compute_region_ssl_policy\.eu has min_tls_version = "TLS_1_0": clients of environment group 'eu' \(eu\.acme\.com\) can connect with TLS 1\.0 and 1\.1\./,
      ],
      [
        'lb/main.tf 16:22-16:32 ssl-policy-weak-ciphers',
        /^google_compute_ssl_policy\.global has profile = "COMPATIBLE".*clients of environment group 'eu' \(eu\.acme\.com\) are offered them/,
      ],
    ]);
    const { northbound } = await inventoryOf(root);
    assert.deepEqual(
      northbound.map((n) => `${n.group} uncovered=${n.uncovered.join()} policy=${n.sslPolicy}`),
      ['eu uncovered= policy=apigee-eu: min TLS_1_0, MODERN; apigee-global: min TLS_1_2, COMPATIBLE'],
    );
  });
});

describe('(d) a module driven by a tfvars map: for_each over it, s_sl_info switched on by a conditional', () => {
  it('the conditional is decided from terraform.tfvars; findings name the instance, the environment and the file', async () => {
    const root = writeTree({
      'apigee/main.tf': `variable "project_id" { type = string }
variable "environments" {
  type = map(object({
    display_name = optional(string)
  }))
}
variable "target_servers" {
  type = map(object({
    env       = string
    host      = string
    port      = number
    tls       = bool
    protocols = optional(list(string))
  }))
  default = {}
}

locals {
  org_id = "organizations/\${var.project_id}"
}

resource "google_apigee_environment" "envs" {
  for_each     = var.environments
  org_id       = local.org_id
  name         = each.key
  display_name = each.value.display_name
}

resource "google_apigee_target_server" "servers" {
  for_each = var.target_servers
  name     = each.key
  env_id   = "\${local.org_id}/environments/\${each.value.env}"
  host     = each.value.host
  port     = each.value.port
  dynamic "s_sl_info" {
    for_each = each.value.tls ? [1] : []
    content {
      enabled   = true
      protocols = each.value.protocols
    }
  }
}
`,
      'apigee/terraform.tfvars': `project_id = "acme-x"
environments = {
  dev  = { display_name = "Development" }
  prod = {}
}
target_servers = {
  orders = { env = "dev", host = "orders.dev.acme.com", port = 443, tls = true, protocols = ["TLSv1.1"] }
  stock  = { env = "prod", host = "stock.acme.com", port = 443, tls = false }
}
`,
    });
    const { code, found } = await lint(root);
    assert.equal(code, 1);
    expectFindings(found, [
      [
        'apigee/main.tf 34:14-34:29 target-server-tls-port',
        /^TargetServer 'stock' uses port 443 but it has no s_sl_info block with enabled = true: .*\(environment prod; for_each key "stock"; .*port from terraform\.tfvars\)\.$/,
      ],
      [
        'apigee/main.tf 35:3-35:10 enforce-not-set',
        /^No enforce = true and no trust_store: .*\(environment dev; for_each key "orders"; .*\)$/,
      ],
      [
        'apigee/terraform.tfvars 7:95-7:102 obsolete-protocol',
        /^Apigee X does not support TLSv1\.1: .*\(environment dev; for_each key "orders"; .*protocols from terraform\.tfvars\)$/,
      ],
    ]);
    const { objects } = await inventoryOf(root);
    assert.deepEqual(
      objects.map((o) => `${o.env} ${o.kind} ${o.name}: ${o.detail}`),
      ['dev TargetServer orders: orders.dev.acme.com:443, TLS', 'prod TargetServer stock: stock.acme.com:443, plain HTTP'],
    );
  });
});

describe('(e) one load balancer module, a tfvars file per environment', () => {
  it("each run links its own proxy, policy, certificates and group: dev's TLS 1.0 is not said of prod", async () => {
    const root = writeTree({
      'lb/main.tf': `variable "env" { type = string }
variable "hostnames" { type = list(string) }
variable "cert_domains" { type = list(string) }
variable "min_tls" {
  type    = string
  default = "TLS_1_2"
}

resource "google_apigee_envgroup" "main" {
  org_id    = "organizations/acme"
  name      = "main-\${var.env}"
  hostnames = var.hostnames
}

resource "google_apigee_envgroup_attachment" "main" {
  envgroup_id = google_apigee_envgroup.main.id
  environment = var.env
}

resource "google_compute_managed_ssl_certificate" "main" {
  name = "apigee-\${var.env}"
  managed {
    domains = var.cert_domains
  }
}

resource "google_compute_ssl_policy" "main" {
  name            = "apigee-\${var.env}"
  profile         = "MODERN"
  min_tls_version = var.min_tls
}

resource "google_compute_target_https_proxy" "main" {
  name             = "apigee-\${var.env}"
  url_map          = "projects/acme/global/urlMaps/apigee"
  ssl_certificates = [google_compute_managed_ssl_certificate.main.id]
  ssl_policy       = google_compute_ssl_policy.main.id
}
`,
      'lb/dev.tfvars': `env = "dev"
hostnames = ["api.dev.acme.com", "dev.acme.io"]
cert_domains = ["api.dev.acme.com"]
min_tls = "TLS_1_0"
`,
      'lb/prod.tfvars': `env = "prod"
hostnames = ["api.acme.com"]
cert_domains = ["api.acme.com"]
`,
    });
    const { code, found } = await lint(root);
    assert.equal(code, 1);
    expectFindings(found, [
      [
        'lb/dev.tfvars 4:12-4:19 ssl-policy-tls-version',
        /^google_compute_ssl_policy\.main has min_tls_version = "TLS_1_0": clients of environment group 'main-dev' \(api\.dev\.acme\.com, dev\.acme\.io; environment dev\) can connect with TLS 1\.0 and 1\.1\. Set min_tls_version = "TLS_1_2" \(dev\.tfvars\)\.$/,
      ],
      [
        'lb/main.tf 12:15-12:28 envgroup-hostname-not-covered',
        /^Hostname 'dev\.acme\.io' of environment group 'main-dev', environment dev is covered by no certificate of google_compute_target_https_proxy\.main \(they cover api\.dev\.acme\.com\): .*\(dev\.tfvars\)\.$/,
      ],
    ]);
    const { northbound } = await inventoryOf(root);
    assert.deepEqual(
      northbound.map((n) => `${n.group} envs=${n.environments.join()} uncovered=${n.uncovered.join()} policy=${n.sslPolicy}`),
      [
        'main-dev envs=dev uncovered=dev.acme.io policy=apigee-dev: min TLS_1_0, MODERN',
        'main-prod envs=prod uncovered= policy=apigee-prod: min TLS_1_2, MODERN',
      ],
    );
  });
});

describe('(f) environments created with for_each, referred to by instance', () => {
  it('env_id = google_apigee_environment.envs["prod"].id and for_each = google_apigee_environment.envs resolve', async () => {
    const root = writeTree({
      'tf/main.tf': `locals {
  envs = toset(["dev", "prod"])
}

resource "google_apigee_environment" "envs" {
  for_each = local.envs
  org_id   = "organizations/acme"
  name     = each.key
}

resource "google_apigee_env_keystore" "trust" {
  for_each = local.envs
  name     = "backend-trust"
  env_id   = google_apigee_environment.envs[each.key].id
}

resource "google_apigee_env_references" "trust" {
  for_each      = local.envs
  name          = "backend-trust-ref"
  env_id        = google_apigee_environment.envs[each.key].id
  resource_type = "KeyStore"
  refers        = google_apigee_env_keystore.trust[each.key].name
}

resource "google_apigee_target_server" "crm" {
  name   = "crm"
  env_id = google_apigee_environment.envs["prod"].id
  host   = "crm.acme.com"
  port   = 443
  s_sl_info {
    enabled     = true
    enforce     = true
    trust_store = "ref://\${google_apigee_env_references.trust["prod"].name}"
  }
}

resource "google_apigee_target_server" "erp" {
  for_each = google_apigee_environment.envs
  name     = "erp"
  env_id   = each.value.id
  host     = "erp.acme.com"
  port     = 443
  s_sl_info {
    enabled     = true
    enforce     = true
    trust_store = "ref://missing-ref"
  }
}
`,
    });
    const { code, found } = await lint(root);
    assert.equal(code, 1);
    expectFindings(found, [
      ['tf/main.tf 46:20-46:37 unresolved-reference', /^No reference 'missing-ref' in environment dev\.$/],
      ['tf/main.tf 46:20-46:37 unresolved-reference', /^No reference 'missing-ref' in environment prod\.$/],
    ]);
    const { objects } = await inventoryOf(root);
    assert.deepEqual(
      objects.filter((o) => o.kind === 'TargetServer').map((o) => `${o.env} ${o.name}: ${o.detail}`),
      ['dev erp: erp.acme.com:443, TLS', 'prod crm: crm.acme.com:443, TLS', 'prod erp: erp.acme.com:443, TLS'],
    );
  });
});

describe('(g) a bundle with its own SSLInfo beside a LoadBalancer over Terraform TargetServers', () => {
  it('says which Terraform TargetServer lacks its s_sl_info block; a name Terraform does not define is unknown', async () => {
    const root = writeTree({
      'terraform/servers.tf': `resource "google_apigee_target_server" "ledger" {
  name   = "ledger"
  env_id = "organizations/acme/environments/prod"
  host   = "ledger.acme.com"
  port   = 8443
}
`,
      'apiproxy/ledger.xml': '<APIProxy name="ledger"/>\n',
      'apiproxy/targets/default.xml':
        '<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n    </SSLInfo>\n    <LoadBalancer>\n      <Server name="ledger"/>\n      <Server name="ledgr"/>\n    </LoadBalancer>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
    });
    const { code, found } = await lint(root);
    assert.equal(code, 1);
    expectFindings(found, [
      [
        'apiproxy/targets/default.xml 3:6-3:13 loadbalancer-sslinfo',
        /^TargetServer 'ledger' \(environment prod\) has no s_sl_info block: .*\(its s_sl_info block, which wins when both are set\)\.$/,
      ],
      [
        'apiproxy/targets/default.xml 8:21-8:26 unknown-target-server',
        /^No TargetServer 'ledgr' in environment prod\. Did you mean 'ledger'\?$/,
      ],
    ]);
  });
});

describe('(h) two-way TLS: a PKCS#12 alias by path, a self-signed alias, a keystore named through a resource', () => {
  it("the archive's certificate expiry at its path; store-not-reference at the key_store that refers to the keystore", async () => {
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
    const root = writeTree({
      'tf/main.tf': `resource "google_apigee_env_keystore" "mtls" {
  name   = "mtls"
  env_id = "organizations/acme/environments/prod"
}

resource "google_apigee_keystores_aliases_pkcs12" "client" {
  org_id      = "acme"
  environment = "prod"
  keystore    = google_apigee_env_keystore.mtls.name
  alias       = "client"
  file        = "\${path.module}/certs/c.p12"
  filehash    = filemd5("\${path.module}/certs/c.p12")
  password    = "secret"
}

resource "google_apigee_keystores_aliases_self_signed_cert" "ss" {
  org_id      = "acme"
  environment = "prod"
  keystore    = google_apigee_env_keystore.mtls.name
  alias       = "selfsigned"
  key_size    = 2048
  sig_alg     = "SHA256withRSA"
  cert_validity_in_days = 365
  subject {
    common_name = "partner.acme.com"
  }
}

resource "google_apigee_target_server" "partner" {
  name   = "partner"
  env_id = "organizations/acme/environments/prod"
  host   = "partner.acme.com"
  port   = 443
  s_sl_info {
    enabled             = true
    enforce             = true
    client_auth_enabled = true
    key_store           = google_apigee_env_keystore.mtls.name
    key_alias           = "client"
    trust_store         = "ref://partner-trust"
  }
}
`,
      'tf/certs/c.p12': readFileSync(join(certs, 'c.p12')),
    });
    const { code, found } = await lint(root);
    assert.equal(code, 0);
    expectFindings(found, [
      [
        'tf/main.tf 11:18-11:44 certificate-expires-soon',
        /^Certificate 'CN=client' of alias 'client' expires on \S+, in (?:9|10) days \(environment prod\)\.$/,
      ],
      ['tf/main.tf 38:27-38:63 store-not-reference', /^\(info\) key_store names the store 'mtls' directly/],
    ]);
  });
});

describe('(i) wildcard hostnames in an environment group', () => {
  it('a wildcard certificate covers one label and the same wildcard, case aside; not a deeper wildcard', async () => {
    const root = writeTree({
      'lb/main.tf': `resource "google_apigee_envgroup" "wild" {
  org_id    = "organizations/acme"
  name      = "wild"
  hostnames = ["*.api.acme.com", "*.acme.com", "ACME.com", "x.acme.com"]
}

resource "google_certificate_manager_certificate" "wild" {
  name = "wild"
  managed {
    domains            = ["*.acme.com", "acme.com"]
    dns_authorizations = [google_certificate_manager_dns_authorization.acme.id]
  }
}

resource "google_compute_target_https_proxy" "wild" {
  name                             = "wild"
  url_map                          = "m"
  certificate_manager_certificates = [google_certificate_manager_certificate.wild.id]
  ssl_policy                       = "projects/acme/global/sslPolicies/strict"
}
`,
    });
    const { code, found } = await lint(root);
    assert.equal(code, 1);
    expectFindings(found, [
      [
        'lb/main.tf 4:17-4:31 envgroup-hostname-not-covered',
        /^Hostname '\*\.api\.acme\.com' of environment group 'wild' is covered by no certificate of google_compute_target_https_proxy\.wild \(they cover \*\.acme\.com, acme\.com\)/,
      ],
    ]);
  });
});
