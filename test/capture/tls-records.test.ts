import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TlsRecordFramer, type FramerLimits } from '../../server/src/capture/tls-records';
import { alert, applicationData, certificate, changeCipherSpec, clientHello, record, serverHello, serverHelloDone } from './support/tls';

const limits = { maxHandshakeBytes: 256 * 1024, applicationDataRecords: 1 };

/** Feeds `bytes` cut into chunks of `size` (time = chunk number); returns the framer. */
function frame(bytes: Buffer, size = bytes.length, opts: FramerLimits = limits): TlsRecordFramer {
  const framer = new TlsRecordFramer(opts);
  for (let at = 0, n = 0; at < bytes.length; at += size, n++) {
    if (!framer.data(bytes, at, Math.min(at + size, bytes.length), n)) break;
  }
  return framer;
}

const types = (f: TlsRecordFramer): number[] => f.records.map((r) => r.contentType);
const flight = Buffer.concat([serverHello(), certificate(3000), serverHelloDone()]);

test('several records in one segment', () => assert.deepEqual(types(frame(flight)), [22, 22, 22]));
test('records split across segments, one byte at a time', () => assert.deepEqual(types(frame(flight, 1)), [22, 22, 22]));
test('a record split inside its header', () => assert.deepEqual(frame(flight, 3).records[0]!.length, 94));
test('the fragment is kept whole and copied', () => {
  const bytes = Buffer.from(clientHello(50));
  const framer = frame(bytes, 7);
  bytes.fill(0);
  assert.deepEqual([framer.records[0]!.fragment[0], framer.records[0]!.fragment.length, framer.records[0]!.version], [1, 54, 0x0301]);
});
test('each record carries the time of its first byte', () => {
  // 19 bytes of ClientHello in 8-byte chunks: the alert starts in chunk 2.
  const framer = frame(Buffer.concat([clientHello(10), alert(2, 40)]), 8);
  assert.deepEqual(
    framer.records.map((r) => r.time),
    [0, 2],
  );
});

test('the first application_data record is announced without its bytes and stops the direction', () => {
  const framer = frame(Buffer.concat([changeCipherSpec(), record(22, Buffer.alloc(40)), applicationData(1000), alert(1, 0)]));
  assert.deepEqual(types(framer), [20, 22, 23]);
  assert.deepEqual([framer.records[2]!.length, framer.records[2]!.fragment.length, framer.stopped], [1000, 0, 'application-data']);
});

test('more application_data records can be announced when asked', () => {
  const framer = frame(Buffer.concat([applicationData(10), applicationData(20), alert(1, 0)]), 4, { ...limits, applicationDataRecords: 3 });
  assert.deepEqual(types(framer), [23, 23, 21]);
});

test('asked to keep encrypted records: their bytes are kept, and the direction stops at the one after the last kept', () => {
  const framer = frame(Buffer.concat([applicationData(10), applicationData(20), applicationData(30)]), 4, {
    ...limits,
    applicationDataRecords: 2,
    keepEncrypted: true,
  });
  assert.deepEqual([framer.records.map((r) => r.fragment.length), framer.stopped], [[10, 20], 'application-data']);
});

test('encrypted records beyond the handshake bytes kept are announced without their bytes', () => {
  const framer = frame(Buffer.concat([record(22, Buffer.alloc(40)), applicationData(100)]), 4, {
    maxHandshakeBytes: 100,
    applicationDataRecords: 1,
    keepEncrypted: true,
  });
  assert.deepEqual([framer.records.map((r) => r.fragment.length), framer.stopped], [[40, 0], 'application-data']);
});

test('bytes that are no TLS record: not-tls', () => assert.equal(frame(Buffer.from('GET / HTTP/1.1\r\n')).stopped, 'not-tls'));
test('an SSL 2.0 ClientHello: sslv2-hello', () => assert.equal(frame(Buffer.from('802e0103010015', 'hex')).stopped, 'sslv2-hello'));
test('a bad header after good records: malformed', () => {
  const framer = frame(Buffer.concat([clientHello(), Buffer.from('ffffffffff', 'hex')]));
  assert.deepEqual([types(framer), framer.stopped], [[22], 'malformed']);
});
test('a record length beyond 2^14 + 2048 is no TLS', () => assert.equal(frame(Buffer.from('1603034801', 'hex')).stopped, 'not-tls'));

test('a gap inside a record leaves zeros and counts the missing bytes', () => {
  const framer = new TlsRecordFramer(limits);
  const hello = clientHello(100);
  framer.data(hello, 0, 30, 0);
  framer.gap(20);
  framer.data(hello, 50, hello.length, 1);
  const r = framer.records[0]!;
  assert.deepEqual(
    [r.missing, r.completeUpTo, r.fragment.subarray(25, 45).every((b) => b === 0), framer.stopped],
    [20, 25, true, undefined],
  );
});

test('a gap where a header is due loses the framing: gap', () => {
  const framer = new TlsRecordFramer(limits);
  framer.data(clientHello(), 0, clientHello().length, 0);
  assert.deepEqual([framer.gap(10), framer.stopped], [false, 'gap']);
});

test('a gap running past the end of a record: the record is kept incomplete, then gap', () => {
  const framer = new TlsRecordFramer(limits);
  const hello = clientHello(100);
  framer.data(hello, 0, 40, 0);
  framer.gap(200);
  assert.deepEqual([framer.records[0]!.missing, framer.records[0]!.completeUpTo, framer.stopped], [104 - 35, 35, 'gap']);
});

test('a record still open when the stream ends is handed out incomplete', () => {
  const framer = frame(certificate(3000).subarray(0, 1000));
  framer.finish();
  assert.deepEqual([framer.records[0]!.completeUpTo, framer.records[0]!.missing], [995, 3004 - 995]);
});

test('handshake bytes beyond the cap stop the direction: cap', () => {
  const framer = frame(Buffer.concat([clientHello(100), certificate(5000)]), undefined, { ...limits, maxHandshakeBytes: 1000 });
  assert.deepEqual([types(framer), framer.stopped], [[22], 'cap']);
});
