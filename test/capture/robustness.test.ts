// Seeded mutations of small captures (bytes changed, cut, spliced, inserted) never make the reader throw or hang,
// and reading through a small window gives the same result as reading the whole buffer. The cases run in a child
// process; a watchdog fails the test when no progress comes for 60 s (a hang), naming the case.
// CAPTURE_SEED and CAPTURE_CASES change the seed and the number of cases.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCapture } from '../../server/src/capture/read-capture';
import { chunkedSource } from './support/chunked-source';
import type { CaseMessage } from './support/mutation-cases';
import { sampleCaptures } from './support/sample-captures';
import { CaptureReader } from '../../server/src/capture/read-capture';

const HANG_MS = 60_000;

test('every sample capture reads alike whole and through a window of a few bytes', () => {
  for (const [i, bytes] of sampleCaptures().entries()) {
    const whole = readCapture(bytes);
    assert.ok(whole.ok && whole.capture.connections.length > 0, `sample ${i} reads`);
    const reader = new CaptureReader(chunkedSource(bytes, 7), { readSize: 16 });
    while (reader.step(100));
    assert.deepEqual(reader.result(), whole, `sample ${i} in chunks`);
  }
});

/** Runs a case runner (a child process) with a watchdog: a failure, an early exit or 60 s without progress fails. */
function runCases(script: string): Promise<Extract<CaseMessage, { type: 'done' }>> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'support', script), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let last = Date.now();
    let done = 0;
    const watchdog = setInterval(() => {
      if (Date.now() - last < HANG_MS) return;
      clearInterval(watchdog);
      child.kill('SIGKILL');
      reject(new Error(`hang: no progress for ${HANG_MS / 1000} s after ${done} cases`));
    }, 1000);
    child.on('message', (message: CaseMessage) => {
      last = Date.now();
      if (message.type === 'progress') done = message.done;
      if (message.type === 'failure') reject(new Error(`${message.label}: ${message.error}`));
      if (message.type === 'done') resolve(message);
    });
    child.once('exit', (code) => {
      clearInterval(watchdog);
      reject(new Error(`the case runner exited (${code}) before it finished`));
    });
  });
}

test('thousands of mutated captures never throw or hang the reader', { timeout: 10 * 60_000 }, async () => {
  const result = await runCases('mutation-cases.ts');
  // Both outcomes occur: mutations that still read, and ones refused with an error.
  assert.ok(result.ok > 0 && result.refused > 0, JSON.stringify(result));
});

test(
  'thousands of mutated captures of real handshakes never throw or hang the analysis, nor show application data',
  { timeout: 10 * 60_000 },
  async () => {
    const result = await runCases('analysis-cases.ts');
    assert.ok(result.ok > 0 && result.refused > 0, JSON.stringify(result));
  },
);
