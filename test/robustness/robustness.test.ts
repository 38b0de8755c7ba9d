// Robustness: hostile inputs (deep nesting, 10 MB text nodes, entity bombs, external entities, binary garbage,
// unclosed comments/CDATA, templates, BOM/CRLF) and 10,000 seeded mutations of corpus files go through
// parseXml + lintText (+ fixAll on a sample) in a child process. Asserted: no exception, spans and edits inside
// the text, no file or network access, no external entity content in the result, and no hang (a watchdog fails
// the test when one case runs for more than 60 s). Times are printed, never asserted: machines are noisy.
// ROBUSTNESS_SEED and ROBUSTNESS_CASES change the seed and the number of mutated files.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS_DIR, corpusExists } from '../support/corpus';
import type { ChildMessage } from './run-cases';

const HANG_MS = 60_000;

type Done = Extract<ChildMessage, { type: 'done' }>;

function runCases(sentinelPath: string): Promise<Done> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'run-cases.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ROBUSTNESS_SENTINEL: sentinelPath },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let current = '(starting)';
    let lastProgress = Date.now();
    let done: Done | undefined;
    const watchdog = setInterval(() => {
      if (Date.now() - lastProgress > HANG_MS) {
        clearInterval(watchdog);
        child.kill('SIGKILL');
        reject(new Error(`hang: no progress for ${HANG_MS / 1000} s on case ${current}`));
      }
    }, 1000);
    child.on('message', (message: ChildMessage) => {
      lastProgress = Date.now();
      if (message.type === 'start') current = message.label;
      else done = message;
    });
    child.on('exit', (code, signal) => {
      clearInterval(watchdog);
      if (done !== undefined && code === 0) resolve(done);
      else reject(new Error(`the case runner died (code ${code}, signal ${signal}) during case ${current}`));
    });
  });
}

describe('robustness', () => {
  it('hostile and mutated inputs never throw, hang, read files or leak external entities', { timeout: 30 * 60_000 }, async () => {
    assert.ok(corpusExists(), `no corpus at ${CORPUS_DIR}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigee-tls-robustness-'));
    const sentinelPath = path.join(dir, 'secret.txt');
    fs.writeFileSync(sentinelPath, `SENTINEL-${crypto.randomBytes(12).toString('hex')}\n`);
    try {
      const result = await runCases(sentinelPath);
      const ms = (n: number): string => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
      console.log(
        `robustness: ${result.cases} cases (${result.mutated} mutated corpus files + ${result.cases - result.mutated} hand-made), ` +
          `fix-all on ${result.fixAllRuns}; ${(result.totalMs / 1000).toFixed(1)} s in all; per case p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, max ${ms(result.slowest[0]?.ms ?? 0)}`,
      );
      const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1).padStart(5)} MB`;
      console.log('  slowest cases (parse + lint + fix-all rounds):');
      for (const s of result.slowest)
        console.log(`  ${ms(s.ms).padStart(9)}  ${mb(s.length)}  ${s.label}${s.ms > 1000 ? '  (over 1 s)' : ''}`);
      console.log('  slowest single lintText calls:');
      for (const s of result.slowestLint)
        console.log(`  ${ms(s.lintMs).padStart(9)}  ${mb(s.length)}  ${s.label}${s.lintMs > 1000 ? '  (over 1 s)' : ''}`);
      assert.ok(result.mutated >= 10_000 || process.env['ROBUSTNESS_CASES'] !== undefined, 'at least 10,000 mutated files');
      assert.deepEqual(result.trapped, [], 'the engine read a file or opened a connection');
      assert.deepEqual(
        result.failures.slice(0, 20),
        [],
        `${result.failures.length} failing cases (reproduce with the seed and the case number in the label)`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
