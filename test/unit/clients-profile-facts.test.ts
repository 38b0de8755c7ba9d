// The profile facts restated from public sources, one line each: what the hello built for the profile offers (read
// back with the tests' own parser) or what the client accepts, and the source the table cites for it.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { clientHelloMessage, clientHelloRecord } from '../../server/src/probe/client-hello';
import { profileExtensions } from '../../server/src/probe/clients/hello';
import { suiteName } from '../../server/src/tls/cipher-suites';
import { offeredProtocols, offeredSuites, type ClientProfile } from '../../server/src/tls/clients/profile';
import { CLIENT_PROFILES } from '../../server/src/tls/clients/table';
import { parseClientHelloRecord, type SeenHello } from '../probe/support/client-hello-parser';

function profile(id: string): ClientProfile {
  const found = CLIENT_PROFILES.find((p) => p.id === id);
  if (found === undefined) throw new Error(`no profile ${id}`);
  return found;
}

function hello(id: string): SeenHello {
  const p = profile(id);
  return parseClientHelloRecord(
    clientHelloRecord(
      clientHelloMessage({
        protocols: offeredProtocols(p),
        suites: offeredSuites(p),
        sni: 'api.example.com',
        random: Buffer.alloc(32),
        sessionId: Buffer.alloc(0),
        keyShares: [],
        client: profileExtensions(p),
      }),
    ),
  );
}

/** The hello's suites from..to (0-based, end excluded), IANA names without `TLS_`. */
const suites = (id: string, from: number, to: number): string[] =>
  hello(id)
    .suites.slice(from, to)
    .map((c) => suiteName(c).replace(/^TLS_/, ''));
const versions = (id: string): string =>
  (hello(id).supportedVersions ?? [hello(id).clientVersion]).map((v) => `0x${v.toString(16)}`).join(' ');

const FACTS: [string, () => unknown, unknown, RegExp][] = [
  // LibreSSL 2.8.3: "ALL:!aNULL:!eNULL:!SSLv2" as ssl_create_cipher_list orders it without AES acceleration.
  [
    'libressl-2.8.3 opens with ChaCha20, then ECDHE AES-256, then DHE AES-256',
    () => suites('libressl-2.8.3', 0, 12),
    [
      'ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
      'ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
      'DHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
      'ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      'ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
      'ECDHE_RSA_WITH_AES_256_CBC_SHA384',
      'ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
      'ECDHE_RSA_WITH_AES_256_CBC_SHA',
      'ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
      'DHE_RSA_WITH_AES_256_GCM_SHA384',
      'DHE_RSA_WITH_AES_256_CBC_SHA256',
      'DHE_RSA_WITH_AES_256_CBC_SHA',
    ],
    /libressl-v2\.8\.3.*ssl_ciph\.c/,
  ],
  ['libressl-2.8.3 offers TLS 1.2 at most', () => versions('libressl-2.8.3'), '0x303', /TLS 1\.0–1\.2/],
  ['libressl-2.8.3 groups', () => profile('libressl-2.8.3').groups, ['x25519', 'secp256r1', 'secp384r1'], /eccurves_default/],
  ['libressl-2.8.3 refuses DH primes under 1024 bits', () => profile('libressl-2.8.3').minDhBits, 1024, /1024 bits refused/],
  // Windows 7 (KB3042058) and 8.1 (KB2919355): DHE_RSA with CBC right after DHE_RSA with GCM.
  [
    'ie-11-win7 DHE suites',
    () => suites('ie-11-win7', 4, 8),
    ['DHE_RSA_WITH_AES_256_GCM_SHA384', 'DHE_RSA_WITH_AES_128_GCM_SHA256', 'DHE_RSA_WITH_AES_256_CBC_SHA', 'DHE_RSA_WITH_AES_128_CBC_SHA'],
    /Schannel SSP/,
  ],
  ['ie-11-win81 shares the order', () => suites('ie-11-win81', 0, 40), suites('ie-11-win7', 0, 40), /Schannel SSP/],
  // ECDHE_RSA with GCM arrived in Schannel with Windows 10 1507: not on Windows Phone 8.1.
  [
    'ie-11-winphone81 offers no ECDHE_RSA GCM suite',
    () => suites('ie-11-winphone81', 0, 40).filter((s) => s.startsWith('ECDHE_RSA_') && s.includes('_GCM_')),
    [],
    /Schannel SSP/,
  ],
  // Android 6.0: Conscrypt's DEFAULT_X509_CIPHER_SUITES of 2015 (AES-128 before AES-256, DHE_RSA kept, RC4 still on).
  [
    'android-6.0 opens with ECDHE then DHE_RSA AES-GCM, AES-128 before AES-256',
    () => suites('android-6.0', 0, 6),
    [
      'ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
      'ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
      'ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      'ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      'DHE_RSA_WITH_AES_128_GCM_SHA256',
      'DHE_RSA_WITH_AES_256_GCM_SHA384',
    ],
    /DEFAULT_X509_CIPHER_SUITES.*f45afe92/,
  ],
  [
    'android-6.0 still offers RC4 and no ChaCha20 or 3DES',
    () => suites('android-6.0', 0, 40).filter((s) => /RC4|CHACHA20|3DES/.test(s)),
    ['ECDHE_ECDSA_WITH_RC4_128_SHA', 'ECDHE_RSA_WITH_RC4_128_SHA', 'RSA_WITH_RC4_128_SHA'],
    /unchanged 2015-04-28 to 2016-02-23/,
  ],
  ['android-6.0 offers TLS 1.2 at most', () => versions('android-6.0'), '0x303', /TLS 1\.0–1\.2/],
  // Edge 15 = Windows 10 v1703's Schannel list, which enables DHE_RSA with AES-GCM.
  [
    'edge-15-win10 offers the DHE_RSA GCM suites of the Windows 10 list',
    () => suites('edge-15-win10', 0, 40).filter((s) => s.startsWith('DHE_')),
    ['DHE_RSA_WITH_AES_256_GCM_SHA384', 'DHE_RSA_WITH_AES_128_GCM_SHA256'],
    /Schannel SSP/,
  ],
  // BoringSSL's client order on AES hardware: AES-128-GCM, AES-256-GCM, ChaCha20.
  ...(['safari-12.1-ios', 'safari-13.0-macos'] as const).map((id): [string, () => unknown, unknown, RegExp] => [
    `${id} TLS 1.3 suites put AES-GCM before ChaCha20`,
    () => suites(id, 0, 3),
    ['AES_128_GCM_SHA256', 'AES_256_GCM_SHA384', 'CHACHA20_POLY1305_SHA256'],
    /TLS 1\.3 from iOS 12\.2/,
  ]),
  // Upstream OpenSSL 1.1.1d (not Debian's build): TLS 1.0–1.3, security level 1.
  ['openssl-1.1.1d offers TLS 1.3 down to TLS 1.0', () => versions('openssl-1.1.1d'), '0x304 0x303 0x302 0x301', /no minimum protocol/],
  [
    'openssl-1.1.1d accepts 1024-bit RSA and DH and SHA-1 (security level 1)',
    () => [profile('openssl-1.1.1d').minRsaBits, profile('openssl-1.1.1d').minDhBits, profile('openssl-1.1.1d').sha1],
    [1024, 1024, true],
    /security level 1/,
  ],
];

for (const [label, actual, expected, source] of FACTS) {
  const id = label.split(' ')[0]!;
  test(label, () => {
    assert.deepEqual(actual(), expected);
    assert.match(profile(id).source, source);
  });
}
