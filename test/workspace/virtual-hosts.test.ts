// Edge virtual hosts in the model: read from every layout teams keep them in (maven multi-file, edge.json, the
// management API's JSON and XML, an export), per environment; a ProxyEndpoint's <VirtualHost> resolves to them
// (definition, references, hover, completion), Edge Cloud's built-ins `default` and `secure` known.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { completionSlot, definitionsOf, nameAt, nameCandidates, resolutionsOf, usesOf } from '../../server/src/workspace/navigation';
import type { Workspace } from '../../server/src/workspace/workspace';
import { expectSpans, json, workspaceOf } from './support/tree';

const PE = 'apiproxy/proxies/default.xml';
const env = (e: string, file: string): string => `resources/edge/env/${e}/${file}`;
const proxyEndpoint = (...vhosts: string[]): string =>
  `<ProxyEndpoint name="default">\n  <HTTPProxyConnection>\n    <BasePath>/v1</BasePath>\n${vhosts.map((v) => `    <VirtualHost>${v}</VirtualHost>`).join('\n')}\n  </HTTPProxyConnection>\n</ProxyEndpoint>\n`;

const twoWay = {
  name: 'secure-two-way',
  port: '443',
  hostAliases: ['api.example.com'],
  sSLInfo: {
    enabled: 'true',
    clientAuthEnabled: true,
    keyStore: 'ref://vh-ks',
    keyAlias: 'vh',
    trustStore: 'ref://vh-ts',
    ignoreValidationErrors: false,
    ciphers: [],
    protocols: [],
  },
  properties: { property: [{ name: 'ssl_ciphers', value: 'ECDHE-RSA-AES128-GCM-SHA256' }] },
};

const VH_XML = `<VirtualHost name="partner">
  <Port>443</Port>
  <HostAliases>
    <HostAlias>partner.example.com</HostAlias>
  </HostAliases>
  <SSLInfo>
    <Enabled>true</Enabled>
    <ClientAuthEnabled>false</ClientAuthEnabled>
    <KeyStore>ref://vh-ks</KeyStore>
    <KeyAlias>vh</KeyAlias>
  </SSLInfo>
  <Properties>
    <Property name="ssl_protocols">TLSv1.2</Property>
  </Properties>
</VirtualHost>
`;

let root: string;
let ws: Workspace;
before(() => {
  ({ root, ws } = workspaceOf({
    'pom.xml': '<project/>',
    [PE]: proxyEndpoint('secure-two-way', 'secure'),
    [env('test', 'virtualHosts.json')]: json([twoWay]),
    [env('test', 'references.json')]: json([
      { name: 'vh-ks', refers: 'vh-2025', resourceType: 'KeyStore' },
      { name: 'vh-ts', refers: 'clients', resourceType: 'KeyStore' },
    ]),
    [env('test', 'keystores.json')]: json([{ name: 'vh-2025' }, { name: 'clients' }]),
    [env('test', 'aliases.json')]: json([{ alias: 'vh', keystorename: 'vh-2025', format: 'selfsignedcert' }]),
    'edge.json': json({ envConfig: { prod: { virtualHosts: [{ ...twoWay, hostAliases: ['api.prod.example.com'] }] } } }),
    'config/env/uat/partner-virtualhost.xml': VH_XML,
    'exports/uat__virtualhosts.json': json([{ name: 'internal', port: 9443, hostAliases: ['10.0.0.1:9443'] }]),
    'vhosts/env/dev/secure-two-way.json': json({ ...twoWay, hostAliases: ['api.dev.example.com'] }),
  }));
});

const offset = (path: string, needle: string, nth = 0): number => {
  const text = ws.facts(`${root}/${path}`)!.text;
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} in ${path}`);
  return at + 1;
};
const rel = (file: string): string => file.slice(root.length + 1);

describe('virtual hosts in the model', () => {
  it('are read per environment from every layout', () => {
    const names = ws
      .allEnvironments()
      .flatMap((e) => [...e.virtualHosts.values()].flat().map((v) => `${e.env} ${v.name} ${v.source} ${v.format}`))
      .sort();
    assert.deepEqual(names, [
      'dev secure-two-way management-api json',
      'prod secure-two-way edge.json json',
      'test secure-two-way maven json',
      'uat internal apigeecli json',
      'uat partner management-api xml',
    ]);
  });
  it('read aliases, port, TLS flags, stores and properties with their values', () => {
    const vh = ws.env(root, 'test')!.virtualHosts.get('secure-two-way')![0]!;
    assert.deepEqual(
      [vh.hostAliases.map((a) => a.value), vh.port?.value, vh.tls?.value, vh.clientAuth?.value, vh.ignoreValidationErrors?.value],
      [['api.example.com'], 443, true, true, false],
    );
    assert.deepEqual([vh.keyStore?.value, vh.keyAlias?.value, vh.trustStore?.value], ['ref://vh-ks', 'vh', 'ref://vh-ts']);
    assert.equal(vh.protocols, undefined, 'an empty protocols list is no list');
    assert.equal(vh.properties.get('ssl_ciphers')?.value, 'ECDHE-RSA-AES128-GCM-SHA256');
    const xml = [...ws.allEnvironments().flatMap((e) => [...e.virtualHosts.values()].flat())].find((v) => v.name === 'partner')!;
    assert.deepEqual(
      [xml.hostAliases.map((a) => a.value), xml.port?.value, xml.clientAuth?.value, xml.properties.get('ssl_protocols')?.value],
      [['partner.example.com'], 443, false, 'TLSv1.2'],
    );
  });
});

describe('<VirtualHost> navigation', () => {
  it('the name under the cursor is the virtual host, in the project environments', () => {
    const at = nameAt(ws, `${root}/${PE}`, offset(PE, 'secure-two-way'))!;
    assert.deepEqual([at.kind, at.name], ['virtualHost', 'secure-two-way']);
  });
  it('definition: the virtual host in each environment defining it', () => {
    const at = nameAt(ws, `${root}/${PE}`, offset(PE, 'secure-two-way'))!;
    const places = definitionsOf(ws, `${root}/${PE}`, at).map((p) => `${p.env} ${rel(p.file)}`);
    assert.deepEqual(places.sort(), [
      'dev vhosts/env/dev/secure-two-way.json',
      'prod edge.json',
      'test resources/edge/env/test/virtualHosts.json',
    ]);
  });
  it('references: the ProxyEndpoints bound to it, from its definition', () => {
    const at = nameAt(ws, `${root}/${env('test', 'virtualHosts.json')}`, offset(env('test', 'virtualHosts.json'), 'secure-two-way'))!;
    assert.equal(at.kind, 'virtualHost');
    assert.deepEqual(
      usesOf(ws, at).map((p) => rel(p.file)),
      [PE],
    );
  });
  it("a keystore reference's uses include the virtual host's keyStore", () => {
    const refs = env('test', 'references.json');
    const at = nameAt(ws, `${root}/${refs}`, offset(refs, 'vh-ks'))!;
    assert.deepEqual(
      usesOf(ws, at).map((p) => rel(p.file)),
      [env('test', 'virtualHosts.json')],
    );
  });
  it("the virtual host's keyStore and keyAlias are names too", () => {
    const file = env('test', 'virtualHosts.json');
    assert.deepEqual(
      [nameAt(ws, `${root}/${file}`, offset(file, 'ref://vh-ks'))!.kind, nameAt(ws, `${root}/${file}`, offset(file, '"vh"') + 1)!.kind],
      ['reference', 'alias'],
    );
  });
  it('hover: aliases, port, one- or two-way, the keystore chain and ssl_ciphers', () => {
    const at = nameAt(ws, `${root}/${PE}`, offset(PE, 'secure-two-way'))!;
    const test = resolutionsOf(ws, `${root}/${PE}`, at).find((r) => r.env === 'test')!;
    assert.deepEqual(test.lines, [
      'Virtual host `secure-two-way` → `api.example.com`, port 443, two-way TLS (client certificates)',
      'KeyStore (alias `vh`): `ref://vh-ks` → keystore `vh-2025`\n  - alias `vh`: self-signed, generated by Apigee',
      'TrustStore: `ref://vh-ts` → keystore `clients`',
      'ssl_ciphers: `ECDHE-RSA-AES128-GCM-SHA256`',
    ]);
  });
  it('hover on a built-in: what Edge Cloud gives', () => {
    const at = nameAt(ws, `${root}/${PE}`, offset(PE, '>secure<'))!;
    assert.equal(at.name, 'secure');
    const test = resolutionsOf(ws, `${root}/${PE}`, at).find((r) => r.env === 'test')!;
    assert.match(test.lines[0]!, /^not defined here; Edge Cloud's built-in virtual host `secure`: HTTPS on port 443/);
  });
  it('completion after <VirtualHost>: the defined names and the built-ins', () => {
    const text = '<VirtualHost>se';
    assert.deepEqual(completionSlot(text, text.length), { slot: 'virtualHost', start: 13 });
    assert.deepEqual(
      nameCandidates(ws, `${root}/${PE}`, 'virtualHost').map((c) => `${c.insert} [${c.envs.join(',')}]`),
      ['default []', 'internal [uat]', 'partner [uat]', 'secure []', 'secure-two-way [dev,prod,test]'],
    );
  });
});

describe('virtual hosts kept beside the bundles serve them', () => {
  const vhostXml =
    '<VirtualHost name="mtls">\n  <Port>443</Port>\n  <SSLInfo>\n    <Enabled>true</Enabled>\n    <ClientAuthEnabled>true</ClientAuthEnabled>\n    <KeyStore>ref://ks</KeyStore>\n    <KeyAlias>a</KeyAlias>\n    <TrustStore>ref://ts</TrustStore>\n  </SSLInfo>\n</VirtualHost>\n';
  const endpoint =
    '<ProxyEndpoint name="default">\n  <HTTPProxyConnection>\n    <VirtualHost>mtls</VirtualHost>\n    <VirtualHost>«secure»</VirtualHost>\n  </HTTPProxyConnection>\n</ProxyEndpoint>\n';
  const cli = JSON.stringify([
    {
      name: 'mtls',
      port: '443',
      hostAliases: ['m.example.com'],
      sSLInfo: { enabled: 'true', clientAuthEnabled: 'true', keyStore: 'ref://ks', keyAlias: 'a', trustStore: 'ref://ts' },
    },
  ]);
  for (const [where, files] of [
    ['config/env/test/mtls.xml (management API XML)', { 'config/env/test/mtls.xml': vhostXml }],
    ['virtualhosts/test/mtls.xml', { 'virtualhosts/test/mtls.xml': vhostXml }],
    ['config/test__virtualhosts.json (apigeecli export)', { 'config/test__virtualhosts.json': cli }],
    ['test__virtualhosts.json at the root', { 'test__virtualhosts.json': cli }],
  ] as const)
    it(where, () => expectSpans('vhost-mtls-bypass', { ...files, 'apiproxy/proxies/default.xml': endpoint }));
});
