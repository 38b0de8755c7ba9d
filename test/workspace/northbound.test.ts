// Northbound TLS on Apigee X as kept in Terraform: SSL policies, target HTTPS proxies, environment group hostnames
// against the certificates the load balancer serves, and mTLS server policies. The SSL policy cases restate the
// published passing and failing examples of Checkov CKV_GCP_4, tfsec google-compute-use-secure-tls-policy, KICS's
// SSL-policy query and Sonar's weak-protocol rule as our own fixtures; each verdict is the same here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/lint/fix-all';
import { northboundRows } from '../../server/src/workspace/inventory-northbound';
import { sanCertificate } from './support/certs';
import { checkSpans, expectSpans, findingsOf, workspaceOf } from './support/tree';

const LB = 'terraform/lb.tf';
const policy = (body: string, name = 'p'): string => `resource "google_compute_ssl_policy" "${name}" {\n  name = "${name}"\n${body}}\n`;
const group = (hostnames: string, name = 'public'): string =>
  `resource "google_apigee_envgroup" "${name}" {\n  name      = "${name}"\n  org_id    = "organizations/acme"\n  hostnames = ${hostnames}\n}\n`;
const managed = (domains: string, name = 'api'): string =>
  `resource "google_compute_managed_ssl_certificate" "${name}" {\n  name = "${name}"\n  managed {\n    domains = ${domains}\n  }\n}\n`;
const proxy = (body: string, name = 'nb', type = 'google_compute_target_https_proxy'): string =>
  `resource "${type}" "${name}" {\n  name    = "${name}"\n  url_map = "projects/p/global/urlMaps/m"\n${body}}\n`;

describe('ssl-policy-tls-version: what the generic scanners flag, at the attribute', () => {
  const spans = (marked: string): void => expectSpans('ssl-policy-tls-version', { [LB]: marked });
  it('tfsec and Checkov failing example: MODERN with TLS_1_1', () =>
    spans(policy('  profile         = "MODERN"\n  min_tls_version = "«TLS_1_1»"\n')));
  it('tfsec passing example: MODERN with TLS_1_2', () => spans(policy('  profile         = "MODERN"\n  min_tls_version = "TLS_1_2"\n')));
  it('KICS: CUSTOM without min_tls_version is TLS 1.0 (at the resource)', () =>
    spans(
      `«resource "google_compute_ssl_policy" "p"» {\n  profile = "CUSTOM"\n  custom_features = ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"]\n}\n`,
    ));
  it('KICS negative: CUSTOM with TLS_1_2', () =>
    spans(policy('  profile = "CUSTOM"\n  min_tls_version = "TLS_1_2"\n  custom_features = ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"]\n')));
  it('Sonar: MODERN alone (no min_tls_version) is TLS 1.0; RESTRICTED alone too', () =>
    spans(
      `«resource "google_compute_ssl_policy" "m"» {\n  profile = "MODERN"\n}\n«resource "google_compute_ssl_policy" "r"» {\n  profile = "RESTRICTED"\n}\n`,
    ));
  it('Sonar: a version from a variable known only at plan time is not judged; TLS_1_0 is', () =>
    spans(
      'variable "ssl" {}\n' + policy('  min_tls_version = var.ssl.tls_version\n', 'a') + policy('  min_tls_version = "«TLS_1_0»"\n', 'b'),
    ));
  it('a version from a tfvars file is flagged at the tfvars entry, where it is written, with the fix there', () => {
    const [f] = checkSpans('ssl-policy-tls-version', {
      'terraform/variables.tf': 'variable "min_tls" {}\n',
      'terraform/terraform.tfvars': 'min_tls = "«TLS_1_1»"\n',
      [LB]: policy('  profile = "MODERN"\n  min_tls_version = var.min_tls\n'),
    });
    assert.match(f!.message, /min_tls_version = "TLS_1_1"/);
    assert.deepEqual(
      f!.fixes.map((x) => x.edits),
      [[{ start: 11, end: 18, newText: 'TLS_1_2' }]],
    );
  });
  it('names the environment groups the policy serves, through the proxy that applies it', () => {
    const [f] = checkSpans('ssl-policy-tls-version', {
      [LB]:
        group('["api.example.com"]') +
        'resource "google_apigee_envgroup_attachment" "a" {\n  envgroup_id = google_apigee_envgroup.public.id\n  environment = "prod"\n}\n' +
        managed('["api.example.com"]') +
        policy('  profile = "MODERN"\n  min_tls_version = "«TLS_1_1»"\n') +
        proxy(
          '  ssl_policy       = google_compute_ssl_policy.p.id\n  ssl_certificates = [google_compute_managed_ssl_certificate.api.id]\n',
        ),
    });
    assert.equal(
      f!.message,
      'google_compute_ssl_policy.p has min_tls_version = "TLS_1_1": clients of environment group \'public\' (api.example.com; environment prod) can connect with TLS 1.1. Set min_tls_version = "TLS_1_2".',
    );
  });
});

describe('ssl-policy-weak-ciphers', () => {
  const spans = (marked: string): void => expectSpans('ssl-policy-weak-ciphers', { [LB]: marked });
  it('COMPATIBLE, written or by default', () =>
    spans(
      policy('  profile = "«COMPATIBLE»"\n  min_tls_version = "TLS_1_2"\n', 'a') +
        '«resource "google_compute_ssl_policy" "b"» {\n  min_tls_version = "TLS_1_2"\n}\n',
    ));
  it('MODERN, RESTRICTED and FIPS_202205 pass (as in Checkov and tfsec)', () =>
    spans(policy('  profile = "MODERN"\n', 'a') + policy('  profile = "RESTRICTED"\n', 'b') + policy('  profile = "FIPS_202205"\n', 'c')));
  it('CUSTOM: each legacy feature, at the feature', () =>
    spans(
      policy(
        '  profile = "CUSTOM"\n  custom_features = [\n    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",\n    "«TLS_RSA_WITH_AES_128_GCM_SHA256»",\n    "«TLS_RSA_WITH_3DES_EDE_CBC_SHA»",\n    "«TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA»",\n  ]\n',
      ),
    ));
});

describe('fixes on SSL policies', () => {
  const fixed = (ruleId: string, text: string): string => {
    const found = findingsOf(ruleId, { [LB]: text }).get(LB) ?? [];
    return applyEdits(
      text,
      found.flatMap((f) => f.fixes[0]?.edits ?? []),
    );
  };
  it('replaces the version in place', () =>
    assert.equal(fixed('ssl-policy-tls-version', policy('  min_tls_version = "TLS_1_0"\n')), policy('  min_tls_version = "TLS_1_2"\n')));
  it('inserts it when absent, at the block indentation', () =>
    assert.equal(
      fixed('ssl-policy-tls-version', policy('  profile = "MODERN"\n')),
      'resource "google_compute_ssl_policy" "p" {\n  min_tls_version = "TLS_1_2"\n  name = "p"\n  profile = "MODERN"\n}\n',
    ));
  it('COMPATIBLE becomes MODERN', () =>
    assert.equal(fixed('ssl-policy-weak-ciphers', policy('  profile = "COMPATIBLE"\n')), policy('  profile = "MODERN"\n')));
});

describe('https-proxy-no-ssl-policy', () => {
  const spans = (marked: string): void => expectSpans('https-proxy-no-ssl-policy', { [LB]: marked });
  it('a global and a regional proxy without ssl_policy, at the resource', () =>
    spans(
      proxy('', 'a').replace('resource "google_compute_target_https_proxy" "a"', '«resource "google_compute_target_https_proxy" "a"»') +
        proxy('', 'b', 'google_compute_region_target_https_proxy').replace(
          'resource "google_compute_region_target_https_proxy" "b"',
          '«resource "google_compute_region_target_https_proxy" "b"»',
        ),
    ));
  it('ssl_policy from a variable whose default is null (a module input left unset), at the null written', () =>
    spans('variable "ssl_policy" {\n  default = «null»\n}\n' + proxy('  ssl_policy = var.ssl_policy\n')));
  it('a policy of the module, one named by its self link, one known at plan time: not flagged', () =>
    spans(
      'variable "ssl_policy" {}\n' +
        policy('  min_tls_version = "TLS_1_2"\n') +
        proxy('  ssl_policy = google_compute_ssl_policy.p.id\n', 'a') +
        proxy('  ssl_policy = "projects/p/global/sslPolicies/strict"\n', 'b') +
        proxy('  ssl_policy = var.ssl_policy\n', 'c'),
    ));
  it('says the default and the environment groups served', () => {
    const [f] = checkSpans('https-proxy-no-ssl-policy', {
      [LB]:
        group('["api.example.com"]') +
        managed('["api.example.com"]') +
        proxy('  ssl_certificates = [google_compute_managed_ssl_certificate.api.id]\n').replace(
          'resource "google_compute_target_https_proxy" "nb"',
          '«resource "google_compute_target_https_proxy" "nb"»',
        ),
    });
    assert.equal(
      f!.message,
      "google_compute_target_https_proxy.nb: it has no ssl_policy, so Google's default SSL policy applies (COMPATIBLE profile, TLS 1.0): clients of environment group 'public' (api.example.com) can connect with TLS 1.0 and 1.1. Set ssl_policy to a google_compute_ssl_policy with min_tls_version = \"TLS_1_2\".",
    );
  });
});

describe('envgroup-hostname-not-covered', () => {
  const spans = (files: Record<string, string>): void => expectSpans('envgroup-hostname-not-covered', files);
  const withProxy = (certs: string): string => proxy(`  ssl_policy = "x"\n  ssl_certificates = ${certs}\n`);
  it('managed certificate domains: the hostnames they miss, at the hostname', () =>
    spans({
      [LB]:
        group('["api.example.com", "«partner.example.org»"]') +
        managed('["api.example.com"]') +
        withProxy('[google_compute_managed_ssl_certificate.api.id]'),
    }));
  it('a self-managed certificate file: its SANs, a wildcard covering one label only', () =>
    spans({
      'terraform/certs/lb.pem': sanCertificate(['*.example.com', 'example.com'], 90),
      [LB]:
        group('["api.example.com", "example.com", "«a.b.example.com»"]') +
        'resource "google_compute_ssl_certificate" "own" {\n  certificate = file("certs/lb.pem")\n  private_key = "k"\n}\n' +
        withProxy('[google_compute_ssl_certificate.own.id]'),
    }));
  it('an inline heredoc certificate', () =>
    spans({
      [LB]:
        group('["api.example.com", "«other.example.net»"]') +
        `resource "google_compute_ssl_certificate" "own" {\n  certificate = <<-EOT\n${sanCertificate(['api.example.com'], 90)}  EOT\n  private_key = "k"\n}\n` +
        withProxy('[google_compute_ssl_certificate.own.id]'),
    }));
  it('a certificate map: each entry serves its hostname, the primary one any', () =>
    spans({
      [LB]:
        group('["api.example.com", "dev.example.com", "«other.example.net»"]') +
        'resource "google_certificate_manager_certificate" "c" {\n  name = "c"\n  managed {\n    domains = ["api.example.com", "dev.example.com"]\n  }\n}\n' +
        'resource "google_certificate_manager_certificate_map_entry" "e" {\n  map = google_certificate_manager_certificate_map.m.name\n  hostname = "api.example.com"\n  certificates = [google_certificate_manager_certificate.c.id]\n}\n' +
        'resource "google_certificate_manager_certificate_map_entry" "p" {\n  map = google_certificate_manager_certificate_map.m.name\n  matcher = "PRIMARY"\n  certificates = [google_certificate_manager_certificate.c.id]\n}\n' +
        'resource "google_certificate_manager_certificate_map" "m" {\n  name = "m"\n}\n' +
        proxy(
          '  ssl_policy = "x"\n  certificate_map = "//certificatemanager.googleapis.com/${google_certificate_manager_certificate_map.m.id}"\n',
        ),
    }));
  it('not judged when a certificate is decided elsewhere (a variable, a self link), or without a proxy here', () => {
    spans({ [LB]: 'variable "certs" {}\n' + group('["api.example.com"]') + withProxy('var.certs') });
    spans({ [LB]: group('["api.example.com"]') + withProxy('["projects/p/global/sslCertificates/c"]') });
    spans({ [LB]: group('["api.example.com"]') + managed('["other.example.com"]') });
  });
  it('names the group, its environments, the proxies and what they cover', () => {
    const [f] = checkSpans('envgroup-hostname-not-covered', {
      [LB]:
        group('["«api.example.org»"]') +
        'resource "google_apigee_envgroup_attachment" "a" {\n  envgroup_id = google_apigee_envgroup.public.id\n  environment = "prod"\n}\n' +
        managed('["api.example.com"]') +
        withProxy('[google_compute_managed_ssl_certificate.api.id]'),
    });
    assert.equal(
      f!.message,
      "Hostname 'api.example.org' of environment group 'public', environment prod is covered by no certificate of google_compute_target_https_proxy.nb (they cover api.example.com): clients calling it fail the TLS handshake with a name mismatch. Add it to a certificate's domains.",
    );
  });
});

describe('load balancer mTLS', () => {
  const tls = (mtls: string): string =>
    `resource "google_network_security_server_tls_policy" "m" {\n  name = "m"\n  mtls_policy {\n${mtls}  }\n}\n`;
  it('ALLOW_INVALID_OR_MISSING_CLIENT_CERT: info, unless a proxy here reads the verification header', () => {
    expectSpans('lb-mtls-allow-invalid', { [LB]: tls('    client_validation_mode = "«ALLOW_INVALID_OR_MISSING_CLIENT_CERT»"\n') });
    expectSpans('lb-mtls-allow-invalid', {
      [LB]: tls('    client_validation_mode = "ALLOW_INVALID_OR_MISSING_CLIENT_CERT"\n'),
      'apiproxy/policies/check.xml':
        '<RaiseFault name="check"><Condition>request.header.X-Client-Cert-Chain-Verified != "true"</Condition></RaiseFault>\n',
    });
  });
  it('REJECT_INVALID without a trust config; with one, clean', () => {
    expectSpans('lb-mtls-no-trust-config', { [LB]: tls('    client_validation_mode = "«REJECT_INVALID»"\n') });
    expectSpans('lb-mtls-no-trust-config', {
      [LB]: tls(
        '    client_validation_mode = "REJECT_INVALID"\n    client_validation_trust_config = "projects/p/locations/global/trustConfigs/t"\n',
      ),
    });
  });
});

describe('inventory: the northbound rows', () => {
  it('each environment group with its hostnames, environments, proxies, certificate names, policy and mTLS', () => {
    const { ws } = workspaceOf({
      [LB]:
        group('["api.example.com", "partner.example.org"]') +
        'resource "google_apigee_envgroup_attachment" "a" {\n  envgroup_id = google_apigee_envgroup.public.id\n  environment = "prod"\n}\n' +
        group('["internal.example.net"]', 'internal') +
        managed('["api.example.com"]') +
        policy('  profile = "MODERN"\n  min_tls_version = "TLS_1_2"\n', 'strict') +
        'resource "google_network_security_server_tls_policy" "m" {\n  mtls_policy {\n    client_validation_mode = "REJECT_INVALID"\n  }\n}\n' +
        proxy(
          '  ssl_policy = google_compute_ssl_policy.strict.id\n  server_tls_policy = google_network_security_server_tls_policy.m.id\n  ssl_certificates = [google_compute_managed_ssl_certificate.api.id]\n',
          'ext',
        ) +
        managed('["internal.example.net"]', 'int') +
        proxy('  ssl_certificates = [google_compute_managed_ssl_certificate.int.id]\n', 'int', 'google_compute_region_target_https_proxy'),
    });
    const rows = northboundRows(ws).map((r) => ({ ...r, file: r.file.endsWith(LB) }));
    assert.deepEqual(rows, [
      {
        kind: 'load-balancer',
        group: 'public',
        hostnames: ['api.example.com', 'partner.example.org'],
        environments: ['prod'],
        proxies: ['google_compute_target_https_proxy.ext'],
        certificateNames: ['api.example.com'],
        uncovered: ['partner.example.org'],
        sslPolicy: 'strict: min TLS_1_2, MODERN',
        mtls: 'REJECT_INVALID',
        file: true,
      },
      {
        kind: 'load-balancer',
        group: 'internal',
        hostnames: ['internal.example.net'],
        environments: [],
        proxies: ['google_compute_region_target_https_proxy.int'],
        certificateNames: ['internal.example.net'],
        uncovered: [],
        sslPolicy: 'Google default: min TLS_1_0, COMPATIBLE',
        mtls: undefined,
        file: true,
      },
    ]);
  });
});
