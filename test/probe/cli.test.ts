// `apigee-tls-lint probe`: in-process through runCli with a capturing CliIO, and once through the built bin.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CliIO } from '../../server/src/cli/io';
import { runCli } from '../../server/src/cli/main';
import { testPki, type Pki } from './support/pki';
import { certArgs, startOpenssl, type RunningServer } from './support/servers';

const root = join(__dirname, '..', '..');
let pki: Pki;
let healthy: RunningServer;
let cipherOnly: RunningServer;
before(async () => {
  pki = await testPki();
  [healthy, cipherOnly] = await Promise.all([
    startOpenssl(certArgs(pki, 'good')),
    startOpenssl([...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'CAMELLIA256-SHA']),
  ]);
});
after(async () => {
  await Promise.all([healthy.stop(), cipherOnly.stop()]);
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: pki.dir, isTTY: false };
  const code = await runCli(['probe', ...argv], io);
  return { code, stdout, stderr };
}
const local = (server: RunningServer): string[] => [
  `localhost:${server.port}`,
  '--ca',
  'root.crt',
  '--resolve',
  `localhost:${server.port}:127.0.0.1`,
];

test('a healthy backend: exit 0, and JSON with exactly the documented keys', async () => {
  const { code, stdout } = await cli(...local(healthy), '--format', 'json');
  const json = JSON.parse(stdout);
  assert.deepEqual(
    [code, Object.keys(json), json.ok, json.target, json.judgedAs],
    [
      0,
      ['target', 'proxy', 'runtimeWay', 'judgedAs', 'ok', 'causes', 'negotiated', 'server', 'chain', 'elapsedMs'],
      true,
      { host: 'localhost', port: healthy.port, sni: 'localhost' },
      {
        profile: 'apigeex',
        why: 'Apigee X/hybrid (undecided, the default: a URL alone does not say which runtime calls it; pass --profile edge to judge the call as Edge makes it)',
      },
    ],
  );
  assert.deepEqual(Object.keys(json.server), ['protocols', 'sniRequired', 'clientCertificate']);
});

test('a failing backend: exit 1, and a text report with verdict, cause and fix', async () => {
  const { code, stdout } = await cli(...local(cipherOnly));
  assert.equal(code, 1);
  assert.match(stdout, /^FAILS localhost:\d+ \(SNI localhost\)/);
  assert.match(stdout, /error +cipher-mismatch[\s\S]*Fix: Enable a suite Java supports on the backend/);
});

test('nothing listening: the text report does not pretend to know the server', async () => {
  const { code, stdout } = await cli('localhost:1', '--resolve', 'localhost:1:127.0.0.1');
  assert.equal(code, 1);
  assert.match(stdout, /error +connection-refused/);
  assert.match(stdout, /Server: +no TLS answer/);
  assert.doesNotMatch(stdout, /TLSv1\.2 no/);
});

test("--ciphers naming the backend's one suite, which Java does not implement: not offered, as Apigee could not", async () => {
  const { code, stdout } = await cli(...local(cipherOnly), '--ciphers', 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA', '--protocols', 'TLSv1.2');
  assert.equal(code, 1);
  assert.match(stdout, /error +cipher-mismatch/);
  assert.match(stdout, /Not offered, suites Java \(so Apigee\) does not implement: TLS_RSA_WITH_CAMELLIA_256_CBC_SHA/);
});

test('--no-sni sends no SNI', async () => {
  assert.equal(JSON.parse((await cli(...local(healthy), '--no-sni', '--format', 'json')).stdout).target.sni, null);
});

test('an https URL works like host:port', async () => {
  const { code } = await cli(
    `https://localhost:${healthy.port}/anything`,
    '--ca',
    'root.crt',
    '--resolve',
    `localhost:${healthy.port}:127.0.0.1`,
  );
  assert.equal(code, 0);
});

const usage: [args: string[], message: RegExp][] = [
  [['http://example.com'], /not an https URL/],
  [['example.com'], /neither an https URL nor host:port/],
  [['example.com:99999'], /bad port/],
  [['example.com:443', '--protocols', 'TLSv1.0'], /unknown protocol 'TLSv1.0' \(the JSSE name is TLSv1\)/],
  [
    ['example.com:443', '--ciphers', 'ECDHE-RSA-AES128-GCM-SHA256'],
    /OpenSSL name; Apigee needs the IANA name TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256/,
  ],
  [['example.com:443', '--ciphers', 'TLS_MADE_UP'], /unknown cipher suite 'TLS_MADE_UP'/],
  [['example.com:443', '--ca', 'missing.pem'], /cannot read the CA file 'missing.pem' \(--ca\): it does not exist/],
  [['example.com:443', '--ca', 'good.key'], /holds no PEM certificate/],
  [['example.com:443', '--client-cert', 'client.crt'], /set both --client-cert and --client-key, or neither/],
  [['example.com:443', '--client-cert', 'client.crt', '--client-key', 'good.key'], /does not belong to 'client.crt'/],
  [['example.com:443', '--client-cert', 'client.crt', '--client-key', 'client.crt'], /not an unencrypted PEM private key/],
  [['example.com:443', '--sni', '10.0.0.1'], /an IP address is never sent as SNI/],
  [['example.com:443', '--sni', 'a', '--no-sni'], /exclude each other/],
  [['example.com:443', '--resolve', 'example.com:443:not-an-ip'], /--resolve takes HOST:PORT:ADDRESS/],
  [['example.com:443', '--timeout', '0'], /--timeout takes milliseconds from 100 to 120000/],
  [['example.com:443', '--timeout', '120001'], /--timeout takes milliseconds from 100 to 120000/],
  [['example.com:443', '--profile', 'opdk'], /--profile must be one of auto, apigeex, edge/],
  [['example.com:443', '--format', 'xml'], /--format must be one of text, json/],
  [['--bundle', '.', 'example.com:443'], /--bundle takes no URL/],
  [['--bundle', '.', '--protocols', 'TLSv1.2'], /cannot be combined with --bundle/],
  [['example.com:443', '--target', 'default'], /--target needs --bundle/],
  [['--bundle', 'no-such-dir'], /is not a directory/],
];
for (const [args, message] of usage) {
  test(`usage error, exit 2: probe ${args.join(' ')}`, async () => {
    const { code, stderr, stdout } = await cli(...args);
    assert.deepEqual([code, stdout], [2, '']);
    assert.match(stderr, message);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  });
}

test('--bundle probes each URL target with its own SSLInfo and says why the others cannot be', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'probe-bundle-'));
  try {
    await mkdir(join(dir, 'apiproxy', 'targets'), { recursive: true });
    await mkdir(join(dir, 'apiproxy', 'policies'), { recursive: true });
    const endpoint = (name: string, url: string, ssl: string) =>
      `<TargetEndpoint name="${name}"><HTTPTargetConnection><SSLInfo>${ssl}</SSLInfo><URL>${url}</URL></HTTPTargetConnection></TargetEndpoint>`;
    await writeFile(
      join(dir, 'apiproxy', 'targets', 'good.xml'),
      endpoint('good', `https://localhost:${healthy.port}/`, '<Enabled>true</Enabled>'),
    );
    await writeFile(
      join(dir, 'apiproxy', 'targets', 'camellia.xml'),
      endpoint('camellia', `https://localhost:${cipherOnly.port}/`, '<Protocols><Protocol>TLSv1.2</Protocol></Protocols>'),
    );
    await writeFile(join(dir, 'apiproxy', 'targets', 'dynamic.xml'), endpoint('dynamic', 'https://{target.host}/', ''));
    const resolve = [healthy, cipherOnly].flatMap((s) => ['--resolve', `localhost:${s.port}:127.0.0.1`]);
    const { code, stdout } = await cli('--bundle', dir, '--ca', 'root.crt', ...resolve, '--format', 'json');
    const rows = (
      JSON.parse(stdout) as { name: string; diagnosis: { ok: boolean; causes: { code: string }[] } | null; notProbeable: string | null }[]
    ).map((r) => [r.name, r.diagnosis?.ok ?? null, r.diagnosis?.causes.map((c) => c.code) ?? r.notProbeable]);
    assert.equal(code, 1);
    assert.deepEqual(rows, [
      ['camellia', false, ['cipher-mismatch']],
      [
        'dynamic',
        null,
        "the URL 'https://{target.host}/' holds a variable: the backend is only known at run time; probe the real backend with `apigee-tls-lint probe https://HOST:PORT`",
      ],
      ['good', true, []],
    ]);
    const only = await cli('--bundle', dir, '--target', 'good', '--ca', 'root.crt', ...resolve);
    assert.deepEqual([only.code, only.stdout.match(/^── /gm)?.length], [0, 1]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the built bin runs probe and sets the exit status', async () => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  const run = spawnSync(join(root, 'bin', 'apigee-tls-lint'), ['probe', ...local(cipherOnly), '--format', 'json'], {
    cwd: pki.dir,
    encoding: 'utf8',
  });
  assert.deepEqual([run.status, JSON.parse(run.stdout).causes[0].code], [1, 'cipher-mismatch']);
});
