// `npm run bench -- capture-1gb`: the CLI on a ~1 GB capture (the ~100 MB synthetic capture of capture-traffic.ts
// written ten times over, each copy an hour later from other client ports: 1,650 TLS connections, 150 refused),
// whole process: wall time,
// peak RSS (GNU time's %M) and the connections found. Memory must follow the handshakes, not the file size.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSelfSignedCertificate } from '../support/self-signed';
import { writeTraffic } from './capture-traffic';
import { X509Certificate } from 'node:crypto';

const repoRoot = join(__dirname, '..', '..');
const COPIES = 10;
const PCAP_HEADER = 24;

export async function run(): Promise<void> {
  const cli = join(repoRoot, 'bin', 'apigee-tls-lint');
  if (!existsSync(join(repoRoot, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'capture-1gb-'));
  try {
    await makeSelfSignedCertificate(dir, 'downloads.example');
    const der = new X509Certificate(readFileSync(join(dir, 'cert.pem'))).raw;
    const file = join(dir, 'big.pcap');
    const out = openSync(file, 'w');
    for (let copy = 0; copy < COPIES; copy++) {
      const part = join(dir, `part-${copy}.pcap`);
      // Dated from a minute on, within the certificate's validity (it is valid from its making, for a year).
      writeTraffic(part, der, Date.now() + 60_000 + copy * 3_600_000, copy * 200);
      const bytes = readFileSync(part);
      writeSync(out, copy === 0 ? bytes : bytes.subarray(PCAP_HEADER));
      rmSync(part);
    }
    closeSync(out);
    const mb = statSync(file).size / 1e6;
    const started = performance.now();
    const child = spawnSync(
      '/usr/bin/time',
      ['-f', 'maxrss-kb %M', cli, 'capture', file, '--format', 'json', '--ca', join(dir, 'cert.pem')],
      {
        encoding: 'utf8',
        maxBuffer: 512 << 20,
      },
    );
    const ms = performance.now() - started;
    const rssMb = Number(/maxrss-kb (\d+)/.exec(child.stderr ?? '')?.[1] ?? NaN) / 1024;
    const report = JSON.parse(child.stdout) as { tlsConnections: number; failed: number };
    const failed = report.failed;
    console.log(
      `capture ${mb.toFixed(0)} MB: ${report.tlsConnections} TLS connections (${failed} failed), exit ${child.status}, ` +
        `${(ms / 1000).toFixed(1)} s (${(mb / (ms / 1000)).toFixed(0)} MB/s), peak RSS ${rssMb.toFixed(0)} MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
