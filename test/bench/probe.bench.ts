// `npm run bench`: median time to a full diagnosis on loopback for a healthy, a protocol-mismatch and a
// cipher-mismatch server, beside sslscan on the same servers. Target (issue 3): ≤ 300 ms and ≥ 5x faster.
// Then the same through a relay delaying each direction by 25 ms: round trips per verdict (issue 9: at most 3,
// and the CLI process at least 20x faster than sslscan through the same relay).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { diagnose } from '../../server/src/probe/diagnose';
import { testPki } from '../probe/support/pki';
import { localRequest } from '../probe/support/requests';
import { startDelayingRelay } from '../probe/support/relay';
import { certArgs, startOpenssl, type RunningServer } from '../probe/support/servers';
import { medianOfRuns } from './stats';

const run$ = promisify(execFile);
const PROBE_RUNS = 21;
const SSLSCAN_RUNS = 5;

const timeRuns = medianOfRuns;

export async function run(): Promise<void> {
  const pki = await testPki();
  const servers: [string, string, RunningServer][] = [
    ['healthy', 'ok', await startOpenssl(certArgs(pki, 'good'))],
    [
      'protocol mismatch (TLS 1.0 only)',
      'protocol-mismatch',
      await startOpenssl([...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']),
    ],
    [
      'cipher mismatch (CAMELLIA256-SHA only)',
      'cipher-mismatch',
      await startOpenssl([...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'CAMELLIA256-SHA']),
    ],
  ];
  try {
    // sslscan colours its version line; the escape sequences are dropped.
    const sslscanVersion = (await run$('sslscan', ['--version'])).stdout
      .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')
      .trim()
      .split('\n')[0];
    console.log(`probe: median of ${PROBE_RUNS} diagnoses; sslscan ${sslscanVersion}: median of ${SSLSCAN_RUNS} default scans`);
    console.log(
      `${'server'.padEnd(40)} ${'verdict'.padEnd(18)} ${'probe ms'.padStart(9)} ${'sslscan ms'.padStart(11)} ${'ratio'.padStart(7)}`,
    );
    for (const [label, expected, server] of servers) {
      const request = await localRequest(pki, server.port);
      const verdict = await diagnose(request).then((d) => (d.ok ? 'ok' : d.causes[0]!.code));
      if (verdict !== expected) throw new Error(`${label}: expected ${expected}, the probe said ${verdict}`);
      const probe = await timeRuns(PROBE_RUNS, () => diagnose(request));
      const sslscan = await timeRuns(SSLSCAN_RUNS, () =>
        run$('sslscan', ['--no-colour', '--sni-name=localhost', `127.0.0.1:${server.port}`]),
      );
      console.log(
        `${label.padEnd(40)} ${verdict.padEnd(18)} ${probe.toFixed(1).padStart(9)} ${sslscan.toFixed(0).padStart(11)} ${`${(sslscan / probe).toFixed(0)}x`.padStart(7)}`,
      );
    }
    // What a person at a terminal waits for: Node start-up, loading the bundle, the diagnosis.
    const bin = join(__dirname, '..', '..', 'bin', 'apigee-tls-lint');
    const healthy = servers[0]![2].port;
    const args = ['probe', `localhost:${healthy}`, '--resolve', `localhost:${healthy}:127.0.0.1`, '--ca', pki.path('root.crt')];
    const cold = await timeRuns(SSLSCAN_RUNS, () => run$(bin, args));
    console.log(`bin/apigee-tls-lint probe (healthy, a fresh Node process each run, dist/cli.js as built): ${cold.toFixed(0)} ms`);
  } finally {
    await Promise.all(servers.map(([, , s]) => s.stop()));
  }
  await throughRelay();
}

const DELAY_MS = 25;
const RELAY_RUNS = 9;
/**
 * openssl s_server answers one connection at a time; a backend answers the probe's connections in parallel. More
 * servers than a diagnosis opens connections (up to nine: seven hellos, two held handshakes), so that none waits.
 */
const POOL = 12;

/** Round trips per verdict through the delaying relay, then sslscan and the CLI process through it. */
async function throughRelay(): Promise<void> {
  const pki = await testPki();
  const clientAuth = ['-Verify', '1', '-verify_return_error', '-CAfile', pki.path('root.crt')];
  const cases: Array<[string, string, string[]]> = [
    ['healthy', 'ok', certArgs(pki, 'good')],
    ['protocol mismatch (TLS 1.0 only)', 'protocol-mismatch', [...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']],
    ['cipher mismatch (CAMELLIA256-SHA only)', 'cipher-mismatch', [...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'CAMELLIA256-SHA']],
    ['HelloRetryRequest (P-384 only)', 'ok', [...certArgs(pki, 'good'), '-groups', 'P-384']],
    ['client certificate required, TLS 1.3', 'client-certificate-required', [...certArgs(pki, 'good'), ...clientAuth]],
    ['client certificate required, TLS 1.2', 'client-certificate-required', [...certArgs(pki, 'good'), ...clientAuth, '-no_tls1_3']],
  ];
  const rtt = 2 * DELAY_MS;
  console.log(
    `\nthrough a relay delaying each direction by ${DELAY_MS} ms (${rtt} ms round trip), ${POOL} s_servers behind it, median of ${RELAY_RUNS};`,
  );
  console.log('a userland relay cannot delay the TCP handshake: a real network adds one round trip (the last column)');
  console.log(
    `${'server'.padEnd(40)} ${'verdict'.padEnd(28)} ${'probe ms'.padStart(9)} ${'round trips'.padStart(12)} ${'+ connect'.padStart(10)}`,
  );
  for (const [label, expected, args] of cases) {
    const pool = await Promise.all(Array.from({ length: POOL }, () => startOpenssl(args)));
    const relay = await startDelayingRelay(
      pool.map((p) => p.port),
      DELAY_MS,
    );
    try {
      const request = await localRequest(pki, relay.port);
      const verdict = await diagnose(request).then((d) => (d.ok ? 'ok' : d.causes[0]!.code));
      if (verdict !== expected) throw new Error(`${label}: expected ${expected}, the probe said ${verdict}`);
      const probe = await timeRuns(RELAY_RUNS, () => diagnose(request));
      console.log(
        `${label.padEnd(40)} ${verdict.padEnd(28)} ${probe.toFixed(0).padStart(9)} ${(probe / rtt).toFixed(1).padStart(12)} ${(probe / rtt + 1).toFixed(1).padStart(10)}`,
      );
      if (label === 'healthy') {
        const sslscan = await timeRuns(1, () => run$('sslscan', ['--no-colour', '--sni-name=localhost', `127.0.0.1:${relay.port}`]));
        const bin = join(__dirname, '..', '..', 'bin', 'apigee-tls-lint');
        const args = ['probe', `localhost:${relay.port}`, '--resolve', `localhost:${relay.port}:127.0.0.1`, '--ca', pki.path('root.crt')];
        const cli = await timeRuns(SSLSCAN_RUNS, () => run$(bin, args));
        console.log(
          `  sslscan through the relay: ${sslscan.toFixed(0)} ms; bin/apigee-tls-lint probe (a fresh Node process): ${cli.toFixed(0)} ms, ${(sslscan / cli).toFixed(0)}x faster`,
        );
      }
    } finally {
      await relay.stop();
      await Promise.all(pool.map((p) => p.stop()));
    }
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
