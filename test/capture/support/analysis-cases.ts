// Child process of robustness.test.ts: seeded mutations of captures holding real handshakes (the committed
// fixtures and the reader's samples) go through the whole analysis, diagnoseCapture and both reports. No case may
// throw, and no report or ladder may show the application data's marker. Progress lets the parent tell a hang
// from slow work; the first failure is reported with its case.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnoseCapture } from '../../../server/src/capture/diagnose-capture';
import { formatCaptureText } from '../../../server/src/capture/report-text';
import { systemTrust } from '../../../server/src/diagnosis/trust';
import { prng } from '../../support/prng';
import { SECRET_MARKER } from '../fixtures/generate';
import type { CaseMessage } from './mutation-cases';
import { mutate } from './mutate';
import { sampleCaptures } from './sample-captures';

const send = (message: CaseMessage): void => void process.send!(message);

function captures(): Buffer[] {
  const dir = join(__dirname, '..', 'fixtures');
  const fixtures = readdirSync(dir)
    .filter((name) => /\.pcap(ng)?$/.test(name))
    .map((name) => readFileSync(join(dir, name)));
  return [...fixtures, ...fixtures, ...sampleCaptures()];
}

async function main(): Promise<void> {
  const seed = Number(process.env.CAPTURE_SEED ?? 20240602);
  const cases = Number(process.env.CAPTURE_CASES ?? 10000);
  const bases = captures();
  const trust = systemTrust();
  let ok = 0;
  let refused = 0;
  for (let i = 0; i < cases; i++) {
    const random = prng(seed + i);
    const base = Math.floor(random() * bases.length);
    const label = `seed ${seed + i} (capture ${base})`;
    try {
      const result = await diagnoseCapture(mutate(bases[base]!, random), 'mutated.pcap', { trust, profile: 'apigeex' });
      if (result.ok) {
        const shown = JSON.stringify(result.report) + formatCaptureText(result.report, { color: false });
        if (shown.includes(SECRET_MARKER)) throw new Error('the report shows application data');
        ok++;
      } else {
        if (typeof result.error.message !== 'string' || result.error.message === '') throw new Error('an error without a message');
        refused++;
      }
    } catch (error) {
      send({ type: 'failure', label, error: (error as Error).stack ?? String(error) });
      return;
    }
    if (i % 100 === 99) send({ type: 'progress', done: i + 1 });
  }
  send({ type: 'done', ok, refused });
}

void main();
