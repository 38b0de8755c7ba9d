import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Conversation, framesOf, T0 } from './support/conversation';
import { ethernet, ip, type TcpSpec } from './support/frames';
import { ladder, summaryOf } from './support/read';
import { alert, applicationData, certificate, changeCipherSpec, clientHello, record, serverHello, serverHelloDone } from './support/tls';
import { pcap } from './support/writers';
import type { CaptureOptions } from '../../server/src/capture/read-capture';

const read = (specs: TcpSpec[], options?: CaptureOptions) => summaryOf(pcap(framesOf(specs), { linkType: 1 }), options);
const only = (specs: TcpSpec[], options?: CaptureOptions) => read(specs, options).connections[0]!;

/** A TLS 1.2 full handshake that the client ends with an alert and a FIN. */
function tls12(c = new Conversation()): Conversation {
  c.open();
  c.send('client', clientHello());
  c.send('server', Buffer.concat([serverHello(), certificate(3000), serverHelloDone()]));
  c.send('client', Buffer.concat([record(22, Buffer.alloc(70)), changeCipherSpec(), record(22, Buffer.alloc(40))]));
  c.send('server', Buffer.concat([changeCipherSpec(), record(22, Buffer.alloc(40))]));
  c.send('client', applicationData(200));
  c.send('server', applicationData(5000));
  c.send('client', alert(1, 0));
  c.fin('client');
  return c;
}

const TLS12_LADDER = [
  'client 22',
  'server 22',
  'server 22',
  'server 22',
  'client 22',
  'client 20',
  'client 22',
  'server 20',
  'server 22',
  'client 23',
  'server 23',
];

test('a whole TLS 1.2 connection: the handshake records in time order, application data announced once', () => {
  const connection = only(tls12().specs);
  assert.deepEqual(ladder(connection.records), TLS12_LADDER);
  assert.deepEqual([connection.client, connection.server, connection.clientEvidence], ['192.0.2.10:50123', '192.0.2.20:443', 'syn']);
  assert.deepEqual([connection.fromClient.stopped, connection.fromServer.stopped], ['application-data', 'application-data']);
  assert.deepEqual(
    [connection.midstream, connection.truncated, connection.syns !== undefined, connection.synAckAt !== undefined],
    [false, false, true, true],
  );
});

test('who closed, and when', () => {
  const c = tls12();
  const connection = only(c.specs);
  assert.deepEqual(connection.closedBy, { from: 'client', time: T0 + c.specs.length - 1 });
  assert.equal(connection.resetBy, undefined);
});

test('a reset after the ClientHello: reset by the server, and when', () => {
  const c = new Conversation().open();
  c.send('client', clientHello());
  c.rst('server');
  assert.deepEqual(only(c.specs).resetBy, { from: 'server', time: T0 + 4 });
});

test('a refused connection: SYN answered by RST, no records', () => {
  const c = new Conversation();
  c.segment('client', 'S', undefined, false);
  c.segment('server', 'R');
  const connection = only(c.specs);
  assert.deepEqual([connection.resetBy?.from, connection.records, connection.clientEvidence], ['server', [], 'syn']);
});

test('the SYN decides the client even when it comes from port 443', () => {
  const c = new Conversation({ ip: '192.0.2.10', port: 443 }, { ip: '192.0.2.20', port: 50000 }).open();
  c.send('client', Buffer.from('plain text'));
  assert.deepEqual([only(c.specs).client, only(c.specs).fromClient.stopped], ['192.0.2.10:443', 'not-tls']);
});

test('out-of-order, retransmitted and overlapping segments give the same records', () => {
  const c = new Conversation().open();
  const hello = c.send('client', clientHello(1000), 300);
  const flight = c.send('server', Buffer.concat([serverHello(), certificate(3000), serverHelloDone()]), 700);
  const overlap: TcpSpec = {
    ...flight[1]!,
    seq: flight[1]!.seq - 100,
    payload: Buffer.concat([flight[0]!.payload!.subarray(600), flight[1]!.payload!]),
  };
  const specs = [
    ...c.specs.slice(0, 3),
    hello[1]!,
    hello[0]!,
    hello[3]!,
    hello[2]!,
    hello[1]!,
    flight[0]!,
    flight[2]!,
    overlap,
    flight[4]!,
    flight[3]!,
    flight[2]!,
  ];
  const connection = only(specs);
  assert.deepEqual(ladder(connection.records), ['client 22', 'server 22', 'server 22', 'server 22']);
  assert.deepEqual(
    connection.records.map((r) => r.fragment.equals(Buffer.alloc(r.length)) || r.fragment[0]),
    [1, 2, 11, 14],
  );
  assert.equal(connection.truncated, false);
});

test('a lost segment the peer acknowledged: the record is handed out with the hole marked, truncated', () => {
  const c = new Conversation().open();
  const flight = c.send('server', Buffer.concat([serverHello(), certificate(3000)]), 1000);
  c.segment('client', '');
  const specs = c.specs.filter((s) => s !== flight[1]);
  const connection = only(specs);
  assert.deepEqual(
    connection.records.map((r) => [r.contentType, r.missing]),
    [
      [22, 0],
      [22, 1000],
    ],
  );
  assert.deepEqual([connection.truncated, connection.fromServer.missingBytes], [true, 1000]);
});

test('a capture that starts mid-connection: the ClientHello sender is the client, marked mid-stream', () => {
  const c = new Conversation({ ip: '192.0.2.10', port: 40000 }, { ip: '192.0.2.20', port: 40001 });
  c.segment('server', '');
  c.send('client', clientHello());
  c.send('server', serverHello());
  const connection = only(c.specs);
  assert.deepEqual([connection.client, connection.clientEvidence, connection.midstream], ['192.0.2.10:40000', 'client-hello', true]);
  assert.deepEqual(ladder(connection.records), ['client 22', 'server 22']);
});

test('only the ServerHello seen: its receiver is the client', () => {
  const c = new Conversation({ ip: '192.0.2.10', port: 40000 }, { ip: '192.0.2.20', port: 40001 });
  c.send('server', serverHello());
  assert.deepEqual([only(c.specs).client, only(c.specs).clientEvidence], ['192.0.2.10:40000', 'server-hello']);
});

test('no SYN and no hello: the side on a TLS port is the server', () => {
  const c = new Conversation({ ip: '192.0.2.10', port: 50000 }, { ip: '192.0.2.20', port: 8443 });
  c.send('server', applicationData(10));
  assert.deepEqual([only(c.specs).client, only(c.specs).clientEvidence], ['192.0.2.10:50000', 'port']);
});

test('a 4-tuple used again after FIN: a new SYN starts a second connection', () => {
  const first = tls12();
  const second = new Conversation(undefined, undefined, { client: 77_000, server: 5 });
  second.open();
  second.send('client', clientHello());
  second.send('server', alert(2, 40));
  const capture = read([...first.specs, ...second.specs]);
  assert.deepEqual(
    capture.connections.map((c) => ladder(c.records).length),
    [TLS12_LADDER.length, 2],
  );
  assert.deepEqual(
    capture.connections.map((c) => c.index),
    [0, 1],
  );
});

test('a retransmitted SYN is the same connection', () => {
  const c = new Conversation();
  const syn = c.segment('client', 'S', undefined, false);
  const specs = [syn, syn, ...tls12(new Conversation()).specs.slice(1)];
  assert.equal(read(specs).connections.length, 1);
});

test('connections come out in the order their first packet appears', () => {
  const a = new Conversation({ ip: '192.0.2.10', port: 1111 }).open();
  const b = new Conversation({ ip: '192.0.2.11', port: 2222 }).open();
  a.send('client', clientHello());
  b.send('client', clientHello());
  const specs = [a.specs[0]!, b.specs[0]!, ...b.specs.slice(1), ...a.specs.slice(1)];
  assert.deepEqual(
    read(specs).connections.map((c) => c.client),
    ['192.0.2.10:1111', '192.0.2.11:2222'],
  );
});

test('application data after the handshake is not read: later records are not there', () => {
  const c = new Conversation().open();
  c.send('client', clientHello());
  c.send('server', serverHello());
  c.send('server', applicationData(16000));
  for (let i = 0; i < 50; i++) c.send('server', applicationData(16000));
  c.send('server', alert(2, 80));
  const connection = only(c.specs);
  assert.deepEqual(ladder(connection.records), ['client 22', 'server 22', 'server 23']);
  assert.equal(connection.fromServer.packets, c.specs.filter((s) => s.sport === 443).length);
});

test('connections beyond the limit are counted, not tracked', () => {
  const specs = [1, 2, 3].flatMap((n) => new Conversation({ ip: '192.0.2.10', port: 1000 + n }).open().specs);
  const capture = read(specs, { maxConnections: 2 });
  assert.deepEqual([capture.connections.length, capture.skipped.connectionsOverLimit], [2, 3]);
});

test('IPv6 connections name their endpoints in brackets', () => {
  const c = new Conversation({ ip: '2001:db8::1', port: 50000 }, { ip: 'fe80::1:0:0:1', port: 443 }).open();
  const frames = c.specs.map((s, i) => ({ time: T0 + i, data: ethernet(ip(s)) }));
  const connection = summaryOf(pcap(frames, { linkType: 1 })).connections[0]!;
  assert.deepEqual([connection.client, connection.server], ['[2001:db8::1]:50000', '[fe80::1:0:0:1]:443']);
});
