// One PEM block scanner (tls/pem) for alias files (workspace/certificates) and --ca files (diagnosis/trust): each
// block found once, a header without its end stops the scan, at most MAX_PEM_BLOCKS blocks. Hostile files of
// headers are held to a linear bound by the scan's own count of the characters its searches covered.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { trustFromPem } from '../../server/src/diagnosis/trust';
import { MAX_PEM_BLOCKS, scanPem, type PemScanOptions } from '../../server/src/tls/pem';
import { readCertificates, readPrivateKey } from '../../server/src/workspace/certificates';
import { makeSelfSignedCertificate } from '../support/self-signed';

const MB = 1024 * 1024;
const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const block = (label: string, body = 'QUJD'): string => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
/** `label@start-end` for each block, then `…capped` or `…unterminated LABEL@start` when the scan stopped early. */
const scanned = (text: string, options?: PemScanOptions): string[] => {
  const scan = scanPem(text, options);
  return [
    ...scan.blocks.map((b) => `${b.label}@${b.start}-${b.end}`),
    ...(scan.capped ? ['…capped'] : []),
    ...(scan.unterminated ? [`…unterminated ${scan.unterminated.label}@${scan.unterminated.start}`] : []),
  ];
};
const isCertificate = { labels: (label: string) => label === 'CERTIFICATE' };

describe('scanPem', () => {
  const one = block('CERTIFICATE'); // 59 characters: its span ends before the last line break
  it('finds each block with its label and span', () => assert.deepEqual(scanned(one + one), ['CERTIFICATE@0-58', 'CERTIFICATE@59-117']));
  it('reads text around and between blocks as nothing', () => assert.deepEqual(scanned(`subject=x\n${one}junk\n`), ['CERTIFICATE@10-68']));
  it('steps over blocks of other labels', () =>
    assert.deepEqual(scanned(block('PRIVATE KEY') + one, isCertificate), ['CERTIFICATE@59-117']));
  it('matches the end of the same label only', () =>
    assert.deepEqual(scanned('-----BEGIN X509 CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n'), ['…unterminated X509 CERTIFICATE@0']));
  it('stops at the first header with no end', () => assert.deepEqual(scanned(`-----BEGIN CERTIFICATE-----\n${one}`), ['CERTIFICATE@0-86']));
  it('stops at a header whose end never comes', () =>
    assert.deepEqual(scanned(`${one}-----BEGIN CERTIFICATE-----\n${block('RSA PRIVATE KEY')}`), [
      'CERTIFICATE@0-58',
      '…unterminated CERTIFICATE@59',
    ]));
  it('ignores a header with no label, a lower-case one or one with no closing dashes', () =>
    assert.deepEqual(scanned('-----BEGIN -----\n-----BEGIN cert-----\n-----BEGIN CERTIFICATE\n'), []));
  it('caps the blocks, and says so only when more follow', () => {
    assert.deepEqual(scanned(one + one + one, { max: 2 }), ['CERTIFICATE@0-58', 'CERTIFICATE@59-117', '…capped']);
    assert.deepEqual(scanned(one + one, { max: 2 }), ['CERTIFICATE@0-58', 'CERTIFICATE@59-117']);
  });
  it('caps at MAX_PEM_BLOCKS by default', () => {
    const scan = scanPem(one.repeat(MAX_PEM_BLOCKS + 1));
    assert.deepEqual([scan.blocks.length, scan.capped], [MAX_PEM_BLOCKS, true]);
  });

  // A search that went on after a header with no end would cover the rest of the text once per header: for these
  // files, about (length / line length) times the length.
  const linear = (text: string, options?: PemScanOptions): void => {
    assert.ok(text.length > MB);
    const { examined } = scanPem(text, options);
    assert.ok(examined <= 2 * text.length, `examined ${examined} characters of ${text.length}`);
  };
  it('1 MB of certificate headers: linear', () => linear('-----BEGIN CERTIFICATE-----\n'.repeat(40_000)));
  it('1 MB of key headers, certificates wanted: linear', () => linear('-----BEGIN RSA PRIVATE KEY-----\n'.repeat(35_000), isCertificate));
  it('1 MB of headers with distinct labels: linear', () =>
    linear(Array.from({ length: 50_000 }, (_, i) => `-----BEGIN L${i}-----\n`).join('')));
  it('1 MB of empty blocks: linear, capped', () => {
    const text = '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n'.repeat(20_000);
    linear(text);
    assert.equal(scanPem(text).blocks.length, MAX_PEM_BLOCKS);
  });
  it('1 MB of headers closed once at the end: one block, linear', () => {
    const text = `${'-----BEGIN A-----\n-----BEGIN B-----\n'.repeat(30_000)}-----END B-----\n-----END A-----\n`;
    linear(text);
    assert.deepEqual(scanned(text), [`A@0-${text.length - 1}`]);
  });
});

describe('alias files and --ca files read with it', () => {
  let dir: string;
  let cert: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'apigee-tls-pem-'));
    await makeSelfSignedCertificate(dir, 'pem.test');
    cert = await readFile(join(dir, 'cert.pem'), 'latin1');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const certificates = (text: string): string => {
    const file = readCertificates(bytes(text));
    return file.ok ? `${file.certificates.length} certificates${file.capped ? ', capped' : ''}` : file.problem;
  };
  it('a certificate', () => assert.equal(certificates(cert), '1 certificates'));
  it('a certificate after its key, in one file', () =>
    assert.equal(
      certificates(
        (generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string) + cert,
      ),
      '1 certificates',
    ));
  it('X509 and TRUSTED labels', () =>
    assert.equal(
      certificates(cert.replace(/CERTIFICATE/g, 'X509 CERTIFICATE') + cert.replace(/CERTIFICATE/g, 'TRUSTED CERTIFICATE')),
      '2 certificates',
    ));
  it('blocks that do not parse', () => assert.equal(certificates(block('CERTIFICATE')), 'unreadable'));
  it('only a key', () => assert.equal(certificates(block('PRIVATE KEY')), 'no-certificate'));
  it('1 MB of certificate headers', () => assert.equal(certificates('-----BEGIN CERTIFICATE-----\n'.repeat(40_000)), 'no-certificate'));
  it(`${MAX_PEM_BLOCKS + 500} certificates: the first ${MAX_PEM_BLOCKS}, capped`, () =>
    assert.equal(certificates(cert.repeat(MAX_PEM_BLOCKS + 500)), `${MAX_PEM_BLOCKS} certificates, capped`));

  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const pem = (type: 'pkcs8' | 'sec1', passphrase?: string): string =>
    ec.export({ type, format: 'pem', ...(passphrase === undefined ? {} : { cipher: 'aes-128-cbc', passphrase }) }) as string;
  const key = (text: string, passphrase?: string): string => {
    const file = readPrivateKey(bytes(text), passphrase);
    return file.ok ? 'key' : file.problem;
  };
  it('a plain key', () => assert.equal(key(pem('sec1')), 'key'));
  it('a PKCS#8 encrypted key without its passphrase', () => assert.equal(key(pem('pkcs8', 'pw')), 'encrypted'));
  it('a traditional encrypted key (Proc-Type) without its passphrase', () => assert.equal(key(pem('sec1', 'pw')), 'encrypted'));
  it('a traditional encrypted key with a wrong passphrase', () => assert.equal(key(pem('sec1', 'pw'), 'nope'), 'encrypted'));
  it('a traditional encrypted key with its passphrase', () => assert.equal(key(pem('sec1', 'pw'), 'pw'), 'key'));
  it('Proc-Type beyond the header lines is not the header', () =>
    assert.equal(key(`-----BEGIN EC PRIVATE KEY-----\nQUJD\nQUJD\nProc-Type: 4,ENCRYPTED\n-----END EC PRIVATE KEY-----\n`), 'unreadable'));
  it('1 MB of key headers', () => assert.equal(key('-----BEGIN RSA PRIVATE KEY-----\n'.repeat(35_000)), 'unreadable'));
  it('1 MB of key headers, then Proc-Type', () =>
    assert.equal(key(`${'-----BEGIN RSA PRIVATE KEY-----\n'.repeat(35_000)}Proc-Type: 4,ENCRYPTED\n`), 'unreadable'));

  const trust = (text: string): string => {
    try {
      const store = trustFromPem([{ name: 'ca.pem', text }]);
      return `${store.anchors.length} anchors from ${store.description}`;
    } catch (error) {
      return (error as Error).message;
    }
  };
  it('--ca: a certificate', () => assert.equal(trust(cert), '1 anchors from ca.pem'));
  it('--ca: 1 MB of headers', () => assert.equal(trust('-----BEGIN CERTIFICATE-----\n'.repeat(40_000)), 'ca.pem holds no PEM certificate'));
  it('--ca: a block that does not parse', () => assert.throws(() => trustFromPem([{ name: 'ca.pem', text: block('CERTIFICATE') }])));
  it(`--ca: ${MAX_PEM_BLOCKS + 1} certificates, the first ${MAX_PEM_BLOCKS} read, and the description says so`, () =>
    assert.equal(trust(cert.repeat(MAX_PEM_BLOCKS + 1)), '1000 anchors from ca.pem (its first 1,000 certificates)'));
});
