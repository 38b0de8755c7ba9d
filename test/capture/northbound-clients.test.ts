// Northbound captures name the client by its ClientHello against the profile table, and for a refused handshake the
// other clients of the table the front door refuses the same way: unit cases on hellos built from the profiles'
// facts, and a capture recorded here with tcpdump (the probe's own hellos of Java 7u25 and a real openssl s_client
// against the seed's one-suite front door and a TLS 1.2-only one).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { matchClient, sameFailure, type SeenHello } from '../../server/src/capture/client-match';
import { runCli } from '../../server/src/cli/main';
import { profileOffer } from '../../server/src/probe/clients/hello';
import { sendHello } from '../../server/src/probe/hello-probe';
import { suiteName } from '../../server/src/tls/cipher-suites';
import { groupCodes, offeredProtocols, offeredSuites } from '../../server/src/tls/clients/profile';
import { CLIENT_PROFILES } from '../../server/src/tls/clients/table';
import { testPki } from '../probe/support/pki';
import { certArgs, startOpenssl } from '../probe/support/servers';
import { NO_TCPDUMP, record, settled } from './support/tcpdump';

const profile = (id: string) => CLIENT_PROFILES.find((p) => p.id === id)!;
/** The hello a profile sends, as a capture shows it. */
const helloOf = (id: string, sni: string | null = 'api.example.com'): SeenHello => ({
  versions: offeredProtocols(profile(id)),
  suites: offeredSuites(profile(id)).map(suiteName),
  groups: groupCodes(profile(id).groups),
  sni: profile(id).sni ? sni : null,
});
const ids = (f: ReturnType<typeof sameFailure>): string[] => f?.clients.map((c) => c.id) ?? [];

describe('a ClientHello named against the profile table', () => {
  for (const id of [
    'java-7u25',
    'java-8u161',
    'java-11.0.2',
    'android-7.0',
    'ie-11-win7',
    'python-urllib3-2',
    'node-20',
    'go-1.17.8',
    'openssl-3.0.3',
    'curl-8-openssl-3',
  ]) {
    it(`${id}'s hello matches ${id}`, () =>
      assert.deepEqual(matchClient(helloOf(id)), { id, name: profile(id).name, exact: true, differences: [] }));
  }
  it('a hello that differs is named by the closest, with what differs', () => {
    const hello = helloOf('openssl-3.0.3');
    const without = { ...hello, suites: hello.suites.filter((s) => !s.includes('CHACHA20')) };
    assert.deepEqual(matchClient(without), {
      id: 'openssl-3.0.3',
      name: 'OpenSSL 3.0.3',
      exact: false,
      differences: ['suites: 0 more, 4 fewer'],
    });
  });
});

describe('the clients a refusal refuses the same way', () => {
  it('protocol_version to a TLS 1.0-only hello: every client whose newest version is TLS 1.0 or older', () => {
    const f = sameFailure(helloOf('java-7u25'), 'protocol-mismatch', new Set(), 'java-7u25');
    assert.equal(f?.reason, 'the front door refuses TLSv1, so it requires a newer version');
    assert.deepEqual(ids(f), ['android-4.4-app', 'ie-6-xp', 'ie-8-xp', 'ie-8-win7', 'dotnet-4.5-win7']);
  });
  it('refused suites: the clients offering none of the suites the server is seen to accept', () => {
    const accepted = new Set(['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384']);
    const f = sameFailure(helloOf('java-7u25'), 'cipher-mismatch', accepted, 'java-7u25');
    assert.match(f!.reason, /seen to accept TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384$/);
    assert.deepEqual(ids(f), [
      'android-4.4-app',
      'ie-6-xp',
      'ie-8-xp',
      'ie-8-win7',
      'ie-11-win7',
      'ie-11-win81',
      'ie-11-winphone81',
      'dotnet-4.5-win7',
    ]);
  });
  it('another cause (a certificate) names no group', () =>
    assert.equal(sameFailure(helloOf('java-8u161'), 'untrusted-root', new Set(), 'java-8u161'), undefined));
});

describe('capture --side northbound on a recorded capture', { skip: NO_TCPDUMP }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'capture-northbound-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names Java 7u25 by its hello, and says who else the seed and a TLS 1.2 floor refuse the same way', async () => {
    const pki = await testPki();
    const seed = await startOpenssl([...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'ECDHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0']);
    const floor = await startOpenssl([...certArgs(pki, 'good'), '-tls1_2']);
    const file = join(dir, 'northbound.pcap');
    const tcpdump = await record('lo', [seed.port, floor.port], file);
    const limits = { deadline: Date.now() + 10_000, signal: undefined };
    try {
      // A client that completes (what the seed is seen to accept), then Java 7u25 to each front door.
      await new Promise<void>((resolve) => {
        const args = ['s_client', '-connect', `127.0.0.1:${seed.port}`, '-servername', 'localhost', '-CAfile', pki.path('root.crt')];
        execFile('openssl', args, { timeout: 10_000 }, () => resolve()).stdin?.end();
      });
      await sendHello({ address: '127.0.0.1', port: seed.port }, profileOffer(profile('java-7u25'), 'localhost'), limits);
      await sendHello({ address: '127.0.0.1', port: floor.port }, profileOffer(profile('java-7u25'), 'localhost'), limits);
      await settled(file, 3);
    } finally {
      await tcpdump.stop();
      await Promise.all([seed.stop(), floor.stop()]);
    }
    let out = '';
    await runCli(['capture', file, '--side', 'northbound', '--format', 'json'], {
      stdout: (t) => (out += t),
      stderr: () => undefined,
      cwd: dir,
      isTTY: false,
    });
    const report = JSON.parse(out) as {
      connections: {
        ok: boolean;
        causes: { code: string; severity: string }[];
        northbound?: { client: { id: string; exact: boolean } | null; sameFailure: { reason: string; clients: { id: string }[] } | null };
      }[];
    };
    const rows = report.connections.map((c) => [
      c.ok,
      c.causes.find((k) => k.severity === 'error')?.code,
      c.northbound?.client?.exact === true ? c.northbound.client.id : null,
      c.northbound?.sameFailure?.clients.map((k) => k.id).join(' ') ?? null,
    ]);
    assert.deepEqual(rows.slice(1), [
      [
        false,
        'cipher-mismatch',
        'java-7u25',
        'android-4.4-app ie-6-xp ie-8-xp ie-8-win7 ie-11-win7 ie-11-win81 ie-11-winphone81 dotnet-4.5-win7',
      ],
      [false, 'protocol-mismatch', 'java-7u25', 'android-4.4-app ie-6-xp ie-8-xp ie-8-win7 dotnet-4.5-win7'],
    ]);
    assert.equal(rows[0]![0], true);
    let text = '';
    await runCli(['capture', file, '--side', 'northbound'], {
      stdout: (t) => (text += t),
      stderr: () => undefined,
      cwd: dir,
      isTTY: false,
    });
    assert.match(text, /Client: +matches Java 7u25 \(java-7u25\)/);
    assert.match(
      text,
      /Same way: +5 other clients of the table would fail: Android 4\.4 app[^\n]*\(the front door refuses TLSv1, so it requires a newer version\)/,
    );
  });
});
