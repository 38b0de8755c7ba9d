// `npm run bench -- clients`: the whole client simulation of one front door (every client of the table plus the
// server facts) on loopback, beside `testssl -c` (Debian's testssl.sh 3.0.8) against the same server; the agreement
// of the two on every client both model (connect or not; protocol and suite when both connect) over a varied set of
// front doors; and the simulation through the delaying relay at 50 ms RTT (round trips). Goals (issue 17): ≤ 1.5 s,
// ≥ 20x faster than testssl -c, ≥ 95 % agreement. testssl's results are compared, never used as data.
import { writeFrontDoorKeys } from '../probe/support/front-door-keys';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { trustFromPem } from '../../server/src/diagnosis/trust';
import { simulateClients, type ClientsReport } from '../../server/src/probe/clients/simulate';
import { CLIENT_PROFILES } from '../../server/src/tls/clients/table';
import { cipherSuiteByOpenSslName } from '../../server/src/tls/names';
import { testPki, type Pki } from '../probe/support/pki';
import { startDelayingRelay } from '../probe/support/relay';
import { certArgs, startOpenssl, startSniRequiredNginx, type RunningServer } from '../probe/support/servers';

const run$ = promisify(execFile);

/** testssl's client ids (its JSON `clientsimulation-…` keys) for the clients both tables hold. */
const TESTSSL_IDS: Record<string, string> = {
  android_60: 'android-6.0',
  android_70: 'android-7.0',
  android_81: 'android-8.1',
  android_90: 'android-9',
  android_X: 'android-10',
  android_11: 'android-11',
  android_12: 'android-12',
  chrome_79_win10: 'chrome-79-win10',
  chrome_101_win10: 'chrome-101-win10',
  firefox_66_win81: 'firefox-66-win81',
  firefox_100_win10: 'firefox-100-win10',
  ie_6_xp: 'ie-6-xp',
  ie_8_win7: 'ie-8-win7',
  ie_8_xp: 'ie-8-xp',
  ie_11_win7: 'ie-11-win7',
  ie_11_win81: 'ie-11-win81',
  ie_11_winphone81: 'ie-11-winphone81',
  ie_11_win10: 'ie-11-win10',
  edge_15_win10: 'edge-15-win10',
  edge_101_win10_21h2: 'edge-101-win10',
  safari_121_ios_122: 'safari-12.1-ios',
  safari_130_osx_10146: 'safari-13.0-macos',
  safari_154_osx_1231: 'safari-15.4-macos',
  java_7u25: 'java-7u25',
  java_8u161: 'java-8u161',
  java1102: 'java-11.0.2',
  java1703: 'java-17.0.3',
  go_1178: 'go-1.17.8',
  libressl_283: 'libressl-2.8.3',
  openssl_102e: 'openssl-1.0.2e',
  openssl_110l: 'openssl-1.1.0l',
  openssl_111d: 'openssl-1.1.1d',
  openssl_303: 'openssl-3.0.3',
  apple_mail_16_0: 'apple-mail-16.0',
  thunderbird_91_9: 'thunderbird-91.9',
};

/** "connect TLSv1.2 TLS_…" or "no": one verdict, comparable across the two tools. */
type Verdict = { ok: boolean; protocol?: string; cipher?: string };

const describe = (v: Verdict): string => (v.ok ? `${v.protocol} ${v.cipher}` : 'no');

function ours(report: ClientsReport): Map<string, Verdict> {
  return new Map(report.clients.map((c) => [c.id, c.ok ? { ok: true, protocol: c.protocol!, cipher: c.cipher! } : { ok: false }]));
}

async function testssl(port: number, dir: string): Promise<{ verdicts: Map<string, Verdict>; ms: number }> {
  const file = join(dir, `testssl-${port}.json`);
  rmSync(file, { force: true });
  const started = performance.now();
  await run$(
    'testssl',
    ['-c', '--jsonfile', file, '--ip', '127.0.0.1', '--warnings', 'off', '--quiet', '--color', '0', `localhost:${port}`],
    { timeout: 300_000 },
  ).catch(() => undefined);
  const ms = performance.now() - started;
  const verdicts = new Map<string, Verdict>();
  for (const entry of JSON.parse(readFileSync(file, 'utf8')) as { id: string; finding: string }[]) {
    const id = TESTSSL_IDS[entry.id.replace(/^clientsimulation-/, '')];
    if (id === undefined) continue;
    const m = /^(TLSv1(?:\.\d)?|SSLv3) (\S+)/.exec(entry.finding);
    if (m === null) verdicts.set(id, { ok: false });
    else
      verdicts.set(id, {
        ok: true,
        protocol: m[1] === 'TLSv1.0' ? 'TLSv1' : m[1]!,
        cipher: m[2]!.startsWith('TLS_') ? m[2]! : (cipherByOpenssl(m[2]!) ?? m[2]!),
      });
  }
  return { verdicts, ms };
}

/** testssl prints OpenSSL names for TLS ≤ 1.2 suites. */
function cipherByOpenssl(name: string): string | undefined {
  return cipherSuiteByOpenSslName(name)?.name;
}

export async function run(): Promise<void> {
  const pki = await testPki();
  const dir = mkdtempSync(join(tmpdir(), 'clients-bench-'));
  try {
    writeFrontDoorKeys(dir);
    const good = certArgs(pki, 'good');
    const doors: [string, () => Promise<RunningServer>][] = [
      ['default (TLS 1.2–1.3)', () => startOpenssl(good)],
      ['TLS 1.3 only', () => startOpenssl([...good, '-tls1_3'])],
      ['TLS 1.2 only', () => startOpenssl([...good, '-tls1_2'])],
      ['TLS 1.0 only', () => startOpenssl([...good, '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0'])],
      [
        'TLS 1.0–1.1 (ceiling 1.1)',
        () => startOpenssl([...good, '-min_protocol', 'TLSv1', '-max_protocol', 'TLSv1.1', '-cipher', 'DEFAULT@SECLEVEL=0']),
      ],
      [
        'TLS 1.1–1.2 (floor 1.1, ceiling 1.2)',
        () => startOpenssl([...good, '-min_protocol', 'TLSv1.1', '-max_protocol', 'TLSv1.2', '-cipher', 'DEFAULT@SECLEVEL=0']),
      ],
      ['TLS 1.3 only, one suite (ChaCha20)', () => startOpenssl([...good, '-tls1_3', '-ciphersuites', 'TLS_CHACHA20_POLY1305_SHA256'])],
      ['one legacy suite (AES128-SHA)', () => startOpenssl([...good, '-no_tls1_3', '-cipher', 'AES128-SHA:@SECLEVEL=0'])],
      [
        'seed: one high suite, TLS 1.0–1.2',
        () => startOpenssl([...good, '-no_tls1_3', '-cipher', 'ECDHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0']),
      ],
      ['RSA key exchange only', () => startOpenssl([...good, '-no_tls1_3', '-cipher', 'AES128-GCM-SHA256'])],
      [
        'DHE only, 1024-bit group',
        () =>
          startOpenssl([...good, '-no_tls1_3', '-cipher', 'DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0', '-dhparam', join(dir, 'dh1024.pem')]),
      ],
      ['DHE only, 2048-bit group', () => startOpenssl([...good, '-no_tls1_3', '-cipher', 'DHE-RSA-AES256-GCM-SHA384'])],
      ['ChaCha20 only', () => startOpenssl([...good, '-no_tls1_3', '-cipher', 'ECDHE-RSA-CHACHA20-POLY1305'])],
      [
        'ECDSA P-384, group secp384r1',
        () => startOpenssl(['-cert', join(dir, 'p384.crt'), '-key', join(dir, 'p384.key'), '-groups', 'secp384r1']),
      ],
      ['SNI required (nginx)', () => startSniRequiredNginx(pki)],
    ];
    const trust = trustFromPem([
      { name: 'root.crt', text: await pki.pem('root.crt') },
      { name: 'p384.crt', text: readFileSync(join(dir, 'p384.crt'), 'utf8') },
    ]);
    const simulate = (port: number): Promise<ClientsReport> =>
      simulateClients({
        host: 'localhost',
        port,
        sni: 'localhost',
        address: '127.0.0.1',
        trust,
        clients: CLIENT_PROFILES,
        timeoutMs: 10_000,
      });
    let both = 0;
    let agree = 0;
    let agreeOnConnect = 0;
    const disagreements = new Map<string, string[]>();
    console.log(
      `${'front door'.padEnd(36)} ${'ours ms'.padStart(8)} ${'testssl -c ms'.padStart(14)} ${'ratio'.padStart(6)} ${'agree'.padStart(8)}`,
    );
    for (const [label, start] of doors) {
      const server = await start();
      try {
        await simulate(server.port); // warm-up
        const t0 = performance.now();
        const report = await simulate(server.port);
        const oursMs = performance.now() - t0;
        const theirs = await testssl(server.port, dir);
        const mine = ours(report);
        let here = 0;
        let hereAgree = 0;
        for (const [id, v] of theirs.verdicts) {
          const o = mine.get(id);
          if (o === undefined) continue;
          here++;
          const same = o.ok === v.ok && (!o.ok || (o.protocol === v.protocol && o.cipher === v.cipher));
          if (same) hereAgree++;
          if (o.ok === v.ok) agreeOnConnect++;
          if (!same) {
            const list = disagreements.get(id) ?? [];
            list.push(`${o.ok === v.ok ? 'suite' : 'CONNECT'} ${label}: ours ${describe(o)}, testssl ${describe(v)}`);
            disagreements.set(id, list);
          }
        }
        both += here;
        agree += hereAgree;
        console.log(
          `${label.padEnd(36)} ${oursMs.toFixed(0).padStart(8)} ${theirs.ms.toFixed(0).padStart(14)} ${(theirs.ms / oursMs).toFixed(0).padStart(5)}x ${`${hereAgree}/${here}`.padStart(8)}`,
        );
      } finally {
        await server.stop();
      }
    }
    console.log(`agreement on connect or not: ${agreeOnConnect}/${both} = ${((100 * agreeOnConnect) / both).toFixed(1)} %`);
    console.log(
      `agreement with testssl -c: ${agree}/${both} = ${((100 * agree) / both).toFixed(1)} % (connect or not; protocol and suite when both connect)`,
    );
    console.log('disagreements per client (CONNECT: one connects, the other not; suite: both connect, protocol or suite differ):');
    for (const [id, list] of [...disagreements].sort(([a], [b]) => a.localeCompare(b))) {
      console.log(`  ${id} (${list.length})`);
      for (const d of list) console.log(`    ${d}`);
    }
    await throughRelay(pki, simulate);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Through a relay delaying each direction by 25 ms: elapsed time in round trips (connections run 8 at a time). */
async function throughRelay(pki: Pki, simulate: (port: number) => Promise<ClientsReport>): Promise<void> {
  const DELAY_MS = 25;
  const backends = await Promise.all(Array.from({ length: 8 }, () => startOpenssl(certArgs(pki, 'good'))));
  const relay = await startDelayingRelay(
    backends.map((b) => b.port),
    DELAY_MS,
  );
  try {
    const report = await simulate(relay.port);
    const rtt = 2 * DELAY_MS;
    console.log(
      `through the relay at ${rtt} ms RTT (8 s_servers behind it): ${report.elapsedMs} ms = ${(report.elapsedMs / rtt).toFixed(1)} round trips for ${report.connections.total} handshakes (at most ${report.connections.peak} at once); a real network adds one per sequential connection`,
    );
  } finally {
    await relay.stop();
    await Promise.all(backends.map((b) => b.stop()));
  }
}
