// Per rule: where it reports (the «marked» span) and where it stays silent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../../server/src/lint/lint';
import { RULES } from '../../server/src/lint/registry';
import { expectSpans, findingsOf, passedCases, ssl, target } from '../support/lint-cases';

const edge = { profile: 'edge' } as const;

describe('xml-syntax', () => {
  it('points at the mismatched end tag', () => expectSpans('xml-syntax', target('<SSLInfo><Enabled>true</Enabled>\n«</SSLInfo2>»')));
  it('ignores a well-formed file', () => expectSpans('xml-syntax', ssl('<Enabled>true</Enabled>')));
  it('ignores broken XML that is not Apigee', () => expectSpans('xml-syntax', '<project><a></project>'));
  it('reports broken XML in a bundle', () => expectSpans('xml-syntax', '<AssignMessage>«</x>»', { inBundle: true }));
});

describe('unknown-element', () => {
  it('flags a misspelt child', () => expectSpans('unknown-element', ssl('<Enabled>true</Enabled><«TrustStores»>ref://t</TrustStores>')));
  it('flags a wrong item in Protocols', () => expectSpans('unknown-element', ssl('<Protocols><«Protocl»>TLSv1.2</Protocl></Protocols>')));
  it('flags a Protocol straight under SSLInfo', () => expectSpans('unknown-element', ssl('<«Protocol»>TLSv1</Protocol>')));
  it('flags text inside Protocols', () => expectSpans('unknown-element', ssl('<Protocols>«TLSv1.2, TLSv1.3»</Protocols>')));
  it('accepts CommonName', () => expectSpans('unknown-element', ssl('<CommonName wildcardMatch="true">*.example.com</CommonName>')));
  it('accepts every documented child', () =>
    expectSpans('unknown-element', ssl('<Enabled>true</Enabled><Enforce>true</Enforce><ClientAuthEnabled>false</ClientAuthEnabled><TrustStore>ref://t</TrustStore><IgnoreValidationErrors>false</IgnoreValidationErrors><Protocols><Protocol>TLSv1.2</Protocol></Protocols><Ciphers><Cipher>TLS_AES_128_GCM_SHA256</Cipher></Ciphers>')));
});

describe('duplicate-element', () => {
  it('flags the repeated child', () => expectSpans('duplicate-element', ssl('<Enabled>true</Enabled>\n<«Enabled»>true</Enabled>')));
  it('flags a second SSLInfo', () => expectSpans('duplicate-element', target('<SSLInfo><Enabled>true</Enabled></SSLInfo>\n<«SSLInfo»><Enabled>true</Enabled></SSLInfo><URL>https://a.b</URL>')));
  it('allows repeated Protocol entries', () => expectSpans('duplicate-element', ssl('<Protocols><Protocol>TLSv1.2</Protocol><Protocol>TLSv1.3</Protocol></Protocols>')));
});

describe('invalid-boolean', () => {
  it('flags True', () => expectSpans('invalid-boolean', ssl('<Enabled>«True»</Enabled>')));
  it('flags yes', () => expectSpans('invalid-boolean', ssl('<IgnoreValidationErrors>«yes»</IgnoreValidationErrors>')));
  it('flags an empty value at its name', () => expectSpans('invalid-boolean', ssl('<«Enforce»></Enforce>')));
  it('flags wildcardMatch', () => expectSpans('invalid-boolean', ssl('<CommonName wildcardMatch="«1»">a.example.com</CommonName>')));
  it('accepts a flow variable', () => expectSpans('invalid-boolean', ssl('<ClientAuthEnabled>{private.twoWay}</ClientAuthEnabled><KeyStore>ref://k</KeyStore><KeyAlias>a</KeyAlias>')));
  it('accepts padded true', () => expectSpans('invalid-boolean', ssl('<Enabled>  true  </Enabled>')));
});

describe('obsolete-protocol', () => {
  it('flags TLSv1.1 on X', () => expectSpans('obsolete-protocol', ssl('<Protocols><Protocol>«TLSv1.1»</Protocol></Protocols>')));
  it('flags TLSv1.0 and SSLv3', () => expectSpans('obsolete-protocol', ssl('<Protocols><Protocol>«TLSv1.0»</Protocol><Protocol>«SSLv3»</Protocol></Protocols>')));
  it('flags TLSv1 on Edge too', () => expectSpans('obsolete-protocol', ssl('<Protocols><Protocol>«TLSv1»</Protocol></Protocols>'), edge));
  it('accepts TLSv1.2 and TLSv1.3', () => expectSpans('obsolete-protocol', ssl('<Protocols><Protocol>TLSv1.2</Protocol><Protocol>TLSv1.3</Protocol></Protocols>')));
  it('does not judge a template', () => expectSpans('obsolete-protocol', ssl('<Protocols><Protocol>{tls.version}</Protocol></Protocols>')));
  it('ignores Protocol outside SSLInfo (MessageLogging)', () =>
    expectSpans('obsolete-protocol', '<MessageLogging><Syslog><Protocol>TLSv1</Protocol></Syslog></MessageLogging>'));
});

describe('unknown-protocol', () => {
  it('flags TLS1.2', () => expectSpans('unknown-protocol', ssl('<Protocols><Protocol>«TLS1.2»</Protocol></Protocols>')));
  it('flags TLSv12', () => expectSpans('unknown-protocol', ssl('<Protocols><Protocol>«TLSv12»</Protocol></Protocols>')));
  it('flags an empty Protocol', () => expectSpans('unknown-protocol', ssl('<Protocols><«Protocol»/></Protocols>')));
  it('leaves obsolete names to obsolete-protocol', () => expectSpans('unknown-protocol', ssl('<Protocols><Protocol>TLSv1.0</Protocol></Protocols>')));
});

describe('weak-cipher', () => {
  it('flags 3DES', () => expectSpans('weak-cipher', ssl('<Ciphers><Cipher>«TLS_RSA_WITH_3DES_EDE_CBC_SHA»</Cipher></Ciphers>')));
  it('flags RC4 under its SSL_ name', () => expectSpans('weak-cipher', ssl('<Ciphers><Cipher>«SSL_RSA_WITH_RC4_128_MD5»</Cipher></Ciphers>')));
  it('flags an anonymous suite', () => expectSpans('weak-cipher', ssl('<Ciphers><Cipher>«TLS_DH_anon_WITH_AES_128_CBC_SHA»</Cipher></Ciphers>')));
  it('flags a weak OpenSSL name', () => expectSpans('weak-cipher', ssl('<Ciphers><Cipher>«DES-CBC3-SHA»</Cipher></Ciphers>')));
  it('accepts ECDHE GCM', () => expectSpans('weak-cipher', ssl('<Ciphers><Cipher>TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</Cipher></Ciphers>')));
});

describe('unknown-cipher', () => {
  it('flags an OpenSSL name', () => expectSpans('unknown-cipher', ssl('<Ciphers><Cipher>«ECDHE-RSA-AES128-GCM-SHA256»</Cipher></Ciphers>')));
  it('flags a made-up name', () => expectSpans('unknown-cipher', ssl('<Ciphers><Cipher>«TLS_MADE_UP_SUITE»</Cipher></Ciphers>')));
  it('accepts a Java SSL_ alias', () => expectSpans('unknown-cipher', ssl('<Ciphers><Cipher>SSL_RSA_WITH_3DES_EDE_CBC_SHA</Cipher></Ciphers>')));
  it('accepts TLS 1.3 suites', () => expectSpans('unknown-cipher', ssl('<Ciphers><Cipher>TLS_AES_256_GCM_SHA384</Cipher></Ciphers>')));
  // Suites with IANA names that Java does not implement: Apigee cannot offer them.
  it('flags CAMELLIA on both profiles', () => {
    const camellia = ssl('<Ciphers><Cipher>«TLS_RSA_WITH_CAMELLIA_256_CBC_SHA»</Cipher></Ciphers>');
    expectSpans('unknown-cipher', camellia);
    expectSpans('unknown-cipher', camellia, edge);
  });
  it('flags ARIA, CCM, CCM_8, SEED and IDEA', () =>
    expectSpans('unknown-cipher', ssl('<Ciphers><Cipher>«TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256»</Cipher><Cipher>«TLS_ECDHE_ECDSA_WITH_AES_128_CCM»</Cipher><Cipher>«TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8»</Cipher><Cipher>«TLS_RSA_WITH_SEED_CBC_SHA»</Cipher><Cipher>«TLS_RSA_WITH_IDEA_CBC_SHA»</Cipher></Ciphers>')));
  it('flags the TLS 1.3 CCM suites', () => expectSpans('unknown-cipher', ssl('<Ciphers><Cipher>«TLS_AES_128_CCM_SHA256»</Cipher><Cipher>«TLS_AES_128_CCM_8_SHA256»</Cipher></Ciphers>')));
  it('flags ChaCha20 on Edge (Java 8), not on X', () => {
    const chacha = '<Ciphers><Cipher>«TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256»</Cipher></Ciphers>';
    expectSpans('unknown-cipher', ssl(chacha), edge);
    expectSpans('unknown-cipher', ssl(chacha.replace(/[«»]/g, '')));
  });
  it('flags an OpenSSL name of a suite Java lacks once, as a suite Java lacks', () =>
    expectSpans('unknown-cipher', ssl('<Ciphers><Cipher>«CAMELLIA256-SHA»</Cipher></Ciphers>')));
  it('accepts suites Java implements but does not enable by default (ECDH_RSA, DHE_DSS)', () =>
    expectSpans('unknown-cipher', ssl('<Ciphers><Cipher>TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256</Cipher><Cipher>TLS_DHE_DSS_WITH_AES_128_CBC_SHA</Cipher></Ciphers>')));
  it('leaves weak suites Java disables to weak-cipher', () =>
    expectSpans('unknown-cipher', ssl('<Ciphers><Cipher>TLS_RSA_WITH_RC4_128_SHA</Cipher><Cipher>TLS_RSA_WITH_3DES_EDE_CBC_SHA</Cipher></Ciphers>')));
  it('says which runtime lacks the suite and names the closest one it has', () => {
    const camellia = ssl('<Ciphers><Cipher>TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA</Cipher></Ciphers>');
    assert.deepEqual(
      findingsOf('unknown-cipher', camellia).map((f) => f.message),
      ["TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA is a suite Apigee X's Java (JDK 17) does not implement: Apigee cannot offer it. The closest suite it has: TLS_DHE_RSA_WITH_AES_128_CBC_SHA."],
    );
    const chacha = ssl('<Ciphers><Cipher>TLS_CHACHA20_POLY1305_SHA256</Cipher></Ciphers>');
    assert.match(findingsOf('unknown-cipher', chacha, edge)[0]!.message, /Edge message processors' Java 8 does not implement.*closest suite it has: TLS_AES_128_GCM_SHA256\.$/);
  });
});

describe('missing-sslinfo', () => {
  it('flags an https URL without SSLInfo', () => expectSpans('missing-sslinfo', target('    <URL>«https://api.example.com»</URL>')));
  it('flags Enabled=false on https', () => expectSpans('missing-sslinfo', ssl('<Enabled>«false»</Enabled>')));
  it('ignores an http URL', () => expectSpans('missing-sslinfo', target('    <URL>http://api.example.com</URL>')));
  it('ignores a templated URL', () => expectSpans('missing-sslinfo', target('    <URL>{target.url}</URL>')));
  it('words the finding per profile', () => {
    const bare = target('    <URL>https://api.example.com</URL>');
    assert.match(findingsOf('missing-sslinfo', bare)[0]?.message ?? '', /Apigee X .*<Enforce>true<\/Enforce>/);
    assert.match(findingsOf('missing-sslinfo', bare, edge)[0]?.message ?? '', /Apigee Edge .*truststore you control/);
  });
  it('ignores a ServiceCallout with SSLInfo', () =>
    expectSpans('missing-sslinfo', '<ServiceCallout><HTTPTargetConnection><SSLInfo><Enabled>true</Enabled></SSLInfo><URL>https://a.b</URL></HTTPTargetConnection></ServiceCallout>'));
});

describe('tls-on-http', () => {
  it('flags SSLInfo enabled on http', () => expectSpans('tls-on-http', ssl('<Enabled>true</Enabled>', '«http://api.example.com»')));
  it('ignores https', () => expectSpans('tls-on-http', ssl('<Enabled>true</Enabled>')));
  it('ignores disabled SSLInfo on http', () => expectSpans('tls-on-http', ssl('<Enabled>false</Enabled>', 'http://a.b')));
});

describe('json-syntax', () => {
  it('flags an edge.json that starts with a comment, at the comment', () =>
    expectSpans('json-syntax', '«// edge.json for the int environment»\n{"envConfig": {"int": {"targetServers": []}}}\n'));
  it('calls a raw line break in a string a warning (the Maven plugin reads it), at the break', () => {
    expectSpans('json-syntax', '[{"name": "ts", "host": "a.b", "description": "two«\n»lines"}]');
    assert.equal(findingsOf('json-syntax', '["two\nlines"]')[0]?.severity, 'warning');
  });
  it('accepts a valid targetServers.json', () => expectSpans('json-syntax', '[{"name": "ts", "host": "a.b", "port": 443}]'));
  it('says nothing about XML', () => expectSpans('json-syntax', ssl('<Enabled>true</Enabled>')));
});

describe('misplaced-sslinfo-child', () => {
  // The NHS Digital ServiceCallout shape: the TrustStore one line below the SSLInfo it belongs in.
  const nhs = (stray: string): string =>
    `<ServiceCallout name="SC">\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n    </SSLInfo>\n    ${stray}\n    <URL>https://auth.example.nhs.uk/jwks</URL>\n  </HTTPTargetConnection>\n</ServiceCallout>\n`;
  it('flags a TrustStore beside SSLInfo', () => expectSpans('misplaced-sslinfo-child', nhs('<«TrustStore»>ref://identity-service-truststore</TrustStore>')));
  it('flags IgnoreValidationErrors beside SSLInfo', () => expectSpans('misplaced-sslinfo-child', nhs('<«IgnoreValidationErrors»>false</IgnoreValidationErrors>')));
  it('flags SSLInfo children with no SSLInfo at all', () =>
    expectSpans('misplaced-sslinfo-child', target('    <«KeyStore»>ref://ks</KeyStore>\n    <URL>https://a.b</URL>')));
  it('accepts them inside SSLInfo', () => expectSpans('misplaced-sslinfo-child', ssl('<TrustStore>ref://ts</TrustStore><Enabled>true</Enabled>')));
  it('accepts the other HTTPTargetConnection children', () =>
    expectSpans('misplaced-sslinfo-child', target('    <Properties><Property name="io.timeout.millis">5000</Property></Properties>\n    <URL>https://a.b</URL>')));
  it('an identical copy of SSLInfo\'s own TrustStore is a warning (nothing lost); a different one an error', () => {
    const twice = (stray: string): string => nhs(stray).replace('<Enabled>true</Enabled>', '<Enabled>true</Enabled>\n      <TrustStore>ref://partner-ca</TrustStore>');
    const of = (text: string) => findingsOf('misplaced-sslinfo-child', text).map((f) => [f.severity, f.message]);
    assert.deepEqual(of(twice('<TrustStore>ref://partner-ca</TrustStore>')), [
      ['warning', '<TrustStore> beside <SSLInfo> is ignored by Apigee; SSLInfo sets its own <TrustStore>, the same: remove this copy.'],
    ]);
    assert.deepEqual(of(twice('<TrustStore>ref://old-ca</TrustStore>')), [
      ['error', '<TrustStore> beside <SSLInfo> is ignored by Apigee; SSLInfo sets its own <TrustStore> (a different one).'],
    ]);
  });
  it('missing-truststore stays silent: the TrustStore exists, in the wrong place', () => expectSpans('missing-truststore', nhs('<TrustStore>ref://ts</TrustStore>')));
  it('client-auth-incomplete stays silent for a misplaced KeyAlias', () =>
    expectSpans('client-auth-incomplete', ssl('<ClientAuthEnabled>true</ClientAuthEnabled><KeyStore>ref://ks</KeyStore>', 'https://a.b').replace('<URL>', '<KeyAlias>a</KeyAlias><URL>')));
});

describe('missing-truststore', () => {
  const noEnforceRule = { rules: { 'enforce-not-set': 'off' } } as const;
  it('flags TLS without TrustStore', () => expectSpans('missing-truststore', target('    <«SSLInfo»><Enabled>true</Enabled></SSLInfo><URL>https://a.b</URL>'), edge));
  it('accepts a TrustStore', () => expectSpans('missing-truststore', ssl('<Enabled>true</Enabled><TrustStore>ref://ts</TrustStore>')));
  it('is silent with IgnoreValidationErrors=true', () => expectSpans('missing-truststore', ssl('<Enabled>true</Enabled><IgnoreValidationErrors>true</IgnoreValidationErrors>')));
  it('flags an empty TrustStore at the element', () => expectSpans('missing-truststore', ssl('<Enabled>true</Enabled><«TrustStore»/>'), edge));
  it('flags a blank TrustStore', () => expectSpans('missing-truststore', ssl('<Enabled>true</Enabled><«TrustStore»> </TrustStore>'), edge));
  it('X with Enforce=true and a public-CA Google backend: the default trust validates it', () =>
    expectSpans('missing-truststore', ssl('<Enabled>true</Enabled><Enforce>true</Enforce>', 'https://run-abc123-uc.a.run.app/v1')));
  it('X with Enforce=true and another backend: info, a private CA needs a TrustStore', () => {
    const [finding] = findingsOf('missing-truststore', ssl('<Enabled>true</Enabled><Enforce>true</Enforce>'));
    assert.equal(finding?.severity, 'info');
    assert.match(finding?.message ?? '', /default trust, which holds public CAs only.*private or internal CA/);
    assert.doesNotMatch(finding?.message ?? '', /PKIX/);
  });
  it('a severity the user sets still wins over the milder Enforce case', () =>
    assert.equal(findingsOf('missing-truststore', ssl('<Enabled>true</Enabled><Enforce>true</Enforce>'), { rules: { 'missing-truststore': 'error' } })[0]?.severity, 'error'));
  it('X without Enforce: silent, enforce-not-set reports the one gap', () => expectSpans('missing-truststore', ssl('<Enabled>true</Enabled>')));
  it('X with Enforce=false: silent, enforce-not-set reports the one gap', () => expectSpans('missing-truststore', ssl('<Enabled>true</Enabled><Enforce>false</Enforce>')));
  it('X with a templated Enforce: enforce-not-set does not judge it, so this rule does', () =>
    expectSpans('missing-truststore', target('<«SSLInfo»><Enabled>true</Enabled><Enforce>{enforce}</Enforce></SSLInfo><URL>https://a.b</URL>')));
  it('X without Enforce and enforce-not-set off: a warning that names both levers', () => {
    const [finding] = findingsOf('missing-truststore', ssl('<Enabled>true</Enabled>'), noEnforceRule);
    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /TrustStore.*private CA.*<Enforce>true<\/Enforce>/);
  });
  it('X with Enforce=false and enforce-not-set off: flagged (IgnoreValidationErrors decides)', () =>
    expectSpans('missing-truststore', target('<«SSLInfo»><Enabled>true</Enabled><Enforce>false</Enforce></SSLInfo><URL>https://a.b</URL>'), noEnforceRule));
});

describe('ignore-validation-errors', () => {
  it('flags true', () => expectSpans('ignore-validation-errors', ssl('<IgnoreValidationErrors>«true»</IgnoreValidationErrors>')));
  it('accepts false', () => expectSpans('ignore-validation-errors', ssl('<IgnoreValidationErrors>false</IgnoreValidationErrors>')));
  it('ignores a disabled SSLInfo (apigeelint TD011 fixture)', () =>
    expectSpans('ignore-validation-errors', ssl('<Enabled>false</Enabled><IgnoreValidationErrors>true</IgnoreValidationErrors>')));
});

describe('client-auth-incomplete', () => {
  it('flags a missing KeyAlias', () => expectSpans('client-auth-incomplete', ssl('<ClientAuthEnabled>«true»</ClientAuthEnabled><KeyStore>ref://ks</KeyStore>')));
  it('accepts KeyStore and KeyAlias', () => expectSpans('client-auth-incomplete', ssl('<ClientAuthEnabled>true</ClientAuthEnabled><KeyStore>ref://ks</KeyStore><KeyAlias>a</KeyAlias>')));
});

describe('unused-client-key', () => {
  it('flags KeyStore and KeyAlias without client auth', () =>
    expectSpans('unused-client-key', ssl('<«KeyStore»>ref://ks</KeyStore><«KeyAlias»>a</KeyAlias>')));
  it('an empty KeyStore is no key', () => expectSpans('unused-client-key', ssl('<KeyStore/><KeyAlias> </KeyAlias>')));
  it('accepts them with client auth', () =>
    expectSpans('unused-client-key', ssl('<ClientAuthEnabled>true</ClientAuthEnabled><KeyStore>ref://ks</KeyStore><KeyAlias>a</KeyAlias>')));
});

describe('store-not-reference', () => {
  it('flags a literal TrustStore', () => expectSpans('store-not-reference', ssl('<TrustStore>«my-truststore»</TrustStore>')));
  it('accepts ref:// and a variable', () => expectSpans('store-not-reference', ssl('<TrustStore>ref://ts</TrustStore><KeyStore>{private.ks}</KeyStore>')));
});

describe('keyalias-reference', () => {
  it('flags ref:// in KeyAlias', () => expectSpans('keyalias-reference', ssl('<KeyAlias>«ref://alias»</KeyAlias>')));
  it('accepts a plain alias', () => expectSpans('keyalias-reference', ssl('<KeyAlias>alias</KeyAlias>')));
});

describe('enforce-on-edge', () => {
  it('flags Enforce on Edge', () => expectSpans('enforce-on-edge', ssl('<«Enforce»>true</Enforce>'), edge));
  it('is off on X', () => expectSpans('enforce-on-edge', ssl('<Enforce>true</Enforce>')));
});

describe('enforce-not-set', () => {
  it('flags SSLInfo without Enforce on X', () => expectSpans('enforce-not-set', target('<«SSLInfo»><Enabled>true</Enabled></SSLInfo><URL>https://a.b</URL>')));
  it('flags Enforce=false on X', () => expectSpans('enforce-not-set', ssl('<Enforce>«false»</Enforce>')));
  it('is off on Edge', () => expectSpans('enforce-not-set', ssl('<Enabled>true</Enabled>'), edge));
  it('accepts Enforce=true', () => expectSpans('enforce-not-set', ssl('<Enforce>true</Enforce>')));
  it('leaves SSLInfo beside a LoadBalancer to loadbalancer-sslinfo', () =>
    expectSpans('enforce-not-set', target('<SSLInfo><Enabled>true</Enabled></SSLInfo><LoadBalancer><Server name="ts1"/></LoadBalancer>')));
});

describe('one gap, one finding: no Enforce and no TrustStore on Apigee X', () => {
  const rulesAt = (text: string, options = {}): string[] => lintText(text, options).map((f) => `${f.ruleId} ${f.severity} ${f.span.start}`);
  const noEnforce = ssl('<Enabled>true</Enabled>');
  const enforceFalse = ssl('<Enabled>true</Enabled><Enforce>false</Enforce>');
  const sslAt = noEnforce.indexOf('SSLInfo');
  const falseAt = enforceFalse.indexOf('false');
  it('Enforce absent: one enforce-not-set warning, no missing-truststore', () => assert.deepEqual(rulesAt(noEnforce), [`enforce-not-set warning ${sslAt}`]));
  it('Enforce=false: one enforce-not-set warning at false', () => assert.deepEqual(rulesAt(enforceFalse), [`enforce-not-set warning ${falseAt}`]));
  it('the finding names both levers and offers both fixes', () => {
    const [finding] = findingsOf('enforce-not-set', noEnforce);
    assert.equal(
      finding?.message,
      "No <Enforce>true</Enforce> and no TrustStore: Apigee X does not enforce strict TLS, and no truststore you control validates the backend certificate. Set <Enforce>true</Enforce> to validate against Apigee X's default trust (enough for public CAs), and add <TrustStore>ref://…</TrustStore> holding the CA as well when the backend's certificate comes from a private CA.",
    );
    assert.deepEqual(finding?.fixes.map((f) => [f.title, f.preferred]), [['Add <Enforce>true</Enforce>', false], ['Insert a TrustStore reference', false]]);
  });
  it('with a TrustStore: the info about Enforce alone', () =>
    assert.deepEqual(rulesAt(ssl('<Enabled>true</Enabled><TrustStore>ref://t</TrustStore>')), [`enforce-not-set info ${sslAt}`]));
  it('takes the stronger severity of the two rules', () =>
    assert.deepEqual(rulesAt(noEnforce, { rules: { 'missing-truststore': 'error' } }), [`enforce-not-set error ${sslAt}`]));
  it("the user's severity for enforce-not-set wins", () =>
    assert.deepEqual(rulesAt(noEnforce, { rules: { 'enforce-not-set': 'info' } }), [`enforce-not-set info ${sslAt}`]));
  it('missing-truststore off: enforce-not-set alone, as info, without the TrustStore part', () => {
    const findings = lintText(noEnforce, { rules: { 'missing-truststore': 'off' } });
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.fixes.length, /no TrustStore/.test(f.message)]), [['enforce-not-set', 'info', 1, false]]);
  });
  it('enforce-not-set off: missing-truststore speaks as before', () =>
    assert.deepEqual(rulesAt(noEnforce, { rules: { 'enforce-not-set': 'off' } }), [`missing-truststore warning ${sslAt}`]));
  it('on Edge: missing-truststore alone', () => assert.deepEqual(rulesAt(noEnforce, edge), [`missing-truststore warning ${sslAt}`]));
  it('an empty TrustStore is filled in where it stands by the second fix', () => {
    const text = ssl('<Enabled>true</Enabled><TrustStore/>');
    const [finding] = findingsOf('enforce-not-set', text);
    assert.deepEqual(finding?.fixes[1]?.edits.map((e) => text.slice(e.start, e.end)), ['<TrustStore/>']);
  });
});

describe('commonname-mismatch', () => {
  it('flags another host', () => expectSpans('commonname-mismatch', ssl('<CommonName>«other.example.org»</CommonName>')));
  it('flags a wildcard without wildcardMatch', () => expectSpans('commonname-mismatch', ssl('<CommonName>«*.example.com»</CommonName>')));
  it('accepts the host, any case', () => expectSpans('commonname-mismatch', ssl('<CommonName>API.example.com</CommonName>')));
  it('accepts a one-label wildcard with wildcardMatch', () => expectSpans('commonname-mismatch', ssl('<CommonName wildcardMatch="true">*.example.com</CommonName>')));
  it('flags a wildcard spanning two labels', () =>
    expectSpans('commonname-mismatch', ssl('<CommonName wildcardMatch="true">«*.com»</CommonName>', 'https://api.example.com')));
  it('does not judge a templated URL', () => expectSpans('commonname-mismatch', ssl('<CommonName>a.b</CommonName>', 'https://{host}/x')));
});

describe('loadbalancer-sslinfo', () => {
  it('flags SSLInfo beside a LoadBalancer', () =>
    expectSpans('loadbalancer-sslinfo', target('<«SSLInfo»><Enabled>true</Enabled></SSLInfo><LoadBalancer><Server name="ts1"/></LoadBalancer>')));
  it('accepts a LoadBalancer alone', () => expectSpans('loadbalancer-sslinfo', target('<LoadBalancer><Server name="ts1"/></LoadBalancer>')));
  it('reports a duplicated block once (the repeat is duplicate-element\'s)', () =>
    expectSpans('loadbalancer-sslinfo', target('<«SSLInfo»><Enabled>true</Enabled></SSLInfo><SSLInfo><Enabled>true</Enabled></SSLInfo><LoadBalancer><Server name="ts1"/></LoadBalancer>')));
});

describe('one problem, one finding', () => {
  it('an empty duplicate <SSLInfo/> is only duplicate-element', () => {
    const text = target('    <SSLInfo><Enabled>true</Enabled><Enforce>true</Enforce><TrustStore>ref://ts</TrustStore></SSLInfo>\n    <SSLInfo/>\n    <URL>https://a.b</URL>');
    assert.deepEqual(lintText(text).map((f) => f.ruleId), ['duplicate-element']);
  });
});

describe('suppression comments', () => {
  it('silences the named rule on the next line', () =>
    expectSpans('ignore-validation-errors', ssl('<!-- apigee-tls-lint disable=ignore-validation-errors -->\n<IgnoreValidationErrors>true</IgnoreValidationErrors>')));
  it('honours apigeelint ids', () =>
    expectSpans('ignore-validation-errors', ssl('<!-- apigeelint disable=TD011 -->\n<IgnoreValidationErrors>true</IgnoreValidationErrors>')));
  it('does not silence other rules', () =>
    expectSpans('ignore-validation-errors', ssl('<!-- apigee-tls-lint disable=weak-cipher -->\n<IgnoreValidationErrors>«true»</IgnoreValidationErrors>')));
});

describe('xml-syntax on markup the validator lets through', () => {
  it('reports a malformed comment before the root', () =>
    expectSpans('xml-syntax', '<!«-X» broken comment -->\n<ServiceCallout><HTTPTargetConnection><URL>https://a.b</URL></HTTPTargetConnection></ServiceCallout>'));
  it('reports a malformed comment inside the root', () =>
    expectSpans('xml-syntax', '<ServiceCallout>«<!-X  broken -->»<HTTPTargetConnection><URL>https://a.b</URL></HTTPTargetConnection></ServiceCallout>'));
  it('reports a malformed comment after the root', () => expectSpans('xml-syntax', '<ServiceCallout/>«<!-X -->»'));
});

describe('xml-syntax on a huge file', () => {
  it('says the file is too large instead of parsing it', () => {
    const huge = `<TargetEndpoint>${'<!-- padding -->'.repeat(300_000)}</TargetEndpoint>`;
    expectSpans('xml-syntax', `«<TargetEndpoint>»${huge.slice('<TargetEndpoint>'.length)}`);
  });
});

describe('long values in messages', () => {
  it('are cut, not quoted whole', () => {
    const long = `${'x'.repeat(300)}`;
    const [finding] = findingsOf('store-not-reference', ssl(`<TrustStore>${long}</TrustStore>`));
    assert.ok(finding !== undefined && finding.message.length < 200, finding?.message);
    assert.match(finding.message, /'x{59}…'/);
  });
});

describe('review follow-ups', () => {
  it('missing-truststore: Enforce=true on X validates even with IgnoreValidationErrors=true', () =>
    expectSpans('missing-truststore', target('<«SSLInfo»><Enforce>true</Enforce><IgnoreValidationErrors>true</IgnoreValidationErrors></SSLInfo><URL>https://a.b</URL>')));
  it('missing-truststore: on Edge, IgnoreValidationErrors=true still switches validation off', () =>
    expectSpans('missing-truststore', ssl('<Enabled>true</Enabled><IgnoreValidationErrors>true</IgnoreValidationErrors>'), edge));
  it('client-auth-incomplete: an empty KeyAlias is missing', () =>
    expectSpans('client-auth-incomplete', ssl('<ClientAuthEnabled>«true»</ClientAuthEnabled><KeyStore>ref://ks</KeyStore><KeyAlias/>')));
  it('commonname-mismatch: a templated wildcardMatch is not judged', () =>
    expectSpans('commonname-mismatch', ssl('<CommonName wildcardMatch="{wc}">*.example.com</CommonName>')));
  it('commonname-mismatch: a fully qualified host (trailing dot) matches', () =>
    expectSpans('commonname-mismatch', ssl('<CommonName>api.example.com</CommonName>', 'https://api.example.com./v1')));
  it('weak-cipher: a name that is no suite is left to unknown-cipher', () =>
    expectSpans('weak-cipher', ssl('<Ciphers><Cipher>TLS_RSA_WITH_RC4_128_SHAA</Cipher></Ciphers>')));
  it('unknown-protocol: an obsolete spelling is corrected to TLSv1.2', () => expectSpans('unknown-protocol', ssl('<Protocols><Protocol>«tlsv1.1»</Protocol></Protocols>')));
  it('unknown-protocol: SSLv2 gets no suggestion', () => expectSpans('unknown-protocol', ssl('<Protocols><Protocol>«SSLv2»</Protocol></Protocols>')));
});

// Last in the file, so it sees every case above (node:test runs a file's tests in order).
describe('use-proxy-value', () => {
  const props = (inner: string): string =>
    target(`    <Properties>\n      ${inner}\n    </Properties>\n    <URL>https://api.example.com</URL>`);
  it('flags yes', () => expectSpans('use-proxy-value', props('<Property name="use.proxy">«yes»</Property>')));
  it('flags True', () => expectSpans('use-proxy-value', props('<Property name="use.proxy">«True»</Property>')));
  it('flags an empty value at its name', () => expectSpans('use-proxy-value', props('<«Property» name="use.proxy"></Property>')));
  it('passes false', () => expectSpans('use-proxy-value', props('<Property name="use.proxy">false</Property>')));
  it('passes true', () => expectSpans('use-proxy-value', props('<Property name="use.proxy">true</Property>')));
  it('passes a template', () => expectSpans('use-proxy-value', props('<Property name="use.proxy">{flow.proxy}</Property>')));
  it('passes other properties', () => expectSpans('use-proxy-value', props('<Property name="keepalive.timeout.millis">yes</Property>')));
});

describe('every rule', () => {
  it('has a passing case where it reports and one where it stays silent', () => {
    const missing = RULES.flatMap((rule) => {
      const passed = passedCases.get(rule.id) ?? { positive: 0, negative: 0 };
      return [...(passed.positive > 0 ? [] : [`${rule.id}: no case where it reports`]), ...(passed.negative > 0 ? [] : [`${rule.id}: no case where it is silent`])];
    });
    assert.deepEqual(missing, []);
  });
});
