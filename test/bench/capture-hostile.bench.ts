// `npm run bench -- capture-hostile`: the third review's hostile captures (findings 4 and 6), generated here in a
// temp folder by test/capture/support/hostile-captures.ts, against the built CLI and language server (after
// `npm run build`):
//   - `capture` of 160,000 out-of-order segments (11 MB): wall time (review: 58 s; goal ≤ 2 s), beside
//     `tshark -q -z conv,tcp` on the same file;
//   - `capture` of 4,000,000 SYNs (280 MB): wall time and peak RSS (review: 2.42 GB; goal ≤ 300 MB), beside tshark
//     on the first 400,000 of them (it holds every conversation: about 1 GB there, so not run at 4 M);
//   - hover latency while the language server analyses 80,000 out-of-order segments (5.6 MB) (review: 14.5 s;
//     goal ≤ 100 ms), and which answer came first.
// Figures only; nothing is asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHostileCapture } from '../capture/support/hostile-captures';
import { tsharkVersion } from './capture-reader.bench';
import { LspClient } from './lsp-client';

const repoRoot = join(__dirname, '..', '..');
const CLI = join(repoRoot, 'bin', 'apigee-tls-lint');
const SERVER = join(repoRoot, 'dist', 'server.js');

interface Run {
  ms: number;
  rssMb: number;
  status: number | null;
  firstLine: string;
}

/** One whole process under GNU time: wall time, peak RSS, exit status and its first line of output. */
function timed(command: string, args: string[]): Run {
  const started = performance.now();
  const child = spawnSync('/usr/bin/time', ['-f', 'maxrss-kb %M', command, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = performance.now() - started;
  const rss = Number(/maxrss-kb (\d+)/.exec(child.stderr ?? '')?.[1] ?? NaN) / 1024;
  return { ms, rssMb: rss, status: child.status, firstLine: (child.stdout ?? '').split('\n')[0] ?? '' };
}

const figures = (r: Run): string => `${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.rssMb.toFixed(0)} MB`;
const mb = (file: string): string => `${(statSync(file).size / 1e6).toFixed(1)} MB`;

function tshark(file: string): Run | undefined {
  return tsharkVersion() === undefined ? undefined : timed('tshark', ['-r', file, '-q', '-z', 'conv,tcp']);
}

function cliRow(label: string, file: string, goal: string, theirs?: { label: string; file: string }): void {
  const ours = timed(process.execPath, [CLI, 'capture', file]);
  console.log(`${label} (${mb(file)}): apigee-tls-lint capture ${figures(ours)}, exit ${ours.status} (${goal})`);
  console.log(`  ${ours.firstLine}`);
  if (theirs === undefined) return;
  const t = tshark(theirs.file);
  if (t === undefined) return console.log('  tshark is not installed: no comparison');
  console.log(`  tshark -q -z conv,tcp on ${theirs.label} (${mb(theirs.file)}): ${figures(t)}`);
}

const HOVER_TEXT =
  '<TargetEndpoint><HTTPTargetConnection><SSLInfo><Enabled>true</Enabled></SSLInfo></HTTPTargetConnection></TargetEndpoint>';

async function hoverRow(file: string): Promise<void> {
  const client = new LspClient(process.execPath, [SERVER, '--stdio']);
  try {
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: { debounceMs: 0 },
    });
    client.notify('initialized', {});
    const uri = 'file:///x/default.xml';
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: HOVER_TEXT } });
    const hover = async (): Promise<number> => {
      const t = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 45 } });
      return performance.now() - t;
    };
    const alone = await hover();
    const order: string[] = [];
    const started = performance.now();
    let captureMs = 0;
    const capture = client.request('apigeeTls/analyseCapture', { path: file }).then(() => {
      captureMs = performance.now() - started;
      order.push('capture');
    });
    const during = await hover();
    order.push('hover');
    await capture;
    console.log(
      `hover while analysing 80,000 reverse-order segments (${mb(file)}): ${during.toFixed(0)} ms (alone ${alone.toFixed(0)} ms; ` +
        `review: 14.5 s, goal ≤ 100 ms); the capture's answer after ${captureMs.toFixed(0)} ms; answers in the order ${order.join(', ')}`,
    );
  } finally {
    await client.shutdown();
  }
}

export async function run(): Promise<void> {
  if (!existsSync(join(repoRoot, 'dist', 'capture-worker.js'))) throw new Error('dist/ is not built: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'capture-hostile-bench-'));
  try {
    const reverse = writeHostileCapture(join(dir, 'reverse-160k.pcap'), 'reverse', 160_000);
    cliRow('160,000 reverse-order segments', reverse, 'review: 58 s; goal ≤ 2 s', { label: 'the same file', file: reverse });
    const syns = writeHostileCapture(join(dir, 'syns-4m.pcap'), 'syns', 4_000_000);
    const fewer = writeHostileCapture(join(dir, 'syns-400k.pcap'), 'syns', 400_000);
    cliRow('4,000,000 SYNs', syns, 'review: 2.42 GB peak RSS; goal ≤ 300 MB', { label: 'its first 400,000 SYNs', file: fewer });
    await hoverRow(writeHostileCapture(join(dir, 'reverse-80k.pcap'), 'reverse', 80_000));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
