// The client simulation against real servers (openssl s_server, nginx): each front door stands for one way a
// client breaks, and the clients' verdicts are exact. The table's own consistency is checked first.
import { writeFrontDoorKeys } from './support/front-door-keys';
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { trustFromPem } from '../../server/src/diagnosis/trust';
import { profileExtensions } from '../../server/src/probe/clients/hello';
import { offeredProtocols, offeredSuites } from '../../server/src/tls/clients/profile';
import { MAX_CONNECTIONS, simulateClients, type ClientsReport } from '../../server/src/probe/clients/simulate';
import { CLIENT_PROFILES } from '../../server/src/tls/clients/table';
import { clientHelloMessage, clientHelloRecord } from '../../server/src/probe/client-hello';
import { parseClientHelloRecord } from './support/client-hello-parser';
import { testPki, type Pki } from './support/pki';
import { certArgs, startOpenssl, startSniRequiredNginx, type RunningServer } from './support/servers';

const REQUIRED_IDS = [
  'android-6.0',
  'android-7.0',
  'android-8.1',
  'android-9',
  'android-10',
  'android-11',
  'android-12',
  'chrome-79-win10',
  'chrome-101-win10',
  'firefox-66-win81',
  'firefox-100-win10',
  'ie-6-xp',
  'ie-8-win7',
  'ie-8-xp',
  'ie-11-win7',
  'ie-11-win81',
  'ie-11-winphone81',
  'ie-11-win10',
  'edge-15-win10',
  'edge-101-win10',
  'safari-12.1-ios',
  'safari-13.0-macos',
  'safari-15.4-macos',
  'java-7u25',
  'java-8u161',
  'java-11.0.2',
  'java-17.0.3',
  'go-1.17.8',
  'libressl-2.8.3',
  'openssl-1.0.2e',
  'openssl-1.1.0l',
  'openssl-1.1.1d',
  'openssl-3.0.3',
  'apple-mail-16.0',
  'thunderbird-91.9',
  'java-21',
  'java-8u442',
  'dotnet-4.5-win7',
  'python-urllib3-2',
  'curl-8-openssl-3',
  'node-20',
  'go-1.22',
  'android-4.4-app',
  'apple-ats-ios9',
  'no-sni',
];

describe('client table', () => {
  it('holds every id the issue names, once, each with a source', () => {
    const ids = CLIENT_PROFILES.map((p) => p.id);
    assert.deepEqual(
      REQUIRED_IDS.filter((id) => !ids.includes(id)),
      [],
    );
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(
      CLIENT_PROFILES.filter((p) => p.source.length < 20).map((p) => p.id),
      [],
    );
  });

  it("builds each hello with the project's builder, and the hello says what the profile says", () => {
    for (const p of CLIENT_PROFILES) {
      const ext = profileExtensions(p);
      const record = clientHelloRecord(
        clientHelloMessage({
          protocols: offeredProtocols(p),
          suites: offeredSuites(p),
          sni: p.sni ? 'api.example.com' : null,
          random: Buffer.alloc(32),
          sessionId: Buffer.alloc(0),
          keyShares: [],
          client: ext,
        }),
      );
      const seen = parseClientHelloRecord(record);
      assert.deepEqual(seen.suites, offeredSuites(p), p.id);
      assert.equal(seen.sni, p.sni ? 'api.example.com' : null, p.id);
    }
  });
});

/** A front door, the clients asked, and what each must get: 'ok PROTOCOL' or the cause. */
type Expect = Record<string, string>;

async function simulate(pki: Pki, server: RunningServer, ids: readonly string[], ca = 'root.crt'): Promise<ClientsReport> {
  return simulateClients({
    host: 'localhost',
    port: server.port,
    sni: 'localhost',
    address: '127.0.0.1',
    trust: trustFromPem([{ name: ca, text: ca.startsWith('/') ? execFileSync('cat', [ca]).toString() : await pki.pem(ca) }]),
    clients: CLIENT_PROFILES.filter((p) => ids.includes(p.id)),
    timeoutMs: 10_000,
  });
}

const verdicts = (report: ClientsReport): Expect =>
  Object.fromEntries(report.clients.map((c) => [c.id, c.ok ? `ok ${c.protocol}` : c.cause!]));

describe('client simulation against real front doors', () => {
  let pki: Pki;
  let dir: string;
  before(async () => {
    pki = await testPki();
    dir = mkdtempSync(join(tmpdir(), 'clients-test-'));
    writeFrontDoorKeys(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, () => string[], Expect][] = [
    [
      'the seed: one "high encryption" suite, TLS 1.0 to 1.2',
      () => [...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'ECDHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0'],
      {
        'java-7u25': 'cipher-mismatch',
        'java-8u161': 'ok TLSv1.2',
        'ie-11-win7': 'cipher-mismatch',
        'ie-11-winphone81': 'cipher-mismatch',
        'chrome-101-win10': 'ok TLSv1.2',
      },
    ],
    [
      'TLS 1.3 only',
      () => [...certArgs(pki, 'good'), '-tls1_3'],
      {
        'java-8u161': 'protocol-mismatch',
        'ie-11-win10': 'protocol-mismatch',
        'java-17.0.3': 'ok TLSv1.3',
        'android-9': 'protocol-mismatch',
      },
    ],
    [
      'TLS 1.2 ceiling',
      () => [...certArgs(pki, 'good'), '-no_tls1_3'],
      { 'java-21': 'ok TLSv1.2', 'node-20': 'ok TLSv1.2', 'dotnet-4.5-win7': 'protocol-mismatch' },
    ],
    [
      'TLS 1.0 only (legacy floor and ceiling)',
      () => [...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0'],
      {
        'ie-8-win7': 'ok TLSv1',
        'openssl-3.0.3': 'weak-signature',
        'openssl-1.1.1d': 'ok TLSv1',
        'java-8u161': 'ok TLSv1',
        'chrome-101-win10': 'protocol-mismatch',
      },
    ],
    [
      'RSA key exchange only',
      () => [...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'AES128-GCM-SHA256'],
      { 'go-1.22': 'cipher-mismatch', 'python-urllib3-2': 'cipher-mismatch', 'chrome-101-win10': 'ok TLSv1.2', 'java-8u161': 'ok TLSv1.2' },
    ],
    [
      'DHE only, with a 1024-bit group',
      () => [
        ...certArgs(pki, 'good'),
        '-no_tls1_3',
        '-cipher',
        'DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0',
        '-dhparam',
        join(dir, 'dh1024.pem'),
      ],
      {
        'python-urllib3-2': 'dh-size-refused',
        'openssl-1.1.1d': 'ok TLSv1.2',
        'java-8u161': 'ok TLSv1.2',
        'chrome-101-win10': 'cipher-mismatch',
      },
    ],
    [
      'ChaCha20 only',
      () => [...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'ECDHE-RSA-CHACHA20-POLY1305'],
      { 'chrome-101-win10': 'ok TLSv1.2', 'ie-11-win10': 'cipher-mismatch', 'java-8u161': 'cipher-mismatch', 'java-17.0.3': 'ok TLSv1.2' },
    ],
  ];

  for (const [label, args, expected] of cases) {
    it(label, async () => {
      const server = await startOpenssl(args());
      try {
        assert.deepEqual(verdicts(await simulate(pki, server, Object.keys(expected))), expected);
      } finally {
        await server.stop();
      }
    });
  }

  it('the seed: the fix for Java 7u25 names ssl_ciphers, the JSON keys are the contract', async () => {
    const server = await startOpenssl([...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'ECDHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0']);
    try {
      const report = await simulate(pki, server, ['java-7u25']);
      assert.match(report.clients[0]!.fix!, /`ssl_ciphers`/);
      assert.match(report.clients[0]!.fix!, /ECDHE-RSA-AES128-SHA/);
      assert.deepEqual(report.server!.suites['TLSv1.2'], ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384']);
      assert.ok(report.connections.peak <= MAX_CONNECTIONS);
    } finally {
      await server.stop();
    }
  });

  it('an ECDSA P-384 certificate with one group: a P-256-only client shares none', async () => {
    const server = await startOpenssl(['-cert', join(dir, 'p384.crt'), '-key', join(dir, 'p384.key'), '-groups', 'secp384r1']);
    try {
      const report = await simulate(pki, server, ['android-7.0', 'chrome-101-win10', 'java-8u161'], join(dir, 'p384.crt'));
      assert.deepEqual(verdicts(report), {
        'android-7.0': 'no-shared-group',
        'chrome-101-win10': 'ok TLSv1.3',
        'java-8u161': 'ok TLSv1.2',
      });
      assert.deepEqual(report.server!.groups, ['secp384r1']);
      assert.equal(report.clients[1]!.group, 'secp384r1');
    } finally {
      await server.stop();
    }
  });

  it('SNI required (nginx): the client without SNI fails, the others connect', async () => {
    const server = await startSniRequiredNginx(pki);
    try {
      const report = await simulate(pki, server, ['no-sni', 'chrome-101-win10', 'ie-8-xp']);
      assert.deepEqual(verdicts(report), { 'no-sni': 'sni-required', 'chrome-101-win10': 'ok TLSv1.2', 'ie-8-xp': 'sni-required' });
      assert.equal(report.server!.chain.withoutSni, null);
      assert.equal(report.server!.chain.withSni!.coversHost, true);
    } finally {
      await server.stop();
    }
  });
});

/** The machine's `openssl s_client` (3.0, upstream defaults: an empty openssl.cnf) against the same server. */
function realOpenssl(port: number, conf: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost'], {
      env: { ...process.env, OPENSSL_CONF: conf },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end();
    child.on('close', () => resolve(/Cipher is (?!\(NONE\))/.test(out) && !/Cipher is \(NONE\)/.test(out)));
  });
}

describe('openssl-3.0.3 profile beside the real openssl s_client 3.0', () => {
  let pki: Pki;
  let dir: string;
  before(async () => {
    pki = await testPki();
    dir = mkdtempSync(join(tmpdir(), 'clients-openssl-'));
    writeFileSync(join(dir, 'empty.cnf'), '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const servers: [string, () => string[]][] = [
    ['TLS 1.0 only', () => [...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']],
    ['TLS 1.0, RSA key exchange', () => [...certArgs(pki, 'good'), '-tls1', '-cipher', 'AES128-SHA@SECLEVEL=0']],
    ['TLS 1.3 only', () => [...certArgs(pki, 'good'), '-tls1_3']],
    ['CAMELLIA only', () => [...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'CAMELLIA256-SHA']],
  ];
  for (const [label, args] of servers) {
    it(`${label}: same verdict`, async () => {
      const server = await startOpenssl(args());
      try {
        const ours = (await simulate(pki, server, ['openssl-3.0.3'])).clients[0]!.ok;
        assert.equal(ours, await realOpenssl(server.port, join(dir, 'empty.cnf')));
      } finally {
        await server.stop();
      }
    });
  }
});

describe('apigee-tls-lint clients', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), cwd: process.cwd(), isTTY: false },
    };
  };
  const cases: [string[], RegExp][] = [
    [['clients'], /name one https URL/],
    [['clients', 'localhost:1', '--client', 'nokia-3310'], /unknown client 'nokia-3310'/],
    [['clients', 'localhost:1', '--sni', 'a', '--no-sni'], /exclude each other/],
    [['clients', 'http://localhost/'], /clients: .*not an https URL/],
  ];
  for (const [argv, message] of cases) {
    it(`${argv.slice(1).join(' ') || '(nothing)'}: exit 2`, async () => {
      const { runCli } = await import('../../server/src/cli/main');
      const { out, io: cli } = io();
      assert.equal(await runCli(argv, cli), 2);
      assert.match(out.stderr, message);
    });
  }

  it('the seed front door: exit 1, JSON with the contract keys, the text groups by cause with its fix', async () => {
    const { runCli } = await import('../../server/src/cli/main');
    const pki = await testPki();
    const server = await startOpenssl([...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'ECDHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0']);
    try {
      const common = [
        `localhost:${server.port}`,
        '--resolve',
        `localhost:${server.port}:127.0.0.1`,
        '--ca',
        pki.path('root.crt'),
        '--client',
        'java-7u25',
        '--client',
        'java-8u161',
      ];
      const json = io();
      assert.equal(await runCli(['clients', ...common, '--format', 'json'], json.io), 1);
      const report = JSON.parse(json.out.stdout) as {
        target: object;
        server: object;
        clients: { id: string; ok: boolean; cause?: string }[];
      };
      assert.deepEqual(Object.keys(report.target), ['host', 'port', 'address', 'sni']);
      assert.deepEqual(
        report.clients.map((c) => [c.id, c.ok, c.cause]),
        [
          ['java-7u25', false, 'cipher-mismatch'],
          ['java-8u161', true, undefined],
        ],
      );
      const text = io();
      assert.equal(await runCli(['clients', ...common], text.io), 1);
      assert.match(text.out.stdout, /✗ cipher-mismatch: Java 7u25\n[^]*fix: Add ECDHE-RSA-AES128-SHA [^]*`ssl_ciphers`/);
    } finally {
      await server.stop();
    }
  });

  it("no --client: the team's set in .apigee-tls.json (`clients`) is simulated; --client wins over it", async () => {
    const { runCli } = await import('../../server/src/cli/main');
    const server = await startOpenssl(certArgs(await testPki(), 'good'));
    const dir = mkdtempSync(join(tmpdir(), 'clients-config-'));
    try {
      writeFileSync(join(dir, '.apigee-tls.json'), '{"clients": ["java-8u161", "dotnet-4.5-win7"]}');
      const ids = async (...extra: string[]): Promise<string[]> => {
        const run = io();
        await runCli(['clients', `127.0.0.1:${server.port}`, '--format', 'json', ...extra], { ...run.io, cwd: dir });
        return (JSON.parse(run.out.stdout) as { clients: { id: string }[] }).clients.map((c) => c.id);
      };
      assert.deepEqual(await ids(), ['java-8u161', 'dotnet-4.5-win7']);
      assert.deepEqual(await ids('--client', 'java-21'), ['java-21']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await server.stop();
    }
  });
});
