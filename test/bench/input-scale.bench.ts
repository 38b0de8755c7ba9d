// `npm run bench -- input-scale`: inputs under every byte cap that used to cost time quadratic in their size
// (code review 3, findings 3 and 12), generated in a temp folder:
//  (a) `apigee-tls-lint lint .` on a workspace whose truststore alias names a 4 MB file of PEM certificate headers
//      (and a 4 MB key file of key headers): was 191 s, goal ≤ 1 s (a valid workspace lints in ~0.2 s);
//  (b) `apigee-tls-lint capture x.pcap --ca ca.pem` with 0.9 MB of headers (alone, and after one certificate):
//      was 14.1 s;
//  (c) readFacts of one environment file of 20,000 TargetServers, and `lint .` on a workspace of it: readFacts was
//      4.2 s, goal ≤ 0.3 s.
// The built CLI (dist/, built here) in its own process; best of 3. Figures only: nothing here fails on a goal.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readFacts } from '../../server/src/workspace/facts';
import { makeSelfSignedCertificate } from '../support/self-signed';
import { manyTargetServers } from '../workspace/support/many-target-servers';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'apigee-tls-lint');
const RUNS = 3;

const CERT_HEADER = '-----BEGIN CERTIFICATE-----\n';
const KEY_HEADER = '-----BEGIN RSA PRIVATE KEY-----\n';
/** Just under the model's 4 MiB cap on an alias file (MAX_FILE_BYTES), as in the review. */
const FOUR_MB = 4_170_000;

interface Figure {
  ms: number;
  status: number | null;
  stdout: string;
}

function best(run: () => Figure): Figure {
  const runs = Array.from({ length: RUNS }, run);
  return runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
}

function cli(cwd: string, ...args: string[]): Figure {
  return best(() => {
    const started = performance.now();
    const child = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 << 20 });
    return { ms: performance.now() - started, status: child.status, stdout: child.stdout + child.stderr };
  });
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const env = (file: string): string => `resources/edge/env/test/${file}`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mb = (path: string): string => `${(statSync(path).size / 1e6).toFixed(2)} MB`;
/** One row; `says` is the output line that shows the input was read (the finding, the error). */
const line = (what: string, f: Figure, goal: string, ms: number, says?: RegExp): void => {
  const shown = says === undefined ? '' : `: ${(f.stdout.split('\n').find((l) => says.test(l)) ?? 'NOT SAID').trim()}`;
  console.log(`${what.padEnd(62)} ${seconds(f.ms).padStart(8)}  ${goal} ${f.ms <= ms ? 'met' : 'NOT met'}  (exit ${f.status}${shown})`);
};

/** The review's pem.sh workspace: a TLS TargetEndpoint, its truststore reference, an alias with the given files. */
function pemWorkspace(root: string, alias: Record<string, string>, files: Record<string, string>): void {
  write(root, {
    'pom.xml': '<project/>',
    'apiproxy/targets/default.xml':
      '<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <SSLInfo><Enabled>true</Enabled><TrustStore>ref://ts</TrustStore></SSLInfo>\n' +
      '    <URL>https://api.example.com/v1</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n',
    [env('references.json')]: '[{"name":"ts","refers":"truststore","resourceType":"KeyStore"}]',
    [env('keystores.json')]: '[{"name":"truststore"}]',
    [env('aliases.json')]: JSON.stringify([{ alias: 'ca', keystorename: 'truststore', format: 'keycertfile', ...alias }]),
    ...files,
  });
}

function repeatTo(line: string, bytes: number): string {
  return line.repeat(Math.floor(bytes / line.length));
}

async function pemRows(dir: string): Promise<void> {
  const certs = join(dir, 'certs');
  mkdirSync(certs);
  await makeSelfSignedCertificate(certs, 'leaf.test');
  const leaf = readFileSync(join(certs, 'cert.pem'), 'utf8');

  const certWs = join(dir, 'pem-cert');
  pemWorkspace(certWs, { certFilePath: 'certs/ca.pem' }, { 'certs/ca.pem': repeatTo(CERT_HEADER, FOUR_MB) });
  const cert = cli(certWs, 'lint', '.');
  line(
    `(a) lint ., alias certificate file of headers (${mb(join(certWs, 'certs/ca.pem'))})`,
    cert,
    'goal ≤ 1 s (was 191 s)',
    1000,
    /certificate-unreadable/,
  );

  const keyWs = join(dir, 'pem-key');
  pemWorkspace(
    keyWs,
    { certFilePath: 'certs/ca.pem', keyFilePath: 'certs/ca.key' },
    { 'certs/ca.pem': leaf, 'certs/ca.key': repeatTo(KEY_HEADER, FOUR_MB) },
  );
  const key = cli(keyWs, 'lint', '.');
  line(
    `(a) lint ., alias key file of headers (${mb(join(keyWs, 'certs/ca.key'))})`,
    key,
    'goal ≤ 1 s (1 MB was 5.6 s)',
    1000,
    /certificate-unreadable/,
  );

  const valid = join(dir, 'pem-valid');
  pemWorkspace(valid, { certFilePath: 'certs/ca.pem' }, { 'certs/ca.pem': leaf });
  const baseline = cli(valid, 'lint', '.');
  line('(a) lint ., the same workspace with a valid certificate', baseline, 'for scale       ', Infinity);

  // A pcap with no packets: the --ca file is what is measured.
  const pcap = join(dir, 'x.pcap');
  const header = Buffer.alloc(24);
  [0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1].forEach((v, i) => header.writeUInt32LE(v, i * 4));
  writeFileSync(pcap, header);
  writeFileSync(join(dir, 'ca32k.pem'), CERT_HEADER.repeat(32_000));
  writeFileSync(join(dir, 'ca-then-32k.pem'), leaf + CERT_HEADER.repeat(32_000));
  const alone = cli(dir, 'capture', 'x.pcap', '--ca', 'ca32k.pem');
  line(`(b) capture --ca, headers only (${mb(join(dir, 'ca32k.pem'))})`, alone, 'goal ≤ 1 s (was 14.1 s)', 1000, /--ca/);
  const after = cli(dir, 'capture', 'x.pcap', '--ca', 'ca-then-32k.pem');
  line(`(b) capture --ca, one certificate then the headers`, after, 'goal ≤ 1 s             ', 1000);
}

function targetServerRows(dir: string): void {
  const n = 20_000;
  const text = manyTargetServers(n);
  const path = '/x/resources/edge/env/test/targetServers.json';
  readFacts(path, text); // warm-up
  // Process CPU time beside the wall time: most of it is garbage collection, which other load on the machine slows.
  const runs = Array.from({ length: RUNS }, () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const facts = readFacts(path, text);
    const used = process.cpuUsage(cpu);
    if (facts?.entities.length !== n) throw new Error(`readFacts read ${facts?.entities.length} of ${n} TargetServers`);
    return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  });
  const fastest = runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
  const facts: Figure = { ms: fastest.ms, status: 0, stdout: `${n} TargetServers read, ${fastest.cpuMs.toFixed(0)} ms of CPU` };
  const what = `(c) readFacts, ${n.toLocaleString('en-US')} TargetServers (${(text.length / 1e6).toFixed(1)} MB), in process`;
  line(what, facts, 'goal ≤ 0.3 s (was 4.2 s)', 300, /read/);

  // Without "enforce", each server has one enforce-not-set finding: the CLI reads, judges and prints all 20,000.
  const ws = join(dir, 'servers');
  write(ws, {
    'pom.xml': '<project/>',
    [env('targetServers.json')]: text.replaceAll('"enforce":"true",', ''),
    [env('references.json')]: '[{"name":"ts","refers":"truststore","resourceType":"KeyStore"}]',
    [env('keystores.json')]: '[{"name":"truststore"}]',
  });
  const lint = cli(ws, 'lint', '.');
  line('(c) lint ., the same file in a workspace', lint, 'for scale       ', Infinity, /problems/);
}

export async function run(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'input-scale-bench-'));
  try {
    console.log(`best of ${RUNS}; the CLI rows include node's start-up`);
    await pemRows(dir);
    targetServerRows(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
