import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Conversation, framesOf, T0 } from './support/conversation';
import { ethernet, ip, sll2 } from './support/frames';
import { errorOf, ladder, summaryOf } from './support/read';
import { applicationData, clientHello, serverHello } from './support/tls';
import { pcapng, type NgBlock } from './support/writers';

function handshake(port = 50123): Conversation {
  const c = new Conversation({ ip: '192.0.2.10', port }).open();
  c.send('client', clientHello());
  c.send('server', serverHello());
  c.send('client', applicationData(100));
  return c;
}

const epbs = (specs = handshake().specs, interfaceId = 0, link = ethernet): NgBlock[] =>
  framesOf(specs, link).map((f) => ({ kind: 'epb', interfaceId, ...f }));

for (const littleEndian of [true, false]) {
  test(`pcapng ${littleEndian ? 'little' : 'big'}-endian: enhanced packet blocks`, () => {
    const capture = summaryOf(pcapng([{ littleEndian, interfaces: [{ linkType: 1 }], blocks: epbs() }]));
    assert.equal(capture.format, 'pcapng');
    assert.equal(capture.packets, 6);
    assert.deepEqual(ladder(capture.connections[0]!.records), ['client 22', 'server 22', 'client 23']);
    assert.equal(capture.connections[0]!.startedAt, T0);
  });
}

for (const [tsresol, label] of [
  [9, 'nanoseconds'],
  [3, 'milliseconds'],
  [0x80 | 20, '2^-20 s'],
] as const) {
  test(`if_tsresol ${label}: times come out in milliseconds`, () => {
    const capture = summaryOf(pcapng([{ interfaces: [{ linkType: 1, tsresol }], blocks: epbs() }]));
    assert.ok(Math.abs(capture.connections[0]!.records[0]!.time - (T0 + 3)) < 0.01);
  });
}

test('two interfaces with their own link types and resolutions, and an obsolete packet block', () => {
  const second = handshake(50124).specs;
  const blocks: NgBlock[] = [
    ...epbs(),
    ...framesOf(second, sll2, T0 + 100).map((f, i): NgBlock => ({ kind: i % 2 ? 'opb' : 'epb', interfaceId: 1, ...f })),
  ];
  const capture = summaryOf(pcapng([{ interfaces: [{ linkType: 1 }, { linkType: 276, tsresol: 9 }], blocks }]));
  assert.deepEqual(capture.linkTypes, [1, 276]);
  assert.deepEqual(
    capture.connections.map((c) => [c.client, c.startedAt, c.records.length]),
    [
      ['192.0.2.10:50123', T0, 3],
      ['192.0.2.10:50124', T0 + 100, 3],
    ],
  );
});

test('simple packet blocks (no interface id, no time) take interface 0 and the time before them', () => {
  const [syn, ...rest] = framesOf(handshake().specs);
  const blocks: NgBlock[] = [{ kind: 'epb', ...syn! }, ...rest.map((f): NgBlock => ({ kind: 'spb', data: f.data }))];
  const capture = summaryOf(pcapng([{ interfaces: [{ linkType: 1 }], blocks }]));
  assert.deepEqual(ladder(capture.connections[0]!.records), ['client 22', 'server 22', 'client 23']);
  assert.equal(capture.connections[0]!.records[2]!.time, T0);
});

test('a simple packet block is cut to the interface snaplen', () => {
  const c = new Conversation().open();
  const [hello] = c.send('client', clientHello(400));
  const blocks: NgBlock[] = [{ kind: 'spb', data: ethernet(ip(hello!)).subarray(0, 128), originalLength: 54 + 409 }];
  const capture = summaryOf(pcapng([{ interfaces: [{ linkType: 1, snaplen: 128 }], blocks }]));
  assert.deepEqual([capture.cutPackets, capture.snaplen, capture.connections[0]!.records[0]!.completeUpTo], [1, 128, 128 - 54 - 5]);
});

test('blocks the reader does not know (name resolution, statistics, custom) are skipped', () => {
  const [first, ...rest] = epbs();
  const blocks: NgBlock[] = [
    first!,
    { kind: 'raw', type: 4, body: Buffer.from('0000000000000000', 'hex') },
    { kind: 'raw', type: 5, body: Buffer.alloc(20) },
    { kind: 'raw', type: 0x00000bad, body: Buffer.alloc(13, 7) },
    ...rest,
  ];
  assert.equal(summaryOf(pcapng([{ interfaces: [{ linkType: 1 }], blocks }])).packets, 6);
});

test('a second section with the other byte order starts its interfaces again', () => {
  const second = handshake(50200).specs;
  const capture = summaryOf(
    pcapng([
      { littleEndian: true, interfaces: [{ linkType: 1 }], blocks: epbs() },
      { littleEndian: false, interfaces: [{ linkType: 276 }], blocks: epbs(second, 0, sll2) },
    ]),
  );
  assert.deepEqual(capture.linkTypes, [1, 276]);
  assert.deepEqual(
    capture.connections.map((c) => c.client),
    ['192.0.2.10:50123', '192.0.2.10:50200'],
  );
});

test('a packet block naming an interface that was never described is skipped', () => {
  assert.equal(summaryOf(pcapng([{ interfaces: [{ linkType: 1 }], blocks: epbs(undefined, 3) }])).packets, 0);
});

test('a block length that is not a multiple of 4 stops reading and marks the file cut', () => {
  const file = pcapng([{ interfaces: [{ linkType: 1 }], blocks: epbs() }]);
  const firstEpb = 28 + 20;
  file.writeUInt32LE(0x7fff, firstEpb + 4);
  const capture = summaryOf(file);
  assert.deepEqual([capture.packets, capture.fileCut], [0, true]);
});

test('a file cut inside a block keeps the blocks before it', () => {
  const file = pcapng([{ interfaces: [{ linkType: 1 }], blocks: epbs() }]);
  const capture = summaryOf(file.subarray(0, file.length - 7));
  assert.deepEqual([capture.packets, capture.fileCut], [5, true]);
});

test('only packets on an unsupported link type: unsupported link type', () => {
  const error = errorOf(pcapng([{ interfaces: [{ linkType: 127 }], blocks: epbs() }]));
  assert.equal(error.code, 'unsupported-link-type');
});

test('packets on an unsupported interface beside a supported one are counted as skipped', () => {
  const second = handshake(50300).specs;
  const capture = summaryOf(pcapng([{ interfaces: [{ linkType: 1 }, { linkType: 127 }], blocks: [...epbs(), ...epbs(second, 1)] }]));
  assert.deepEqual([capture.connections.length, capture.skipped.linkType], [1, 6]);
});

test('a section header with a wrong byte-order magic is not a capture', () => {
  const file = pcapng([{ interfaces: [{ linkType: 1 }], blocks: [] }]);
  file.writeUInt32LE(0x12345678, 8);
  assert.equal(errorOf(file).code, 'not-a-capture');
});

test('a section header cut short is a truncated header', () => {
  assert.equal(errorOf(pcapng([{ interfaces: [], blocks: [] }]).subarray(0, 16)).code, 'truncated-header');
});
