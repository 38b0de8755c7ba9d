// Certificates written in Terraform: alias resources whose cert (and key) are inline heredocs, the pkcs12 resource's
// file path, and the load balancer's self-managed certificates (file() or heredoc) judged for expiry at the attribute,
// naming the environment groups whose clients get them. Inline key material is repository content: never read while
// untrusted, never in a report.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { planBundleFile } from '../../server/src/probe/plan-workspace';
import { clientCertificateAtDial, UNTRUSTED_REASON } from '../../server/src/probe/workspace-material';
import { workspaceFiles } from '../../server/src/workspace/files';
import { lintWorkspace } from '../../server/src/workspace/lint-workspace';
import { loadWorkspaceFrom } from '../../server/src/workspace/load';
import { Workspace } from '../../server/src/workspace/workspace';
import { makeCertificate } from './support/certs';
import { checkSpans, expectSpans, loadBalanced, tempDir, writeTree } from './support/tree';

const MAIN = 'terraform/main.tf';
const certs = tempDir();
const pem = (name: string): string => readFileSync(join(certs, `${name}.crt`), 'utf8');
const key = (name: string): string => readFileSync(join(certs, `${name}.key`), 'utf8');
before(() => {
  makeCertificate(certs, 'expired', -3);
  makeCertificate(certs, 'soon', 10);
  makeCertificate(certs, 'valid', 365);
  makeCertificate(certs, 'other', 365);
  execFileSync(
    'openssl',
    ['pkcs12', '-export', '-in', 'expired.crt', '-inkey', 'expired.key', '-out', 'expired.p12', '-passout', 'pass:pw'],
    {
      cwd: certs,
    },
  );
});

/** An alias resource of environment test with these attributes. */
const alias = (attrs: string, type = 'key_cert_file'): string =>
  `resource "google_apigee_keystores_aliases_${type}" "a" {\n  org_id = "acme"\n  environment = "test"\n  keystore = "ks"\n  alias = "client"\n${attrs}}\n`;
const heredoc = (text: string, marker = 'EOT'): string => `«<<${marker}\n${text}${marker}»`;
/** An indented heredoc (`<<-EOT`): every line, the closing marker too, indented by four spaces. */
const indented = (text: string): string =>
  `«<<-EOT\n${text
    .split('\n')
    .map((l) => (l === '' ? l : `    ${l}`))
    .join('\n')}    EOT»`;

describe('alias resources: the certificate written inline', () => {
  it('an expired certificate in a heredoc: certificate-expired at the heredoc', () =>
    expectSpans('certificate-expired', { [MAIN]: alias(`  cert = ${heredoc(pem('expired'))}\n`) }));
  it('an indented heredoc (<<-EOT) expiring in 10 days: certificate-expires-soon, saying when', () => {
    const [f] = checkSpans('certificate-expires-soon', { [MAIN]: alias(`  cert = ${indented(pem('soon'))}\n`) });
    assert.match(f!.message, /^Certificate 'CN=soon' of alias 'client' expires on \d{4}-\d\d-\d\d, in (9|10) days \(environment test\)\.$/);
  });
  it('a valid one: neither rule; a heredoc from a local: at the reference', () => {
    expectSpans('certificate-expired', { [MAIN]: alias(`  cert = <<EOT\n${pem('valid')}EOT\n`) });
    expectSpans('certificate-expired', {
      [MAIN]: `locals {\n  cert = <<EOT\n${pem('expired')}EOT\n}\n` + alias('  cert = «local.cert»\n'),
    });
  });
  it('a certificate in file() still at the path; the pkcs12 resource names its archive as a plain path', () => {
    expectSpans('certificate-expired', { 'terraform/c.pem': pem('expired'), [MAIN]: alias('  cert = file("«c.pem»")\n') });
    expectSpans('certificate-expired', {
      'terraform/a.p12': readFileSync(join(certs, 'expired.p12')),
      [MAIN]: alias('  file = "«a.p12»"\n  filehash = filemd5("a.p12")\n  password = "pw"\n', 'pkcs12'),
    });
    expectSpans('certificate-expired', {
      'terraform/a.p12': readFileSync(join(certs, 'expired.p12')),
      'terraform/terraform.tfvars': 'p12 = "a.p12"\n',
      [MAIN]: 'variable "p12" {}\n' + alias('  file = «var.p12»\n  password = "pw"\n', 'pkcs12'),
    });
  });
  it('garbage between the markers: certificate-unreadable names the heredoc, not a file', () => {
    const [f] = checkSpans('certificate-unreadable', {
      [MAIN]: alias(`  cert = ${heredoc('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')}\n`),
    });
    assert.equal(f!.message, "The cert heredoc of alias 'client' is neither a PEM nor a DER certificate (environment test).");
  });
});

describe('alias resources: the key written inline', () => {
  const mismatched = (): string => alias(`  cert = <<EOT\n${pem('valid')}EOT\n  key = ${heredoc(key('other'))}\n`);
  it("a key that is not the certificate's: key-certificate-mismatch at the key heredoc, naming no content", () => {
    const [f] = checkSpans('key-certificate-mismatch', { [MAIN]: mismatched() });
    assert.equal(f!.message, "The key heredoc of alias 'client' does not belong to certificate 'CN=valid' (environment test).");
  });
  it('its own key: nothing', () =>
    expectSpans('key-certificate-mismatch', { [MAIN]: alias(`  cert = <<EOT\n${pem('valid')}EOT\n  key = <<EOT\n${key('valid')}EOT\n`) }));
  it('untrusted: neither the certificate nor the key is read (no verdict on either), and no finding says why', () => {
    const root = writeTree({ [MAIN]: alias(`  cert = <<EOT\n${pem('expired')}EOT\n  key = <<EOT\n${key('other')}EOT\n`) });
    const lint = (trusted: boolean): string[] =>
      [...lintWorkspace(loadWorkspaceFrom(workspaceFiles({ roots: [root], trusted })), {}).values()].flat().map((f) => f.ruleId);
    assert.deepEqual(lint(true).sort(), ['certificate-expired', 'key-certificate-mismatch']);
    assert.deepEqual(lint(false), []);
  });
  it("no report holds the key's content: lint (text and JSON) and inventory", async () => {
    const root = writeTree({ [MAIN]: alias(`  cert = <<EOT\n${pem('expired')}EOT\n  key = <<EOT\n${key('other')}EOT\n`) });
    const secret = key('other').split('\n')[1]!;
    for (const argv of [
      ['lint', '.'],
      ['lint', '--format', 'json', '.'],
      ['inventory', '.'],
      ['inventory', '--format', 'json', '.'],
    ]) {
      let out = '';
      await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (out += t), cwd: root, isTTY: false });
      assert.match(out, argv[0] === 'lint' ? /key-certificate-mismatch/ : /client/, argv.join(' '));
      assert.doesNotMatch(out, /PRIVATE KEY/, argv.join(' '));
      assert.ok(!out.includes(secret.slice(0, 24)), argv.join(' '));
    }
  });
  it('file() given the PEM itself (a variable holding the key, not its path): no message quotes it as a path', async () => {
    const variable = `variable "k" {\n  default = <<EOT\n${key('other')}EOT\n}\n`;
    const root = writeTree({ [MAIN]: variable + alias(`  cert = <<EOT\n${pem('valid')}EOT\n  key = file(var.k)\n`) });
    let out = '';
    await runCli(['lint', '--format', 'json', '.'], { stdout: (t) => (out += t), stderr: (t) => (out += t), cwd: root, isTTY: false });
    assert.doesNotMatch(out, /PRIVATE KEY/);
  });
});

describe('the probe presents an inline client certificate and key (two-way TLS), reading the key at dial time only', () => {
  const twoWay = (trusted: boolean): { plan: ReturnType<typeof planBundleFile>[number]; ws: Workspace } => {
    const root = writeTree({
      'apiproxy/targets/default.xml': loadBalanced('ts'),
      [MAIN]:
        alias(`  cert = <<EOT\n${pem('valid')}EOT\n  key = <<EOT\n${key('valid')}EOT\n`) +
        'resource "google_apigee_env_keystore" "ks" {\n  name = "ks"\n  env_id = "organizations/acme/environments/test"\n}\n' +
        'resource "google_apigee_target_server" "ts" {\n  name = "ts"\n  env_id = "organizations/acme/environments/test"\n  host = "mtls.example.com"\n  port = 443\n  s_sl_info {\n    enabled = true\n    client_auth_enabled = true\n    key_store = "ks"\n    key_alias = "client"\n  }\n}\n',
    });
    const ws = loadWorkspaceFrom(workspaceFiles({ roots: [root], trusted }));
    const options = { profileOf: () => ({ profile: 'apigeex' as const, why: 'test' }), sniOff: false, trusted };
    return { plan: planBundleFile(ws, join(root, 'apiproxy/targets/default.xml'), options)[0]!, ws };
  };
  it('the plan names the heredocs, holds no key; at dial time the key loads', () => {
    const { plan, ws } = twoWay(true);
    assert.ok(plan.clientCertificate.kind === 'workspace', JSON.stringify(plan.clientCertificate));
    assert.deepEqual(
      [plan.clientCertificate.reference.certificateFile, plan.clientCertificate.reference.keyFile],
      ['the cert heredoc', 'the key heredoc'],
    );
    assert.doesNotMatch(JSON.stringify(plan), /PRIVATE KEY/);
    const dialled = clientCertificateAtDial(ws, plan.clientCertificate);
    assert.deepEqual(dialled.kind === 'workspace' && [dialled.certificate.key.type, dialled.certificate.cert.slice(0, 27)], [
      'private',
      '-----BEGIN CERTIFICATE-----',
    ]);
  });
  it('untrusted: none', () => assert.deepEqual(twoWay(false).plan.clientCertificate, { kind: 'none', reason: UNTRUSTED_REASON }));
});

// ------------------------------------------------------------------------------------------ load balancer

const group = `resource "google_apigee_envgroup" "public" {\n  name      = "public"\n  hostnames = ["valid"]\n}\nresource "google_apigee_envgroup_attachment" "a" {\n  envgroup_id = google_apigee_envgroup.public.id\n  environment = "prod"\n}\n`;
const proxy = (certsAttr: string): string =>
  `resource "google_compute_target_https_proxy" "nb" {\n  url_map    = "m"\n  ssl_policy = "p"\n${certsAttr}\n}\n`;
const sslCert = (certificate: string, type = 'google_compute_ssl_certificate'): string =>
  `resource "${type}" "own" {\n  certificate = ${certificate}\n  private_key = "k"\n}\n`;

describe('load balancer certificates: expiry at the attribute, naming the environment groups served', () => {
  const served = proxy('  ssl_certificates = [google_compute_ssl_certificate.own.id]');
  it('google_compute_ssl_certificate from file(): expired, at the path', () =>
    expectSpans('certificate-expired', { 'terraform/lb.pem': pem('expired'), [MAIN]: sslCert('file("«lb.pem»")') + served }));
  it('a heredoc: expired, at the heredoc, with the proxy and the group named', () => {
    const [f] = checkSpans('certificate-expired', { [MAIN]: group + sslCert(heredoc(pem('expired'))) + served });
    assert.match(
      f!.message,
      /^Certificate 'CN=expired' of google_compute_ssl_certificate\.own expired on \d{4}-\d\d-\d\d: google_compute_target_https_proxy\.nb serves it to clients of environment group 'public' \(valid; environment prod\), and they reject it \(the TLS handshake fails\)\. Replace it with a renewed certificate and its key\.$/,
    );
  });
  it('the regional resource expiring soon; a valid one and a managed one: nothing', () => {
    expectSpans('certificate-expires-soon', {
      [MAIN]:
        sslCert(indented(pem('soon')), 'google_compute_region_ssl_certificate') +
        proxy('  ssl_certificates = [google_compute_region_ssl_certificate.own.id]'),
    });
    expectSpans('certificate-expires-soon', { [MAIN]: sslCert(`<<EOT\n${pem('valid')}EOT`) + served });
    expectSpans('certificate-expired', {
      [MAIN]: 'resource "google_compute_managed_ssl_certificate" "m" {\n  managed {\n    domains = ["valid"]\n  }\n}\n',
    });
  });
  it('the expiry threshold is the setting the alias rules use', () => {
    const files = { [MAIN]: sslCert(heredoc(pem('soon'))) + served };
    expectSpans('certificate-expires-soon', files, { expiryDays: 30 });
    expectSpans('certificate-expires-soon', { [MAIN]: files[MAIN].replace(/[«»]/g, '') }, { expiryDays: 5 });
  });
  it('Certificate Manager self_managed pem_certificate, served through a certificate map entry', () => {
    const [f] = checkSpans('certificate-expired', {
      'terraform/cm.pem': pem('expired'),
      [MAIN]:
        group +
        'resource "google_certificate_manager_certificate" "c" {\n  name = "c"\n  self_managed {\n    pem_certificate = file("«cm.pem»")\n    pem_private_key = file("cm.key")\n  }\n}\n' +
        'resource "google_certificate_manager_certificate_map" "m" {\n  name = "m"\n}\n' +
        'resource "google_certificate_manager_certificate_map_entry" "e" {\n  map = google_certificate_manager_certificate_map.m.name\n  matcher = "PRIMARY"\n  certificates = [google_certificate_manager_certificate.c.id]\n}\n' +
        proxy('  certificate_map = "//certificatemanager.googleapis.com/${google_certificate_manager_certificate_map.m.id}"'),
    });
    assert.match(f!.message, /google_compute_target_https_proxy\.nb serves it to clients of environment group 'public'/);
  });
  it('served by no proxy of the module: still judged, and said', () => {
    const [f] = checkSpans('certificate-expired', { [MAIN]: sslCert(heredoc(pem('expired'))) });
    assert.match(f!.message, /expired on [\d-]+: no target HTTPS proxy defined beside it serves it, and they reject it/);
  });
  it('untrusted: the certificate is not read', () => {
    const root = writeTree({ [MAIN]: sslCert(`<<EOT\n${pem('expired')}EOT`) + served });
    const found = [...lintWorkspace(loadWorkspaceFrom(workspaceFiles({ roots: [root], trusted: false })), {}).values()].flat();
    assert.deepEqual(
      found.map((f) => f.ruleId),
      [],
    );
  });
});
