// Keystore archives an alias names: PKCS#12 (made by openssl here, read with node-forge, the alias's password) and
// JKS (made by keytool, test/workspace/fixtures/keystores): expiry, chain and key match as for PEM files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import forge from 'node-forge';
import { readKeystore } from '../../server/src/workspace/keystore-files';
import { makeCertificate } from './support/certs';
import { checkSpans, expectSpans, tempDir } from './support/tree';

const ALIASES = 'resources/edge/env/test/aliases.json';
const FIXTURES = join(__dirname, 'fixtures', 'keystores');
const jks = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const pkcs12Alias = (path: string, password?: string): string =>
  `[{"alias": "a", "keystorename": "client", "format": "pkcs12", "filePath": "«${path}»"${password === undefined ? '' : `, "password": "${password}"`}}]`;
const unmarked = (text: string): string => text.replace(/[«»]/g, '');

let certs: string;
const p12 = (name: string): Buffer => readFileSync(join(certs, `${name}.p12`));
before(() => {
  certs = tempDir();
  for (const [name, days] of [
    ['fresh', 365],
    ['expired', -5],
    ['soon', 10],
  ] as const) {
    makeCertificate(certs, name, days);
    execFileSync(
      'openssl',
      ['pkcs12', '-export', '-in', `${name}.crt`, '-inkey', `${name}.key`, '-out', `${name}.p12`, '-passout', 'pass:secret'],
      {
        cwd: certs,
      },
    );
  }
});

describe('PKCS#12 archives', () => {
  it('an expired certificate is reported at the filePath', () =>
    expectSpans('certificate-expired', { [ALIASES]: pkcs12Alias('certs/a.p12', 'secret'), 'certs/a.p12': p12('expired') }));
  it('one expiring soon too', () =>
    expectSpans('certificate-expires-soon', { [ALIASES]: pkcs12Alias('certs/a.p12', 'secret'), 'certs/a.p12': p12('soon') }));
  it('a fresh one with its key passes every certificate rule', () => {
    const files = { [ALIASES]: unmarked(pkcs12Alias('certs/a.p12', 'secret')), 'certs/a.p12': p12('fresh') };
    for (const id of ['certificate-expired', 'certificate-expires-soon', 'certificate-unreadable', 'key-certificate-mismatch'])
      expectSpans(id, files);
  });
  it('a password that does not open it is said', () => {
    const [f] = checkSpans('certificate-unreadable', { [ALIASES]: pkcs12Alias('certs/a.p12', 'wrong'), 'certs/a.p12': p12('fresh') });
    assert.equal(
      f!.message,
      "File 'certs/a.p12' of alias 'a' is a PKCS#12 archive the alias's password does not open: its certificates are not checked (environment test).",
    );
  });
  it('no password in the alias is said', () => {
    const [f] = checkSpans('certificate-unreadable', { [ALIASES]: pkcs12Alias('certs/a.p12'), 'certs/a.p12': p12('fresh') });
    assert.match(f!.message, /is a PKCS#12 archive without a password in the alias: it cannot be opened/);
  });
  it('garbage is neither format', () => {
    const [f] = checkSpans('certificate-unreadable', { [ALIASES]: pkcs12Alias('certs/a.p12', 'secret'), 'certs/a.p12': 'x' });
    assert.match(f!.message, /is neither a PKCS#12 archive nor a JKS keystore/);
  });
  it("a key that belongs to none of the archive's certificates is a mismatch, at the filePath", () => {
    // openssl refuses to pack a foreign key: node-forge packs one (RSA, its only kind).
    const rsa = (name: string): string => {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          `${name}.rsa.key`,
          '-out',
          `${name}.rsa.crt`,
          '-subj',
          `/CN=${name}`,
          '-days',
          '30',
        ],
        {
          cwd: certs,
          stdio: 'ignore',
        },
      );
      return name;
    };
    const [a, b] = [rsa('rsa-a'), rsa('rsa-b')];
    const pem = (file: string): string => readFileSync(join(certs, file), 'utf8');
    const packed = forge.pkcs12.toPkcs12Asn1(
      forge.pki.privateKeyFromPem(pem(`${b}.rsa.key`)),
      [forge.pki.certificateFromPem(pem(`${a}.rsa.crt`))],
      'secret',
      {
        algorithm: '3des',
      },
    );
    const bytes = Buffer.from(forge.asn1.toDer(packed).getBytes(), 'binary');
    const [f] = checkSpans('key-certificate-mismatch', { [ALIASES]: pkcs12Alias('certs/a.p12', 'secret'), 'certs/a.p12': bytes });
    assert.equal(
      f!.message,
      "The key in 'certs/a.p12' of alias 'a' belongs to none of its certificates ('CN=rsa-a' first) (environment test).",
    );
  });
  it('an archive asking for more than 1,000,000 key-derivation rounds is not opened (bounded, never hangs)', () => {
    execFileSync(
      'openssl',
      ['pkcs12', '-export', '-in', 'fresh.crt', '-inkey', 'fresh.key', '-out', 'rounds.p12', '-passout', 'pass:secret', '-iter', '1000001'],
      {
        cwd: certs,
      },
    );
    assert.deepEqual(readKeystore(p12('rounds'), 'secret'), { ok: false, format: 'pkcs12', problem: 'rounds' });
    const [f] = checkSpans('certificate-unreadable', { [ALIASES]: pkcs12Alias('certs/a.p12', 'secret'), 'certs/a.p12': p12('rounds') });
    assert.match(f!.message, /asking for more than 1,000,000 key-derivation rounds: it is not opened/);
  });
  it('the reader gives the certificate and its key', () => {
    const store = readKeystore(p12('fresh'), 'secret');
    assert.ok(store.ok);
    assert.deepEqual(
      [store.format, store.certificates.map((c) => c.subject), store.key?.asymmetricKeyType],
      ['pkcs12', ['CN=fresh'], 'ec'],
    );
  });
});

describe('JKS keystores', () => {
  const NOT_AFTER = '2030-01-01';
  it('reads the key entry: certificate, and the key with the password', () => {
    const store = readKeystore(jks('backend.jks'), 'changeit');
    assert.ok(store.ok);
    assert.deepEqual(
      [
        store.format,
        store.certificates.map((c) => [c.subject, c.notAfter.toISOString().slice(0, 10)]),
        store.key?.asymmetricKeyType,
        store.keyLocked,
      ],
      ['jks', [['CN=jks-backend.example', NOT_AFTER]], 'ec', undefined],
    );
    assert.equal(store.key !== undefined && store.certificates[0]!.x509.checkPrivateKey(store.key), true);
  });
  it('without the right password the certificates are still read, the key is locked', () => {
    const store = readKeystore(jks('backend.jks'), 'wrong');
    assert.ok(store.ok);
    assert.deepEqual([store.certificates.length, store.key, store.keyLocked], [1, undefined, true]);
  });
  it('reads a truststore of trusted certificates without a password', () => {
    const store = readKeystore(jks('truststore.jks'), undefined);
    assert.ok(store.ok);
    assert.deepEqual([store.certificates.map((c) => c.subject), store.key], [['CN=jks-backend.example'], undefined]);
  });
  it('a truncated file is unreadable, not an exception', () =>
    assert.deepEqual(readKeystore(jks('backend.jks').subarray(0, 100), 'changeit'), { ok: false, format: 'jks', problem: 'unreadable' }));
  it('its expired certificate is reported, and a locked key is said', () => {
    const files = { [ALIASES]: pkcs12Alias('certs/b.jks', 'wrong'), 'certs/b.jks': jks('backend.jks') };
    const [f] = checkSpans('certificate-expired', files, { now: new Date('2031-01-01T00:00:00Z') });
    assert.equal(f!.message, `Certificate 'CN=jks-backend.example' of alias 'a' expired on ${NOT_AFTER} (environment test).`);
    const [locked] = checkSpans('certificate-unreadable', files);
    assert.match(
      locked!.message,
      /is a JKS keystore whose key the alias's password does not open: its certificates are checked, its key is not/,
    );
  });
});
