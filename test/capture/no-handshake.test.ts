// Connections a capture holds without a handshake to judge: a SYN nobody answers is a verdict (the firewall drop
// behind most 503 timeouts); one read from the middle, plain HTTP, or an empty connection is counted and said, so
// that a report with no TLS connection still tells what it saw. Captures built in memory (no firewall here to
// drop a SYN on loopback).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnoseCapture, type CaptureReport } from '../../server/src/capture/diagnose-capture';
import { formatCaptureText } from '../../server/src/capture/report-text';
import { systemTrust } from '../../server/src/diagnosis/trust';
import { Conversation, T0 } from './support/conversation';
import { ethernet, ip, type TcpSpec } from './support/frames';
import { applicationData, record } from './support/tls';
import { pcap } from './support/writers';

/** Each spec at its own time (ms after T0). */
async function report(...timed: [number, TcpSpec][]): Promise<CaptureReport> {
  const bytes = pcap(
    timed.map(([at, spec]) => ({ time: T0 + at, data: ethernet(ip(spec)) })),
    { linkType: 1 },
  );
  const result = await diagnoseCapture(bytes, 'test.pcap', { trust: systemTrust(), profile: 'apigeex' });
  assert.ok(result.ok, 'the capture reads');
  return result.report;
}

const at = (times: number[], specs: TcpSpec[]): [number, TcpSpec][] => specs.map((s, i) => [times[i]!, s]);
const verdict = (r: CaptureReport) => r.connections.map((c) => [c.causes.map((x) => x.code), c.ladder.find((s) => s.decisive)?.label]);

function synOnly(count: number): TcpSpec[] {
  const c = new Conversation();
  for (let i = 0; i < count; i++) c.segment('client', 'S', undefined, false);
  return c.specs;
}

test('three SYNs over 3 s, no answer: timeout, said with the retransmissions, the SYN rung decisive', async () => {
  const r = await report(...at([0, 1000, 3000], synOnly(3)));
  assert.deepEqual(verdict(r), [[['timeout'], 'SYN ×3']]);
  assert.match(
    r.connections[0]!.causes[0]!.message,
    /^192\.0\.2\.20:443: the client sent 3 SYNs over 3\.0 s and got no answer: a firewall drops them/,
  );
});

const skippedOnly = (r: CaptureReport) => [r.connections.length, Object.entries(r.skipped).filter(([, n]) => n > 0)];

test('one SYN, no answer: not a verdict (the capture may have ended before a retransmission), counted', async () =>
  assert.deepEqual(skippedOnly(await report(...at([0], synOnly(1)))), [0, [['unanswered', 1]]]));

test('retransmitted SYNs to a port with no TLS in sight (ssh): counted, not a TLS failure', async () => {
  const c = new Conversation({ ip: '192.0.2.10', port: 50123 }, { ip: '192.0.2.20', port: 22 });
  for (let i = 0; i < 3; i++) c.segment('client', 'S', undefined, false);
  assert.deepEqual(skippedOnly(await report(...at([0, 1000, 3000], c.specs))), [0, [['unanswered', 1]]]);
});

test('retransmitted SYNs to a port that carried a ClientHello elsewhere in the capture: timeout', async () => {
  const peer = { ip: '192.0.2.20', port: 9000 };
  const answered = new Conversation({ ip: '192.0.2.10', port: 50100 }, peer).open();
  answered.send('client', record(22, Buffer.from([1, 0, 0, 0])));
  const dropped = new Conversation({ ip: '192.0.2.10', port: 50101 }, peer);
  for (let i = 0; i < 2; i++) dropped.segment('client', 'S', undefined, false);
  const r = await report(...at([0, 1, 2, 3], answered.specs), ...at([10, 1010], dropped.specs));
  assert.deepEqual(verdict(r).at(-1), [['timeout'], 'SYN ×2']);
});

test("a one-way capture (the client's SYN, ACK, FIN; nothing of the server): not a timeout", async () => {
  const c = new Conversation();
  c.segment('client', 'S', undefined, false);
  c.segment('client', '');
  c.fin('client');
  assert.deepEqual(skippedOnly(await report(...at([0, 1, 2], c.specs))), [0, [['unanswered', 1]]]);
});

test("the server's records without the client's ClientHello (lost): counted as such", async () => {
  const c = new Conversation().open();
  c.send('server', record(22, Buffer.from([2, 0, 0, 0])));
  assert.deepEqual(skippedOnly(await report(...at([0, 1, 2, 3], c.specs))), [0, [['helloMissing', 1]]]);
});

test('a SYN answered, then closed without a byte: counted as empty, not judged', async () => {
  const c = new Conversation().open();
  c.fin('client');
  c.fin('server');
  const r = await report(...at([0, 1, 2, 3, 4], c.specs));
  assert.deepEqual(skippedOnly(r), [0, [['noPayload', 1]]]);
});

test('read from the middle, application data only: counted mid-stream, not judged', async () => {
  const c = new Conversation();
  c.send('client', applicationData(300));
  c.send('server', applicationData(900));
  const r = await report(...at([0, 5], c.specs));
  assert.deepEqual(skippedOnly(r), [0, [['midstream', 1]]]);
});

test('read from inside a record: mid-stream still, never "not TLS"', async () => {
  const c = new Conversation();
  c.send('server', Buffer.concat([Buffer.alloc(700, 0x5a), applicationData(100)]));
  const r = await report(...at([0], c.specs));
  assert.deepEqual(skippedOnly(r), [0, [['midstream', 1]]]);
});

test('plain HTTP from its SYN: counted as not TLS', async () => {
  const c = new Conversation({ ip: '192.0.2.10', port: 50200 }, { ip: '192.0.2.20', port: 8080 }).open();
  c.send('client', Buffer.from('GET / HTTP/1.1\r\nHost: backend\r\n\r\n'));
  c.send('server', Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
  const r = await report(...at([0, 1, 2, 3, 4], c.specs));
  assert.deepEqual(skippedOnly(r), [0, [['notTls', 1]]]);
});

test('the text report says what it skipped and why, so an empty report is not a blank', async () => {
  const mid = new Conversation({ ip: '192.0.2.11', port: 50300 }, { ip: '192.0.2.20', port: 443 });
  mid.send('server', record(23, Buffer.alloc(64)));
  const r = await report(...at([0, 1000, 3000], synOnly(3)), ...at([4000], mid.specs));
  const text = formatCaptureText(r, { color: false });
  assert.doesNotMatch(text, /Offered/, 'a connection never answered offered nothing');
  assert.match(
    text,
    /^test\.pcap: pcap, 4 packets, 1 TLS connection, 1 failed\n {2}skipped: 1 connection began before the capture did \(its handshake is not in it: start tcpdump before the client connects\)\n/,
  );
});
