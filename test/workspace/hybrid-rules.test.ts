// Apigee hybrid's overrides.yaml read into the model (virtualhosts[], envgroups[], envs[] with exact spans) and the
// ingress rules H1–H5 of the research note, each at the exact YAML value, on fixtures in the shapes of the hybrid
// docs (ingress-tls, base-path-routing) and apigee/devrel's hybrid-quickstart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { makeSelfSignedCertificate } from '../support/self-signed';
import { applyEdits } from '../../server/src/lint/fix-all';
import { classify } from '../../server/src/workspace/layout';
import { checkSpans, expectSpans, findingsOf, tempDir, workspaceOf } from './support/tree';
import { makeCertificate } from './support/certs';

const OV = 'hybrid-files/overrides/overrides.yaml';
/** An overrides file with one environment group `prod-group` (api.example.com) and the given virtual host keys. */
const overrides = (vhost: string, hostnames = ['api.example.com']): string =>
  [
    'org: my-org',
    'envs:',
    '  - name: prod',
    '    serviceAccountPaths:',
    '      synchronizer: ./sa/sync.json',
    'envgroups:',
    '  - name: prod-group',
    '    hostnames:',
    ...hostnames.map((h) => `      - ${h}`),
    '    environments: [prod]',
    'virtualhosts:',
    '  - name: prod-group',
    '    selector:',
    '      app: apigee-ingressgateway',
    ...vhost.split('\n').map((l) => `    ${l}`),
    '',
  ].join('\n');

describe('hybrid overrides in the workspace model', () => {
  it('overrides files by name, any other YAML not', () => {
    for (const path of ['overrides.yaml', 'a/overrides-prod.yml', 'hybrid/prod-overrides.yaml', 'x/overrides/prod.yaml'])
      assert.deepEqual(classify(path), { kind: 'hybrid-overrides' }, path);
    for (const path of ['values.yaml', '.github/workflows/ci.yml', 'docker-compose.yaml']) assert.equal(classify(path), undefined, path);
  });
  it('virtualhosts, envgroups and envs, each value at its exact span', () => {
    const text = overrides(
      'sslCertPath: ./certs/prod.pem\nsslKeyPath: ./certs/prod.key\nminTLSProtocolVersion: "1.2"\ncipherSuites:\n  - ECDHE-RSA-AES128-GCM-SHA256\nadditionalGateways: ["non-sni"]',
    );
    const { root, ws } = workspaceOf({ [OV]: text });
    const [o] = ws.hybridOverrides();
    const at = (s: { span: { start: number; end: number } } | undefined): string =>
      s === undefined ? '' : text.slice(s.span.start, s.span.end);
    assert.equal(o!.file, join(root, OV));
    assert.deepEqual(o!.envs.map(at), ['prod']);
    assert.equal(at(o!.org), 'my-org');
    const [g] = o!.envGroups;
    assert.deepEqual([at(g!.name), g!.hostnames.map(at), g!.environments.map(at)], ['prod-group', ['api.example.com'], ['prod']]);
    const [vh] = o!.virtualHosts;
    assert.deepEqual(
      [
        at(vh!.name),
        at(vh!.sslCertPath),
        at(vh!.sslKeyPath),
        at(vh!.minTLSProtocolVersion),
        vh!.cipherSuites.map(at),
        vh!.additionalGateways.map(at),
      ],
      ['prod-group', './certs/prod.pem', './certs/prod.key', '1.2', ['ECDHE-RSA-AES128-GCM-SHA256'], ['non-sni']],
    );
    assert.deepEqual(
      vh!.selector.map((s) => s.value),
      ['app=apigee-ingressgateway'],
    );
  });
  it('versions are read as written: 1.0 is not the number 1', () => {
    const { ws } = workspaceOf({ [OV]: overrides('minTLSProtocolVersion: 1.0') });
    assert.equal(ws.hybridOverrides()[0]!.virtualHosts[0]!.minTLSProtocolVersion!.value, '1.0');
  });
  it('a broken or hostile file is read as far as it goes, never thrown', () => {
    for (const bad of [
      'virtualhosts: [',
      'virtualhosts:\n  - *nowhere',
      'virtualhosts: 3',
      `virtualhosts: ${'['.repeat(5000)}`,
      'envs:\n\t- x',
    ])
      assert.doesNotThrow(() => workspaceOf({ [OV]: bad }).ws.hybridOverrides(), bad);
  });
});

describe('hybrid-min-tls-version (H1)', () => {
  it('1.0 and 1.1 at the value; 1.2, 1.3 and AUTO not', () => {
    expectSpans('hybrid-min-tls-version', { [OV]: overrides('minTLSProtocolVersion: «1.0»') });
    expectSpans('hybrid-min-tls-version', { [OV]: overrides('minTLSProtocolVersion: "«1.1»"') });
    for (const ok of ['1.2', '"1.3"', 'AUTO']) expectSpans('hybrid-min-tls-version', { [OV]: overrides(`minTLSProtocolVersion: ${ok}`) });
  });
  it('names the hostnames and fixes to 1.2', () => {
    const text = overrides('minTLSProtocolVersion: 1.0');
    const [f] = findingsOf('hybrid-min-tls-version', { [OV]: text }).get(OV)!;
    assert.match(
      f!.message,
      /^Hybrid virtual host 'prod-group' \(api\.example\.com\): minTLSProtocolVersion 1\.0 lets API clients connect with TLS 1\.0/,
    );
    assert.match(applyEdits(text, f!.fixes[0]!.edits), /minTLSProtocolVersion: 1\.2\n/);
  });
});

describe('hybrid-tls-version-range (H2)', () => {
  it('min above max at the max; unknown versions at themselves', () => {
    expectSpans('hybrid-tls-version-range', { [OV]: overrides('minTLSProtocolVersion: "1.3"\nmaxTLSProtocolVersion: "«1.2»"') });
    expectSpans('hybrid-tls-version-range', { [OV]: overrides('minTLSProtocolVersion: «TLSV1_2»\nmaxTLSProtocolVersion: «1.4»') });
    expectSpans('hybrid-tls-version-range', { [OV]: overrides('minTLSProtocolVersion: "1.2"\nmaxTLSProtocolVersion: "1.3"') });
    expectSpans('hybrid-tls-version-range', { [OV]: overrides('minTLSProtocolVersion: AUTO\nmaxTLSProtocolVersion: "1.2"') });
  });
});

describe('hybrid-mtls-no-ca (H3)', () => {
  it('MUTUAL without caCertPath or sslSecret, at tlsMode', () => {
    expectSpans('hybrid-mtls-no-ca', { [OV]: overrides('sslCertPath: c.pem\nsslKeyPath: c.key\ntlsMode: «MUTUAL»') });
    expectSpans('hybrid-mtls-no-ca', { [OV]: overrides('sslCertPath: c.pem\nsslKeyPath: c.key\ntlsMode: MUTUAL\ncaCertPath: ca.pem') });
    expectSpans('hybrid-mtls-no-ca', { [OV]: overrides('sslSecret: prod-tls\ntlsMode: MUTUAL') });
    expectSpans('hybrid-mtls-no-ca', { [OV]: overrides('sslCertPath: c.pem\nsslKeyPath: c.key\ntlsMode: SIMPLE') });
  });
});

describe('hybrid-certificate (H4)', () => {
  const dir = tempDir();
  makeCertificate(dir, 'old', -5);
  let api: Buffer;
  before(async () => {
    await makeSelfSignedCertificate(dir, 'api.example.com', ['api.example.com', '*.internal.example.com']);
    api = readFileSync(join(dir, 'cert.pem'));
  });
  it('a hostname the certificate does not cover, at sslCertPath (relative to the folder above overrides/, as apigeectl runs)', () => {
    const [f] = checkSpans('hybrid-certificate', {
      'hybrid-files/certs/api.pem': api,
      [OV]: overrides('sslCertPath: «./certs/api.pem»\nsslKeyPath: ./certs/api.key', [
        'api.example.com',
        'partners.example.com',
        'x.internal.example.com',
      ]),
    });
    assert.match(f!.message, /does not cover partners\.example\.com \(it names api\.example\.com, \*\.internal\.example\.com\)/);
  });
  it('covered hostnames beside the file (Helm): clean', () =>
    expectSpans('hybrid-certificate', { 'hybrid-files/overrides/api.pem': api, [OV]: overrides('sslCertPath: api.pem') }));
  it('expired, at sslCertPath', () => {
    const [f] = checkSpans('hybrid-certificate', {
      'hybrid-files/overrides/old.pem': readFileSync(join(dir, 'old.crt')),
      [OV]: overrides('sslCertPath: «old.pem»', ['old']),
    });
    assert.match(f!.message, /expired on \d{4}-\d\d-\d\d: every client refuses it/);
  });
  it('a file that is not there is not this rule', () => expectSpans('hybrid-certificate', { [OV]: overrides('sslCertPath: nowhere.pem') }));
});

describe('hybrid-cipher-suites-format (H5)', () => {
  it('IANA names and TLS 1.3 suites, each at its item; OpenSSL names not', () =>
    expectSpans('hybrid-cipher-suites-format', {
      [OV]: overrides(
        'cipherSuites:\n  - «TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256»\n  - ECDHE-RSA-AES256-GCM-SHA384\n  - "«TLS_AES_128_GCM_SHA256»"',
      ),
    }));
  it('fixes an IANA name to its OpenSSL name', () => {
    const text = overrides('cipherSuites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]');
    const [f] = findingsOf('hybrid-cipher-suites-format', { [OV]: text }).get(OV)!;
    assert.match(applyEdits(text, f!.fixes[0]!.edits), /cipherSuites: \[ECDHE-RSA-AES128-GCM-SHA256\]/);
  });
});

describe('--env', () => {
  it('judges the virtual hosts of the environment groups serving the environments named', () => {
    const files = { [OV]: overrides('minTLSProtocolVersion: 1.0') };
    assert.equal(findingsOf('hybrid-min-tls-version', files, { only: new Set(['prod']) }).size, 1);
    assert.equal(findingsOf('hybrid-min-tls-version', files, { only: new Set(['test']) }).size, 0);
  });
});

describe('hybrid-non-sni-route (H6)', () => {
  const TF = 'infra/lb.tf';
  const healthCheck = (block: string): string =>
    `resource "google_compute_health_check" "ingress" {\n  name = "apigee-ingress"\n  ${block} {\n    port = 443\n  }\n}\n`;
  it('a TLS health check in the repository and no additionalGateways: a warning at the name, naming the check', () => {
    const [f] = checkSpans('hybrid-non-sni-route', {
      [TF]: healthCheck('https_health_check'),
      [OV]: overrides('sslSecret: prod-tls').replace('  - name: prod-group\n    selector', '  - name: «prod-group»\n    selector'),
    });
    assert.equal(f!.severity, 'warning');
    assert.match(f!.message, /google_compute_health_check\.ingress \(https_health_check/);
  });
  it('an SSL proxy load balancer too; a TCP health check is no TLS client', () => {
    expectSpans('hybrid-non-sni-route', {
      [TF]: 'resource "google_compute_target_ssl_proxy" "apigee" {\n  name = "apigee"\n}\n',
      [OV]: overrides('sslSecret: prod-tls').replace('  - name: prod-group\n    selector', '  - name: «prod-group»\n    selector'),
    });
    expectSpans('hybrid-non-sni-route', { [TF]: healthCheck('tcp_health_check'), [OV]: overrides('sslSecret: prod-tls') });
  });
  it('additionalGateways, or an ApigeeRoute with enableNonSniClient: true in the overrides folder: nothing', () => {
    expectSpans('hybrid-non-sni-route', {
      [TF]: healthCheck('ssl_health_check'),
      [OV]: overrides('sslSecret: prod-tls\nadditionalGateways: ["apigee-non-sni"]'),
    });
    expectSpans('hybrid-non-sni-route', {
      [TF]: healthCheck('ssl_health_check'),
      [OV]: overrides('sslSecret: prod-tls'),
      'hybrid-files/overrides/non-sni-route.yaml':
        'apiVersion: apigee.cloud.google.com/v1alpha1\nkind: ApigeeRoute\nmetadata:\n  name: apigee-non-sni\nspec:\n  hostnames: ["*"]\n  enableNonSniClient: true\n',
    });
  });
  // apigee/ahr templates/overrides-small-1.2-template.yaml: 1.2's virtual host (hostAliases, routingRules) has no additionalGateways.
  it('a hybrid 1.2 virtual host (hostAliases and routingRules) gets no advice about additionalGateways', () =>
    expectSpans('hybrid-non-sni-route', {
      [TF]: healthCheck('https_health_check'),
      [OV]: 'org: o\nvirtualhosts:\n  - name: default\n    hostAliases: ["api.example.com"]\n    sslCertPath: ./c.pem\n    sslKeyPath: ./c.key\n    routingRules:\n      - paths: [/]\n        env: test\n',
    }));
  it('nothing in the repository shows a client without SNI: nothing said', () =>
    expectSpans('hybrid-non-sni-route', { [OV]: overrides('sslSecret: prod-tls') }));
});
