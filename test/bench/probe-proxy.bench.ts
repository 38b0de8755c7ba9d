// `npm run bench -- probe-proxy`: the diagnosis through a real forward proxy (tinyproxy) against the same diagnosis
// direct. The proxy sits behind a relay delaying each direction by 25 ms, where the backend is, so that both paths
// cross the same slow link: a CONNECT tunnel costs one round trip to the proxy before each connection's ClientHello,
// and the connections go in parallel. Goal (issue 19): at most one round trip more than direct.
import { parseProxyUrl, type ProxyRoute } from '../../server/src/probe/proxy';
import { diagnose } from '../../server/src/probe/diagnose';
import { testPki } from '../probe/support/pki';
import { startTinyproxy } from '../probe/support/proxies';
import { startDelayingRelay } from '../probe/support/relay';
import { localRequest } from '../probe/support/requests';
import { certArgs, startOpenssl } from '../probe/support/servers';
import { medianOfRuns } from './stats';

const DELAY_MS = 25;
const RUNS = 9;
/** openssl s_server serves one connection at a time: a pool stands for one backend (see probe.bench.ts). */
const POOL = 12;

export async function run(): Promise<void> {
  const pki = await testPki();
  const clientAuth = ['-Verify', '1', '-verify_return_error', '-CAfile', pki.path('root.crt')];
  const cases: Array<[string, string, string[]]> = [
    ['healthy', 'ok', certArgs(pki, 'good')],
    ['protocol mismatch (TLS 1.0 only)', 'protocol-mismatch', [...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']],
    ['client certificate required, TLS 1.3', 'client-certificate-required', [...certArgs(pki, 'good'), ...clientAuth]],
  ];
  const rtt = 2 * DELAY_MS;
  console.log(
    `probe through tinyproxy vs direct, ${DELAY_MS} ms each way between the probe and both (${rtt} ms round trip), median of ${RUNS}`,
  );
  console.log(
    `${'server'.padEnd(40)} ${'verdict'.padEnd(28)} ${'direct ms'.padStart(10)} ${'proxied ms'.padStart(11)} ${'extra round trips'.padStart(18)}`,
  );
  for (const [label, expected, args] of cases) {
    const pool = await Promise.all(Array.from({ length: POOL }, () => startOpenssl(args)));
    const backend = await startDelayingRelay(
      pool.map((p) => p.port),
      0,
    );
    const direct = await startDelayingRelay([backend.port], DELAY_MS);
    const proxy = await startTinyproxy();
    const toProxy = await startDelayingRelay([proxy.port], DELAY_MS);
    try {
      const route = parseProxyUrl(`http://127.0.0.1:${toProxy.port}`) as ProxyRoute;
      const directRequest = await localRequest(pki, direct.port);
      // Through the proxy the tunnel's far end is the backend itself (the proxy's leg is loopback).
      const proxiedRequest = await localRequest(pki, backend.port, { proxy: { proxy: route } });
      const verdicts = await Promise.all(
        [directRequest, proxiedRequest].map((r) => diagnose(r).then((d) => (d.ok ? 'ok' : d.causes[0]!.code))),
      );
      if (verdicts.some((v) => v !== expected)) throw new Error(`${label}: expected ${expected}, the probe said ${verdicts.join(' / ')}`);
      const directMs = await medianOfRuns(RUNS, () => diagnose(directRequest));
      const proxiedMs = await medianOfRuns(RUNS, () => diagnose(proxiedRequest));
      console.log(
        `${label.padEnd(40)} ${expected.padEnd(28)} ${directMs.toFixed(0).padStart(10)} ${proxiedMs.toFixed(0).padStart(11)} ${((proxiedMs - directMs) / rtt).toFixed(2).padStart(18)}`,
      );
    } finally {
      await Promise.all([toProxy.stop(), direct.stop(), backend.stop()]);
      await proxy.stop();
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
