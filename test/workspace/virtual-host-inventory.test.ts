// `inventory`'s northbound rows for Edge virtual hosts: per environment, host aliases, port, one- or two-way TLS, the
// certificate served with its expiry and the names it covers, TLS settings and the proxies bound to it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { makeSanCertificate } from './support/certs';
import { json, tempDir, writeTree } from './support/tree';

const env = (e: string, file: string): string => `resources/edge/env/${e}/${file}`;

async function inventory(cwd: string, ...argv: string[]): Promise<string> {
  let stdout = '';
  await runCli(['inventory', '.', ...argv], { stdout: (t) => (stdout += t), stderr: () => undefined, cwd, isTTY: false });
  return stdout;
}

function tree(): string {
  const root = tempDir();
  makeSanCertificate(writeTree({ 'certs/.keep': '' }, root) + '/certs', 'api', ['api.example.com'], 90);
  return writeTree(
    {
      'pom.xml': '<project/>',
      'apiproxy/orders.xml': '<APIProxy name="orders"/>\n',
      'apiproxy/proxies/default.xml':
        '<ProxyEndpoint name="default">\n  <HTTPProxyConnection>\n    <VirtualHost>secure-two-way</VirtualHost>\n  </HTTPProxyConnection>\n</ProxyEndpoint>\n',
      [env('prod', 'virtualHosts.json')]: json([
        {
          name: 'secure-two-way',
          port: '443',
          hostAliases: ['api.example.com', 'www.example.com'],
          sSLInfo: { enabled: 'true', clientAuthEnabled: 'true', keyStore: 'ref://vh-ks', keyAlias: 'vh', trustStore: 'ref://vh-ts' },
          properties: { property: [{ name: 'ssl_ciphers', value: 'ECDHE-RSA-AES128-GCM-SHA256' }] },
        },
        { name: 'internal', port: 80, hostAliases: ['10.0.0.1'] },
      ]),
      [env('prod', 'references.json')]: json([{ name: 'vh-ks', refers: 'vh-2025', resourceType: 'KeyStore' }]),
      [env('prod', 'keystores.json')]: json([{ name: 'vh-2025' }]),
      [env('prod', 'aliases.json')]: json([{ alias: 'vh', keystorename: 'vh-2025', format: 'keycertfile', certFilePath: 'certs/api.crt' }]),
    },
    root,
  );
}

interface Row {
  kind: string;
  group: string;
  hostnames: string[];
  environments: string[];
  proxies: string[];
  certificateNames: string[] | null;
  uncovered: string[];
  sslPolicy: string;
  mtls: string | null;
  port: number;
  tls: string;
  certificates: Array<{ subject: string; notAfter: string; alias: string }>;
}

describe('inventory: Edge virtual hosts', () => {
  it('JSON: one row per virtual host and environment, the certificate, coverage and bound proxies', async () => {
    const rows = (JSON.parse(await inventory(tree(), '--format', 'json')) as { northbound: Row[] }).northbound;
    const twoWay = rows.find((r) => r.group === 'secure-two-way')!;
    assert.deepEqual(
      [twoWay.kind, twoWay.environments, twoWay.hostnames, twoWay.port, twoWay.tls, twoWay.mtls, twoWay.proxies],
      [
        'virtual-host',
        ['prod'],
        ['api.example.com', 'www.example.com'],
        443,
        'two-way',
        'client certificates, trustStore ref://vh-ts',
        ['orders'],
      ],
    );
    assert.deepEqual(
      [twoWay.certificateNames, twoWay.uncovered, twoWay.sslPolicy],
      [['api.example.com'], ['www.example.com'], 'ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256'],
    );
    assert.deepEqual(
      twoWay.certificates.map((c) => [c.subject, c.alias]),
      [['CN=api.example.com', 'vh']],
    );
    assert.ok(Date.parse(twoWay.certificates[0]!.notAfter) > Date.now() + 80 * 86_400_000);
    const plain = rows.find((r) => r.group === 'internal')!;
    assert.deepEqual([plain.tls, plain.port, plain.proxies, plain.certificates], ['plain HTTP', 80, [], []]);
  });
  it('text: a block per virtual host', async () => {
    const text = await inventory(tree());
    const block = text.slice(text.indexOf('Northbound virtual host secure-two-way'));
    assert.deepEqual(
      block
        .replace(/expires \d{4}-\d\d-\d\d/, 'expires DATE')
        .split('\n')
        .slice(0, 8),
      [
        'Northbound virtual host secure-two-way (environment prod)',
        '  host aliases: api.example.com, www.example.com',
        '  port 443, two-way (client certificates, trustStore ref://vh-ts)',
        '  certificate: CN=api.example.com (alias vh, expires DATE)',
        '  certificate covers: api.example.com',
        '  not covered: www.example.com',
        '  TLS settings: ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256',
        '  bound by: orders',
      ],
    );
  });
  it('--env restricts the rows', async () =>
    assert.deepEqual((JSON.parse(await inventory(tree(), '--format', 'json', '--env', 'test')) as { northbound: Row[] }).northbound, []));
});
