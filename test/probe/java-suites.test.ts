// Which suites Apigee's Java can use, and the cipher-mismatch fix that follows from it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closestJavaSuite, defaultOffer, javaImplements, javaSuites } from '../../server/src/tls/java';
import { makeCause } from '../../server/src/diagnosis/causes';

test('every suite of both default offers is one Java implements', () => {
  for (const profile of ['apigeex', 'edge'] as const) {
    for (const suite of defaultOffer(profile).ciphers) assert.ok(javaImplements(profile, suite), `${profile} ${suite}`);
  }
});

test('JSSE has no CCM, CAMELLIA, ARIA, SEED or IDEA suite; Java 8 no ChaCha20; unknown names are not suites', () => {
  for (const suite of [
    'TLS_AES_128_CCM_SHA256',
    'TLS_AES_128_CCM_8_SHA256',
    'TLS_ECDHE_ECDSA_WITH_AES_128_CCM',
    'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA',
    'TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256',
    'TLS_RSA_WITH_SEED_CBC_SHA',
    'TLS_RSA_WITH_IDEA_CBC_SHA',
    'TLS_MADE_UP',
  ]) {
    assert.equal(javaImplements('apigeex', suite), false, suite);
  }
  assert.deepEqual(
    [javaImplements('apigeex', 'TLS_CHACHA20_POLY1305_SHA256'), javaImplements('edge', 'TLS_CHACHA20_POLY1305_SHA256')],
    [true, false],
  );
  assert.ok(javaImplements('apigeex', 'TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256'));
});

test('a cipher-mismatch fix for a suite that cannot be pinned asks for a Java suite on the backend', () => {
  const details = { profile: 'apigeex' as const, host: 'h', port: 443 };
  const unusable = makeCause('cipher-mismatch', 'm', { ...details, unusableSuite: 'Apigee X cipher lists do not govern TLS 1.3' });
  assert.match(
    unusable.fix,
    /^Enable a suite Java supports on the backend \(e\.g\. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 \/ TLS_AES_128_GCM_SHA256\)/,
  );
  assert.doesNotMatch(unusable.fix, /<Cipher>/);
  assert.match(
    makeCause('cipher-mismatch', 'm', { ...details, suite: 'TLS_RSA_WITH_AES_128_GCM_SHA256' }).fix,
    /^Add <Cipher>TLS_RSA_WITH_AES_128_GCM_SHA256<\/Cipher>/,
  );
});

test('the closest suite Java has keeps the authentication, key exchange, AEAD or CBC, key size and hash where it can', () => {
  const closest = (profile: 'apigeex' | 'edge', name: string) => closestJavaSuite(profile, name);
  assert.deepEqual(
    [
      closest('apigeex', 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM'),
      closest('apigeex', 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8'),
      closest('apigeex', 'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA'),
      closest('apigeex', 'TLS_RSA_WITH_SEED_CBC_SHA'),
      closest('apigeex', 'TLS_AES_128_CCM_8_SHA256'),
      closest('edge', 'TLS_CHACHA20_POLY1305_SHA256'),
      closest('edge', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'),
    ],
    [
      'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
      'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
      'TLS_DHE_RSA_WITH_AES_128_CBC_SHA',
      'TLS_RSA_WITH_AES_128_CBC_SHA',
      'TLS_AES_128_GCM_SHA256',
      'TLS_AES_128_GCM_SHA256',
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    ],
  );
  for (const profile of ['apigeex', 'edge'] as const) {
    for (const suite of javaSuites(profile)) assert.ok(javaImplements(profile, suite), suite);
  }
});
