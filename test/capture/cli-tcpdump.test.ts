// `apigee-tls-lint capture` on captures recorded here with tcpdump: real openssl clients and servers on loopback,
// one connection per cause, read from pcap (lo and any) and pcapng (editcap; this tcpdump writes no pcapng).
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { testPki, type Pki } from '../probe/support/pki';
import { certArgs, freePort, startOpenssl, startRawServer, startSniRequiredNginx, type RunningServer } from '../probe/support/servers';
import { settled, record as startTcpdump } from './support/tcpdump';

let pki: Pki;
const dir = mkdtempSync(join(tmpdir(), 'capture-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Scenario {
  /** openssl s_server arguments, or a server of another kind. */
  server: () => string[] | Promise<RunningServer>;
  client: () => string[];
}

const clientAuth = (): string[] => ['-Verify', '1', '-verify_return_error', '-CAfile', pki.path('root.crt')];
const trusting = (...extra: string[]): string[] => ['-CAfile', pki.path('root.crt'), '-verify_return_error', ...extra];
const tls12 = (...extra: string[]): string[] => trusting('-tls1_2', ...extra);
/** Each scenario is named by the error cause a careful engineer reads in its capture ('healthy': none). */
const SCENARIOS: Record<string, Scenario> = {
  healthy: { server: () => certArgs(pki, 'good'), client: () => tls12() },
  'protocol-mismatch': {
    server: () => [...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0'],
    client: () => trusting('-no_tls1', '-no_tls1_1'),
  },
  'cipher-mismatch': {
    server: () => [...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'CAMELLIA256-SHA'],
    client: () => tls12('-cipher', 'AES128-SHA'),
  },
  'client-certificate-required': { server: () => [...certArgs(pki, 'good'), '-tls1_2', ...clientAuth()], client: () => tls12() },
  'client-certificate-rejected': {
    server: () => [...certArgs(pki, 'good'), '-tls1_2', ...clientAuth()],
    client: () => tls12('-cert', pki.path('stranger.crt'), '-key', pki.path('stranger.key')),
  },
  'untrusted-root': { server: () => certArgs(pki, 'lone', false), client: () => tls12() },
  'incomplete-chain': { server: () => certArgs(pki, 'good', false), client: () => tls12() },
  'self-signed-certificate': { server: () => certArgs(pki, 'self', false), client: () => tls12() },
  'certificate-expired': { server: () => certArgs(pki, 'expired'), client: () => tls12() },
  'hostname-mismatch': { server: () => certArgs(pki, 'wrong-name'), client: () => tls12() },
  'not-yet-valid': { server: () => certArgs(pki, 'future'), client: () => tls12() },
  'sni-required': { server: () => startSniRequiredNginx(pki), client: () => tls12('-noservername') },
  'not-tls': {
    server: () => startRawServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'))),
    client: () => tls12(),
  },
  'connection-reset': { server: () => startRawServer((s) => s.once('data', () => s.resetAndDestroy())), client: () => tls12() },
  'connection-refused': { server: async () => ({ port: await freePort(), stop: async () => undefined }), client: () => tls12() },
  'handshake-aborted': { server: () => [...certArgs(pki, 'good'), ...clientAuth()], client: () => trusting() },
};

/** One s_client run per scenario, in order, while tcpdump records; returns the capture file. */
async function record(iface: string): Promise<string> {
  const servers = await Promise.all(
    Object.values(SCENARIOS).map((s) => {
      const server = s.server();
      return Array.isArray(server) ? startOpenssl(server) : server;
    }),
  );
  const file = join(dir, `${iface}.pcap`);
  const tcpdump = await startTcpdump(
    iface,
    servers.map((s) => s.port),
    file,
  );
  try {
    for (const [i, scenario] of Object.values(SCENARIOS).entries()) {
      await new Promise<void>((resolve) => {
        const client = scenario.client();
        const sni = client.includes('-noservername') ? [] : ['-servername', 'localhost'];
        const args = ['s_client', '-connect', `127.0.0.1:${servers[i]!.port}`, ...sni, ...client];
        execFile('openssl', args, { timeout: 10_000 }, () => resolve()).stdin?.end();
      });
      await new Promise((r) => setTimeout(r, 50)); // connections in capture order, one after the other
    }
    await settled(file, Object.keys(SCENARIOS).length);
  } finally {
    await tcpdump.stop();
    await Promise.all(servers.map((s) => s.stop()));
  }
  return file;
}

async function capture(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['capture', ...argv], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir, isTTY: false });
  return { code, out, err };
}

interface JsonReport {
  format: string;
  truncated: boolean;
  connections: { ok: boolean; sni: string | null; causes: { code: string; severity: string }[]; alerts: { from: string }[] }[];
}

const verdicts = (r: JsonReport): string[][] =>
  r.connections.map((c) => c.causes.filter((x) => x.code !== 'obsolete-protocol-accepted').map((x) => x.code));
const EXPECTED = Object.keys(SCENARIOS).map((k) => (k === 'healthy' ? [] : [k]));

before(async () => {
  pki = await testPki();
  writeFileSync(join(dir, 'root.pem'), await pki.pem('root.crt'));
});

test('a pcap recorded on lo: each connection named with its cause, in capture order; exit 1', async () => {
  const file = await record('lo');
  const { code, out } = await capture(file, '--format', 'json', '--ca', 'root.pem');
  const report = JSON.parse(out) as JsonReport;
  assert.deepEqual([code, report.format, report.truncated, verdicts(report)], [1, 'pcap', false, EXPECTED]);
  assert.equal(report.connections[0]!.sni, 'localhost');
});

test("without --ca, as users run it first: the same verdicts, each from what the wire shows, never this machine's roots", async () => {
  const file = await record('lo');
  const { code, out } = await capture(file, '--format', 'json');
  const report = JSON.parse(out) as JsonReport;
  assert.deepEqual([code, verdicts(report)], [1, EXPECTED]);
});

test('a pcap recorded on any (Linux cooked headers, as tcpdump -i any writes): the same verdicts', async () => {
  const file = await record('any');
  const report = JSON.parse((await capture(file, '--format', 'json', '--ca', 'root.pem')).out) as JsonReport;
  assert.deepEqual([report.format, verdicts(report)], ['pcap', EXPECTED]);
});

test('a pcap converted to pcapng by editcap reads the same', async () => {
  const file = await record('lo');
  execFileSync('editcap', ['-F', 'pcapng', file, `${file}.pcapng`]);
  const report = JSON.parse((await capture(`${file}.pcapng`, '--format', 'json', '--ca', 'root.pem')).out) as JsonReport;
  assert.deepEqual([report.format, verdicts(report)], ['pcapng', EXPECTED]);
});

test('the text report leads each connection with its verdict and the cause, and --side northbound words fixes for the virtual host', async () => {
  const file = await record('lo');
  const { out } = await capture(file, '--ca', 'root.pem', '--side', 'northbound');
  assert.match(out, /FAILS 127\.0\.0\.1:\d+ → 127\.0\.0\.1:\d+ \(SNI localhost\)/);
  assert.match(out, /client-certificate-required\n.*\n\s+Fix: The virtual host has two-way TLS/);
});

test('a file that is not a capture: one clear line, exit 2', async () => {
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  const { code, err } = await capture('notes.txt');
  assert.deepEqual([code, err], [2, 'apigee-tls-lint: capture: notes.txt: the file is neither pcap nor pcapng (unknown magic number)\n']);
});

test('a handshake recorded with `tcpdump -s 66` (headers only): skipped as cut by the snaplen, exit 2', async () => {
  const server = await startOpenssl(certArgs(pki, 'good'));
  const file = join(dir, 'snaplen-66.pcap');
  const tcpdump = await startTcpdump('lo', server.port, file, ['-s', '66']);
  try {
    await new Promise<void>((resolve) => {
      execFile('openssl', ['s_client', '-connect', `127.0.0.1:${server.port}`, ...tls12()], { timeout: 10_000 }, () =>
        resolve(),
      ).stdin?.end();
    });
    await settled(file, 1);
  } finally {
    await tcpdump.stop();
    await server.stop();
  }
  const { code, out, err } = await capture(file);
  assert.deepEqual(
    [code, out.split('\n').slice(2), err],
    [
      2,
      ["  skipped: 1 connection's handshake was cut by the snaplen of 66 bytes: capture with `tcpdump -s 0`", ''],
      `apigee-tls-lint: capture: ${file}: no TLS handshake could be read: the snaplen cut them (capture with \`tcpdump -s 0\`)\n`,
    ],
  );
});
