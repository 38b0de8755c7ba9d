// TLS 1.3 captures recorded here with tcpdump, opened with the key log the clients wrote (Node's 'keylog' event,
// openssl s_client -keylogfile, as SSLKEYLOGFILE): the certificates and the CertificateRequest TLS 1.3 encrypts
// name the real cause; without the key log, or with one that does not match, the verdict stays what the clear
// part shows.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import * as tls from 'node:tls';
import { runCli } from '../../server/src/cli/main';
import { diagnoseCapture } from '../../server/src/capture/diagnose-capture';
import { readKeyLogFile } from '../../server/src/capture/keylog';
import { systemTrust } from '../../server/src/diagnosis/trust';
import { ANALYSE_CAPTURE_METHOD, type AnalyseCaptureResult } from '../../server/src/shared/capture-protocol';
import { LspClient } from '../support/lsp-client';
import { prng } from '../support/prng';
import { mutate } from './support/mutate';
import { testPki } from '../probe/support/pki';
import { certArgs, startOpenssl, type RunningServer } from '../probe/support/servers';
import { NO_TCPDUMP, record, settled } from './support/tcpdump';

const dir = mkdtempSync(join(tmpdir(), 'capture-keylog-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const KEYLOG = join(dir, 'keys.log');
const NAME = 'localhost';
let file = '';

/** One Node TLS 1.3 client connection, its secrets appended to the key log; settles whatever the outcome. */
function connect(port: number, options: tls.ConnectionOptions): Promise<void> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: NAME, minVersion: 'TLSv1.3', ...options });
    socket.on('keylog', (line) => appendFileSync(KEYLOG, line));
    socket.on('secureConnect', () => socket.end());
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.setTimeout(10_000, () => socket.destroy());
  });
}

/** `openssl s_client` refusing what its root does not sign: it sends an alert, then closes. */
function sClient(port: number, root: string): Promise<void> {
  const args = ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', NAME, '-tls1_3', '-verify_return_error', '-CAfile', root];
  return new Promise((resolve) => execFile('openssl', [...args, '-keylogfile', KEYLOG], { timeout: 10_000 }, () => resolve()).stdin?.end());
}

before(async () => {
  if (NO_TCPDUMP) return;
  const pki = await testPki();
  writeFileSync(join(dir, 'root.pem'), await pki.pem('root.crt'));
  const servers: RunningServer[] = [
    await startOpenssl([...certArgs(pki, 'self', false), '-tls1_3']),
    await startOpenssl([...certArgs(pki, 'good'), '-tls1_3', '-Verify', '1', '-verify_return_error', '-CAfile', pki.path('root.crt')]),
  ];
  file = join(dir, 'tls13.pcap');
  const tcpdump = await record(
    'lo',
    servers.map((s) => s.port),
    file,
  );
  try {
    // Node refuses the self-signed certificate (with no alert: it checks once OpenSSL is done), then s_client
    // (with an alert); Node trusts the second server, but has no client certificate to give.
    await connect(servers[0]!.port, {});
    await sClient(servers[0]!.port, pki.path('root.crt'));
    await connect(servers[1]!.port, { ca: await readFile(pki.path('root.crt')) });
    await settled(file, 3);
  } finally {
    await tcpdump.stop();
    await Promise.all(servers.map((s) => s.stop()));
  }
  writeFileSync(
    join(dir, 'garbage.log'),
    `CLIENT_HANDSHAKE_TRAFFIC_SECRET ${'ab'.repeat(32)} ${'01'.repeat(32)}\n\u0000\u00ff not a key log\n`,
  );
  // The right client randoms, the wrong secrets: records that do not decrypt.
  const log = await readFile(KEYLOG, 'utf8');
  writeFileSync(
    join(dir, 'wrong.log'),
    log.replace(/ ([0-9a-f]+)$/gm, (_, secret: string) => ` ${'5'.repeat(secret.length)}`),
  );
});

interface JsonReport {
  keylog?: { unlocked: number };
  connections: {
    decrypted?: boolean;
    causes: { code: string; severity: string }[];
    alerts: { from: string; description: string | null }[];
    ladder: { from: string; label: string }[];
  }[];
}

async function capture(...argv: string[]): Promise<{ code: number; report: JsonReport; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['capture', file, '--format', 'json', '--ca', 'root.pem', ...argv], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd: dir,
    isTTY: false,
  });
  return { code, report: (out === '' ? {} : JSON.parse(out)) as JsonReport, err };
}

const errors = (r: JsonReport): string[][] => r.connections.map((c) => c.causes.filter((x) => x.severity === 'error').map((x) => x.code));

test('without a key log: both TLS 1.3 failures are handshake-aborted, as the clear part shows', { skip: NO_TCPDUMP }, async () => {
  const { report } = await capture();
  assert.deepEqual([errors(report), report.keylog], [[['handshake-aborted'], ['handshake-aborted'], ['handshake-aborted']], undefined]);
});

test('with the key log: the self-signed certificate and the client certificate required are named', { skip: NO_TCPDUMP }, async () => {
  const { code, report } = await capture('--keylog', 'keys.log');
  assert.deepEqual(
    [code, errors(report), report.connections.map((c) => c.decrypted), report.keylog],
    [1, [['self-signed-certificate'], ['self-signed-certificate'], ['client-certificate-required']], [true, true, true], { unlocked: 3 }],
  );
});

test("with the key log: the client's refusal is a decrypted alert on the ladder", { skip: NO_TCPDUMP }, async () => {
  const { report } = await capture('--keylog', 'keys.log');
  const refused = report.connections[1]!;
  assert.ok(refused.alerts.some((a) => a.from === 'client' && a.description !== null));
  assert.ok(refused.ladder.some((s) => s.from === 'client' && /^Alert fatal /.test(s.label)));
});

test('with the key log: the CertificateRequest and the empty client Certificate are on the ladder', { skip: NO_TCPDUMP }, async () => {
  const labels = (await capture('--keylog', 'keys.log')).report.connections[2]!.ladder.map((s) => `${s.from} ${s.label}`);
  assert.ok(labels.includes('server CertificateRequest') && labels.includes('client Certificate (empty)'), labels.join('\n'));
});

test('the text report says how many handshakes the key log opened', { skip: NO_TCPDUMP }, async () => {
  let out = '';
  await runCli(['capture', file, '--keylog', 'keys.log'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: dir, isTTY: false });
  assert.match(out, /key log: opened 3 TLS 1\.3 handshakes/);
});

test('a garbage key log: the same verdicts as without, nothing opened', { skip: NO_TCPDUMP }, async () => {
  const { report } = await capture('--keylog', 'garbage.log');
  assert.deepEqual(
    [errors(report), report.keylog],
    [[['handshake-aborted'], ['handshake-aborted'], ['handshake-aborted']], { unlocked: 0 }],
  );
});

test('a key log with the wrong secrets: the same verdicts, and the evidence says it did not match', { skip: NO_TCPDUMP }, async () => {
  let out = '';
  await runCli(['capture', file, '--ca', 'root.pem', '--keylog', 'wrong.log'], {
    stdout: (t) => (out += t),
    stderr: () => undefined,
    cwd: dir,
    isTTY: false,
  });
  assert.match(out, /key log: opened 0 TLS 1\.3 handshakes/);
  assert.equal(out.match(/do not decrypt its records/g)?.length, 3);
  assert.equal(out.match(/error +handshake-aborted/g)?.length, 3);
});

test('an unreadable key log is a usage error: exit 2', { skip: NO_TCPDUMP }, async () => {
  const { code, err } = await capture('--keylog', 'absent.log');
  assert.deepEqual([code, err], [2, "apigee-tls-lint: capture: cannot read --keylog 'absent.log': it does not exist\n"]);
});

test(
  'mutated copies of the capture read with the key log never throw: some still open, some no longer match',
  { skip: NO_TCPDUMP },
  async () => {
    const base = await readFile(file);
    const keyLog = readKeyLogFile(KEYLOG);
    const seen = new Set<string>();
    for (let seed = 0; seed < 300; seed++) {
      const result = await diagnoseCapture(mutate(base, prng(seed)), 'mutated.pcap', { trust: systemTrust(), profile: 'apigeex', keyLog });
      if (!result.ok) continue;
      for (const c of result.report.connections) {
        seen.add(c.decrypted === true ? 'opened' : c.evidence.some((e) => e.includes('do not decrypt')) ? 'mismatch' : 'other');
      }
    }
    assert.ok(seen.has('opened') && seen.has('mismatch'), [...seen].join(', '));
  },
);

test(
  'any LSP client gets the same: apigeeTls/analyseCapture with keyLogFile, and a clear error for a missing one',
  { skip: NO_TCPDUMP },
  async () => {
    const root = resolve(__dirname, '../..');
    assert.ok(existsSync(resolve(root, 'dist/cli.js')), 'run `npm run build` first');
    const client = new LspClient(process.execPath, [resolve(root, 'bin/apigee-tls-lint'), 'lsp', '--stdio']);
    try {
      await client.request('initialize', { processId: null, rootUri: null, capabilities: {} });
      client.notify('initialized', {});
      const analyse = (keyLogFile?: string) =>
        client.request<AnalyseCaptureResult>(ANALYSE_CAPTURE_METHOD, { path: file, caFiles: [join(dir, 'root.pem')], keyLogFile });
      const verdicts = (r: AnalyseCaptureResult) => (r.ok ? errors(r.report as unknown as JsonReport) : r.error.code);
      assert.deepEqual(
        [verdicts(await analyse()), verdicts(await analyse(KEYLOG)), verdicts(await analyse(join(dir, 'absent.log')))],
        [
          [['handshake-aborted'], ['handshake-aborted'], ['handshake-aborted']],
          [['self-signed-certificate'], ['self-signed-certificate'], ['client-certificate-required']],
          'bad-keylog-file',
        ],
      );
    } finally {
      await client.close();
    }
  },
);
