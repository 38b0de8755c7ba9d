// One URL-host parser and one name matcher (tls/host-names), and both of their users agreeing on every case:
// the lint rule commonname-mismatch and the probe's plan and certificate checks.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commonNameMatches, hostMatches } from '../../server/src/diagnosis/hostname';
import { findConnections } from '../../server/src/documents/connection';
import { lintText } from '../../server/src/lint/lint';
import { isTemplate } from '../../server/src/documents/values';
import { parseXml } from '../../server/src/documents/xml/document';
import { planConnection } from '../../server/src/probe/from-sslinfo';
import { canonicalIp, nameCoversHost, parseUrlHost, type UrlHost } from '../../server/src/tls/host-names';
import { makeSelfSignedCertificate } from '../support/self-signed';

const endpoint = (url: string, commonName: string, wildcard = false): string =>
  `<TargetEndpoint name="t"><HTTPTargetConnection><SSLInfo><Enabled>true</Enabled><CommonName wildcardMatch="${wildcard}">${commonName}</CommonName></SSLInfo><URL>${url}</URL></HTTPTargetConnection></TargetEndpoint>`;
const mismatches = (url: string, commonName: string, wildcard = false): string[] =>
  lintText(endpoint(url, commonName, wildcard))
    .filter((f) => f.ruleId === 'commonname-mismatch')
    .map((f) => f.message);
const plan = (url: string) => planConnection(findConnections(parseXml(endpoint(url, 'x')))[0]!, { profile: 'apigeex', sniOff: false });

const host = (h: string, port = 443, scheme: 'https' | 'http' = 'https'): UrlHost => ({ kind: 'host', scheme, host: h, port });
const template: UrlHost = { kind: 'template' };
const invalid: UrlHost = { kind: 'invalid' };

const urls: [url: string, expected: UrlHost][] = [
  ['https://api.example.com', host('api.example.com')],
  ['https://API.Example.COM:8443/v1', host('api.example.com', 8443)],
  ['https://api.example.com./v1', host('api.example.com')],
  ['https://bücher.example/', host('xn--bcher-kva.example')],
  ['https://a.example.com\\@evil.example/', host('a.example.com')],
  ['https://user:pw@api.example.com/', host('api.example.com')],
  ['https://[::1]:8443/', host('::1', 8443)],
  ['https://0x7f.1/', host('127.0.0.1')],
  ['http://api.example.com/', host('api.example.com', 80, 'http')],
  ['https://api.example.com/{proxy.pathsuffix}', host('api.example.com')],
  ['https://{backend.host}/v1', template],
  ['https://api.{env}.example.com/', template],
  ['https://api.example.com:{port}/', template],
  ['https://${backend.host}/', template],
  ['https://@backend.host@/', template],
  ['{scheme}://api.example.com/', template],
  ['https://api.example.com:99999/', invalid],
  ['https://a b.example/', invalid],
  ['api.example.com/v1', invalid],
  ['ftp://api.example.com/', { kind: 'other-scheme' }],
];

describe('URL hosts', () => {
  for (const [url, expected] of urls) {
    const name = expected.kind === 'host' ? `${expected.host}:${expected.port}` : expected.kind;
    it(`${url} → ${name}`, () => assert.deepEqual(parseUrlHost(url, isTemplate), expected));
    if (expected.kind === 'host' && expected.scheme === 'https') {
      it(`${url}: the probe connects to ${name}`, () => {
        const p = plan(url);
        assert.ok(p.probeable, p.probeable ? '' : p.reason);
        assert.deepEqual([p.request.host, p.request.port], [expected.host, expected.port]);
      });
    } else {
      it(`${url}: the probe does not connect`, () => assert.equal(plan(url).probeable, false));
    }
    if (expected.kind === 'host' && !/^[\d.:]+$/.test(expected.host)) {
      it(`${url}: lint compares CommonName with ${expected.host}`, () => {
        assert.deepEqual(mismatches(url, expected.host), []);
        assert.match(mismatches(url, 'other.invalid')[0] ?? '', new RegExp(`the URL's host '${expected.host.replace(/\./g, '\\.')}'`));
      });
    } else {
      it(`${url}: lint judges no CommonName`, () => assert.deepEqual(mismatches(url, 'other.invalid'), []));
    }
  }
});

const names: [name: string, host: string, wildcards: boolean, covers: boolean][] = [
  ['api.example.com', 'api.example.com', false, true],
  ['API.Example.COM', 'api.example.com', false, true],
  ['api.example.com.', 'api.example.com', false, true],
  ['api.example.com', 'api.example.com.', false, true],
  ['other.example.com', 'api.example.com', true, false],
  ['*.example.com', 'api.example.com', true, true],
  ['*.example.com', 'API.EXAMPLE.COM', true, true],
  ['*.example.com', 'api.example.com', false, false],
  ['*.example.com', 'example.com', true, false],
  ['*.example.com', 'a.b.example.com', true, false],
  ['*.com', 'example.com', true, false],
  ['a*.example.com', 'ab.example.com', true, false],
  ['*.*.example.com', 'a.b.example.com', true, false],
  ['bücher.example', 'xn--bcher-kva.example', false, true],
  ['*.bücher.example', 'shop.xn--bcher-kva.example', true, true],
];

describe('certificate names', () => {
  let dir = '';
  const certs = new Map<string, X509Certificate>();
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'host-names-'));
    // Certificates carry ASCII names (punycode); one per distinct name, CN and SAN DNS alike.
    const ascii = [...new Set(names.map(([name]) => name))].filter((name) => /^[\x20-\x7e]+$/.test(name));
    await Promise.all(
      ascii.map(async (name, i) => {
        const sub = join(dir, String(i));
        await mkdir(sub);
        await makeSelfSignedCertificate(sub, name);
        certs.set(name, new X509Certificate(await readFile(join(sub, 'cert.pem'))));
      }),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const [name, h, wildcards, covers] of names) {
    const says = `'${name}' ${covers ? 'covers' : 'does not cover'} '${h}'${wildcards ? ' (wildcards allowed)' : ''}`;
    it(says, () => assert.equal(nameCoversHost(name, h, wildcards), covers));
    it(`lint: CommonName ${says}`, () => assert.equal(mismatches(`https://${h}/`, name, wildcards).length === 0, covers));
    it(`probe: a certificate named ${says}`, (t) => {
      const cert = certs.get(name);
      if (cert === undefined) return t.skip('certificates hold ASCII names only');
      assert.equal(commonNameMatches(cert, h, wildcards), covers, 'CN against <CommonName>');
      if (wildcards) assert.equal(hostMatches(cert, h), covers, 'SAN against the URL host');
    });
  }
});

describe('IP addresses', () => {
  it('IPv6 addresses compare in canonical form', () => assert.equal(canonicalIp('0:0:0:0:0:0:0:1'), canonicalIp('::1')));
  it('IPv6 groups lose leading zeros', () => assert.equal(canonicalIp('2001:0db8::0001'), '2001:db8:0:0:0:0:0:1'));
  it('brackets do not count', () => assert.equal(canonicalIp('[::1]'), canonicalIp('::1')));
  it('IPv4 addresses are left alone', () => assert.equal(canonicalIp('127.0.0.1'), '127.0.0.1'));
});
