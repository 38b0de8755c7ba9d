import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Conversation, T0 } from './support/conversation';
import { ethernet, fragmentIpv4, fragmentIpv6, ipv4, ipv6, loop, nullLoopback, sll, sll2, type TcpSpec } from './support/frames';
import { ladder, summaryOf } from './support/read';
import { clientHello, serverHello } from './support/tls';
import { pcap } from './support/writers';

const v4 = (): Conversation => new Conversation();
const v6 = (): Conversation => new Conversation({ ip: '2001:db8::10', port: 50123 }, { ip: '2001:db8:0:1::20', port: 8443 });

function hello(c: Conversation): TcpSpec[] {
  c.open();
  c.send('client', clientHello());
  c.send('server', serverHello());
  return c.specs;
}

/** The client endpoint and the ladder of a one-connection capture whose IP packets are wrapped by `link`. */
function read(linkType: number, specs: TcpSpec[], wrap: (spec: TcpSpec) => Buffer): [string, string[]] {
  const frames = specs.map((spec, i) => ({ time: T0 + i, data: wrap(spec) }));
  const connection = summaryOf(pcap(frames, { linkType })).connections[0]!;
  return [connection.client, ladder(connection.records)];
}

const expected = (client: string): [string, string[]] => [client, ['client 22', 'server 22']];
const V4 = expected('192.0.2.10:50123');
const V6 = expected('[2001:db8::10]:50123');

test('Ethernet, IPv4', () =>
  assert.deepEqual(
    read(1, hello(v4()), (s) => ethernet(ipv4(s))),
    V4,
  ));
test('Ethernet, IPv6', () =>
  assert.deepEqual(
    read(1, hello(v6()), (s) => ethernet(ipv6(s))),
    V6,
  ));
test('Ethernet with an 802.1Q VLAN tag', () =>
  assert.deepEqual(
    read(1, hello(v4()), (s) => ethernet(ipv4(s), [{ id: 100 }])),
    V4,
  ));
test('Ethernet with QinQ (802.1ad outer, 802.1Q inner)', () =>
  assert.deepEqual(
    read(1, hello(v6()), (s) => ethernet(ipv6(s), [{ tpid: 0x88a8, id: 10 }, { id: 20 }])),
    V6,
  ));
test('Linux cooked v1 (113), IPv4', () =>
  assert.deepEqual(
    read(113, hello(v4()), (s) => sll(ipv4(s))),
    V4,
  ));
test('Linux cooked v1 (113), IPv6', () =>
  assert.deepEqual(
    read(113, hello(v6()), (s) => sll(ipv6(s))),
    V6,
  ));
test('Linux cooked v2 (276), IPv4', () =>
  assert.deepEqual(
    read(276, hello(v4()), (s) => sll2(ipv4(s))),
    V4,
  ));
test('Linux cooked v2 (276), IPv6', () =>
  assert.deepEqual(
    read(276, hello(v6()), (s) => sll2(ipv6(s))),
    V6,
  ));
test('BSD loopback (0), little-endian family', () =>
  assert.deepEqual(
    read(0, hello(v4()), (s) => nullLoopback(ipv4(s), true)),
    V4,
  ));
test('BSD loopback (0), big-endian family, IPv6', () =>
  assert.deepEqual(
    read(0, hello(v6()), (s) => nullLoopback(ipv6(s), false)),
    V6,
  ));
test('BSD loopback (0), Linux AF_INET6 (10)', () =>
  assert.deepEqual(
    read(0, hello(v6()), (s) => nullLoopback(ipv6(s), true, 10)),
    V6,
  ));
test('OpenBSD loopback (108)', () =>
  assert.deepEqual(
    read(108, hello(v4()), (s) => loop(ipv4(s))),
    V4,
  ));
for (const linkType of [101, 12, 14, 228]) {
  test(`raw IPv4 (${linkType})`, () =>
    assert.deepEqual(
      read(linkType, hello(v4()), (s) => ipv4(s)),
      V4,
    ));
}
test('raw IPv6 (229)', () =>
  assert.deepEqual(
    read(229, hello(v6()), (s) => ipv6(s)),
    V6,
  ));

test('IPv4 options are skipped by the header length', () => {
  const options = Buffer.from([0x01, 0x01, 0x01, 0x00, 0x07, 0x07, 0x04, 0x00]); // NOP NOP NOP EOL, record route
  assert.deepEqual(
    read(1, hello(v4()), (s) => ethernet(ipv4(s, { options }))),
    V4,
  );
});

test('IPv6 hop-by-hop, routing and destination options headers are skipped', () => {
  const extensions: [number, Buffer][] = [
    [0, Buffer.alloc(6)],
    [43, Buffer.alloc(14)],
    [60, Buffer.alloc(6)],
  ];
  assert.deepEqual(
    read(1, hello(v6()), (s) => ethernet(ipv6(s, extensions))),
    V6,
  );
});

/** A connection whose ClientHello segment went through a router that fragmented it: the pieces in `order`. */
function fragmentedHello(version: 4 | 6, order: (pieces: Buffer[]) => Buffer[]) {
  const c = version === 4 ? v4().open() : v6().open();
  const [hello] = c.send('client', clientHello(1000));
  const packet = version === 4 ? ipv4(hello!) : ipv6(hello!);
  const pieces = order(version === 4 ? fragmentIpv4(packet, 400, 7) : fragmentIpv6(packet, 400, 7));
  return summaryOf(
    pcap(
      [...c.specs.slice(0, 3).map((s) => ip46(version, s)), ...pieces].map((data, i) => ({ time: T0 + i, data: ethernet(data) })),
      { linkType: 1 },
    ),
  );
}
const ip46 = (version: 4 | 6, s: TcpSpec): Buffer => (version === 4 ? ipv4(s) : ipv6(s));
const helloRead = (capture: ReturnType<typeof summaryOf>) => [
  capture.skipped.fragments,
  capture.connections.map((c) => c.records.map((r) => `${r.from} ${r.contentType} ${r.length} ${r.missing}`)),
];
const WHOLE_HELLO = [0, [['client 22 1004 0']]];

test('an IPv4 ClientHello fragmented by a router is read whole', () =>
  assert.deepEqual(helloRead(fragmentedHello(4, (p) => p)), WHOLE_HELLO));
test('IPv4 fragments out of order, one twice', () =>
  assert.deepEqual(helloRead(fragmentedHello(4, (p) => [p[2]!, p[0]!, p[2]!, p[1]!])), WHOLE_HELLO));
test('an IPv6 ClientHello in fragment headers is read whole', () =>
  assert.deepEqual(helloRead(fragmentedHello(6, (p) => p.reverse())), WHOLE_HELLO));
test('a piece seen again after its datagram was made (tcpdump -i any): no new datagram, nothing counted', () =>
  assert.deepEqual(helloRead(fragmentedHello(4, (p) => [...p, p[1]!])), WHOLE_HELLO));
test('a fragment lost: the datagram is never made up, its pieces counted', () =>
  assert.deepEqual(helloRead(fragmentedHello(4, (p) => [p[0]!, p[2]!])), [2, [[]]]));

/** A raw IPv4 fragment of `length` bytes at byte `offset` of datagram `id` (TCP unless `protocol` says otherwise). */
function rawFragment(id: number, offset: number, length: number, more: boolean, protocol = 6): Buffer {
  const packet = ipv4({ src: '192.0.2.1', dst: '192.0.2.2', sport: 1, dport: 443, seq: 0, flags: '' }, { protocol });
  const header = Buffer.from(packet.subarray(0, 20));
  header.writeUInt16BE(20 + length, 2);
  header.writeUInt16BE(id, 4);
  header.writeUInt16BE((more ? 0x2000 : 0) | (offset / 8), 6);
  return ethernet(Buffer.concat([header, Buffer.alloc(length, 0x42)]));
}
const readFragments = (...frames: Buffer[]) => {
  const capture = summaryOf(
    pcap(
      frames.map((data, i) => ({ time: T0 + i, data })),
      { linkType: 1 },
    ),
  );
  return [capture.skipped.fragments, capture.skipped.notTcp, capture.connections.length];
};

test('hostile fragments cost themselves, never the capture (each line: pieces, then [fragments, not TCP, connections])', () => {
  // A piece beyond the end the last piece set; then ends past what IPv4 can carry.
  assert.deepEqual(readFragments(rawFragment(1, 0, 40, true), rawFragment(1, 32, 16, true), rawFragment(1, 8, 8, false)), [3, 0, 0]);
  assert.deepEqual(
    readFragments(rawFragment(2, 0, 65_512, true), rawFragment(2, 65_512, 16, true), rawFragment(2, 65_528, 7, false)),
    [3, 0, 0],
  );
  // Two last pieces that disagree about the end.
  assert.deepEqual(readFragments(rawFragment(3, 16, 8, false), rawFragment(3, 24, 8, false)), [2, 0, 0]);
  // Fragmented UDP is not TCP: never held for reassembly.
  assert.deepEqual(readFragments(rawFragment(4, 0, 16, true, 17), rawFragment(4, 16, 8, false, 17)), [0, 2, 0]);
});

test('a thousand 64 KB fragments that never complete: counted, the waiting bytes bounded', () => {
  const frames = Array.from({ length: 1000 }, (_, id) => rawFragment(id, 0, 65_000, true));
  assert.deepEqual(readFragments(...frames), [1000, 0, 0]);
});

test('10,000 lone fragments of different datagrams: counted, memory bounded, nothing read as TCP', () => {
  const c = v4().open();
  const [hello] = c.send('client', clientHello(1000));
  const first = fragmentIpv4(ipv4(hello!), 400, 0)[0]!;
  const frames = Array.from({ length: 10_000 }, (_, id) => {
    const data = Buffer.from(first);
    data.writeUInt16BE(id, 4);
    return { time: T0 + id, data: ethernet(data) };
  });
  const capture = summaryOf(pcap(frames, { linkType: 1 }));
  assert.deepEqual([capture.skipped.fragments, capture.connections.length], [10_000, 0]);
});

test('UDP, ARP and padding-only frames are not TCP', () => {
  const spec: TcpSpec = { src: '192.0.2.1', dst: '192.0.2.2', sport: 53, dport: 53, seq: 0, flags: '' };
  const arp = Buffer.concat([Buffer.alloc(12, 2), Buffer.from([0x08, 0x06]), Buffer.alloc(28)]);
  const capture = summaryOf(
    pcap(
      [
        { time: T0, data: ethernet(ipv4(spec, { protocol: 17 })) },
        { time: T0, data: arp },
      ],
      { linkType: 1 },
    ),
  );
  assert.deepEqual([capture.skipped.notTcp, capture.connections.length], [2, 0]);
});

test('Ethernet padding after a short IPv4 packet is not payload', () => {
  const c = v4().open();
  c.send('client', clientHello());
  const padded = c.specs.map((s, i) => ({ time: T0 + i, data: Buffer.concat([ethernet(ipv4(s)), Buffer.alloc(6, 0xee)]) }));
  const connection = summaryOf(pcap(padded, { linkType: 1 })).connections[0]!;
  assert.deepEqual([ladder(connection.records), connection.fromClient.stopped], [['client 22'], undefined]);
});

test('an IPv4 total length of 0 (segmentation offload) means the frame is the packet', () => {
  const c = v4().open();
  c.send('client', clientHello());
  const frames = c.specs.map((s, i) => {
    const packet = ipv4(s);
    if (i === 3) packet.writeUInt16BE(0, 2);
    return { time: T0 + i, data: ethernet(packet) };
  });
  assert.deepEqual(ladder(summaryOf(pcap(frames, { linkType: 1 })).connections[0]!.records), ['client 22']);
});
