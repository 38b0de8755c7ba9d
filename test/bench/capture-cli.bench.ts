// `npm run bench -- capture`: the whole `apigee-tls-lint capture FILE --format json` process (the built CLI, after
// `npm run build`) against `tshark -r FILE -Y "tls.handshake.type == 1 || tls.alert_message"` listing the same
// handshakes, on the ~100 MB synthetic capture of capture-traffic.ts (150 downloads, 15 refused handshakes), side by
// side in one run: best of 3 wall times, the ratio (the target: at least 3x), and each one's peak RSS
// (GNU time's %M). Figures only; nothing is asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate, tsharkVersion } from './capture-reader.bench';
import { DOWNLOADS, FAILED } from './capture-traffic';

const repoRoot = join(__dirname, '..', '..');
const GNU_TIME = '/usr/bin/time';

interface Run {
  ms: number;
  maxRssMb: number | undefined;
  stdout: string;
  status: number | null;
}

/** One whole process, timed from spawn to exit; its peak RSS from GNU time when installed. */
function timed(command: string, args: string[]): Run {
  const withTime = existsSync(GNU_TIME);
  const started = performance.now();
  const child = withTime
    ? spawnSync(GNU_TIME, ['-f', 'maxrss-kb %M', command, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = performance.now() - started;
  const rss = /maxrss-kb (\d+)/.exec(child.stderr ?? '')?.[1];
  return { ms, maxRssMb: rss === undefined ? undefined : Number(rss) / 1024, stdout: child.stdout ?? '', status: child.status };
}

const best = (runs: Run[]): Run => runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
const rss = (r: Run): string => (r.maxRssMb === undefined ? 'peak RSS unknown (no GNU time)' : `peak RSS ${r.maxRssMb.toFixed(0)} MB`);

export async function run(): Promise<void> {
  const cli = join(repoRoot, 'bin', 'apigee-tls-lint');
  if (!existsSync(join(repoRoot, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const tshark = tsharkVersion();
  const dir = mkdtempSync(join(tmpdir(), 'capture-cli-bench-'));
  try {
    const file = await generate(dir);
    const mb = statSync(file).size / 1e6;
    console.log(`capture: ${mb.toFixed(0)} MB, ${DOWNLOADS} downloads + ${FAILED} refused handshakes (pcap, Ethernet)`);
    const ours: Run[] = [];
    const theirs: Run[] = [];
    const startup = timed(process.execPath, [cli, '--version']);
    for (let i = 0; i < 3; i++) {
      // The downloads' certificate is self-signed: judged against it (as the truststore would), they complete.
      ours.push(timed(process.execPath, [cli, 'capture', file, '--format', 'json', '--ca', join(dir, 'cert.pem')]));
      if (tshark !== undefined) theirs.push(timed('tshark', ['-r', file, '-Y', 'tls.handshake.type == 1 || tls.alert_message']));
    }
    const o = best(ours);
    const report = JSON.parse(o.stdout) as { tlsConnections: number; failed: number };
    const failed = report.failed;
    console.log(
      `apigee-tls-lint capture: best of 3 ${o.ms.toFixed(0)} ms (${(mb / (o.ms / 1000)).toFixed(0)} MB/s), ${rss(o)}; ` +
        `${report.tlsConnections} TLS connections, ${failed} failed, exit ${o.status}`,
    );
    console.log(`  (node start-up alone, \`apigee-tls-lint --version\`: ${startup.ms.toFixed(0)} ms, ${rss(startup)})`);
    if (tshark === undefined) return console.log('tshark is not installed: no comparison');
    const t = best(theirs);
    const lines = t.stdout.trim().split('\n').filter(Boolean).length;
    console.log(`${tshark}: best of 3 ${t.ms.toFixed(0)} ms, ${rss(t)}; ${lines} lines (ClientHellos and alerts)`);
    console.log(`ratio: apigee-tls-lint is ${(t.ms / o.ms).toFixed(1)}x as fast as tshark (target: at least 3x)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
