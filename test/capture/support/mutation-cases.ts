// Child process of robustness.test.ts: reads seeded mutations of the sample captures, whole and in small chunks,
// and reports progress so that the parent can tell a hang from slow work. Any exception or broken invariant is
// reported with the case that caused it.
import { readCapture, type CaptureResult } from '../../../server/src/capture/read-capture';
import { CaptureReader } from '../../../server/src/capture/read-capture';
import { prng } from '../../support/prng';
import { mutate } from './mutate';
import { chunkedSource } from './chunked-source';
import { sampleCaptures } from './sample-captures';

export type CaseMessage =
  { type: 'progress'; done: number } | { type: 'failure'; label: string; error: string } | { type: 'done'; ok: number; refused: number };

const send = (message: CaseMessage): void => void process.send!(message);

function check(result: CaptureResult): void {
  if (!result.ok) {
    if (typeof result.error.message !== 'string' || result.error.message === '') throw new Error('an error without a message');
    return;
  }
  for (const c of result.capture.connections) {
    for (const r of c.records) {
      if (r.contentType !== 23 && r.fragment.length !== r.length)
        throw new Error(`record fragment ${r.fragment.length} ≠ length ${r.length}`);
      if (r.missing < 0 || r.missing > r.length || r.completeUpTo > r.length) throw new Error('missing bytes out of range');
    }
  }
}

function main(): void {
  const seed = Number(process.env.CAPTURE_SEED ?? 20240601);
  const cases = Number(process.env.CAPTURE_CASES ?? 10000);
  const samples = sampleCaptures();
  let ok = 0;
  let refused = 0;
  for (let i = 0; i < cases; i++) {
    const random = prng(seed + i);
    const sample = Math.floor(random() * samples.length);
    const label = `seed ${seed + i} (sample ${sample})`;
    try {
      const bytes = mutate(samples[sample]!, random);
      const whole = readCapture(bytes);
      check(whole);
      // The same bytes read through a small window must give the same result.
      const reader = new CaptureReader(chunkedSource(bytes, 1 + Math.floor(random() * 300)), { readSize: 64 });
      while (reader.step(1 + Math.floor(random() * 5000)));
      const chunked = reader.result();
      if (JSON.stringify(chunked) !== JSON.stringify(whole)) throw new Error('reading in chunks gave another result');
      if (whole.ok) ok++;
      else refused++;
    } catch (error) {
      send({ type: 'failure', label, error: (error as Error).stack ?? String(error) });
      return;
    }
    if (i % 100 === 99) send({ type: 'progress', done: i + 1 });
  }
  send({ type: 'done', ok, refused });
}

main();
