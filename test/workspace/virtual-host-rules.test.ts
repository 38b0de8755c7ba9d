// The Edge virtual host rules (northbound combinations V1–V17 of the research note), each at the exact value, on
// our own fixtures modelled on the real shapes (the maven plugin's sample, pingstatus-tls-v1's two-way vhost, the
// consumer-data-standards README's secure + secure-mtls binding).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/lint/fix-all';
import { makeCertificate } from './support/certs';
import { checkSpans, expectSpans, findingsOf, json, tempDir } from './support/tree';

const VH = 'resources/edge/env/test/virtualHosts.json';
const PE = 'apiproxy/proxies/default.xml';
const env = (file: string): string => `resources/edge/env/test/${file}`;

/** A virtual hosts file from objects whose values may carry «marks» (JSON.stringify keeps them in place). */
const vhosts = (...hosts: Array<Record<string, unknown>>): string => json(hosts);
const vhost = (name: string, ssl: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name,
  port: '443',
  hostAliases: [`${name}.example.com`],
  ...(ssl === undefined ? {} : { sSLInfo: ssl }),
  ...extra,
});
const oneWay = { enabled: 'true', keyStore: 'ref://vh-ks', keyAlias: 'vh' };
const twoWay = { ...oneWay, clientAuthEnabled: 'true', trustStore: 'ref://vh-ts' };
const proxyEndpoint = (...vhs: string[]): string =>
  `<ProxyEndpoint name="default">\n  <HTTPProxyConnection>\n    <BasePath>/v1</BasePath>\n${vhs.map((v) => `    <VirtualHost>${v}</VirtualHost>`).join('\n')}\n  </HTTPProxyConnection>\n</ProxyEndpoint>\n`;
const ciphers = (value: string): Record<string, unknown> => ({ properties: { property: [{ name: 'ssl_ciphers', value }] } });

describe('vhost-client-auth-no-truststore (V1)', () => {
  it('two-way without trustStore, at clientAuthEnabled; with one, not', () =>
    expectSpans('vhost-client-auth-no-truststore', {
      [VH]: vhosts(
        vhost('a', { ...oneWay, clientAuthEnabled: '«true»' }),
        vhost('b', twoWay),
        vhost('c', { ...oneWay, clientAuthEnabled: 'false' }),
      ),
    }));
  it('the XML form too', () =>
    expectSpans('vhost-client-auth-no-truststore', {
      'config/env/test/mtls-virtualhost.xml':
        '<VirtualHost name="mtls">\n  <Port>443</Port>\n  <SSLInfo>\n    <Enabled>true</Enabled>\n    <ClientAuthEnabled>«true»</ClientAuthEnabled>\n    <KeyStore>ref://ks</KeyStore>\n    <KeyAlias>a</KeyAlias>\n  </SSLInfo>\n</VirtualHost>\n',
    }));
});

describe('vhost-truststore-unused (V2)', () => {
  it('the maven sample: one-way with a trustStore, at the trustStore', () =>
    expectSpans('vhost-truststore-unused', {
      [VH]: vhosts(
        vhost('ESBSecureHost', {
          enabled: 'true',
          clientAuthEnabled: 'false',
          keyStore: 'keystore_name',
          trustStore: '«truststore_name»',
          keyAlias: 'key_alias',
          ignoreValidationErrors: 'false',
        }),
        vhost('absent', { ...oneWay, trustStore: '«ref://ts»' }),
        vhost('two', twoWay),
        vhost('empty', { ...oneWay, trustStore: '' }),
      ),
    }));
});

describe('vhost-ignore-validation-errors (V3)', () => {
  it('on a two-way vhost only, at the value', () =>
    expectSpans('vhost-ignore-validation-errors', {
      [VH]: vhosts(vhost('a', { ...twoWay, ignoreValidationErrors: '«true»' }), vhost('b', { ...oneWay, ignoreValidationErrors: 'true' })),
    }));
  it('the fix sets it to false (string or boolean)', () => {
    const text = vhosts(vhost('a', { ...twoWay, ignoreValidationErrors: true }));
    const [f] = findingsOf('vhost-ignore-validation-errors', { [VH]: text }).get(VH)!;
    assert.equal(applyEdits(text, f!.fixes[0]!.edits), text.replace('"ignoreValidationErrors": true', '"ignoreValidationErrors": false'));
  });
});

describe('vhost-keystore-not-reference (V4)', () => {
  it('a keystore named directly, keyStore or trustStore; references and tokens pass', () =>
    expectSpans('vhost-keystore-not-reference', {
      [VH]: vhosts(
        vhost('a', { ...twoWay, keyStore: '«vh-2025»', trustStore: '«clients»' }),
        vhost('b', twoWay),
        vhost('c', { ...oneWay, keyStore: 'keystore-APIGEE_ENV' }),
      ),
    }));
});

describe('unknown-key-alias judges virtual hosts (V5)', () => {
  it('ref:// → keystore without that alias, at the keyAlias', () =>
    expectSpans('unknown-key-alias', {
      [VH]: vhosts(vhost('a', { ...oneWay, keyAlias: '«old-alias»' }), vhost('b', oneWay)),
      [env('references.json')]: json([{ name: 'vh-ks', refers: 'vh-2026', resourceType: 'KeyStore' }]),
      [env('keystores.json')]: json([{ name: 'vh-2026' }]),
      [env('aliases.json')]: json([{ alias: 'vh', keystorename: 'vh-2026', format: 'selfsignedcert' }]),
    }));
});

describe('vhost-keyalias-reference (V6)', () => {
  it('keyAlias as ref://, at the value', () =>
    expectSpans('vhost-keyalias-reference', { [VH]: vhosts(vhost('a', { ...oneWay, keyAlias: '«ref://vh-alias»' }), vhost('b', oneWay)) }));
});

describe('vhost-ssl-ciphers-format (V9)', () => {
  it('IANA names in ssl_ciphers, at the value; OpenSSL names and keywords pass', () =>
    expectSpans('vhost-ssl-ciphers-format', {
      [VH]: vhosts(
        vhost('a', oneWay, ciphers('«TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384»')),
        vhost('b', oneWay, ciphers('ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384')),
        vhost('c', oneWay, ciphers('HIGH:!aNULL:!MD5')),
      ),
    }));
  it('the fix converts to OpenSSL names and drops TLS 1.3 names', () => {
    const text = vhosts(
      vhost('a', oneWay, ciphers('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES256-GCM-SHA384')),
    );
    const [f] = findingsOf('vhost-ssl-ciphers-format', { [VH]: text }).get(VH)!;
    assert.equal(
      applyEdits(text, f!.fixes[0]!.edits),
      text.replace('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_AES_128_GCM_SHA256:', 'ECDHE-RSA-AES128-GCM-SHA256:'),
    );
  });
  it('legacy sSLInfo ciphers/protocols lists, at the list; empty lists pass', () =>
    expectSpans('vhost-ssl-ciphers-format', {
      [VH]: vhosts(vhost('a', { ...oneWay, protocols: '«PROTOCOLS»' }), vhost('b', { ...oneWay, ciphers: [], protocols: [] })).replace(
        '"«PROTOCOLS»"',
        '«[\n        "TLSv1"\n      ]»',
      ),
    }));
});

describe('vhost-ciphers-exclude-clients (V10)', () => {
  it("the seed's example: one 'high encryption' suite leaves clients out, named in the message", () => {
    const [f] = checkSpans('vhost-ciphers-exclude-clients', {
      [VH]: vhosts(vhost('a', oneWay, ciphers('«ECDHE-RSA-AES256-GCM-SHA384»')), vhost('b', oneWay, ciphers('HIGH:!aNULL'))),
    });
    assert.match(f!.message, /\.NET Framework 4\.5 on Windows 7.* none of the suites ssl_ciphers allows/);
    assert.doesNotMatch(f!.message, /Java 8u161/);
  });
  it('a broad list passes', () =>
    expectSpans('vhost-ciphers-exclude-clients', {
      [VH]: vhosts(vhost('a', oneWay, ciphers('ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:AES128-SHA'))),
    }));
});

/** A self-signed certificate with these DNS names (PEM), made by openssl; RSA of `bits` when given, else EC. */
function sanCertificate(dir: string, name: string, sans: string[], bits?: number): Buffer {
  const key = bits === undefined ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', `rsa:${bits}`];
  const subject = [
    '-subj',
    `/CN=${sans[0] ?? name}`,
    ...(sans.length > 0 ? ['-addext', `subjectAltName=${sans.map((s) => `DNS:${s}`).join(',')}`] : []),
  ];
  execFileSync(
    'openssl',
    ['req', '-x509', ...key, '-nodes', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.crt`), '-days', '30', ...subject],
    {
      stdio: 'ignore',
    },
  );
  return readFileSync(join(dir, `${name}.crt`));
}

const keystoreFiles = (certFile: string): Record<string, string> => ({
  [env('references.json')]: json([{ name: 'vh-ks', refers: 'vh-2025', resourceType: 'KeyStore' }]),
  [env('keystores.json')]: json([{ name: 'vh-2025' }]),
  [env('aliases.json')]: json([{ alias: 'vh', keystorename: 'vh-2025', format: 'keycertfile', certFilePath: certFile }]),
});

describe('vhost-alias-not-covered (V11)', () => {
  const dir = tempDir();
  const cert = sanCertificate(dir, 'api', ['api.example.com', '*.partners.example.com']);
  it('an alias no SAN covers, and a wildcard alias without the same wildcard, at the alias', () =>
    expectSpans('vhost-alias-not-covered', {
      'pom.xml': '<project/>',
      'certs/api.crt': cert,
      ...keystoreFiles('certs/api.crt'),
      [VH]: vhosts(
        vhost('a', oneWay, {
          hostAliases: ['api.example.com', 'acme.partners.example.com', '«www.example.com»', '«*.example.com»', 'api.example.com:443'],
        }),
      ),
    }));
  it('an unknown certificate is not judged', () =>
    expectSpans('vhost-alias-not-covered', { [VH]: vhosts(vhost('a', oneWay, { hostAliases: ['www.example.com'] })) }));
});

describe('vhost-alias-port (V12)', () => {
  it('an alias port other than the port, and an alias+port two vhosts share', () =>
    expectSpans('vhost-alias-port', {
      [VH]: vhosts(
        vhost('a', oneWay, { hostAliases: ['api.example.com', '«api.example.com:9443»'] }),
        vhost('b', oneWay, { hostAliases: ['«api.example.com»', 'other.example.com'] }),
        vhost('c', oneWay, { port: '9443', hostAliases: ['api.example.com:9443'] }),
      ),
    }));
});

describe('vhost-free-trial-cert-alias (V13)', () => {
  it('an alias outside apigee.net with the free trial certificate', () =>
    expectSpans('vhost-free-trial-cert-alias', {
      [VH]: vhosts(
        vhost('a', { enabled: 'true' }, { useBuiltInFreeTrialCert: true, hostAliases: ['acme-test.apigee.net', '«api.acme.com»'] }),
        vhost('b', oneWay, { hostAliases: ['api.acme.com'] }),
      ),
    }));
});

describe('vhost-plain-http (V14)', () => {
  it('443 without TLS, at the port or the enabled flag; a vhost on 80 passes', () =>
    expectSpans('vhost-plain-http', {
      [VH]: vhosts({ name: 'a', port: '«443»', hostAliases: ['a.example.com'] }, vhost('b', { enabled: '«false»' }), {
        name: 'EnterpriseHost',
        port: 80,
        hostAliases: ['enterprise.com'],
      }),
    }));
  it("a proxy bound to a plain HTTP vhost; to Edge Cloud's built-in default under the edge profile", () => {
    expectSpans('vhost-plain-http', {
      [VH]: vhosts({ name: 'http', port: 80, hostAliases: ['a.example.com'] }, vhost('tls', oneWay)),
      [PE]: proxyEndpoint('«http»', 'tls', 'secure'),
    });
    expectSpans(
      'vhost-plain-http',
      { [VH]: vhosts(vhost('tls', oneWay)), [PE]: proxyEndpoint('«default»', 'secure') },
      { profile: 'edge' },
    );
    expectSpans('vhost-plain-http', { [VH]: vhosts(vhost('tls', oneWay)), [PE]: proxyEndpoint('default') });
  });
  it('an environment Terraform declares (google_apigee_environment, Apigee X/hybrid): no built-in default there', () =>
    expectSpans(
      'vhost-plain-http',
      {
        'main.tf': 'resource "google_apigee_environment" "e" {\n  name   = "test"\n  org_id = "organizations/acme"\n}\n',
        [PE]: proxyEndpoint('default'),
      },
      { profile: 'edge' },
    ));
  it("profile auto: the bundle's inferred profile decides, not the fallback", () =>
    expectSpans(
      'vhost-plain-http',
      { [VH]: vhosts(vhost('tls', oneWay)), [PE]: proxyEndpoint('«default»', 'secure') },
      { profileOf: (path) => (path.includes('/apiproxy/') ? 'edge' : 'apigeex') },
    ));
});

describe('vhost-mtls-bypass (V15)', () => {
  it('the consumer-data-standards README: secure + secure-mtls, at the one-way binding', () => {
    const [f] = checkSpans('vhost-mtls-bypass', {
      [VH]: vhosts(vhost('secure-mtls', twoWay)),
      [PE]: proxyEndpoint('«secure»', 'secure-mtls'),
    });
    assert.equal(
      f!.message,
      "ProxyEndpoint 'default' is bound to two-way TLS virtual host 'secure-mtls' and to 'secure' (one-way TLS) in environment test: clients without a certificate reach the same API through 'secure', so two-way TLS can be bypassed. Remove 'secure' from this ProxyEndpoint (or serve one-way clients from another proxy).",
    );
  });
  it('a defined one-way and a plain one too; two-way alone passes', () => {
    expectSpans('vhost-mtls-bypass', {
      [VH]: vhosts(vhost('mtls', twoWay), vhost('one', oneWay), { name: 'http', port: 80, hostAliases: ['h.example.com'] }),
      [PE]: proxyEndpoint('mtls', '«one»', '«http»'),
    });
    expectSpans('vhost-mtls-bypass', { [VH]: vhosts(vhost('mtls', twoWay)), [PE]: proxyEndpoint('mtls') });
  });
});

describe('vhost-certificate (V17)', () => {
  const dir = tempDir();
  makeCertificate(dir, 'old', -5);
  const big = sanCertificate(dir, 'big', ['api.example.com'], 3072);
  it('expired and self-signed, at the keyAlias, with both causes', () => {
    const [f] = checkSpans('vhost-certificate', {
      'certs/old.crt': readFileSync(join(dir, 'old.crt')),
      ...keystoreFiles('certs/old.crt'),
      [VH]: vhosts(vhost('a', { ...oneWay, keyAlias: '«vh»' })),
    });
    assert.match(f!.message, /expired on .*; the certificate is self-signed/);
  });
  it('an RSA key over 2048 bits', () => {
    const [f] = checkSpans('vhost-certificate', {
      'certs/big.crt': big,
      ...keystoreFiles('certs/big.crt'),
      [VH]: vhosts(vhost('a', { ...oneWay, keyAlias: '«vh»' })),
    });
    assert.match(f!.message, /RSA key has 3072 bits: Edge supports virtual host keys up to 2048 bits/);
  });
  it('a leaf issued by an unknown CA with no intermediate: incomplete chain', () => {
    const ca = tempDir();
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.crt',
        '-days',
        '30',
        '-subj',
        '/CN=Private CA',
      ],
      { cwd: ca, stdio: 'ignore' },
    );
    execFileSync(
      'openssl',
      [
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'leaf.key',
        '-out',
        'leaf.csr',
        '-subj',
        '/CN=api.example.com',
      ],
      { cwd: ca, stdio: 'ignore' },
    );
    execFileSync(
      'openssl',
      ['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.crt', '-days', '30'],
      { cwd: ca, stdio: 'ignore' },
    );
    const files = { ...keystoreFiles('certs/leaf.crt'), [VH]: vhosts(vhost('a', { ...oneWay, keyAlias: '«vh»' })) };
    const [f] = checkSpans('vhost-certificate', { 'certs/leaf.crt': readFileSync(join(ca, 'leaf.crt')), ...files });
    assert.match(f!.message, /the chain is incomplete: it ends at 'CN=api.example.com', issued by 'CN=Private CA'/);
    const chain = Buffer.concat([readFileSync(join(ca, 'leaf.crt')), readFileSync(join(ca, 'ca.crt'))]);
    expectSpans('vhost-certificate', { 'certs/leaf.crt': chain, ...files, [VH]: vhosts(vhost('a', oneWay)) });
  });
});

const protocols = (value: string): Record<string, unknown> => ({ properties: { property: [{ name: 'ssl_protocols', value }] } });
const ROUTER = 'opt/apigee/customer/application/router.properties';
const ROUTER_KEY = 'conf_load_balancing_load.balancing.driver.server.ssl.protocols';

describe('vhost-legacy-protocols (V7)', () => {
  it('Private Cloud (a non-443 port): TLSv1/TLSv1.1 in ssl_protocols at the value; TLSv1.2 alone passes', () =>
    expectSpans('vhost-legacy-protocols', {
      [VH]: vhosts(
        vhost('a', oneWay, { port: '9443', ...protocols('«TLSv1 TLSv1.1 TLSv1.2»') }),
        vhost('b', oneWay, { port: '9443', ...protocols('TLSv1.2 TLSv1.3') }),
      ),
    }));
  it('the router-wide key in router.properties, at the value', () =>
    expectSpans('vhost-legacy-protocols', { [ROUTER]: `# router\n${ROUTER_KEY}=«TLSv1.1 TLSv1.2»\n` }));
  it('Edge Cloud (an apigee.net alias): not this rule (vhost-ssl-protocols-cloud)', () =>
    expectSpans('vhost-legacy-protocols', {
      [VH]: vhosts(vhost('a', oneWay, { hostAliases: ['acme-prod.apigee.net'], ...protocols('TLSv1 TLSv1.2') })),
    }));
  it('platform unknown: info naming both; the fix keeps the rest', () => {
    const text = vhosts(vhost('a', oneWay, protocols('TLSv1 TLSv1.2')));
    const [f] = findingsOf('vhost-legacy-protocols', { [VH]: text }).get(VH)!;
    assert.equal(f!.severity, 'info');
    assert.match(f!.message, /on Private Cloud; Edge Cloud ignores ssl_protocols/);
    assert.equal(applyEdits(text, f!.fixes[0]!.edits), text.replace('TLSv1 TLSv1.2', 'TLSv1.2'));
  });
  it('the router fix leaves TLSv1.2 when only legacy versions were listed', () => {
    const text = `${ROUTER_KEY}=TLSv1 TLSv1.1\n`;
    const [f] = findingsOf('vhost-legacy-protocols', { [ROUTER]: text }).get(ROUTER)!;
    assert.equal(applyEdits(text, f!.fixes[0]!.edits), `${ROUTER_KEY}=TLSv1.2\n`);
  });
});

describe('vhost-ssl-protocols-cloud (V8)', () => {
  it('Edge Cloud (apigee.net alias, free trial cert, or the cloud management URL): at the value, a warning', () => {
    const [f] = checkSpans('vhost-ssl-protocols-cloud', {
      [VH]: vhosts(vhost('a', oneWay, { hostAliases: ['acme-prod.apigee.net'], ...protocols('«TLSv1.2 TLSv1.3»') })),
    });
    assert.equal(f!.severity, 'warning');
    expectSpans('vhost-ssl-protocols-cloud', {
      'pom.xml': '<project><properties><apigee.hosturl>https://api.enterprise.apigee.com</apigee.hosturl></properties></project>\n',
      [VH]: vhosts(vhost('a', oneWay, protocols('«TLSv1.2»'))),
    });
  });
  it('Private Cloud (interfaces, a non-443 port, an on-premises management URL, router.properties): nothing', () => {
    expectSpans('vhost-ssl-protocols-cloud', { [VH]: vhosts(vhost('a', oneWay, { interfaces: ['eth0'], ...protocols('TLSv1.2') })) });
    expectSpans('vhost-ssl-protocols-cloud', { [VH]: vhosts(vhost('a', oneWay, { port: '9001', ...protocols('TLSv1.2') })) });
    expectSpans('vhost-ssl-protocols-cloud', {
      'pom.xml': '<project><apigee.hosturl>http://ms.corp.example:8080</apigee.hosturl></project>\n',
      [VH]: vhosts(vhost('a', oneWay, protocols('TLSv1.2'))),
    });
    expectSpans('vhost-ssl-protocols-cloud', { [ROUTER]: 'x=y\n', [VH]: vhosts(vhost('a', oneWay, protocols('TLSv1.2'))) });
  });
  it('unknown: info at the value, naming both products', () => {
    const [f] = checkSpans('vhost-ssl-protocols-cloud', { [VH]: vhosts(vhost('a', oneWay, protocols('«TLSv1.2»'))) });
    assert.equal(f!.severity, 'info');
    assert.match(f!.message, /On Private Cloud it sets .*; on Edge Cloud it is ignored/);
  });
});

describe('vhost-propagate-tls (V16)', () => {
  const POLICY = 'apiproxy/policies/AM-CertDn.xml';
  const JS_POLICY = 'apiproxy/policies/JS-Check.xml';
  const JS = 'apiproxy/resources/jsc/check.js';
  const assign = (variable: string): string =>
    `<AssignMessage name="AM-CertDn">\n  <!-- tls.client.s.dn in a comment is not a use -->\n  <AssignVariable>\n    <Name>dn</Name>\n    <Ref>${variable}</Ref>\n  </AssignVariable>\n</AssignMessage>\n`;
  const propagate = (flags: Record<string, boolean>): Record<string, unknown> => ({ propagateTLSInformation: flags });
  it('tls.client.* behind a two-way vhost without ClientProperties: at the variable, naming the vhost', () => {
    const [f] = checkSpans('vhost-propagate-tls', {
      [VH]: vhosts(vhost('mtls', twoWay)),
      [PE]: proxyEndpoint('mtls'),
      [POLICY]: assign('«tls.client.s.dn»'),
    });
    assert.match(f!.message, /^tls\.client\.s\.dn is empty here: virtual host 'mtls' \(environment test\) does not propagate/);
  });
  it('with clientProperties true (camelCase JSON) the variables flow; connectionProperties alone serves tls.cipher only', () => {
    expectSpans('vhost-propagate-tls', {
      [VH]: vhosts(vhost('mtls', twoWay, propagate({ connectionProperties: true, clientProperties: true }))),
      [PE]: proxyEndpoint('mtls'),
      [POLICY]: assign('tls.client.cert.fingerprint'),
    });
    expectSpans('vhost-propagate-tls', {
      [VH]: vhosts(vhost('mtls', twoWay, propagate({ connectionProperties: true }))),
      [PE]: proxyEndpoint('mtls'),
      [POLICY]: `<RaiseFault name="RF">\n  <Condition>«tls.client.i.dn» = null or tls.protocol != "TLSv1.2"</Condition>\n</RaiseFault>\n`,
    });
  });
  it("in the JavaScript a Javascript policy runs, and behind Edge Cloud's built-in 'secure'", () =>
    expectSpans('vhost-propagate-tls', {
      [VH]: vhosts(vhost('other', oneWay)),
      [PE]: proxyEndpoint('secure'),
      [JS_POLICY]: '<Javascript name="JS-Check">\n  <ResourceURL>jsc://check.js</ResourceURL>\n</Javascript>\n',
      [JS]: "// tls.cipher\nvar c = context.getVariable('«tls.cipher»');\n",
    }));
  it('client.cn behind one-way vhosts only; not when a two-way one is bound too; a proxy bound to nothing is not judged', () => {
    expectSpans('vhost-propagate-tls', {
      [VH]: vhosts(vhost('one', oneWay)),
      [PE]: proxyEndpoint('one'),
      [POLICY]: assign('«client.cn»'),
    });
    expectSpans('vhost-propagate-tls', {
      [VH]: vhosts(vhost('one', oneWay), vhost('mtls', twoWay)),
      [PE]: proxyEndpoint('one', 'mtls'),
      [POLICY]: assign('client.cn'),
    });
    expectSpans('vhost-propagate-tls', { [POLICY]: assign('tls.client.s.dn') });
  });
  it('the XML form of the virtual host: PropagateTLSInformation/ClientProperties false, then true', () => {
    const xml = (client: string): string =>
      `<VirtualHost name="mtls">\n  <Port>443</Port>\n  <SSLInfo>\n    <Enabled>true</Enabled>\n    <ClientAuthEnabled>true</ClientAuthEnabled>\n    <KeyStore>ref://ks</KeyStore>\n    <KeyAlias>a</KeyAlias>\n    <TrustStore>ref://ts</TrustStore>\n  </SSLInfo>\n  <PropagateTLSInformation>\n    <ConnectionProperties>true</ConnectionProperties>\n    <ClientProperties>${client}</ClientProperties>\n  </PropagateTLSInformation>\n</VirtualHost>\n`;
    const XML = 'config/env/test/mtls-virtualhost.xml';
    expectSpans('vhost-propagate-tls', { [XML]: xml('false'), [PE]: proxyEndpoint('mtls'), [POLICY]: assign('«tls.client.raw.cert»') });
    expectSpans('vhost-propagate-tls', { [XML]: xml('true'), [PE]: proxyEndpoint('mtls'), [POLICY]: assign('tls.client.raw.cert') });
  });
});

describe('vhost-plain-http wording', () => {
  it('sSLInfo without enabled is said so, not "enabled is false"', () => {
    const [f] = checkSpans('vhost-plain-http', {
      [VH]: vhosts({ name: 'a', port: '«443»', hostAliases: ['a.example.com'], sSLInfo: { keyStore: 'ref://k', keyAlias: 'a' } }),
    });
    assert.match(f!.message, /\(sSLInfo without enabled true\)/);
  });
});

describe('vhost-propagate-tls reads logic, not echoes', () => {
  it('a <Payload> echoing the variables is no read; a template in a <Value> and a ref="" attribute are', () =>
    expectSpans('vhost-propagate-tls', {
      [VH]: vhosts(vhost('mtls', twoWay)),
      [PE]: proxyEndpoint('mtls'),
      'apiproxy/policies/AM-Ping.xml':
        '<AssignMessage name="AM-Ping">\n  <Set>\n    <Payload contentType="application/json">{"tls.client.s.dn": "{tls.client.s.dn}"}</Payload>\n    <Headers>\n      <Header name="x-dn">{«tls.client.i.dn»}</Header>\n    </Headers>\n  </Set>\n</AssignMessage>\n',
      'apiproxy/policies/EV-Dn.xml':
        '<ExtractVariables name="EV-Dn">\n  <Source>request</Source>\n  <Variable name="x" ref="«tls.client.cert.serial»"/>\n</ExtractVariables>\n',
    }));
});

describe('vhost-propagate-tls by product', () => {
  const files = (extra: Record<string, unknown>): Record<string, string> => ({
    [VH]: vhosts(vhost('mtls', twoWay, extra)),
    [PE]: proxyEndpoint('mtls'),
    'apiproxy/policies/RF.xml': '<RaiseFault name="RF">\n  <Condition>«tls.client.s.dn» != "CN=partner"</Condition>\n</RaiseFault>\n',
  });
  it('Private Cloud (port 9443): says the router does not set them', () =>
    assert.match(
      checkSpans('vhost-propagate-tls', files({ port: '9443' }))[0]!.message,
      /On Edge Private Cloud, PropagateTLSInformation is not documented/,
    ));
  it('Edge Cloud (apigee.net alias): says to set it', () =>
    assert.match(
      checkSpans('vhost-propagate-tls', files({ hostAliases: ['acme-prod.apigee.net'] }))[0]!.message,
      /Set propagateTLSInformation \{ "clientProperties": true \} on the virtual host \(Edge Cloud, Alpha\)\.$/,
    ));
});
