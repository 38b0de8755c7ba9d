// `npm run bench -- workspace`: the cost of resolving across files (issue 6). The whole corpus linted in one
// CLI run as a workspace (`lint <corpus>`) against the per-file lint of the same files (the files given one by
// one: no directory, so no model), process start included, medians of N runs in this same run; and the same
// comparison for the engine alone. Target: cross-file ≤ 1.25x per-file. Figures only, nothing fails.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverFiles } from '../../server/src/cli/discover';
import { workspaceFiles } from '../../server/src/workspace/files';
import { loadWorkspace } from '../../server/src/workspace/load';
import { lintText } from '../../server/src/lint/lint';
import { isBundlePath } from '../../server/src/lint/model';
import { lintFile, lintWorkspace } from '../../server/src/workspace/lint-workspace';

const ROOT = path.resolve(__dirname, '../..');
const CORPUS = process.env['CORPUS_DIR'] ?? path.resolve(ROOT, '../shared/corpus');
const BIN = path.join(ROOT, 'bin', 'apigee-tls-lint');
const RUNS = Number(process.env['BENCH_WORKSPACE_RUNS'] ?? 9);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export async function run(): Promise<void> {
  if (!fs.existsSync(CORPUS)) {
    console.log(`no corpus at ${CORPUS}: skipped`);
    return;
  }
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const files = discoverFiles([CORPUS], ROOT, workspaceFiles({ roots: [CORPUS] }));
  const listFile = path.join(ROOT, 'out', 'bench', 'workspace-files.txt');
  fs.mkdirSync(path.dirname(listFile), { recursive: true });
  fs.writeFileSync(listFile, files.join('\n'));

  const cli = (args: string[]): number =>
    time(() => spawnSync(process.execPath, [BIN, 'lint', '--format', 'json', ...args], { stdio: 'ignore', maxBuffer: 1 << 28 }));
  const perFileCli: number[] = [];
  const crossCli: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Interleaved so that drift on a shared machine hits both alike.
    perFileCli.push(cli(files));
    crossCli.push(cli([CORPUS]));
  }

  const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  const perFileEngine: number[] = [];
  const crossEngine: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    perFileEngine.push(time(() => texts.forEach((text, file) => lintText(text, { inBundle: isBundlePath(file) }))));
    crossEngine.push(
      time(() => {
        const ws = loadWorkspace([CORPUS], texts);
        texts.forEach((text, file) => lintFile(ws, file, text, {}));
        lintWorkspace(ws);
      }),
    );
  }
  const ws = loadWorkspace([CORPUS], texts);
  const findings = [...lintWorkspace(ws).values()].flat().length;
  const row = (name: string, perFile: number[], cross: number[]): string =>
    `${name.padEnd(28)} per-file ${median(perFile).toFixed(0).padStart(5)} ms   cross-file ${median(cross).toFixed(0).padStart(5)} ms   ratio ${(median(cross) / median(perFile)).toFixed(2)}x (target ≤ 1.25x)`;
  console.log(
    `corpus: ${files.length} files linted per file, ${[...ws.allFacts()].length} read by the model, ${ws.allEnvironments().length} environments, ${findings} cross-file findings; median of ${RUNS}`,
  );
  console.log(row('CLI (process start incl.)', perFileCli, crossCli));
  console.log(row('engine (files in memory)', perFileEngine, crossEngine));
}
