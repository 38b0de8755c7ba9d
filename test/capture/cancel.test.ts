// Reading a large capture in the language server stops when the editor cancels: the capture view's Cancel button
// sends $/cancelRequest, which terminates the worker thread that reads it. A worker that runs out of its heap ends
// in a clear result, and the next capture reads.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver/node';
import { analyseCapture } from '../../server/src/lsp/capture-service';

const dir = mkdtempSync(join(tmpdir(), 'capture-cancel-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The committed VLAN capture's packets repeated to ~40 MB (one pcap header, then the same records over and over). */
function largeCapture(): string {
  const bytes = readFileSync(resolve(__dirname, 'fixtures/vlan-tls12-self-signed.pcap'));
  const packets = bytes.subarray(24);
  const copies = Math.ceil((40 << 20) / packets.length);
  const file = join(dir, 'large.pcap');
  writeFileSync(file, Buffer.concat([bytes.subarray(0, 24), ...Array.from({ length: copies }, () => packets)]));
  return file;
}

test('a cancelled analysis ends with "cancelled" after at most one step, never a report', async () => {
  const file = largeCapture();
  const source = new CancellationTokenSource();
  let progressCalls = 0;
  source.cancel();
  const result = await analyseCapture({ path: file }, source.token, () => progressCalls++);
  assert.deepEqual([result.ok, result.ok ? undefined : result.error.code], [false, 'cancelled']);
  assert.ok(progressCalls <= 1, `read ${progressCalls} steps after the cancel`);
});

test('cancelled while it reads (at its first progress): "cancelled"', async () => {
  const source = new CancellationTokenSource();
  const result = await analyseCapture({ path: largeCapture() }, source.token, () => source.cancel());
  assert.deepEqual([result.ok, result.ok ? undefined : result.error.code], [false, 'cancelled']);
});

test('a worker out of memory (a 1 MB heap) is an "analysis-failed" result that says so; the next analysis reads', async () => {
  const path = resolve(__dirname, 'fixtures/vlan-tls12-self-signed.pcap');
  const starved = await analyseCapture({ path }, new CancellationTokenSource().token, undefined, 1);
  const next = await analyseCapture({ path }, new CancellationTokenSource().token);
  assert.deepEqual(
    [starved, next.ok],
    [
      { ok: false, error: { code: 'analysis-failed', message: 'reading the capture needed more than 1 MB of memory and was stopped' } },
      true,
    ],
  );
});

test('the same capture, not cancelled, is read whole', async () => {
  const result = await analyseCapture({ path: largeCapture() }, new CancellationTokenSource().token);
  assert.ok(result.ok && result.report.connections.length > 0);
});
