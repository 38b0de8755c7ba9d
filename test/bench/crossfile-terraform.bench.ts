// `npm run bench -- crossfile` (after `npm run build`): the goal "cross-file lint of a repository with Terraform
// costs at most 1.3x the same repository's per-file lint". One repository — bundles whose targets name the
// TargetServers (LoadBalancer <Server name>) and TargetEndpoints with their own SSLInfo, plus the Terraform of
// terraform.bench.ts (a root module calling a TargetServer module, a tfvars file per environment, 200 TargetServers
// over 10 environments) — linted two ways:
//   per file:   each file alone, no workspace model over the others (per-file-entry.ts);
//   cross-file: the workspace model over Terraform + bundles and every cross-file rule (the CLI's `lint DIR`).
// In process (the esbuild bundles of both, 15 pairs alternated after a warm-up: the medians of wall time and of CPU
// time, which the machine's other load disturbs less, and the median of each pair's ratio) and as whole processes
// (best of 3, node start-up included: `node out/bench/per-file.js DIR` vs `bin/apigee-tls-lint lint DIR`). The test corpus holds no real Terraform
// repository, so only the generated one is measured. Figures only; nothing is asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { quantile } from './stats';
import { terraformFiles, write } from './terraform.bench';

const repoRoot = join(__dirname, '..', '..');
const PROXIES = 40;
const SERVERS = 20;

const pad = (n: number): string => String(n).padStart(2, '0');

/** `PROXIES` bundles: a load-balanced target over two Terraform TargetServers, a direct HTTPS target, a ServiceCallout. */
export function bundleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let p = 0; p < PROXIES; p++) {
    const base = `proxies/api-${pad(p)}/apiproxy`;
    const servers = [p % SERVERS, (p + 1) % SERVERS].map((s) => `        <Server name="svc-${pad(s)}"/>`).join('\n');
    files[`${base}/api-${pad(p)}.xml`] = `<APIProxy name="api-${pad(p)}"><Description>API ${p}</Description></APIProxy>\n`;
    files[`${base}/proxies/default.xml`] =
      '<ProxyEndpoint name="default">\n  <HTTPProxyConnection>\n    <BasePath>/v1/api</BasePath>\n  </HTTPProxyConnection>\n' +
      '  <RouteRule name="default">\n    <TargetEndpoint>default</TargetEndpoint>\n  </RouteRule>\n</ProxyEndpoint>\n';
    files[`${base}/targets/default.xml`] =
      '<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <LoadBalancer>\n' +
      `${servers}\n    </LoadBalancer>\n    <Path>/v1</Path>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;
    files[`${base}/targets/direct.xml`] =
      '<TargetEndpoint name="direct">\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n      <Enforce>true</Enforce>\n' +
      `      <Protocols>\n        <Protocol>${p % 7 === 0 ? 'TLSv1.1' : 'TLSv1.2'}</Protocol>\n      </Protocols>\n    </SSLInfo>\n` +
      `    <URL>https://direct-${p}.backend.example.com/v1</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;
    files[`${base}/policies/SC-Lookup.xml`] =
      '<ServiceCallout name="SC-Lookup">\n  <Request/>\n  <Response>lookup</Response>\n  <HTTPTargetConnection>\n' +
      `    <URL>https://lookup.example.com/${p}</URL>\n  </HTTPTargetConnection>\n</ServiceCallout>\n`;
  }
  return files;
}

/** The two ways, bundled by esbuild as dist/ is: the per-file lint, and the CLI in process. */
function build(): { perFile: string; engine: { lintEachAlone(dir: string): unknown; runCli: RunCli } } {
  const outdir = join(repoRoot, 'out', 'bench');
  const options = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning' } as const;
  buildSync({ ...options, entryPoints: [join(__dirname, 'per-file-entry.ts')], outfile: join(outdir, 'per-file.js') });
  buildSync({ ...options, entryPoints: [join(__dirname, 'crossfile-entry.ts')], outfile: join(outdir, 'crossfile.js') });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { perFile: join(outdir, 'per-file.js'), engine: require(join(outdir, 'crossfile.js')) as ReturnType<typeof build>['engine'] };
}

type RunCli = (argv: string[], io: { stdout(t: string): void; stderr(t: string): void; cwd: string; isTTY: boolean }) => Promise<number>;

/** One way's runs: wall and CPU (user + system) time of each, in ms. */
interface Runs {
  wall: number[];
  cpu: number[];
}

/**
 * The two ways alternated `pairs` times after a warm-up, which goes first alternating too (what one run leaves to
 * collect is counted in the next run's time), each run's wall and CPU time taken: on a shared machine the other
 * processes' load lengthens wall time far more than CPU time, and alternating exposes both ways to it alike.
 */
async function alternated(
  pairs: number,
  perFile: () => unknown,
  crossFile: () => Promise<unknown>,
): Promise<{ alone: Runs; together: Runs }> {
  const cpu = (): number => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  };
  perFile();
  await crossFile();
  const alone: Runs = { wall: [], cpu: [] };
  const together: Runs = { wall: [], cpu: [] };
  const timed = async (run: () => unknown, into: Runs): Promise<void> => {
    const [wall, used] = [performance.now(), cpu()];
    await run();
    into.wall.push(performance.now() - wall);
    into.cpu.push(cpu() - used);
  };
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) await timed(perFile, alone).then(() => timed(crossFile, together));
    else await timed(crossFile, together).then(() => timed(perFile, alone));
  }
  return { alone, together };
}

/** "per file A ms, cross-file B ms, ratio B/A (median of the pairs' ratios R)": medians of the alternated runs. */
function pairedFigures(alone: number[], together: number[]): string {
  const [a, b] = [quantile(alone, 0.5), quantile(together, 0.5)];
  const pairRatio = quantile(
    together.map((t, i) => t / alone[i]!),
    0.5,
  );
  return `per file ${a.toFixed(0)} ms, cross-file ${b.toFixed(0)} ms, ratio ${(b / a).toFixed(2)}x (median of the pairs' ratios ${pairRatio.toFixed(2)}x)`;
}

function bestOf3(command: string[]): { ms: number; out: string } {
  const runs = [0, 1, 2].map(() => {
    const started = performance.now();
    const child = spawnSync(process.execPath, command, { encoding: 'utf8', maxBuffer: 64 << 20 });
    return { ms: performance.now() - started, out: `${child.stdout}\n${child.stderr}` };
  });
  return runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
}

export async function run(): Promise<void> {
  const cli = join(repoRoot, 'bin', 'apigee-tls-lint');
  if (!existsSync(join(repoRoot, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const { perFile, engine } = build();
  const dir = mkdtempSync(join(tmpdir(), 'crossfile-bench-'));
  try {
    write(dir, { ...terraformFiles(), ...bundleFiles() });
    const quiet = { stdout: (): void => undefined, stderr: (): void => undefined, cwd: dir, isTTY: false };
    const PAIRS = 15;
    const { alone, together } = await alternated(
      PAIRS,
      () => engine.lintEachAlone(dir),
      () => engine.runCli(['lint', dir], quiet),
    );
    const perFileProcess = bestOf3([perFile, dir]);
    const crossProcess = bestOf3([cli, 'lint', dir]);
    const summary = /checked [^\n]*/.exec(crossProcess.out)?.[0] ?? '';
    console.log(
      `repository: ${PROXIES} bundles + Terraform (10 environments, 200 TargetServers); ${/^\d+ files[^\n]*/.exec(perFileProcess.out)?.[0] ?? ''}`,
    );
    console.log(`cross-file: ${summary}`);
    console.log(`in process, wall, median of ${PAIRS} alternated: ${pairedFigures(alone.wall, together.wall)} (goal ≤ 1.3x)`);
    console.log(
      `in process, CPU, median of ${PAIRS} alternated:  ${pairedFigures(alone.cpu, together.cpu)} (load average ${loadavg()[0]!.toFixed(1)})`,
    );
    console.log(
      `whole process, best of 3:     per file ${perFileProcess.ms.toFixed(0)} ms, cross-file ${crossProcess.ms.toFixed(0)} ms, ratio ${(crossProcess.ms / perFileProcess.ms).toFixed(2)}x (goal ≤ 1.3x)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
