import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applicationData, clientHello, serverHello } from './support/tls';
import { Conversation, framesOf, T0 } from './support/conversation';
import { ethernet, ip } from './support/frames';
import { errorOf, ladder, summaryOf } from './support/read';
import { pcap } from './support/writers';

function handshake(): Conversation {
  const c = new Conversation().open();
  c.send('client', clientHello());
  c.send('server', serverHello());
  c.send('client', applicationData(100));
  return c;
}

const frames = framesOf(handshake().specs);

for (const littleEndian of [true, false]) {
  for (const nanosecond of [false, true]) {
    test(`pcap ${littleEndian ? 'little' : 'big'}-endian, ${nanosecond ? 'nanosecond' : 'microsecond'}: the handshake and its times`, () => {
      const capture = summaryOf(pcap(frames, { linkType: 1, littleEndian, nanosecond }));
      assert.equal(capture.format, 'pcap');
      assert.deepEqual(capture.linkTypes, [1]);
      assert.equal(capture.packets, 6);
      assert.equal(capture.connections.length, 1);
      const connection = capture.connections[0]!;
      assert.deepEqual(ladder(connection.records), ['client 22', 'server 22', 'client 23']);
      assert.equal(connection.startedAt, T0);
      assert.equal(connection.records[0]!.time, T0 + 3);
    });
  }
}

test('microseconds survive in a microsecond pcap', () => {
  const capture = summaryOf(pcap([{ time: T0 + 0.123456, data: frames[0]!.data }], { linkType: 1 }));
  assert.ok(Math.abs(capture.connections[0]!.startedAt - (T0 + 0.123456)) < 0.001);
});

test('nanoseconds in a nanosecond pcap', () => {
  const file = pcap([{ time: T0, data: frames[0]!.data }], { linkType: 1, nanosecond: true });
  file.writeUInt32LE(123_456_789, 24 + 4);
  const capture = summaryOf(file);
  assert.ok(Math.abs(capture.connections[0]!.startedAt - (T0 + 123.456789)) < 1e-3);
});

test('the modified pcap format (24-byte record headers) reads too', () => {
  assert.equal(summaryOf(pcap(frames, { linkType: 1, modified: true })).connections[0]!.records.length, 3);
});

test('the FCS bits above the link type are not part of it', () => {
  const file = pcap(frames, { linkType: 1 });
  file.writeUInt32LE(0x14000001, 20);
  assert.deepEqual(summaryOf(file).linkTypes, [1]);
});

test('packets cut by the snaplen are counted and the snaplen named', () => {
  const cut = frames.map((f) => ({ ...f, data: f.data.subarray(0, 96), originalLength: f.data.length }));
  const capture = summaryOf(pcap(cut, { linkType: 1, snaplen: 96 }));
  assert.equal(capture.truncated, true);
  assert.equal(capture.snaplen, 96);
  assert.equal(capture.cutPackets, 3);
});

test('a ClientHello cut by the snaplen is handed out with its missing bytes marked', () => {
  const c = new Conversation().open();
  const [hello] = c.send('client', clientHello(400));
  const data = ethernet(ip(hello!));
  const capture = summaryOf(pcap([{ time: T0, data: data.subarray(0, 200), originalLength: data.length }], { linkType: 1, snaplen: 200 }));
  const record = capture.connections[0]!.records[0]!;
  assert.deepEqual([record.contentType, record.length, record.completeUpTo, record.missing], [22, 404, 200 - 54 - 5, 404 - (200 - 54 - 5)]);
  assert.equal(capture.connections[0]!.truncated, true);
});

test('a file cut inside a packet keeps the packets before it', () => {
  const file = pcap(frames, { linkType: 1 });
  const capture = summaryOf(file.subarray(0, file.length - 10));
  assert.equal(capture.fileCut, true);
  assert.equal(capture.truncated, true);
  assert.equal(capture.packets, 5);
});

test('a record length beyond any packet is damage, not a 4 GB allocation', () => {
  const file = pcap(frames, { linkType: 1 });
  file.writeUInt32LE(0xfffffff0, 24 + 8);
  const capture = summaryOf(file);
  assert.deepEqual([capture.packets, capture.fileCut], [0, true]);
});

test('an empty pcap (header only) has no connections', () => {
  assert.deepEqual(summaryOf(pcap([], { linkType: 1 })).connections, []);
});

test('a text file is not a capture', () => assert.equal(errorOf(Buffer.from('GET / HTTP/1.1\r\n\r\n')).code, 'not-a-capture'));
test('an empty file is not a capture', () => assert.equal(errorOf(Buffer.alloc(0)).code, 'not-a-capture'));
test('a gzip-compressed file says so', () => assert.match(errorOf(Buffer.from('1f8b0800000000000003', 'hex')).message, /gzip/));
test('a pcap header cut short is a truncated header', () =>
  assert.equal(errorOf(pcap([], { linkType: 1 }).subarray(0, 20)).code, 'truncated-header'));
test('an 802.11 pcap is an unsupported link type', () => {
  const error = errorOf(pcap(frames, { linkType: 105 }));
  assert.equal(error.code, 'unsupported-link-type');
  assert.match(error.message, /^link type 105 is not supported: capture on an Ethernet or loopback interface/);
});

test('a file that cannot be opened is unreadable', async () => {
  const { readCapture } = await import('../../server/src/capture/read-capture');
  const result = readCapture('/nonexistent/capture.pcap');
  assert.equal(result.ok ? '' : result.error.code, 'unreadable');
});
