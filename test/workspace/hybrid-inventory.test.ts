// `inventory`'s northbound rows for Apigee hybrid: each ingress virtual host of overrides.yaml with its environment
// group's hostnames and environments, the certificate (file or Kubernetes Secret) with its expiry and the names it
// covers, the TLS range and suites, tlsMode and its CA, the additional gateways.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { makeSelfSignedCertificate } from '../support/self-signed';
import { tempDir, writeTree } from './support/tree';

async function inventory(cwd: string, ...argv: string[]): Promise<string> {
  let stdout = '';
  await runCli(['inventory', '.', ...argv], { stdout: (t) => (stdout += t), stderr: () => undefined, cwd, isTTY: false });
  return stdout;
}

const OVERRIDES = `org: my-org
envs:
  - name: prod
  - name: test
envgroups:
  - name: prod-group
    hostnames: [api.example.com, partners.example.com]
    environments: [prod]
  - name: test-group
    hostnames: [test.example.com]
    environments: [test]
virtualhosts:
  - name: prod-group
    sslCertPath: ./certs/api.pem
    sslKeyPath: ./certs/api.key
    tlsMode: MUTUAL
    caCertPath: ./certs/ca.pem
    minTLSProtocolVersion: "1.2"
    cipherSuites: [ECDHE-RSA-AES128-GCM-SHA256]
    additionalGateways: [non-sni-gateway]
  - name: test-group
    sslSecret: test-tls
`;

describe('inventory: hybrid virtual hosts', () => {
  const root = tempDir();
  before(async () => {
    await makeSelfSignedCertificate(root, 'api.example.com');
    writeTree(
      { 'hybrid-files/certs/api.pem': readFileSync(join(root, 'cert.pem')).toString(), 'hybrid-files/overrides/overrides.yaml': OVERRIDES },
      root,
    );
  });
  it('JSON: one row per virtual host, kind hybrid', async () => {
    const { northbound } = JSON.parse(await inventory(root, '--format', 'json')) as { northbound: Array<Record<string, unknown>> };
    const [prod, test] = northbound;
    assert.deepEqual(
      [
        prod!.kind,
        prod!.group,
        prod!.hostnames,
        prod!.environments,
        prod!.certificateNames,
        prod!.uncovered,
        prod!.sslPolicy,
        prod!.mtls,
        prod!.tls,
        prod!.gateways,
        prod!.file,
      ],
      [
        'hybrid',
        'prod-group',
        ['api.example.com', 'partners.example.com'],
        ['prod'],
        ['api.example.com'],
        ['partners.example.com'],
        'min 1.2; cipherSuites ECDHE-RSA-AES128-GCM-SHA256',
        'MUTUAL, CA ./certs/ca.pem',
        'two-way',
        ['non-sni-gateway'],
        'hybrid-files/overrides/overrides.yaml',
      ],
    );
    assert.equal((prod!.certificates as Array<{ subject: string }>)[0]!.subject, 'CN=api.example.com');
    assert.deepEqual(
      [test!.group, test!.certificate, test!.certificateNames, test!.sslPolicy],
      ['test-group', 'Kubernetes Secret test-tls', undefined, 'ingress defaults (Envoy)'],
    );
  });
  it('text: a block per virtual host', async () => {
    const text = await inventory(root);
    const block = text.slice(text.indexOf('Northbound hybrid virtual host prod-group')).split('\n\n')[0]!.split('\n');
    assert.deepEqual(block.slice(0, 3), [
      'Northbound hybrid virtual host prod-group (environments prod)',
      '  hostnames: api.example.com, partners.example.com',
      '  two-way (MUTUAL, CA ./certs/ca.pem)',
    ]);
    assert.match(block[3]!, /^ {2}certificate: \.\/certs\/api\.pem: CN=api\.example\.com \(expires \d{4}-\d\d-\d\d\)$/);
    assert.deepEqual(block.slice(4, 8), [
      '  certificate covers: api.example.com',
      '  not covered: partners.example.com',
      '  TLS settings: min 1.2; cipherSuites ECDHE-RSA-AES128-GCM-SHA256',
      '  additional gateways: non-sni-gateway',
    ]);
  });
  it('--env keeps the virtual hosts of the groups serving it', async () => {
    const { northbound } = JSON.parse(await inventory(root, '--format', 'json', '--env', 'test')) as {
      northbound: Array<{ group: string }>;
    };
    assert.deepEqual(
      northbound.map((r) => r.group),
      ['test-group'],
    );
  });
  it('markdown: a row', async () =>
    assert.match(
      await inventory(root, '--format', 'markdown'),
      /\| hybrid virtual host prod-group \(two-way; \.\/certs\/api\.pem; CN=api\.example\.com/,
    ));
});
