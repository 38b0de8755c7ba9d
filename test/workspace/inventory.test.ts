// The inventory as an audit table: every TargetServer, reference, keystore and alias per environment with the
// proxies that use it (and the ones nothing uses), proxies by their declared name, build-token hosts said as such,
// certificates with expiry from the alias files, the client-certificate alias in every format.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { makeCertificate } from './support/certs';
import { endpoint, json, loadBalanced, server, sslTarget, tempDir, writeTree } from './support/tree';

async function inventory(cwd: string, ...argv: string[]): Promise<string> {
  let stdout = '';
  await runCli(['inventory', '.', ...argv], { stdout: (t) => (stdout += t), stderr: () => undefined, cwd, isTTY: false });
  return stdout;
}

interface Json {
  connections: Array<{ env: string; bundle: string; host: string | null; hostIsToken: boolean }>;
  objects: Array<{
    env: string;
    kind: string;
    name: string;
    usedBy: string[];
    hostIsToken: boolean;
    certificates: Array<{ subject: string; source: string }>;
  }>;
}
const objectsOf = async (cwd: string): Promise<string[]> =>
  (JSON.parse(await inventory(cwd, '--format', 'json')) as Json).objects.map(
    (o) =>
      `${o.env} ${o.kind} ${o.name}: ${o.usedBy.join(',') || '-'}${o.hostIsToken ? ' token' : ''}${o.certificates.map((c) => ` ${c.subject}/${c.source}`).join('')}`,
  );

const env = (name: string, file: string): string => `resources/edge/env/${name}/${file}`;
const certs = tempDir();
let stores: Record<string, string | Uint8Array> = {};
before(() => {
  makeCertificate(certs, 'backend-ca', 90);
  stores = {
    [env('test', 'references.json')]: json([
      { name: 'trust-ref', refers: 'trust-ks' },
      { name: 'spare-ref', refers: 'spare-ks' },
    ]),
    [env('test', 'keystores.json')]: json([{ name: 'trust-ks' }, { name: 'spare-ks' }]),
    [env('test', 'aliases.json')]: json([
      { alias: 'ca', keystorename: 'trust-ks', format: 'keycertfile', certFilePath: 'certs/backend-ca.crt' },
      { alias: 'old', keystorename: 'spare-ks', format: 'keycertfile', certFilePath: 'certs/backend-ca.crt' },
    ]),
    'certs/backend-ca.crt': readFileSync(join(certs, 'backend-ca.crt')),
  };
});

describe('inventory: the objects of each environment', () => {
  it('an environment-only repository gets its whole table: every object, used by no bundle', async () => {
    const root = writeTree({
      'pom.xml': '<project/>',
      [env('test', 'targetServers.json')]: json([server('ts1'), server('ts2')]),
      ...stores,
    });
    assert.deepEqual(await objectsOf(root), [
      'test TargetServer ts1: -',
      'test TargetServer ts2: -',
      'test reference spare-ref: -',
      'test reference trust-ref: -',
      'test keystore spare-ks: -',
      'test keystore trust-ks: -',
      'test alias ca: - CN=backend-ca/file',
      'test alias old: - CN=backend-ca/file',
    ]);
    const text = await inventory(root);
    assert.match(
      text,
      /^Environment test\n {2}defined here:\n {4}TargetServer ts1: ts1\.example\.com:443, TLS; used by no bundle here {2}\(resources\/edge\/env\/test\/targetServers\.json\)\n/,
    );
    assert.match(text, /alias ca: in trust-ks; CN=backend-ca \(expires \d{4}-\d\d-\d\d\); used by no bundle here/);
  });
  it('which proxies use each object: the TargetServer, the truststore reference, its keystore and aliases', async () => {
    const root = writeTree({
      'pom.xml': '<project/>',
      'orders/apiproxy/orders.xml': '<?xml version="1.0"?>\n<APIProxy revision="3" name="orders-v2"><Description/></APIProxy>',
      'orders/apiproxy/targets/default.xml': loadBalanced('ts1'),
      'billing/apiproxy/billing.xml': '<APIProxy name="billing-v1"/>',
      'billing/apiproxy/targets/default.xml': loadBalanced('ts1'),
      [env('test', 'targetServers.json')]: json([
        server('ts1', { sSLInfo: { enabled: 'true', trustStore: 'ref://trust-ref' } }),
        server('ts2'),
      ]),
      ...stores,
    });
    assert.deepEqual(await objectsOf(root), [
      'test TargetServer ts1: billing-v1,orders-v2',
      'test TargetServer ts2: -',
      'test reference spare-ref: -',
      'test reference trust-ref: billing-v1,orders-v2',
      'test keystore spare-ks: -',
      'test keystore trust-ks: billing-v1,orders-v2',
      'test alias ca: billing-v1,orders-v2 CN=backend-ca/file',
      'test alias old: - CN=backend-ca/file',
    ]);
  });
});

describe('inventory: the connections', () => {
  it("shows the proxy's declared name, not the folder's; the folder's name when the root XML has none", async () => {
    const root = writeTree({
      'proxies/live/apiproxy/live.xml': '<!-- generated -->\n<APIProxy name="pds-live"/>',
      'proxies/live/apiproxy/targets/t.xml': sslTarget('<Enabled>true</Enabled>'),
      'plain/apiproxy/targets/t.xml': sslTarget('<Enabled>true</Enabled>'),
    });
    const rows = (JSON.parse(await inventory(root, '--format', 'json')) as Json).connections.map((r) => r.bundle);
    assert.deepEqual(rows, ['pds-live', 'plain']);
  });
  it('says when a host is a build token: @HOST@, ${host}, {{ host }}', async () => {
    const root = writeTree({
      'pom.xml': '<project/>',
      'apiproxy/targets/a.xml': loadBalanced('at', 'dollar', 'jinja', 'real'),
      [env('test', 'targetServers.json')]: json([
        server('at', { host: '@BACKEND_HOST@' }),
        server('dollar', { host: '${backend.host}' }),
        server('jinja', { host: '{{ backend_host }}' }),
        server('real'),
      ]),
    });
    const parsed = JSON.parse(await inventory(root, '--format', 'json')) as Json;
    assert.deepEqual(
      parsed.connections.map((r) => [r.host, r.hostIsToken]),
      [
        ['@BACKEND_HOST@', true],
        ['${backend.host}', true],
        ['{{ backend_host }}', true],
        ['real.example.com', false],
      ],
    );
    assert.deepEqual(
      parsed.objects.filter((o) => o.hostIsToken).map((o) => o.name),
      ['at', 'dollar', 'jinja'],
    );
    assert.match(await inventory(root), /→ @BACKEND_HOST@:443 \(a build token, replaced before deployment\) \(TargetServer at\)/);
  });
  it('markdown keeps the client-certificate alias, and has the objects table', async () => {
    const root = writeTree({
      'pom.xml': '<project/>',
      'apiproxy/targets/default.xml': endpoint(
        '    <SSLInfo><Enabled>true</Enabled><ClientAuthEnabled>true</ClientAuthEnabled><KeyStore>ref://trust-ref</KeyStore><KeyAlias>ca</KeyAlias></SSLInfo>\n    <URL>https://api.example.com</URL>',
      ),
      ...stores,
    });
    const md = await inventory(root, '--format', 'markdown');
    assert.match(md, /\| ref:\/\/trust-ref → trust-ks: CN=backend-ca \(expires \d{4}-\d\d-\d\d\) \[alias ca\] \|\n/);
    assert.match(md, /\n\| Environment \| Object \| Name \| Details \| Certificates \| Used by \| File \|\n/);
    assert.match(
      md,
      /\| test \| alias \| old \| in spare-ks \| CN=backend-ca \(expires [\d-]+\) \| none here \| resources\/edge\/env\/test\/aliases\.json \|/,
    );
  });
});
