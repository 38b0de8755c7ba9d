// `npm run bench -- capture-reader`: reading throughput and peak memory of the capture reader on a synthetic
// capture (150 TLS downloads of ~0.7 MB each, 15 failed handshakes, 10 connections interleaved at a time),
// generated in a temp dir and deleted afterwards. tshark's time to list the ClientHellos and alerts of the same
// file is printed beside it when tshark is installed. Figures only; nothing is asserted.
import { execFile, execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Conversation, T0 } from '../capture/support/conversation';
import { ethernet, ip, type TcpSpec } from '../capture/support/frames';
import {
  alert,
  applicationData,
  certificate,
  changeCipherSpec,
  clientHello,
  record,
  serverHello,
  serverHelloDone,
} from '../capture/support/tls';
import { pcap } from '../capture/support/writers';

const run$ = promisify(execFile);

interface ReadFigures {
  ms: number;
  packets: number;
  connections: number;
  records: number;
  maxRssMb: number;
}
const DOWNLOADS = 150;
const FAILED = 15;
const DOWNLOAD_BYTES = 700 * 1024;
const MSS = 1448;

function download(n: number): TcpSpec[] {
  const c = new Conversation({ ip: '10.0.0.1', port: 20000 + n }, { ip: '10.0.1.1', port: 443 }).open();
  c.send('client', clientHello(300), MSS);
  c.send('server', Buffer.concat([serverHello(), certificate(3500), serverHelloDone()]), MSS);
  c.send('client', Buffer.concat([record(22, Buffer.alloc(70)), changeCipherSpec(), record(22, Buffer.alloc(40))]), MSS);
  c.send('server', Buffer.concat([changeCipherSpec(), record(22, Buffer.alloc(40))]), MSS);
  c.send('client', applicationData(400), MSS);
  const body = Buffer.concat(Array.from({ length: Math.ceil(DOWNLOAD_BYTES / 16384) }, () => applicationData(16384)));
  // The client ACKs every second segment, as delayed ACKs do.
  for (let at = 0, i = 0; at < body.length; at += MSS, i++) {
    c.segment('server', 'P', body.subarray(at, at + MSS));
    if (i % 2 === 1) c.segment('client', '');
  }
  c.fin('client');
  c.fin('server');
  return c.specs;
}

function failed(n: number): TcpSpec[] {
  const c = new Conversation({ ip: '10.0.0.2', port: 30000 + n }, { ip: '10.0.1.2', port: 443 }).open();
  c.send('client', clientHello(300), MSS);
  c.send('server', alert(2, 40), MSS);
  c.fin('server');
  return c.specs;
}

/** Writes the capture batch by batch (10 connections interleaved round-robin), never holding it whole. */
function generate(file: string): void {
  const fd = openSync(file, 'w');
  writeSync(fd, pcap([], { linkType: 1 }));
  let time = T0;
  const conversations = [...Array.from({ length: DOWNLOADS }, (_, i) => i), ...Array.from({ length: FAILED }, (_, i) => -1 - i)];
  for (let batch = 0; batch < conversations.length; batch += 10) {
    const specs = conversations.slice(batch, batch + 10).map((n) => (n >= 0 ? download(n) : failed(-1 - n)));
    const longest = Math.max(...specs.map((s) => s.length));
    const frames = [];
    for (let i = 0; i < longest; i++) {
      for (const s of specs) if (i < s.length) frames.push({ time: (time += 0.01), data: ethernet(ip(s[i]!)) });
    }
    writeSync(fd, pcap(frames, { linkType: 1 }).subarray(24));
  }
  closeSync(fd);
}

function tsharkVersion(): string | undefined {
  try {
    return execFileSync('tshark', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'capture-bench-'));
  try {
    const file = join(dir, 'downloads.pcap');
    generate(file);
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
