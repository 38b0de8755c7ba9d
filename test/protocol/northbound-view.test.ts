// `apigeeTls/northbound` over stdio: the "Apigee TLS" view's northbound section, from the workspace model only.
// Edge virtual hosts (port, aliases with the host:port a client calls, one-/two-way, keystore → alias → certificate
// expiry, bound proxies at their <VirtualHost>), hybrid environment groups (443 said to be the ingress default, an
// explicit port honoured) and Apigee X environment groups from Terraform, each at its definition.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { NORTHBOUND_REQUEST, type NorthboundLocation, type NorthboundResult } from '../../server/src/shared/northbound-protocol';
import { initializeFolder, LspClient } from '../support/lsp-client';
import { makeSelfSignedCertificate } from '../support/self-signed';

const repo = resolve(__dirname, '../..');
const cli = resolve(repo, 'bin/apigee-tls-lint');
const env = (e: string, file: string): string => `resources/edge/env/${e}/${file}`;
const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

/** The text a location spans (the definition the view navigates to). */
function textAt(at: NorthboundLocation): string {
  const lines = readFileSync(fileURLToPath(at.uri), 'utf8').split('\n');
  const { start, end } = at.range;
  assert.equal(start.line, end.line, 'one line');
  return lines[start.line]!.slice(start.character, end.character);
}

describe('apigeeTls/northbound', { skip: !existsSync(resolve(repo, 'dist/cli.js')) && 'run `npm run build` first' }, () => {
  let dir: string;
  let client: LspClient;
  let result: NorthboundResult;
  let expiry: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'apigee-tls-northbound-view-'));
    const files: Record<string, string> = {
      'pom.xml': '<project/>',
      'apiproxy/orders.xml': '<APIProxy name="orders"/>\n',
      'apiproxy/proxies/default.xml':
        '<ProxyEndpoint name="default">\n  <HTTPProxyConnection>\n    <VirtualHost>secure</VirtualHost>\n  </HTTPProxyConnection>\n</ProxyEndpoint>\n',
      [env('prod', 'virtualHosts.json')]: json([
        {
          name: 'secure',
          port: '9443',
          hostAliases: ['api.example.com', '{org}-prod.example.com'],
          sSLInfo: { enabled: 'true', clientAuthEnabled: 'true', keyStore: 'ref://vh-ks', keyAlias: 'vh', trustStore: 'ref://vh-ts' },
          properties: { property: [{ name: 'ssl_ciphers', value: 'ECDHE-RSA-AES256-GCM-SHA384' }] },
        },
        { name: 'plain', port: 80, hostAliases: ['plain.example.com'] },
      ]),
      [env('prod', 'references.json')]: json([{ name: 'vh-ks', refers: 'vh-2026', resourceType: 'KeyStore' }]),
      [env('prod', 'keystores.json')]: json([{ name: 'vh-2026' }]),
      [env('prod', 'aliases.json')]: json([
        { alias: 'vh', keystorename: 'vh-2026', format: 'keycertfile', certFilePath: 'certs/cert.pem' },
      ]),
      'hybrid/overrides.yaml': [
        'envgroups:',
        '  - name: api-group',
        '    environments: [test]',
        '    hostnames:',
        '      - "hybrid.example.com"',
        '      - "alt.example.com:8443"',
        'virtualhosts:',
        '  - name: api-group',
        '    tlsMode: MUTUAL',
        '    minTLSProtocolVersion: "1.2"',
        '',
      ].join('\n'),
      'terraform/main.tf':
        'resource "google_apigee_envgroup" "public" {\n  name      = "public"\n  org_id    = "organizations/acme"\n  hostnames = ["x.example.com"]\n}\n' +
        'resource "google_apigee_envgroup_attachment" "a" {\n  envgroup_id = google_apigee_envgroup.public.id\n  environment = "eval"\n}\n' +
        'resource "google_apigee_environment" "solo" {\n  name   = "solo"\n  org_id = "organizations/acme"\n}\n',
      'certs/.keep': '',
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    await makeSelfSignedCertificate(join(dir, 'certs'), 'api.example.com');
    const end = execFileSync('openssl', ['x509', '-enddate', '-noout', '-in', join(dir, 'certs/cert.pem')], { encoding: 'utf8' });
    expiry = new Date(end.trim().replace(/^notAfter=/, '')).toISOString();
    client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
    client.onRequest = (method) => (method === 'workspace/configuration' ? [{}] : null);
    await initializeFolder(client, dir, { trusted: true });
    await client.notification('apigeeTls/connectionsChanged');
    result = await client.request<NorthboundResult>(NORTHBOUND_REQUEST, {});
  });
  after(async () => {
    await client?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every entry by environment, kind and name, each at its definition', () => {
    assert.deepEqual(
      result.entries.map(
        (e) =>
          `${e.env ?? '-'} ${e.kind} ${e.name} port ${e.port ?? '?'}${e.portNote === null ? '' : ` (${e.portNote})`} ${e.tls} @${textAt(e.at)}`,
      ),
      [
        'eval environment-group public port 443 one-way @public',
        'prod virtual-host plain port 80 plain HTTP @plain',
        'prod virtual-host secure port 9443 two-way @secure',
        'test hybrid api-group port 443 (port 443, hybrid ingress default) two-way @api-group',
      ],
    );
  });

  it('hosts: what a client dials, none for a template or plain HTTP; hybrid 443 is the ingress default unless written', () => {
    assert.deepEqual(
      result.entries.map((e) =>
        e.hosts.map((h) => `${h.name}@${textAt(h.at)} → ${h.target ?? 'none'}${h.note === null ? '' : ` (${h.note})`}`),
      ),
      [
        ['x.example.com@x.example.com → x.example.com:443'],
        ['plain.example.com@plain.example.com → none'],
        ['api.example.com@api.example.com → api.example.com:9443', '{org}-prod.example.com@{org}-prod.example.com → none'],
        [
          'hybrid.example.com@hybrid.example.com → hybrid.example.com:443 (port 443, hybrid ingress default)',
          'alt.example.com:8443@alt.example.com:8443 → alt.example.com:8443',
        ],
      ],
    );
  });

  it('Edge: keystore → alias (at its definition) → certificate expiry, ssl_ciphers, and the proxy bound at its <VirtualHost>', () => {
    const secure = result.entries.find((e) => e.name === 'secure')!;
    assert.deepEqual(
      [secure.keystore, secure.keyAlias, textAt(secure.aliasAt!), secure.certificates, secure.settings],
      [
        'ref://vh-ks',
        'vh',
        'vh',
        [{ subject: 'CN=api.example.com', notAfter: expiry, file: 'certs/cert.pem' }],
        'ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384',
      ],
    );
    assert.deepEqual(
      secure.proxies.map((p) => `${p.name} ${textAt(p.at)} ${p.at.uri.endsWith('/apiproxy/proxies/default.xml')}`),
      ['orders secure true'],
    );
    assert.deepEqual(result.entries.find((e) => e.name === 'api-group')!.settings, 'min 1.2');
  });

  it('every environment declared, one with no connection or front door too (google_apigee_environment "solo")', () =>
    assert.deepEqual(result.environments, ['prod', 'solo']));
});
