// The capture reader's bounds hold on hostile captures (review 3, findings 4 and 6), asserted on the counts the
// engine reports, never on time: out-of-order segments held per direction, connections open, reports kept.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { diagnoseCapture, type CaptureDiagnosis } from '../../server/src/capture/diagnose-capture';
import { MAX_LISTED } from '../../server/src/capture/judged-connections';
import { MAX_HELD_SEGMENTS, TcpStream, type StreamSink } from '../../server/src/capture/tcp-reassembly';
import { systemTrust } from '../../server/src/diagnosis/trust';
import { writeHostileCapture, type HostileKind } from './support/hostile-captures';

const dir = mkdtempSync(join(tmpdir(), 'capture-bounds-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function diagnose(kind: HostileKind, n: number): Promise<Extract<CaptureDiagnosis, { ok: true }>> {
  const file = writeHostileCapture(join(dir, `${kind}-${n}.pcap`), kind, n);
  const result = await diagnoseCapture(file, `${kind}.pcap`, { trust: systemTrust(), profile: 'apigeex' });
  assert.ok(result.ok, 'the capture reads');
  return result;
}

const nonZero = (counts: object): [string, number][] => Object.entries(counts).filter(([, n]) => n > 0);

/** What a direction receives: delivered bytes as text, missing ones as `[gap n]`. */
function collect(): StreamSink & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    data: (data, start, end) => out.push(data.toString('latin1', start, end)) > 0,
    gap: (length) => out.push(`[gap ${length}]`) > 0,
  };
}

test('segments whose payload the snaplen cut count against the bound: the 4th of 3 allowed skips to the first held', () => {
  const sink = collect();
  const stream = new TcpStream(sink, 1 << 20, 3);
  stream.syn(0);
  for (const seq of [41, 31, 21, 11]) stream.segment(seq, Buffer.alloc(0), 0, 0, 10, 0);
  assert.deepEqual([sink.out, stream.heldMax], [['[gap 10]', '[gap 10]', '[gap 10]', '[gap 10]', '[gap 10]'], 3]);
});

test('160,000 segments in reverse order, none captured: read whole, at most 4,096 held, skipped as cut', async () => {
  const { report, statistics } = await diagnose('reverse', 160_000);
  assert.deepEqual([report.packets, statistics.heldSegmentsMax, nonZero(report.skipped)], [160_002, MAX_HELD_SEGMENTS, [['cut', 1]]]);
});

test('50,000 SYNs on one 4-tuple: one connection open at a time, no report held, every one counted', async () => {
  const { report, statistics } = await diagnose('syns', 50_000);
  assert.deepEqual(
    [statistics.openConnectionsMax, statistics.reportsHeldMax, report.connections.length, nonZero(report.skipped)],
    [1, 0, 0, [['unanswered', 50_000]]],
  );
});

test('12,000 timeouts: the first 10,000 listed in capture order, all 12,000 counted, at most 20,000 reports held', async () => {
  const { report, statistics } = await diagnose('timeouts', 12_000);
  const ports = report.connections.map((c) => Number(c.client.split(':')[1]));
  assert.deepEqual(
    [report.tlsConnections, report.failed, report.connections.length, ports[0], ports.at(-1)],
    [12_000, 12_000, MAX_LISTED.failed, 1024, 1024 + MAX_LISTED.failed - 1],
  );
  assert.ok(statistics.reportsHeldMax <= 2 * MAX_LISTED.failed, `${statistics.reportsHeldMax} reports held`);
  assert.match(report.skippedSummary ?? '', /^2000 more TLS connections are counted but not listed \(2000 of them failed\)/);
});
