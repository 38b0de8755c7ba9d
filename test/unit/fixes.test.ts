// Per fix: the resulting text, well-formed, re-lint clean; formatting, CRLF, BOM and comments preserved.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, fixAll } from '../../server/src/lint/fix-all';
import { lintText } from '../../server/src/lint/lint';
import { expectFix } from '../support/lint-cases';

/** A TargetEndpoint indented with four spaces, with `lines` inside SSLInfo. */
const te = (lines: string[], url = 'https://api.example.com'): string =>
  [
    '<TargetEndpoint name="default">',
    '    <HTTPTargetConnection>',
    '        <SSLInfo>',
    ...lines.map((l) => `            ${l}`),
    '        </SSLInfo>',
    `        <URL>${url}</URL>`,
    '    </HTTPTargetConnection>',
    '</TargetEndpoint>',
    '',
  ].join('\n');
const edge = { profile: 'edge' } as const;
const P = (v: string): string => `<Protocol>${v}</Protocol>`;

describe('fixes', () => {
  it('unknown-element: renames both tags', () => expectFix('unknown-element', te(['<TrustStores>ref://t</TrustStores>']), te(['<TrustStore>ref://t</TrustStore>'])));
  it('unknown-element: wraps stray Protocol elements in one Protocols', () =>
    expectFix('unknown-element', te(['<Protocol>TLSv1.2</Protocol><Protocol>TLSv1.3</Protocol>']), te(['<Protocols><Protocol>TLSv1.2</Protocol><Protocol>TLSv1.3</Protocol></Protocols>'])));
  it('unknown-element: puts each bare value in its own Protocol', () =>
    expectFix('unknown-element', te(['<Protocols>TLSv1.2,TLSv1.3</Protocols>']), te(['<Protocols><Protocol>TLSv1.2</Protocol><Protocol>TLSv1.3</Protocol></Protocols>'])));
  it('unknown-element: a rename onto a name already there is not preferred', () => {
    const finding = lintText(te(['<TrustStore>ref://a</TrustStore>', '<TrustStor>ref://b</TrustStor>'])).find((f) => f.ruleId === 'unknown-element')!;
    assert.deepEqual(finding.fixes.map((f) => [f.title, f.preferred]), [['Rename to <TrustStore>', false]]);
  });
  it('duplicate-element: removes the repeat with its line', () =>
    expectFix('duplicate-element', te(['<Enabled>true</Enabled>', '<Enabled>true</Enabled>']), te(['<Enabled>true</Enabled>'])));
  it('invalid-boolean: True → true', () => expectFix('invalid-boolean', te(['<Enabled>True</Enabled>']), te(['<Enabled>true</Enabled>'])));
  it('use-proxy-value: True → true', () => {
    const props = (v: string): string =>
      `<TargetEndpoint name="t">\n  <HTTPTargetConnection>\n    <Properties>\n      <Property name="use.proxy">${v}</Property>\n    </Properties>\n    <URL>http://a.example.com</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;
    expectFix('use-proxy-value', props('True'), props('true'));
  });
  it('obsolete-protocol (X): TLSv1 → TLSv1.2 + TLSv1.3', () =>
    expectFix('obsolete-protocol', te(['<Protocols>', `    ${P('TLSv1')}`, '</Protocols>']), te(['<Protocols>', `    ${P('TLSv1.2')}`, `    ${P('TLSv1.3')}`, '</Protocols>'])));
  it('obsolete-protocol (Edge): TLSv1.1 → TLSv1.2', () =>
    expectFix('obsolete-protocol', te(['<Protocols>', `    ${P('TLSv1.1')}`, '</Protocols>']), te(['<Protocols>', `    ${P('TLSv1.2')}`, '</Protocols>']), edge));
  it('obsolete-protocol: removes it when TLSv1.2 is already there', () =>
    expectFix('obsolete-protocol', te(['<Protocols>', `    ${P('TLSv1.2')}`, `    ${P('TLSv1.1')}`, '</Protocols>']), te(['<Protocols>', `    ${P('TLSv1.2')}`, '</Protocols>']), edge));
  it('unknown-protocol: TLS1.2 → TLSv1.2', () => expectFix('unknown-protocol', te([`<Protocols>${P('TLS1.2')}</Protocols>`]), te([`<Protocols>${P('TLSv1.2')}</Protocols>`])));
  it('unknown-protocol: an obsolete spelling becomes TLSv1.2', () =>
    expectFix('unknown-protocol', te([`<Protocols>${P('tlsv1.1')}</Protocols>`]), te([`<Protocols>${P('TLSv1.2')}</Protocols>`])));
  it('weak-cipher: removes the suite', () =>
    expectFix('weak-cipher', te(['<Ciphers>', '    <Cipher>TLS_RSA_WITH_RC4_128_SHA</Cipher>', '    <Cipher>TLS_AES_128_GCM_SHA256</Cipher>', '</Ciphers>']), te(['<Ciphers>', '    <Cipher>TLS_AES_128_GCM_SHA256</Cipher>', '</Ciphers>'])));
  it('weak-cipher: removes the whole list when every suite is weak', () =>
    expectFix('weak-cipher', te(['<Enabled>true</Enabled>', '<Ciphers>', '    <Cipher>TLS_RSA_WITH_RC4_128_SHA</Cipher>', '</Ciphers>']), te(['<Enabled>true</Enabled>'])));
  it('unknown-cipher: OpenSSL name → IANA name', () =>
    expectFix('unknown-cipher', te(['<Ciphers><Cipher>ECDHE-RSA-AES128-GCM-SHA256</Cipher></Ciphers>']), te(['<Ciphers><Cipher>TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</Cipher></Ciphers>'])));
  it('unknown-cipher: a suite Java lacks → the closest suite it has (same key exchange and mode), not preferred', () =>
    expectFix('unknown-cipher', te(['<Ciphers><Cipher>TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256</Cipher></Ciphers>']), te(['<Ciphers><Cipher>TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</Cipher></Ciphers>']), { title: 'Change to TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' }));
  it('unknown-cipher: an OpenSSL name of a suite Java lacks → the closest suite Java has', () =>
    expectFix('unknown-cipher', te(['<Ciphers><Cipher>CAMELLIA256-SHA</Cipher></Ciphers>']), te(['<Ciphers><Cipher>TLS_RSA_WITH_AES_256_CBC_SHA</Cipher></Ciphers>'])));
  it('unknown-cipher: a suite Java lacks whose closest suite is listed is removed (preferred)', () =>
    expectFix(
      'unknown-cipher',
      te(['<Ciphers>', '    <Cipher>TLS_RSA_WITH_AES_256_CBC_SHA</Cipher>', '    <Cipher>TLS_RSA_WITH_CAMELLIA_256_CBC_SHA</Cipher>', '</Ciphers>']),
      te(['<Ciphers>', '    <Cipher>TLS_RSA_WITH_AES_256_CBC_SHA</Cipher>', '</Ciphers>']),
    ));
  it('unknown-cipher: ChaCha20 on Edge → AES-GCM', () =>
    expectFix('unknown-cipher', te(['<Ciphers><Cipher>TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256</Cipher></Ciphers>']), te(['<Ciphers><Cipher>TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</Cipher></Ciphers>']), edge));
  it('unknown-cipher: typo → closest suite', () =>
    expectFix('unknown-cipher', te(['<Ciphers><Cipher>TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265</Cipher></Ciphers>']), te(['<Ciphers><Cipher>TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</Cipher></Ciphers>'])));
  it('missing-sslinfo: inserts SSLInfo before the URL', () =>
    expectFix(
      'missing-sslinfo',
      '<TargetEndpoint>\n  <HTTPTargetConnection>\n    <URL>https://a.example.com</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
      '<TargetEndpoint>\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n      <Enforce>true</Enforce>\n    </SSLInfo>\n    <URL>https://a.example.com</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
    ));
  it('missing-sslinfo: or with a TrustStore for a private CA', () =>
    expectFix(
      'missing-sslinfo',
      '<TargetEndpoint>\n  <HTTPTargetConnection>\n    <URL>https://a.example.com</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
      '<TargetEndpoint>\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n      <Enforce>true</Enforce>\n      <TrustStore>ref://truststore-ref</TrustStore>\n    </SSLInfo>\n    <URL>https://a.example.com</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
      { title: 'Insert SSLInfo with Enforce and a TrustStore' },
    ));
  it('missing-sslinfo: on Edge, Enabled and a TrustStore', () =>
    expectFix(
      'missing-sslinfo',
      '<TargetEndpoint>\n  <HTTPTargetConnection>\n    <URL>https://a.example.com</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
      '<TargetEndpoint>\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n      <TrustStore>ref://truststore-ref</TrustStore>\n    </SSLInfo>\n    <URL>https://a.example.com</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
      edge,
    ));
  it('missing-sslinfo: Enabled false → true', () => expectFix('missing-sslinfo', te(['<Enabled>false</Enabled>']), te(['<Enabled>true</Enabled>'])));
  it('tls-on-http: switches to https', () => expectFix('tls-on-http', te(['<Enabled>true</Enabled>'], 'http://a.example.com'), te(['<Enabled>true</Enabled>'], 'https://a.example.com')));
  it('missing-truststore: appends a TrustStore reference', () =>
    expectFix('missing-truststore', te(['<Enabled>true</Enabled>']), te(['<Enabled>true</Enabled>', '<TrustStore>ref://truststore-ref</TrustStore>']), edge));
  it('missing-truststore: keeps a comment that ends the last child\'s line with that child', () =>
    expectFix('missing-truststore', te(['<Enabled>true</Enabled> <!-- prod -->']), te(['<Enabled>true</Enabled> <!-- prod -->', '<TrustStore>ref://truststore-ref</TrustStore>']), edge));
  it('missing-truststore: expands a self-closing SSLInfo', () =>
    expectFix(
      'missing-truststore',
      '<TargetEndpoint>\n  <HTTPTargetConnection>\n    <SSLInfo/>\n    <URL>https://a.example.com</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>',
      '<TargetEndpoint>\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <TrustStore>ref://truststore-ref</TrustStore>\n    </SSLInfo>\n    <URL>https://a.example.com</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>',
      edge,
    ));
  it('missing-truststore: fills in an empty TrustStore where it is', () =>
    expectFix('missing-truststore', te(['<Enabled>true</Enabled>', '<TrustStore/>']), te(['<Enabled>true</Enabled>', '<TrustStore>ref://truststore-ref</TrustStore>']), edge));
  it('enforce-not-set without a TrustStore: each fix closes its half; the info about Enforce alone stays after the TrustStore', () => {
    const before = te(['<Enabled>true</Enabled>']);
    const [finding] = lintText(before);
    const after = finding!.fixes.map((fix) => applyEdits(before, fix.edits));
    assert.deepEqual(after, [
      te(['<Enabled>true</Enabled>', '<Enforce>true</Enforce>']),
      te(['<Enabled>true</Enabled>', '<TrustStore>ref://truststore-ref</TrustStore>']),
    ]);
    assert.deepEqual(
      after.map((text) => lintText(text).map((f) => `${f.ruleId} ${f.severity}`)),
      [['missing-truststore info'], ['enforce-not-set info']],
    );
  });
  it('misplaced-sslinfo-child: moves the TrustStore into SSLInfo (the NHS ServiceCallout shape)', () =>
    expectFix('misplaced-sslinfo-child',
      '<ServiceCallout name="SC">\n    <HTTPTargetConnection>\n        <SSLInfo>\n            <Enabled>true</Enabled>\n        </SSLInfo>\n        <TrustStore>ref://identity-service-truststore</TrustStore>\n        <URL>https://{host}/jwks</URL>\n    </HTTPTargetConnection>\n</ServiceCallout>\n',
      '<ServiceCallout name="SC">\n    <HTTPTargetConnection>\n        <SSLInfo>\n            <Enabled>true</Enabled>\n            <TrustStore>ref://identity-service-truststore</TrustStore>\n        </SSLInfo>\n        <URL>https://{host}/jwks</URL>\n    </HTTPTargetConnection>\n</ServiceCallout>\n',
    ));
  it('misplaced-sslinfo-child: moves a multi-line Protocols block, its inner indentation kept', () =>
    expectFix('misplaced-sslinfo-child',
      '<TargetEndpoint>\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n    </SSLInfo>\n    <Protocols>\n      <Protocol>TLSv1.2</Protocol>\n    </Protocols>\n    <URL>https://a.b</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
      '<TargetEndpoint>\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n      <Protocols>\n        <Protocol>TLSv1.2</Protocol>\n      </Protocols>\n    </SSLInfo>\n    <URL>https://a.b</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
    ));
  it('misplaced-sslinfo-child: wraps a lone child when there is no SSLInfo', () =>
    expectFix('misplaced-sslinfo-child',
      '<TargetEndpoint>\n  <HTTPTargetConnection>\n    <TrustStore>ref://ts</TrustStore>\n    <URL>https://a.b</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
      '<TargetEndpoint>\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <TrustStore>ref://ts</TrustStore>\n    </SSLInfo>\n    <URL>https://a.b</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
    ));
  it('ignore-validation-errors: true → false', () =>
    expectFix('ignore-validation-errors', te(['<IgnoreValidationErrors>true</IgnoreValidationErrors>']), te(['<IgnoreValidationErrors>false</IgnoreValidationErrors>'])));
  it('client-auth-incomplete: inserts KeyStore and KeyAlias', () =>
    expectFix('client-auth-incomplete', te(['<ClientAuthEnabled>true</ClientAuthEnabled>']), te(['<ClientAuthEnabled>true</ClientAuthEnabled>', '<KeyStore>ref://keystore-ref</KeyStore>', '<KeyAlias>key-alias</KeyAlias>'])));
  it('unused-client-key: enables client auth', () =>
    expectFix('unused-client-key', te(['<KeyStore>ref://ks</KeyStore>', '<KeyAlias>a</KeyAlias>']), te(['<KeyStore>ref://ks</KeyStore>', '<KeyAlias>a</KeyAlias>', '<ClientAuthEnabled>true</ClientAuthEnabled>'])));
  it('unused-client-key: or removes the keys', () =>
    expectFix('unused-client-key', te(['<Enabled>true</Enabled>', '<KeyStore>ref://ks</KeyStore>', '<KeyAlias>a</KeyAlias>']), te(['<Enabled>true</Enabled>']), { title: 'Remove KeyStore and KeyAlias' }));
  it('store-not-reference: prefixes ref://', () => expectFix('store-not-reference', te(['<TrustStore>ts</TrustStore>']), te(['<TrustStore>ref://ts</TrustStore>'])));
  it('enforce-on-edge: removes Enforce', () => expectFix('enforce-on-edge', te(['<Enabled>true</Enabled>', '<Enforce>true</Enforce>']), te(['<Enabled>true</Enabled>']), edge));
  it('enforce-not-set: appends Enforce', () => expectFix('enforce-not-set', te(['<Enabled>true</Enabled>']), te(['<Enabled>true</Enabled>', '<Enforce>true</Enforce>'])));
  it('enforce-not-set: false → true', () => expectFix('enforce-not-set', te(['<Enforce>false</Enforce>']), te(['<Enforce>true</Enforce>'])));
  it('commonname-mismatch: sets the host', () => expectFix('commonname-mismatch', te(['<CommonName>other.org</CommonName>']), te(['<CommonName>api.example.com</CommonName>'])));
});

describe('fixes keep the file as it was written', () => {
  it('CRLF stays CRLF', () =>
    expectFix('obsolete-protocol', te(['<Protocols>', `    ${P('TLSv1')}`, '</Protocols>']).replace(/\n/g, '\r\n'), te(['<Protocols>', `    ${P('TLSv1.2')}`, `    ${P('TLSv1.3')}`, '</Protocols>']).replace(/\n/g, '\r\n')));
  it('a BOM and comments survive', () =>
    expectFix('unknown-protocol', '\uFEFF<!-- keep -->\n' + te(['<!-- legacy -->', `<Protocols>${P('TLSv12')}</Protocols>`]), '\uFEFF<!-- keep -->\n' + te(['<!-- legacy -->', `<Protocols>${P('TLSv1.2')}</Protocols>`])));
  it('tabs stay tabs', () =>
    expectFix('missing-truststore', '<TargetEndpoint>\n\t<HTTPTargetConnection>\n\t\t<SSLInfo>\n\t\t\t<Enabled>true</Enabled>\n\t\t</SSLInfo>\n\t\t<URL>https://a.b</URL>\n\t</HTTPTargetConnection>\n</TargetEndpoint>', '<TargetEndpoint>\n\t<HTTPTargetConnection>\n\t\t<SSLInfo>\n\t\t\t<Enabled>true</Enabled>\n\t\t\t<TrustStore>ref://truststore-ref</TrustStore>\n\t\t</SSLInfo>\n\t\t<URL>https://a.b</URL>\n\t</HTTPTargetConnection>\n</TargetEndpoint>', edge));
});

describe('fix all', () => {
  it('applies every preferred fix together and leaves a clean list', () => {
    const before = te(['<Enabled>True</Enabled>', '<Protocols>', `    ${P('TLSv1')}`, `    ${P('TLSv1.1')}`, `    ${P('TLS1.2')}`, '</Protocols>', '<TrustStore>ref://t</TrustStore>', '<Enforce>true</Enforce>']);
    const { text } = fixAll(before, (t) => lintText(t));
    assert.equal(text, te(['<Enabled>true</Enabled>', '<Protocols>', `    ${P('TLSv1.3')}`, `    ${P('TLSv1.2')}`, '</Protocols>', '<TrustStore>ref://t</TrustStore>', '<Enforce>true</Enforce>']));
    assert.deepEqual(lintText(text).map((f) => f.ruleId), []);
  });
  it('leaves a suite Java lacks for the user to replace: the backend must accept the replacement', () => {
    const text = te(['<Ciphers><Cipher>TLS_RSA_WITH_CAMELLIA_256_CBC_SHA</Cipher></Ciphers>']);
    assert.deepEqual(fixAll(text, (t) => lintText(t).filter((f) => f.ruleId === 'unknown-cipher')), { text, applied: 0 });
  });
});
