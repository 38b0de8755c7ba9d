// Per cross-file rule: where it reports (the «marked» span, in whichever file) and where it stays silent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { checkSpans, expectSpans, json, loadBalanced, server, sslTarget, tempDir, endpoint } from './support/tree';
import { makeCertificate, toDer } from './support/certs';

const T = 'apiproxy/targets/default.xml';
const TS = 'resources/edge/env/test/targetServers.json';
const PROD_TS = 'resources/edge/env/prod/targetServers.json';
const env = (e: string, file: string): string => `resources/edge/env/${e}/${file}`;

describe('unknown-target-server', () => {
  it('flags a name no environment defines', () =>
    expectSpans('unknown-target-server', { [T]: loadBalanced('«nope»'), [TS]: json([server('ts1')]), [PROD_TS]: json([server('ts1')]) }));
  it('says which environments lack it, as a warning', () => {
    const [f] = checkSpans('unknown-target-server', {
      [T]: loadBalanced('«ts1»'),
      [TS]: json([server('ts1')]),
      [PROD_TS]: json([server('other')]),
    });
    assert.equal(f!.message, "TargetServer 'ts1' is missing in environment prod (defined in environment test).");
    assert.equal(f!.severity, 'warning');
  });
  it('offers the closest name', () => {
    const [f] = checkSpans('unknown-target-server', { [T]: loadBalanced('«backend-l»'), [TS]: json([server('backend-1')]) });
    assert.equal(f!.fixes[0]?.edits[0]?.newText, 'backend-1');
    assert.equal(f!.severity, 'error');
  });
  it('accepts a defined name', () => expectSpans('unknown-target-server', { [T]: loadBalanced('ts1'), [TS]: json([server('ts1')]) }));
  it('keeps templates and build tokens symbolic', () =>
    expectSpans('unknown-target-server', { [T]: loadBalanced('{flow.ts}', 'TS_NAME_TOKEN', '@ts@'), [TS]: json([server('ts1')]) }));
  it('says nothing without environment configuration', () => expectSpans('unknown-target-server', { [T]: loadBalanced('ts1') }));
  it('is restricted by --env', () =>
    expectSpans(
      'unknown-target-server',
      { [T]: loadBalanced('ts1'), [TS]: json([server('ts1')]), [PROD_TS]: json([server('x')]) },
      { only: new Set(['test']) },
    ));
});

const stores = {
  [env('test', 'references.json')]: json([{ name: 'ts-ref', refers: 'truststore', resourceType: 'TrustStore' }]),
  [env('test', 'keystores.json')]: json([{ name: 'truststore' }, { name: 'client' }]),
};

describe('unresolved-reference', () => {
  it('flags a ref:// naming no reference', () =>
    expectSpans('unresolved-reference', { [T]: sslTarget('<Enabled>true</Enabled><TrustStore>«ref://missing»</TrustStore>'), ...stores }));
  it('flags one in a TargetServer sSLInfo', () =>
    expectSpans('unresolved-reference', {
      [TS]: `[{"name": "a", "host": "h", "port": 443, "sSLInfo": {"enabled": true, "trustStore": "«ref://nope»"}}]`,
      ...stores,
    }));
  it('accepts a defined reference', () =>
    expectSpans('unresolved-reference', { [T]: sslTarget('<TrustStore>ref://ts-ref</TrustStore>'), ...stores }));
  it('keeps a templated name symbolic', () =>
    expectSpans('unresolved-reference', { [T]: sslTarget('<TrustStore>ref://{ts}</TrustStore>'), ...stores }));
  it('a reference naming itself is just an unknown keystore, no loop', () =>
    expectSpans('unknown-keystore', {
      [env('test', 'references.json')]: `[{"name": "self", "refers": "«self»"}]`,
      [env('test', 'keystores.json')]: json([{ name: 'k' }]),
    }));
});

describe('unknown-keystore', () => {
  it("flags a reference's refers", () =>
    expectSpans('unknown-keystore', {
      [env('test', 'references.json')]: `[{"name": "r", "refers": "«gone»"}]`,
      [env('test', 'keystores.json')]: json([{ name: 'k' }]),
    }));
  it('flags a direct name', () => expectSpans('unknown-keystore', { [T]: sslTarget('<TrustStore>«nostore»</TrustStore>'), ...stores }));
  it('accepts direct and referenced keystores', () =>
    expectSpans('unknown-keystore', { [T]: sslTarget('<TrustStore>truststore</TrustStore><KeyStore>ref://ts-ref</KeyStore>'), ...stores }));
  it('keeps build tokens symbolic', () =>
    expectSpans('unknown-keystore', {
      [env('test', 'references.json')]: `[{"name": "r", "refers": "ks-CERT_SUFFIX"}]`,
      [env('test', 'keystores.json')]: json([{ name: 'k' }]),
    }));
});

const aliases = (list: unknown[]): Record<string, string> => ({ ...stores, [env('test', 'aliases.json')]: json(list) });

describe('unknown-key-alias', () => {
  const ssl = (alias: string): string =>
    sslTarget(`<Enabled>true</Enabled><ClientAuthEnabled>true</ClientAuthEnabled><KeyStore>client</KeyStore><KeyAlias>${alias}</KeyAlias>`);
  const list = [{ alias: 'mine', keystorename: 'client', format: 'selfsignedcert' }];
  it('flags an alias the keystore lacks', () => expectSpans('unknown-key-alias', { [T]: ssl('«theirs»'), ...aliases(list) }));
  it('accepts an alias the keystore holds', () => expectSpans('unknown-key-alias', { [T]: ssl('mine'), ...aliases(list) }));
  it('says nothing when the repository lists no alias of that keystore', () =>
    expectSpans('unknown-key-alias', { [T]: ssl('theirs'), ...stores }));
});

describe('certificates', () => {
  const certs = tempDir();
  before(() => {
    makeCertificate(certs, 'expired', -3);
    makeCertificate(certs, 'soon', 10);
    makeCertificate(certs, 'fresh', 400);
    makeCertificate(certs, 'other', 400);
    toDer(certs, 'fresh', 'fresh.der');
  });
  const file = (name: string): string => readFileSync(join(certs, name), 'utf8');
  const alias = (extra: Record<string, string>) => [{ alias: 'a', keystorename: 'client', format: 'keycertfile', ...extra }];
  const tree = (files: Record<string, string | Uint8Array>, aliasJson: string): Record<string, string | Uint8Array> => ({
    'pom.xml': '<project/>',
    ...files,
    ...stores,
    [env('test', 'aliases.json')]: aliasJson,
  });
  const aliasFile = (cert: string, key?: string): string =>
    `[{"alias": "a", "keystorename": "client", "format": "keycertfile", "certFilePath": "«${cert}»"${key ? `, "keyFilePath": "${key}"` : ''}}]`;

  it('certificate-expired: an expired certificate, at its path', () =>
    expectSpans('certificate-expired', tree({ 'certs/c.pem': file('expired.crt') }, aliasFile('certs/c.pem'))));
  it('certificate-expired: finds it in a chain of several', () =>
    expectSpans('certificate-expired', tree({ 'certs/c.pem': file('fresh.crt') + file('expired.crt') }, aliasFile('certs/c.pem'))));
  it('certificate-expires-soon: within 30 days', () => {
    const [f] = checkSpans('certificate-expires-soon', tree({ 'certs/c.pem': file('soon.crt') }, aliasFile('certs/c.pem')));
    assert.match(f!.message, /expires on \d{4}-\d\d-\d\d, in (9|10) days \(environment test\)/);
  });
  it('certificate-expires-soon: --expiry-days 5 lets a 10-day certificate pass', () =>
    expectSpans('certificate-expires-soon', tree({ 'certs/c.pem': file('soon.crt') }, aliasFile('certs/c.pem').replace(/[«»]/g, '')), {
      expiryDays: 5,
    }));
  it('a fresh DER certificate is read and passes', () => {
    const der = readFileSync(join(certs, 'fresh.der'));
    const files = tree({ 'certs/c.der': der }, aliasFile('certs/c.der').replace(/[«»]/g, ''));
    for (const id of ['certificate-expired', 'certificate-expires-soon', 'certificate-unreadable']) expectSpans(id, files);
  });
  it('certificate-file-missing: a path that does not exist', () =>
    expectSpans('certificate-file-missing', tree({}, aliasFile('certs/none.pem'))));
  it('key-certificate-mismatch: the key of another certificate, at the key path', () =>
    expectSpans(
      'key-certificate-mismatch',
      tree(
        { 'certs/c.pem': file('fresh.crt'), 'certs/k.pem': file('other.key') },
        `[{"alias": "a", "keystorename": "client", "format": "keycertfile", "certFilePath": "certs/c.pem", "keyFilePath": "«certs/k.pem»"}]`,
      ),
    ));
  it('key-certificate-mismatch: the right key passes', () =>
    expectSpans(
      'key-certificate-mismatch',
      tree(
        { 'certs/c.pem': file('fresh.crt'), 'certs/k.pem': file('fresh.key') },
        json(alias({ certFilePath: 'certs/c.pem', keyFilePath: 'certs/k.pem' })),
      ),
    ));
  it('certificate-unreadable: binary garbage', () =>
    expectSpans('certificate-unreadable', tree({ 'certs/c.pem': '\u0000\u0001garbage\u00ff' }, aliasFile('certs/c.pem'))));
  it('certificate-unreadable: a pkcs12 filePath that is no keystore (real archives: keystores.test.ts)', () => {
    const [f] = checkSpans(
      'certificate-unreadable',
      tree({ 'certs/a.p12': 'x' }, `[{"alias": "a", "keystorename": "client", "format": "pkcs12", "filePath": "«certs/a.p12»"}]`),
    );
    assert.match(f!.message, /is neither a PKCS#12 archive nor a JKS keystore/);
  });
  it('certificate-unreadable: more than 1,000 certificates, the first ones checked', () => {
    const [f] = checkSpans('certificate-unreadable', tree({ 'certs/c.pem': file('fresh.crt').repeat(1001) }, aliasFile('certs/c.pem')));
    assert.match(f!.message, /^File 'certs\/c.pem' of alias 'a' holds more than 1,000 certificates: only the first ones are checked/);
  });
  it('certificate-unreadable: 1 MB of PEM headers holds no certificate', () => {
    const [f] = checkSpans(
      'certificate-unreadable',
      tree({ 'certs/c.pem': '-----BEGIN CERTIFICATE-----\n'.repeat(40_000) }, aliasFile('certs/c.pem')),
    );
    assert.match(f!.message, /holds PEM blocks but no certificate/);
  });
  it('certificate-unreadable: a path outside the workspace folder is not read', () =>
    expectSpans('certificate-unreadable', tree({}, aliasFile(join(certs, 'fresh.crt')))));
  it('templated paths stay symbolic', () =>
    expectSpans(
      'certificate-file-missing',
      tree({}, json(alias({ certFilePath: 'certs/CERT_SUFFIX/c.pem', keyFilePath: '${key.path}' }))),
    ));
});

describe('target-server-tls-port', () => {
  it('flags 443 without TLS', () => expectSpans('target-server-tls-port', { [TS]: '[{"name": "a", "host": "h", "port": «443»}]' }));
  it('flags TLS on port 80', () =>
    expectSpans('target-server-tls-port', { [TS]: '[{"name": "a", "host": "h", "port": «80», "sSLInfo": {"enabled": "true"}}]' }));
  it('accepts TLS on 443 and plain HTTP on 80', () =>
    expectSpans('target-server-tls-port', {
      [TS]: '[{"name": "a", "host": "h", "port": 443, "sSLInfo": {"enabled": true}}, {"name": "b", "host": "h", "port": 80}]',
    }));
});

describe('unresolved-property', () => {
  const props = { 'apiproxy/resources/properties/cfg.properties': 'host=a.example.com\n' };
  const url = (u: string): string => endpoint(`    <URL>${u}</URL>`);
  it('flags a key the bundle set lacks', () =>
    expectSpans('unresolved-property', { [T]: url('https://«{propertyset.cfg.nope}»/'), ...props }));
  it('flags a set no environment has', () =>
    expectSpans('unresolved-property', {
      [T]: url('https://«{propertyset.other.host}»/'),
      [TS]: json([server('a')]),
      [env('test', 'resourcefiles.json')]: json([{ name: 'envset', type: 'properties', file: 'p/envset.properties' }]),
      'p/envset.properties': 'x=1\n',
    }));
  it('accepts a bundle property', () => expectSpans('unresolved-property', { [T]: url('https://{propertyset.cfg.host}/'), ...props }));
  it('says nothing when property sets are not managed here', () =>
    expectSpans('unresolved-property', { [T]: url('https://{propertyset.x.y}/') }));
});

describe('ignored-config-file', () => {
  it('flags a lower-case targetservers.json at line 1', () =>
    expectSpans('ignored-config-file', { [env('test', 'targetservers.json')]: '«[»\n  {"name": "a", "host": "h", "port": 443}\n]\n' }));
  it('accepts the plugin spelling', () => expectSpans('ignored-config-file', { [env('test', 'targetServers.json')]: '[]\n' }));
});

describe('selfsigned-alias-file', () => {
  it('flags a certFilePath on a selfsignedcert alias', () =>
    expectSpans('selfsigned-alias-file', {
      [env('test', 'aliases.json')]:
        '[{"alias": "ca", "keystorename": "ts", "format": "selfsignedcert", "certFilePath": "«certs/ca.pem»"}]',
    }));
  it('accepts a keycertfile alias', () =>
    expectSpans('selfsigned-alias-file', {
      [env('test', 'aliases.json')]: '[{"alias": "ca", "keystorename": "ts", "format": "keycertfile", "certFilePath": "certs/ca.pem"}]',
    }));
});

describe('lenient-json', () => {
  it('flags a missing comma and a trailing one', () =>
    expectSpans('lenient-json', { [env('test', 'keystores.json')]: '[\n  {"name": "a"}«»\n  {"name": "b"}«,»\n]\n' }));
  it('still reads the entities', () =>
    expectSpans('unknown-keystore', {
      [env('test', 'keystores.json')]: '[{"name": "a"} {"name": "b"},]',
      [T]: sslTarget('<TrustStore>b</TrustStore>'),
    }));
  it('accepts strict JSON', () => expectSpans('lenient-json', { [env('test', 'keystores.json')]: '[{"name": "a"}, {"name": "b"}]' }));
});

describe('duplicate-definition', () => {
  it('flags the second definition', () =>
    expectSpans('duplicate-definition', { [TS]: '[{"name": "a", "host": "h"}, {"name": "«a»", "host": "i"}]' }));
  it('edge.json and the multi-file tree are alternatives, not duplicates', () =>
    expectSpans('duplicate-definition', {
      [TS]: json([server('a')]),
      'edge.json': json({ envConfig: { test: { targetServers: [server('a')] } } }),
    }));
});

describe('tls-on-http, resolved per environment', () => {
  it('a templated URL that resolves to http:// with SSLInfo enabled', () => {
    const [f] = checkSpans('tls-on-http', {
      [T]: sslTarget('<Enabled>true</Enabled>', '«{propertyset.cfg.scheme}://api.example.com»'),
      'apiproxy/resources/properties/cfg.properties': 'scheme=http\n',
      [TS]: json([server('a')]),
    });
    assert.match(f!.message, /In environment test the URL resolves to http:\/\/api\.example\.com/);
    assert.deepEqual(f!.fixes, []);
  });
  it('the same URL resolving to https:// passes', () =>
    expectSpans('tls-on-http', {
      [T]: sslTarget('<Enabled>true</Enabled>', '{propertyset.cfg.scheme}://api.example.com'),
      'apiproxy/resources/properties/cfg.properties': 'scheme=https\n',
      [TS]: json([server('a')]),
    }));
});

describe('unknown-target-server: near names and suffixes', () => {
  it('names a spelling the lacking environment has, separators aside', () => {
    const [f] = checkSpans('unknown-target-server', {
      [T]: loadBalanced('«orders_backend»'),
      [TS]: json([server('orders_backend')]),
      [PROD_TS]: json([server('orders-backend'), server('orders-backend-v2')]),
    });
    assert.equal(
      f!.message,
      "TargetServer 'orders_backend' is missing in environment prod (defined in environment test). Did you mean 'orders-backend'?",
    );
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.fixes[0]?.edits[0]?.newText, 'orders-backend');
  });
  it('a name every environment defines only with a suffix is a warning with that hint', () => {
    const [f] = checkSpans('unknown-target-server', {
      [T]: loadBalanced('«mockTarget»'),
      [TS]: json([1, 2, 3].map((n) => server(`mockTarget${n}`))),
      [PROD_TS]: json([4, 5].map((n) => server(`mockTarget${n}`))),
    });
    assert.equal(
      f!.message,
      "No TargetServer 'mockTarget' in environments prod and test, which define it only with a suffix ('mockTarget1', 'mockTarget2', 'mockTarget3', 'mockTarget4', 'mockTarget5'). If a build step renames the server (a deploy config.json token, a script), check that it names one of these.",
    );
    assert.equal(f!.severity, 'warning');
    assert.deepEqual(f!.fixes, []);
  });
  it('a suffix in only some environments is still an error', () => {
    const [f] = checkSpans('unknown-target-server', {
      [T]: loadBalanced('«mockTarget»'),
      [TS]: json([server('mockTarget1')]),
      [PROD_TS]: json([server('other')]),
    });
    assert.equal(f!.severity, 'error');
  });
});
