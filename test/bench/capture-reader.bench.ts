// `npm run bench -- capture-reader`: reading throughput and peak memory of the capture reader on a synthetic
// capture (150 TLS downloads of ~0.7 MB each, 15 failed handshakes, 10 connections interleaved at a time),
// generated in a temp dir and deleted afterwards. tshark's time to list the ClientHellos and alerts of the same
// file is printed beside it when tshark is installed. Figures only; nothing is asserted.
import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeSelfSignedCertificate } from '../support/self-signed';
import { pcap } from '../capture/support/writers';
import { DOWNLOADS, FAILED, writeTraffic } from './capture-traffic';

const run$ = promisify(execFile);

interface ReadFigures {
  ms: number;
  packets: number;
  connections: number;
  records: number;
  maxRssMb: number;
}

/** The synthetic capture (capture-traffic.ts) in `dir`, with a fresh self-signed certificate. */
export async function generate(dir: string): Promise<string> {
  await makeSelfSignedCertificate(dir, 'downloads.example');
  const file = join(dir, 'downloads.pcap');
  // Dated just after the certificate was made: judged at the capture's time, it is valid.
  writeTraffic(file, new X509Certificate(readFileSync(join(dir, 'cert.pem'))).raw, Date.now() + 60_000);
  return file;
}

export function tsharkVersion(): string | undefined {
  try {
    return execFileSync('tshark', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'capture-bench-'));
  try {
    const file = await generate(dir);
    const mb = statSync(file).size / 1e6;
    console.log(`capture: ${mb.toFixed(0)} MB, ${DOWNLOADS} downloads + ${FAILED} failed handshakes (pcap, Ethernet)`);
    const readOnce = async (path: string): Promise<ReadFigures> => {
      const { stdout } = await run$(process.execPath, ['--import', 'tsx', join(__dirname, 'capture-read-once.ts'), path], {
        maxBuffer: 1 << 20,
      });
      return JSON.parse(stdout) as ReadFigures;
    };
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await readOnce(file));
    const best = runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
    const empty = join(dir, 'empty.pcap');
    writeFileSync(empty, pcap([], { linkType: 1 }));
    const baseline = await readOnce(empty);
    console.log(`reader: ${best.packets} packets, ${best.connections} connections, ${best.records} records`);
    console.log(`reader: best of 3 ${best.ms.toFixed(0)} ms = ${(mb / (best.ms / 1000)).toFixed(0)} MB/s`);
    console.log(`reader: peak RSS ${best.maxRssMb.toFixed(0)} MB (reading an empty capture: ${baseline.maxRssMb.toFixed(0)} MB)`);
    const tshark = tsharkVersion();
    if (tshark !== undefined) {
      const started = performance.now();
      const { stdout } = await run$('tshark', ['-r', file, '-Y', 'tls.handshake.type == 1 || tls.alert_message'], { maxBuffer: 64 << 20 });
      const ms = performance.now() - started;
      console.log(`${tshark}: ${ms.toFixed(0)} ms (${stdout.trim().split('\n').length} lines), whole process`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
