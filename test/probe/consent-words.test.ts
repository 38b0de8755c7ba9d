// The words consent names a connection by: what is dialled (an address override, a proxy), normalised so the client's
// question and the server's check agree on case and brackets, and never a proxy's credentials.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consentWords, parseConsentWords } from '../../server/src/probe/consent-words';

test('consentWords: direct, at an address, via a proxy', () => {
  assert.equal(consentWords({ host: 'API.example.com', port: 443 }), 'api.example.com:443');
  assert.equal(consentWords({ host: 'api.example.com', port: 443, address: '10.0.0.7' }), 'api.example.com:443 at 10.0.0.7');
  assert.equal(consentWords({ host: '::1', port: 8443, proxy: 'http://proxy.corp:3128' }), '::1:8443 via proxy http://proxy.corp:3128');
  assert.equal(
    consentWords({ host: 'a.test', port: 443, address: '[FD00::1]', proxy: 'http://[fd00::2]:3128' }),
    'a.test:443 at fd00::1 via proxy http://[fd00::2]:3128',
  );
});

test('parseConsentWords: normalised as written, credentials dropped, anything else undefined', () => {
  assert.equal(parseConsentWords(' API.example.com:443 '), 'api.example.com:443');
  assert.equal(parseConsentWords('[::1]:8443'), '::1:8443');
  assert.equal(parseConsentWords('api.example.com:443 at 10.0.0.7'), 'api.example.com:443 at 10.0.0.7');
  assert.equal(parseConsentWords('a.test:443 via proxy HTTP://Proxy.Corp:3128/'), 'a.test:443 via proxy http://proxy.corp:3128');
  assert.equal(parseConsentWords('a.test:443 via proxy http://bob:pw@proxy.corp:3128'), 'a.test:443 via proxy http://proxy.corp:3128');
  assert.equal(parseConsentWords('a.test:443 at 10.0.0.7 via proxy proxy.corp'), 'a.test:443 at 10.0.0.7 via proxy http://proxy.corp:1080');
  assert.equal(parseConsentWords('a.test:443 via proxy socks5://proxy.corp:1080'), undefined);
  assert.equal(parseConsentWords('a.test'), undefined);
  assert.equal(parseConsentWords(443), undefined);
});

test('one way does not stand for another: direct, another address, another proxy', () => {
  const proxied = consentWords({ host: 'a.test', port: 443, proxy: 'http://proxy.corp:3128' });
  assert.notEqual(parseConsentWords('a.test:443'), proxied);
  assert.notEqual(parseConsentWords('a.test:443 via proxy http://proxy.corp:3129'), proxied);
  assert.notEqual(parseConsentWords('a.test:443 at 10.0.0.7 via proxy http://proxy.corp:3128'), proxied);
});
