import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MalformedError } from '../../server/src/tls/wire/bytes';
import {
  HandshakeReader,
  parseAlert,
  parseCertificates,
  parseServerHello,
  readRecordHeader,
  RecordReader,
  type RecordHeader,
  type RecordHeaderFault,
} from '../../server/src/tls/wire/records';
import { MAX_FLIGHT_BYTES, MAX_WARNINGS, ServerFlight } from '../../server/src/tls/wire/server-flight';

const bytes = (...hex: string[]): Buffer => Buffer.from(hex.join('').replace(/\s+/g, ''), 'hex');
const len = (n: number, size: number): string => n.toString(16).padStart(size * 2, '0');
const record = (type: number, body: Buffer): Buffer => Buffer.concat([bytes(len(type, 1), '0303', len(body.length, 2)), body]);
const message = (type: number, body: Buffer): Buffer => Buffer.concat([bytes(len(type, 1), len(body.length, 3)), body]);

const serverHello12 = message(2, bytes('0303', 'aa'.repeat(32), '00', 'c02f', '00', '0000'));
const fakeDer = bytes('3003020101');
const certificate12 = message(11, bytes(len(fakeDer.length + 3, 3), len(fakeDer.length, 3), fakeDer.toString('hex')));
const certificateRequest = message(13, bytes('01 01', '0000', '0000'));
const serverHelloDone = message(14, Buffer.alloc(0));

test('a ServerHello gives the version, the suite, and no key share in TLS 1.2', () => {
  assert.deepEqual(parseServerHello(serverHello12.subarray(4)), {
    version: 0x0303,
    cipher: 0xc02f,
    helloRetry: false,
    keyShare: undefined,
  });
});

test('supported_versions in a ServerHello overrides the legacy version (TLS 1.3)', () => {
  const body = bytes('0303', 'aa'.repeat(32), '00', '1301', '00', '0006', '002b 0002 0304');
  assert.equal(parseServerHello(body).version, 0x0304);
});

test('the HelloRetryRequest random marks a retry request', () => {
  const body = bytes('0303', 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', '00', '1301', '00', '0000');
  assert.equal(parseServerHello(body).helloRetry, true);
});

test('a HelloRetryRequest names the group it wants and the cookie to echo', () => {
  const body = bytes(
    '0303',
    'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c',
    '00',
    '1302',
    '00',
    '0014',
    '002b 0002 0304',
    '0033 0002 0018',
    '002c 0004 0002 beef',
  );
  assert.deepEqual(parseServerHello(body).retry, { group: 0x18, cookie: bytes('beef') });
});

test('a TLS 1.2 Certificate message lists DER certificates leaf first', () => {
  assert.deepEqual(parseCertificates(certificate12.subarray(4), false), [fakeDer]);
});

test('a TLS 1.3 Certificate message has a context and per-certificate extensions', () => {
  const body = bytes('00', len(fakeDer.length + 5, 3), len(fakeDer.length, 3), fakeDer.toString('hex'), '0000');
  assert.deepEqual(parseCertificates(body, true), [fakeDer]);
});

test('an alert record is level and description', () => {
  assert.deepEqual(parseAlert(bytes('02 28')), { level: 2, description: 40 });
});

// The record header grammar the probe and the capture reader share: type, version, length.
const headers: [string, string, RecordHeader | RecordHeaderFault][] = [
  ['a TLS 1.2 handshake record', '16 0303 0040', { type: 22, version: 0x0303, length: 64 }],
  ['an SSL 3.0 change_cipher_spec', '14 0300 0001', { type: 20, version: 0x0300, length: 1 }],
  ['a heartbeat, the highest content type', '18 0301 0000', { type: 24, version: 0x0301, length: 0 }],
  ['application data of exactly 2^14 + 2048 bytes', '17 0304 4800', { type: 23, version: 0x0304, length: 18432 }],
  ['one byte longer than 2^14 + 2048', '16 0303 4801', 'too-long'],
  ['content type 19, below change_cipher_spec', '13 0303 0001', 'not-a-record'],
  ['content type 25, above heartbeat', '19 0303 0001', 'not-a-record'],
  ['major version 2', '16 0203 0001', 'not-a-record'],
  ['version 3.5, after TLS 1.3', '16 0305 0001', 'not-a-record'],
  ['plain HTTP', Buffer.from('GET /').toString('hex'), 'not-a-record'],
  ['an SSL 2.0-format CLIENT-HELLO offering TLS', '802e 01 0301', 'sslv2-client-hello'],
  ['an SSL 2.0 CLIENT-HELLO offering SSL 2.0 only', '802e 01 0002', 'not-a-record'],
];
for (const [name, hex, expected] of headers) {
  test(`record header: ${name}`, () => assert.deepEqual(readRecordHeader(bytes(hex)), expected));
}

test('plain HTTP is not a TLS record', () => {
  const reader = new RecordReader();
  reader.push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'));
  assert.throws(() => reader.next(), MalformedError);
});

test('a record longer than TLS allows is refused before it is buffered', () => {
  const reader = new RecordReader();
  reader.push(bytes('16 0303 ffff'));
  assert.throws(() => reader.next(), /over the TLS limit/);
});

test('the records before bytes that are no record are handed out first, then they are refused', () => {
  const reader = new RecordReader();
  reader.push(Buffer.concat([record(21, bytes('0228')), record(20, bytes('01')), Buffer.from('HTTP/1.1')]));
  assert.deepEqual([reader.next()?.type, reader.next()?.type, reader.buffered], [21, 20, 8]);
  assert.throws(() => reader.next(), /not a TLS record \("HTTP\/…"\)/);
});

test('a record split across reads is reassembled', () => {
  const reader = new RecordReader();
  const whole = record(21, bytes('0228'));
  reader.push(whole.subarray(0, 3));
  assert.equal(reader.next(), undefined);
  reader.push(whole.subarray(3));
  assert.deepEqual(reader.next()?.fragment, bytes('0228'));
});

test('a handshake message split across records is reassembled', () => {
  const reader = new HandshakeReader();
  reader.push(certificate12.subarray(0, 6));
  assert.equal(reader.next(), undefined);
  reader.push(certificate12.subarray(6));
  assert.equal(reader.next()?.type, 11);
});

test('a TLS 1.2 flight with a CertificateRequest says so', () => {
  const flight = new ServerFlight(Buffer.alloc(0), undefined, true);
  const outcome = flight.push(record(22, Buffer.concat([serverHello12, certificate12, certificateRequest, serverHelloDone])));
  assert.deepEqual(outcome, {
    kind: 'accepted',
    version: 0x0303,
    cipher: 0xc02f,
    helloRetry: false,
    certificates: [fakeDer],
    certificateRequested: true,
    warnings: [],
  });
});

test('a TLS 1.2 flight without a CertificateRequest says none was asked', () => {
  const flight = new ServerFlight(Buffer.alloc(0), undefined, true);
  const outcome = flight.push(record(22, Buffer.concat([serverHello12, certificate12, serverHelloDone])));
  assert.equal(outcome?.kind === 'accepted' && outcome.certificateRequested, false);
});

test('an alert instead of a ServerHello is the outcome', () => {
  assert.deepEqual(new ServerFlight(Buffer.alloc(0), undefined, true).push(record(21, bytes('0246'))), { kind: 'alert', alert: 70 });
});

test('a warning alert is no refusal: the flight after it is read, the warning kept', () => {
  const flight = new ServerFlight(Buffer.alloc(0), undefined, true);
  assert.equal(flight.push(record(21, bytes('0170'))), undefined);
  const outcome = flight.push(record(22, Buffer.concat([serverHello12, certificate12, serverHelloDone])));
  assert.deepEqual(outcome?.kind === 'accepted' && [outcome.cipher, outcome.warnings], [0xc02f, [112]]);
});

test('a warning close_notify ends the flight like a fatal alert', () => {
  assert.deepEqual(new ServerFlight(Buffer.alloc(0), undefined, true).push(record(21, bytes('0100'))), { kind: 'alert', alert: 0 });
});

test('stopping at the ServerHello leaves certificates unknown', () => {
  const outcome = new ServerFlight(Buffer.alloc(0), undefined, false).push(record(22, serverHello12));
  assert.equal(outcome?.kind === 'accepted' && outcome.certificates, null);
});

test('a Certificate before any ServerHello is not TLS', () => {
  assert.throws(() => new ServerFlight(Buffer.alloc(0), undefined, true).push(record(22, certificate12)), MalformedError);
});

test(`${MAX_WARNINGS} warning alerts are kept, one more is an alert flood`, () => {
  const flight = new ServerFlight(Buffer.alloc(0), undefined, true);
  for (let i = 0; i < MAX_WARNINGS; i++) assert.equal(flight.push(record(21, bytes('0170'))), undefined);
  assert.throws(() => flight.push(record(21, bytes('0170'))), /alert flood/);
});

test('a first flight longer than the cap is refused, however harmless its records', () => {
  const flight = new ServerFlight(Buffer.alloc(0), undefined, true);
  const changeCipherSpec = record(20, bytes('01'));
  const batch = Buffer.concat(Array.from({ length: 1024 }, () => changeCipherSpec));
  assert.throws(() => {
    for (let sent = 0; sent <= MAX_FLIGHT_BYTES; sent += batch.length) flight.push(batch);
  }, /more than 512 KB/);
});
