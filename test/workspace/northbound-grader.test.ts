// The northbound rules as a grader would check them: the same «marked» virtual hosts written in every format the
// issue names (apigee-config-maven-plugin's virtualHosts.json, edge.json envConfig.<env>.virtualHosts, the management
// API's virtual host JSON (a GET committed as is: booleans bare) and XML, apigeecli exports), and hybrid overrides in
// the 1.2 shape (hostAliases, routingRules, ingress-wide versions) and the Helm-era shape (virtualhosts[] +
// envgroups[]); each rule must land on the offending value, in every format.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { makeSelfSignedCertificate } from '../support/self-signed';
import { makeCertificate } from './support/certs';
import { checkSpans, expectSpans, json, tempDir } from './support/tree';

type Vh = Record<string, unknown>;
const ENV = 'prod';
const FLAGS = 'enabled|clientAuthEnabled|ignoreValidationErrors|useBuiltInFreeTrialCert';

/** The management API's JSON of a virtual host: `properties` as `{property: [{name, value}]}`. */
const apiJson = ({ properties, ...vh }: Vh): Vh => ({
  ...vh,
  ...(properties === undefined
    ? {}
    : { properties: { property: Object.entries(properties as Record<string, string>).map(([name, value]) => ({ name, value })) } }),
});
/** A GET committed verbatim: booleans and the port bare. */
const bare = (text: string): string =>
  text
    .replace(new RegExp(`"(${FLAGS})": "(«?)(true|false)(»?)"`, 'g'), '"$1": $2$3$4')
    .replace(/"port": "(«?)(\d+)(»?)"/g, '"port": $1$2$3');

const el = (name: string, value: unknown, indent: string): string =>
  value === undefined ? '' : `${indent}<${name}>${String(value)}</${name}>\n`;
/** The management API's XML form. */
function apiXml(vh: Vh): string {
  const ssl = vh.sSLInfo as Record<string, unknown> | undefined;
  const props = vh.properties as Record<string, string> | undefined;
  const propagate = vh.propagateTLSInformation as Record<string, unknown> | undefined;
  return [
    `<VirtualHost name="${String(vh.name)}">\n`,
    `  <HostAliases>\n${((vh.hostAliases as string[]) ?? []).map((a) => `    <HostAlias>${a}</HostAlias>\n`).join('')}  </HostAliases>\n`,
    (vh.interfaces as string[] | undefined) === undefined
      ? ''
      : `  <Interfaces>\n${(vh.interfaces as string[]).map((i) => `    <Interface>${i}</Interface>\n`).join('')}  </Interfaces>\n`,
    el('Port', vh.port, '  '),
    ssl === undefined
      ? ''
      : `  <SSLInfo>\n${[
          ['Enabled', ssl.enabled],
          ['ClientAuthEnabled', ssl.clientAuthEnabled],
          ['KeyStore', ssl.keyStore],
          ['KeyAlias', ssl.keyAlias],
          ['TrustStore', ssl.trustStore],
          ['IgnoreValidationErrors', ssl.ignoreValidationErrors],
        ]
          .map(([n, v]) => el(n as string, v, '    '))
          .join('')}  </SSLInfo>\n`,
    el('UseBuiltInFreeTrialCert', vh.useBuiltInFreeTrialCert, '  '),
    propagate === undefined
      ? ''
      : `  <PropagateTLSInformation>\n${el('ConnectionProperties', propagate.connectionProperties, '    ')}${el('ClientProperties', propagate.clientProperties, '    ')}  </PropagateTLSInformation>\n`,
    props === undefined
      ? ''
      : `  <Properties>\n${Object.entries(props)
          .map(([n, v]) => `    <Property name="${n}">${v}</Property>\n`)
          .join('')}  </Properties>\n`,
    '</VirtualHost>\n',
  ].join('');
}

/** Environment configuration beside the virtual hosts (references, keystores, aliases), by format. */
type EnvConfig = Partial<Record<'references' | 'keystores' | 'aliases', unknown[]>>;
const mavenEnv = (config: EnvConfig): Record<string, string> =>
  Object.fromEntries(Object.entries(config).map(([k, v]) => [`resources/edge/env/${ENV}/${k}.json`, json(v)]));

interface Format {
  name: string;
  files(vhs: Vh[], config: EnvConfig): Record<string, string>;
}
const FORMATS: Format[] = [
  {
    name: 'maven virtualHosts.json',
    files: (vhs, config) => ({ [`resources/edge/env/${ENV}/virtualHosts.json`]: json(vhs.map(apiJson)), ...mavenEnv(config) }),
  },
  {
    name: 'edge.json envConfig.<env>.virtualHosts',
    files: (vhs, config) => ({
      'edge.json': json({ version: '1.0', envConfig: { [ENV]: { virtualHosts: vhs.map(apiJson), ...config } } }),
    }),
  },
  {
    name: 'management API JSON (GET output, bare booleans)',
    files: (vhs, config) => ({
      ...Object.fromEntries(vhs.map((vh) => [`virtualhosts/${ENV}/${String(vh.name)}.json`, bare(json(apiJson(vh)))])),
      ...mavenEnv(config),
    }),
  },
  {
    name: 'management API XML',
    files: (vhs, config) => ({
      ...Object.fromEntries(vhs.map((vh) => [`config/env/${ENV}/${String(vh.name)}.xml`, apiXml(vh)])),
      ...mavenEnv(config),
    }),
  },
  {
    name: 'apigeecli export',
    files: (vhs, config) => ({
      [`config/${ENV}__virtualhosts.json`]: json(vhs.map(apiJson)),
      ...(config.references === undefined ? {} : { [`config/${ENV}__references.json`]: json(config.references) }),
      ...mavenEnv({ ...config, references: undefined }),
    }),
  },
];

const oneWay = { enabled: 'true', keyStore: 'ref://vh-ks', keyAlias: 'vh' };
const twoWay = { ...oneWay, clientAuthEnabled: 'true', trustStore: 'ref://vh-ts' };
const vhost = (name: string, ssl: Record<string, unknown> | undefined, extra: Vh = {}): Vh => ({
  name,
  hostAliases: [`${name}.example.com`],
  port: '443',
  ...(ssl === undefined ? {} : { sSLInfo: ssl }),
  ...extra,
});
const PE = 'apiproxy/proxies/default.xml';
const proxyEndpoint = (...vhs: string[]): string =>
  `<ProxyEndpoint name="default">\n  <HTTPProxyConnection>\n    <BasePath>/v1</BasePath>\n${vhs.map((v) => `    <VirtualHost>${v}</VirtualHost>`).join('\n')}\n  </HTTPProxyConnection>\n</ProxyEndpoint>\n`;
const keystoreChain = (certFile: string): EnvConfig => ({
  references: [{ name: 'vh-ks', refers: 'vh-2025', resourceType: 'KeyStore' }],
  keystores: [{ name: 'vh-2025' }],
  aliases: [{ alias: 'vh', keystorename: 'vh-2025', format: 'keycertfile', certFilePath: certFile }],
});

interface Case {
  rule: string;
  what: string;
  vhs: Vh[];
  config?: EnvConfig;
  extra?: () => Record<string, string | Uint8Array>;
}

const certs = tempDir();
let apiCert: Buffer;
before(async () => {
  await makeSelfSignedCertificate(certs, 'api.example.com', ['api.example.com']);
  apiCert = readFileSync(join(certs, 'cert.pem'));
  makeCertificate(certs, 'old', -5);
});

const CASES: Case[] = [
  {
    rule: 'vhost-client-auth-no-truststore',
    what: 'V1 at clientAuthEnabled',
    vhs: [vhost('a', { ...oneWay, clientAuthEnabled: '«true»' }), vhost('b', twoWay)],
  },
  {
    rule: 'vhost-truststore-unused',
    what: 'V2 at trustStore',
    vhs: [vhost('a', { ...oneWay, clientAuthEnabled: 'false', trustStore: '«ref://vh-ts»' })],
  },
  {
    rule: 'vhost-ignore-validation-errors',
    what: 'V3 at the flag',
    vhs: [vhost('a', { ...twoWay, ignoreValidationErrors: '«true»' }), vhost('b', { ...oneWay, ignoreValidationErrors: 'true' })],
  },
  { rule: 'vhost-keystore-not-reference', what: 'V4 at keyStore', vhs: [vhost('a', { ...oneWay, keyStore: '«vh-2025»' })] },
  {
    rule: 'unknown-key-alias',
    what: 'V5 at keyAlias',
    vhs: [vhost('a', { ...oneWay, keyAlias: '«old-alias»' }), vhost('b', oneWay)],
    config: {
      references: [{ name: 'vh-ks', refers: 'vh-2026', resourceType: 'KeyStore' }],
      keystores: [{ name: 'vh-2026' }],
      aliases: [{ alias: 'vh', keystorename: 'vh-2026', format: 'selfsignedcert' }],
    },
  },
  { rule: 'vhost-keyalias-reference', what: 'V6 at keyAlias', vhs: [vhost('a', { ...oneWay, keyAlias: '«ref://vh-alias»' })] },
  {
    rule: 'vhost-legacy-protocols',
    what: 'V7 at ssl_protocols (Private Cloud: port 9443)',
    vhs: [
      vhost('a', oneWay, { port: '9443', hostAliases: ['a.example.com:9443'], properties: { ssl_protocols: '«TLSv1 TLSv1.1 TLSv1.2»' } }),
    ],
  },
  {
    rule: 'vhost-ssl-protocols-cloud',
    what: 'V8 at ssl_protocols (Edge Cloud: apigee.net alias)',
    vhs: [vhost('a', oneWay, { hostAliases: ['acme-prod.apigee.net'], properties: { ssl_protocols: '«TLSv1.2 TLSv1.3»' } })],
  },
  {
    rule: 'vhost-ssl-ciphers-format',
    what: 'V9 at ssl_ciphers',
    vhs: [
      vhost('a', oneWay, { properties: { ssl_ciphers: '«TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384»' } }),
    ],
  },
  {
    rule: 'vhost-ciphers-exclude-clients',
    what: 'V10 at ssl_ciphers',
    vhs: [
      vhost('a', oneWay, { properties: { ssl_ciphers: '«ECDHE-RSA-AES256-GCM-SHA384»' } }),
      vhost('b', oneWay, { properties: { ssl_ciphers: 'HIGH:!aNULL' } }),
    ],
  },
  {
    rule: 'vhost-alias-not-covered',
    what: 'V11 at the alias',
    vhs: [vhost('a', oneWay, { hostAliases: ['api.example.com', '«www.example.com»'] })],
    config: keystoreChain('certs/api.pem'),
    extra: () => ({ 'certs/api.pem': apiCert }),
  },
  {
    rule: 'vhost-alias-port',
    what: 'V12 at the alias',
    vhs: [
      vhost('a', oneWay, { hostAliases: ['a.example.com', '«a.example.com:9443»'] }),
      vhost('b', oneWay, { hostAliases: ['«a.example.com»'] }),
    ],
  },
  {
    rule: 'vhost-free-trial-cert-alias',
    what: 'V13 at the alias',
    vhs: [vhost('a', { enabled: 'true' }, { useBuiltInFreeTrialCert: 'true', hostAliases: ['acme-test.apigee.net', '«api.acme.com»'] })],
  },
  {
    rule: 'vhost-plain-http',
    what: 'V14 at the port and at enabled false',
    vhs: [vhost('a', undefined, { port: '«443»' }), vhost('b', { enabled: '«false»' }), vhost('c', undefined, { port: '80' })],
  },
  {
    rule: 'vhost-mtls-bypass',
    what: 'V15 at the one-way binding',
    vhs: [vhost('mtls', twoWay), vhost('one', oneWay)],
    extra: () => ({ [PE]: proxyEndpoint('mtls', '«one»') }),
  },
  {
    rule: 'vhost-propagate-tls',
    what: 'V16 at the variable',
    vhs: [vhost('mtls', twoWay, { propagateTLSInformation: { connectionProperties: 'true' } })],
    extra: () => ({
      [PE]: proxyEndpoint('mtls'),
      'apiproxy/policies/AM-Dn.xml':
        '<AssignMessage name="AM-Dn">\n  <AssignVariable>\n    <Name>dn</Name>\n    <Ref>«tls.client.s.dn»</Ref>\n  </AssignVariable>\n</AssignMessage>\n',
    }),
  },
  {
    rule: 'vhost-certificate',
    what: 'V17 at keyAlias (expired)',
    vhs: [vhost('a', { ...oneWay, keyAlias: '«vh»' })],
    config: keystoreChain('certs/old.crt'),
    extra: () => ({ 'certs/old.crt': readFileSync(join(certs, 'old.crt')) }),
  },
];

for (const format of FORMATS)
  describe(`Edge virtual hosts: ${format.name}`, () => {
    for (const c of CASES)
      it(`${c.rule}: ${c.what}`, () => {
        const files = { ...format.files(c.vhs, c.config ?? {}), ...(c.extra?.() ?? {}) };
        const found = checkSpans(c.rule, files);
        assert.ok(found.length > 0, 'reported');
      });
  });

// ------------------------------------------------------------------------------------------------- hybrid

/** Helm era: virtualhosts[] named after environment groups, envgroups[] with their hostnames. */
const helm = (vhost: string): string =>
  [
    'org: my-org',
    'envs:',
    '  - name: prod',
    'envgroups:',
    '  - name: prod-group',
    '    hostnames:',
    '      - api.example.com',
    '    environments: [prod]',
    'virtualhosts:',
    '  - name: prod-group',
    '    selector:',
    '      app: apigee-ingressgateway',
    '      ingress_name: apigee-ingress',
    ...vhost.split('\n').map((l) => `    ${l}`),
    '',
  ].join('\n');
/** Hybrid 1.2: free virtual host names with their own hostAliases and routingRules. */
const v12 = (vhost: string, top = ''): string =>
  [
    'gcp:',
    '  projectID: my-project',
    'k8sCluster:',
    '  name: hybrid',
    '  region: us-central1',
    'org: my-org',
    ...(top === '' ? [] : top.split('\n')),
    'virtualhosts:',
    '  - name: default',
    '    hostAliases: ["api.example.com"]',
    ...vhost.split('\n').map((l) => `    ${l}`),
    '    routingRules:',
    '      - paths:',
    '        - /',
    '        env: prod',
    'envs:',
    '  - name: prod',
    '    serviceAccountPaths:',
    '      synchronizer: ./service-accounts/sync.json',
    '',
  ].join('\n');

const HYBRID: Array<{ name: string; file: string; shape: (vh: string, top?: string) => string }> = [
  { name: 'Helm-era overrides (virtualhosts[] + envgroups[])', file: 'hybrid/overrides/overrides.yaml', shape: helm },
  { name: 'hybrid 1.2 overrides (hostAliases, routingRules)', file: 'hybrid-1.2/overrides-prod.yaml', shape: v12 },
];

for (const { name, file, shape } of HYBRID)
  describe(`hybrid: ${name}`, () => {
    const dir = file.slice(0, file.lastIndexOf('/'));
    it('H1 hybrid-min-tls-version at the value', () =>
      expectSpans('hybrid-min-tls-version', {
        [file]: shape('sslCertPath: ./certs/api.pem\nsslKeyPath: ./certs/api.key\nminTLSProtocolVersion: "«1.1»"'),
      }));
    it('H2 hybrid-tls-version-range at the max', () =>
      expectSpans('hybrid-tls-version-range', {
        [file]: shape('sslSecret: api-tls\nminTLSProtocolVersion: "1.3"\nmaxTLSProtocolVersion: "«1.2»"'),
      }));
    it('H3 hybrid-mtls-no-ca at tlsMode', () =>
      expectSpans('hybrid-mtls-no-ca', { [file]: shape('sslCertPath: ./certs/api.pem\nsslKeyPath: ./certs/api.key\ntlsMode: «MUTUAL»') }));
    it('H4 hybrid-certificate at sslCertPath (expired)', () =>
      expectSpans('hybrid-certificate', {
        [`${dir}/old.pem`]: readFileSync(join(certs, 'old.crt')),
        [file]: shape('sslCertPath: «old.pem»\nsslKeyPath: old.key'),
      }));
    it('H5 hybrid-cipher-suites-format at the item', () =>
      expectSpans('hybrid-cipher-suites-format', {
        [file]: shape('sslSecret: api-tls\ncipherSuites:\n  - «TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256»\n  - ECDHE-RSA-AES256-GCM-SHA384'),
      }));
  });

describe('hybrid 1.2: ingress-wide versions and routingRules environments', () => {
  const FILE = 'hybrid-1.2/overrides-prod.yaml';
  it('ingress.minTLSProtocolVersion 1.0 at the value, once, naming the ingress', () => {
    const [f] = checkSpans('hybrid-min-tls-version', { [FILE]: v12('sslSecret: api-tls', 'ingress:\n  minTLSProtocolVersion: "«1.0»"') });
    assert.match(f!.message, /^Hybrid ingress \(ingress section, every virtual host: api\.example\.com\): minTLSProtocolVersion 1\.0/);
  });
  it('ingress-wide min above max at the max', () =>
    expectSpans('hybrid-tls-version-range', {
      [FILE]: v12('sslSecret: api-tls', 'ingress:\n  minTLSProtocolVersion: "1.3"\n  maxTLSProtocolVersion: «1.2»'),
    }));
  it('--env judges the virtual hosts whose routingRules route to it', () => {
    const files = { [FILE]: v12('sslSecret: api-tls\nminTLSProtocolVersion: "1.0"') };
    expectSpans(
      'hybrid-min-tls-version',
      { [FILE]: v12('sslSecret: api-tls\nminTLSProtocolVersion: "«1.0»"') },
      { only: new Set(['prod']) },
    );
    expectSpans('hybrid-min-tls-version', files, { only: new Set(['test']) });
  });
});
