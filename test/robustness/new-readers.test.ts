// Hostile input for the newer readers: .properties files (router, message processor), Terraform heredoc PEMs,
// Terraform conditionals and `==`, V16's scan of flow variables in bundle XML and jsc:// JavaScript. Each case goes
// through the whole workspace lint (the CLI's loader) and asserts no exception and a bounded result by count: the
// findings, the entries read, the PEM blocks read, the parser's steps. Never the clock.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseHcl } from '../../server/src/documents/hcl/hcl-document';
import { readCertificates } from '../../server/src/workspace/certificates';
import { lintWorkspace } from '../../server/src/workspace/lint-workspace';
import { logicReads } from '../../server/src/workspace/rules/virtual-hosts/logic-reads';
import { parseProperties } from '../../server/src/workspace/properties';
import { MAX_PEM_BLOCKS, scanPem } from '../../server/src/tls/pem';
import { makeCertificate } from '../workspace/support/certs';
import { json, tempDir, workspaceOf } from '../workspace/support/tree';

const MB = 1024 * 1024;
/** Just under the 4 MB read bound, so the file is read rather than refused. */
const UNDER_4MB = 4 * MB - 4096;

/** Every finding of the workspace lint, counted. */
function findings(files: Record<string, string | Uint8Array>): number {
  const { ws } = workspaceOf(files);
  let n = 0;
  for (const [, fs] of lintWorkspace(ws)) n += fs.length;
  return n;
}

const edgeEnv = { 'resources/edge/env/test/targetServers.json': json([]) };

describe('.properties files: hostile input', () => {
  const line = `conf_http_HTTPClient.proxy.host=${'h'.repeat(UNDER_4MB)}`;
  const garbage = Uint8Array.from({ length: 2 * MB }, (_, i) => (i * 2654435761) >>> 24);
  const nuls = `conf_http_HTTPClient.use.proxy=\0true\0\n\0\0\0=\0\nconf_http_HTTPClient.proxy.host=\0\0\n`.repeat(10_000);
  const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}=v${i}`).join('\n');
  it('a 4 MB single line: one entry; binary garbage and NULs: no exception; 100k keys: all 100k, no more', () => {
    assert.equal(parseProperties(line).size, 1);
    assert.ok(parseProperties(Buffer.from(garbage).toString('utf8')).size <= 2 * MB);
    assert.equal(parseProperties(nuls).size, 3);
    assert.equal(parseProperties(keys + '\nmore=1').size, 100_000);
  });
  for (const name of ['router.properties', 'message-processor.properties'])
    it(`${name}: a 4 MB line, garbage, NULs, 100k keys through the workspace lint, findings bounded`, () => {
      for (const content of [line, garbage, nuls, keys]) assert.ok(findings({ ...edgeEnv, [name]: content }) <= 10, name);
    });
});

describe('Terraform: hostile heredocs, conditionals and comparisons', () => {
  const alias = (cert: string): string =>
    `resource "google_apigee_keystores_aliases_key_cert_file" "a" {\n  org_id = "acme"\n  environment = "test"\n  keystore = "ks"\n  alias = "client"\n  cert = ${cert}\n}\n`;
  const lbCert = (cert: string): string =>
    `resource "google_compute_ssl_certificate" "c" {\n  name = "c"\n  private_key = "k"\n  certificate = ${cert}\n}\n`;
  it('a 4 MB heredoc of 10k certificate blocks: at most 1,000 blocks read, findings bounded', () => {
    const dir = tempDir();
    makeCertificate(dir, 'real', -3);
    const real = readFileSync(join(dir, 'real.crt'), 'utf8');
    const fake = `-----BEGIN CERTIFICATE-----\n${'QUFB'.repeat(90)}\n-----END CERTIFICATE-----\n`;
    const body = real + fake.repeat(Math.floor((UNDER_4MB - real.length - 200) / fake.length));
    assert.ok((body.match(/BEGIN CERTIFICATE/g) ?? []).length >= 10_000);
    assert.equal(scanPem(body).blocks.length, MAX_PEM_BLOCKS);
    const read = readCertificates(Buffer.from(body));
    assert.ok(read.ok && read.capped === true && read.certificates.length <= MAX_PEM_BLOCKS);
    const heredoc = `<<EOT\n${body}EOT`;
    const { ws } = workspaceOf({ 'terraform/main.tf': alias(heredoc) });
    const said = [...lintWorkspace(ws).values()].flat();
    assert.deepEqual(said.map((f) => f.ruleId).sort(), ['certificate-expired', 'certificate-unreadable']);
    assert.match(
      said.find((f) => f.ruleId === 'certificate-unreadable')!.message,
      /holds more than 1,000 certificates: only the first ones/,
    );
    assert.ok(findings({ 'terraform/main.tf': lbCert(heredoc) }) <= 10);
  });
  it('a heredoc whose marker never closes: no exception, findings bounded', () => {
    const open = `<<EOT\n${'-----BEGIN CERTIFICATE-----\nQUFB\n'.repeat(50_000)}`;
    assert.ok(findings({ 'terraform/main.tf': alias(open) }) <= 10);
    assert.ok(findings({ 'terraform/main.tf': lbCert(open) + alias(open) }) <= 10);
  });
  it('a conditional nested 10k deep and a 100k `==` chain: parse steps linear, findings bounded', () => {
    const deep = `${'(true ? '.repeat(10_000)}"x"${' : "y")'.repeat(10_000)}`;
    const deepOpen = `${'true ? ('.repeat(10_000)}"x"`;
    const chain = `${Array.from({ length: 100_000 }, (_, i) => `"a${i % 2}"`).join(' == ')} ? "a" : "b"`;
    for (const expr of [deep, deepOpen, chain]) {
      const text = alias(expr) + `locals {\n  v = ${expr}\n}\n`;
      assert.ok(parseHcl(text).steps! <= 3 * text.length, 'parse steps');
      assert.ok(findings({ 'terraform/main.tf': text, 'terraform/lb.tf': lbCert(expr) }) <= 10);
    }
  });
});

describe('V16 (vhost-propagate-tls): hostile bundles', () => {
  const VH = 'resources/edge/env/test/virtualHosts.json';
  const twoWay = {
    name: 'mtls',
    port: '443',
    hostAliases: ['a.example.com'],
    sSLInfo: { enabled: 'true', clientAuthEnabled: 'true', keyStore: 'ref://ks', keyAlias: 'a', trustStore: 'ref://ts' },
  };
  const PE = 'apiproxy/proxies/default.xml';
  const proxy = (flows: string): string =>
    `<ProxyEndpoint name="default">\n  <Flows>\n${flows}  </Flows>\n  <HTTPProxyConnection>\n    <BasePath>/a</BasePath>\n    <VirtualHost>mtls</VirtualHost>\n  </HTTPProxyConnection>\n</ProxyEndpoint>\n`;
  const jsPolicy = '<Javascript name="JS">\n  <ResourceURL>jsc://check.js</ResourceURL>\n</Javascript>\n';
  const bundle = (files: Record<string, string>): Record<string, string> => ({ [VH]: json([twoWay]), ...files });
  const v16 = (files: Record<string, string>): number => {
    const { ws } = workspaceOf(bundle(files));
    let n = 0;
    for (const [, fs] of lintWorkspace(ws)) n += fs.filter((f) => f.ruleId === 'vhost-propagate-tls').length;
    return n;
  };
  it('a bundle with 10k conditions reading tls.client.s.dn: reported, at most 200 uses per bundle', () => {
    const flows = Array.from(
      { length: 10_000 },
      (_, i) => `    <Flow name="f${i}">\n      <Condition>tls.client.s.dn = "cn=${i}"</Condition>\n    </Flow>\n`,
    ).join('');
    const n = v16({ [PE]: proxy(flows) });
    assert.ok(n >= 1 && n <= 200, `${n} findings`);
  });
  it('an XML file of ~4 MB of tls.client.s.dn inside a <Payload> (never a read): none; inside a <Condition>: at most 200', () => {
    const vars = 'tls.client.s.dn '.repeat(Math.floor(UNDER_4MB / 16) - 20);
    const policy = (tag: string): string => `<AssignMessage name="AM">\n  <Set><${tag}>${vars}</${tag}></Set>\n</AssignMessage>\n`;
    assert.equal(v16({ [PE]: proxy(''), 'apiproxy/policies/AM.xml': policy('Payload') }), 0);
    const n = v16({ [PE]: proxy(''), 'apiproxy/policies/AM.xml': policy('Condition') });
    assert.ok(n >= 1 && n <= 200, `${n} findings`);
  });
  it('JavaScript: 8 MB and 4 MB files (past the bounds) are not scanned; 1 MB of 62k uses gives at most 200', () => {
    const js = (body: string): number =>
      v16({ [PE]: proxy(''), 'apiproxy/policies/JS.xml': jsPolicy, 'apiproxy/resources/jsc/check.js': body });
    assert.equal(js(`var a = context.getVariable('tls.client.s.dn');\n${'x'.repeat(8 * MB)}\n`), 0);
    assert.equal(js('tls.client.s.dn;'.repeat(Math.floor(UNDER_4MB / 16))), 0);
    const n = js('tls.client.s.dn;'.repeat(62_000));
    assert.ok(n >= 1 && n <= 200, `${n} findings`);
  });
  it('a bundle of 300 proxy endpoints: its JavaScript read once, not once per endpoint; one finding', () => {
    const endpoints: Record<string, string> = {};
    for (let i = 0; i < 300; i++) endpoints[`apiproxy/proxies/p${i}.xml`] = proxy('').replace('"default"', `"p${i}"`);
    const { ws } = workspaceOf(
      bundle({
        ...endpoints,
        'apiproxy/policies/JS.xml': jsPolicy,
        'apiproxy/resources/jsc/check.js': "context.getVariable('tls.client.s.dn');\n",
      }),
    );
    let reads = 0;
    const readText = ws.readText.bind(ws);
    ws.readText = (path: string) => (path.endsWith('check.js') && reads++, readText(path));
    const found = [...lintWorkspace(ws).values()].flat().filter((f) => f.ruleId === 'vhost-propagate-tls');
    assert.deepEqual([found.length, reads], [1, 1]);
  });
  it('1M occurrences of `tls.client.` (one line of prefixes, no full variable name): no finding', () => {
    const prefixes = 'tls.client.'.repeat(350_000);
    assert.equal(v16({ [PE]: proxy(''), 'apiproxy/policies/JS.xml': jsPolicy, 'apiproxy/resources/jsc/check.js': prefixes }), 0);
  });
});

describe('logicReads: the indexed answer is the one the whole-text scan gave', () => {
  /** The former per-match scan, kept here as the reference. */
  const inside = (text: string, at: number, tag: string): boolean => text.lastIndexOf(`<${tag}`, at) > text.lastIndexOf(`</${tag}>`, at);
  const reference = (text: string, start: number, end: number): boolean => {
    if (inside(text, start, 'Payload')) return false;
    const before = text.slice(Math.max(0, start - 40), start);
    if (inside(text, start, 'Condition') || /<Ref>\s*$/.test(before) || /\bref\s*=\s*["']\s*$/.test(before)) return true;
    const open = text.lastIndexOf('{', start);
    const close = text.indexOf('}', end);
    return open > text.lastIndexOf('}', start) && close >= 0 && !text.slice(end, close).includes('{');
  };
  it('on every occurrence of v in templates, conditions, payloads, refs and text, open and closed', () => {
    const text =
      '<A><Condition>v = 1</Condition> v {v} {x v} {v {v} v} }v{ <Payload>{v} v</Payload> <Ref>v</Ref> ref="v" ' +
      '<Payload>v <Condition>v</Condition> v</Payload>{ v <Condition>v <Payload>v';
    const reads = logicReads(text);
    const at = [...text.matchAll(/v/g)].map((m) => m.index);
    assert.equal(at.length, 18);
    assert.deepEqual(
      at.map((i) => reads(i, i + 1)),
      at.map((i) => reference(text, i, i + 1)),
    );
  });
});
