import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readCapture, readCaptureAsync } from '../../server/src/capture/read-capture';
import { Conversation, framesOf } from './support/conversation';
import { ladder } from './support/read';
import { sampleCaptures } from './support/sample-captures';
import { applicationData, certificate, clientHello, serverHello } from './support/tls';
import { pcap, pcapng } from './support/writers';

const dir = mkdtempSync(join(tmpdir(), 'capture-read-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

test('a file read in 64-byte blocks gives what the whole buffer gives', () => {
  for (const [i, bytes] of sampleCaptures().entries()) {
    assert.deepEqual(readCapture(file(`sample-${i}`, bytes), { readSize: 64 }), readCapture(bytes), `sample ${i}`);
  }
});

test('a pcapng block larger than the read size grows the window', () => {
  const c = new Conversation().open();
  c.send('client', clientHello());
  c.send('server', Buffer.concat([serverHello(), certificate(16000)]), 60000);
  const bytes = pcapng([{ interfaces: [{ linkType: 1 }], blocks: framesOf(c.specs).map((f) => ({ kind: 'epb' as const, ...f })) }]);
  const result = readCapture(file('big-block.pcapng', bytes), { readSize: 1024 });
  assert.deepEqual(result.ok && ladder(result.capture.connections[0]!.records), ['client 22', 'server 22', 'server 22']);
});

test('a directory, a device and a FIFO are unreadable, with the reason, and never read', () => {
  execFileSync('mkfifo', [join(dir, 'capture.fifo')]);
  for (const path of [dir, '/dev/zero', join(dir, 'capture.fifo')]) {
    const result = readCapture(path);
    assert.deepEqual(
      result.ok ? '' : [result.error.code, result.error.message],
      ['unreadable', 'cannot open the capture: the capture is not a file'],
      path,
    );
  }
});

function bigCapture(): Buffer {
  const c = new Conversation().open();
  c.send('client', clientHello());
  c.send('server', serverHello());
  for (let i = 0; i < 200; i++) c.send('server', applicationData(10000));
  return pcap(framesOf(c.specs), { linkType: 1 });
}

test('reading asynchronously reports progress up to the file size and gives the same result', async () => {
  const bytes = bigCapture();
  const progress: number[] = [];
  const result = await readCaptureAsync(file('big.pcap', bytes), {
    readSize: 4096,
    stepBytes: 100_000,
    onProgress: (read, total) => progress.push(read / total!),
  });
  assert.deepEqual(result, readCapture(bytes));
  assert.ok(progress.length > 10, `${progress.length} progress reports`);
  assert.equal(progress.at(-1), 1);
  assert.deepEqual(
    progress,
    [...progress].sort((a, b) => a - b),
  );
});

test('reading asynchronously stops when cancelled', async () => {
  const controller = new AbortController();
  const result = await readCaptureAsync(bigCapture(), {
    stepBytes: 50_000,
    signal: controller.signal,
    onProgress: () => controller.abort(),
  });
  assert.deepEqual(result.ok ? '' : result.error.code, 'cancelled');
});

test('reading asynchronously: not a capture is the same error', async () => {
  const result = await readCaptureAsync(Buffer.from('hello world'));
  assert.equal(result.ok ? '' : result.error.code, 'not-a-capture');
});
