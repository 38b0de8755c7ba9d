// `npm run bench -- diagnose-all`: "Diagnose all" on an environment of 50 TargetServers on loopback (an
// openssl s_server each, a generated workspace whose truststore holds the test root), through the language
// server's ProbeService as the view runs it, against the slowest single diagnosis of the same servers. Goal
// (issue 7): within 2x. Then the same plan through mapPool at other pool sizes, to show what the bound costs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadWorkspace } from '../../server/src/workspace/load';
import { ProbeService, type ProbeRunSettings } from '../../server/src/lsp/probe-service';
import { planFile } from '../../server/src/probe/plan-workspace';
import { mapPool, PROBE_POOL_SIZE } from '../../server/src/probe/pool';
import { runPlanned } from '../../server/src/probe/run-planned';
import { testPki } from '../probe/support/pki';
import { certArgs, startOpenssl, type RunningServer } from '../probe/support/servers';

const SERVERS = 50;
const RUNS = 3;
const ENV = 'bench';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await run();
  return [performance.now() - start, value];
}

function writeProject(root: string, ports: readonly number[], rootCa: string): string {
  const files: Record<string, string> = {
    'pom.xml': '<project/>',
    'root.crt': rootCa,
    [`resources/edge/env/${ENV}/targetServers.json`]: JSON.stringify(
      ports.map((port, i) => ({
        name: `ts${i}`,
        host: `ts${i}.probe.test`,
        port,
        isEnabled: true,
        sSLInfo: { enabled: 'true', trustStore: 'ref://trust' },
      })),
    ),
    [`resources/edge/env/${ENV}/references.json`]: JSON.stringify([{ name: 'trust', refers: 'truststore', resourceType: 'KeyStore' }]),
    [`resources/edge/env/${ENV}/keystores.json`]: JSON.stringify([{ name: 'truststore' }]),
    [`resources/edge/env/${ENV}/aliases.json`]: JSON.stringify([
      { alias: 'root', keystorename: 'truststore', format: 'keycertfile', certFilePath: 'root.crt' },
    ]),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return join(root, `resources/edge/env/${ENV}/targetServers.json`);
}

export async function run(): Promise<void> {
  const pki = await testPki();
  const servers: RunningServer[] = await Promise.all(Array.from({ length: SERVERS }, () => startOpenssl(certArgs(pki, 'good'))));
  const root = mkdtempSync(join(tmpdir(), 'apigee-tls-diagnose-all-'));
  try {
    const file = writeProject(
      root,
      servers.map((s) => s.port),
      await pki.pem('root.crt'),
    );
    const ws = loadWorkspace([root]);
    const settings: ProbeRunSettings = {
      profile: 'apigeex',
      sniOff: false,
      timeoutMs: 10_000,
      resolve: new Map(servers.map((s, i) => [`ts${i}.probe.test:${s.port}`, '127.0.0.1'])),
      given: { trust: undefined, clientCertificate: undefined, explicit: false },
    };
    const probes = new ProbeService({
      documentFor: (path) => TextDocument.create(pathToFileURL(path).href, 'json', 0, ws.facts(path)?.text ?? ''),
      roots: () => [root],
      trusted: () => true,
      settingsFor: async () => settings,
      changed: () => undefined,
      workspace: () => ws,
    });
    const signal = new AbortController().signal;
    const { connections } = await probes.connections({ envs: [ENV] });
    if (connections.length !== SERVERS) throw new Error(`expected ${SERVERS} connections, planned ${connections.length}`);

    // Warm-up (module loading, first handshakes), then each server alone, one after another.
    await probes.diagnose({ ids: [connections[0]!.id] }, signal);
    const singles: number[] = [];
    for (const c of connections) {
      const [ms, result] = await timed(() => probes.diagnose({ ids: [c.id] }, signal));
      if (result.items[0]?.ok !== true) throw new Error(`${c.server}: ${result.items[0]?.summary ?? 'no result'}`);
      singles.push(ms);
    }
    const slowest = Math.max(...singles);
    const alls: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const before = process.cpuUsage();
      const [ms, result] = await timed(() => probes.diagnose({ envs: [ENV] }, signal));
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
      const ok = result.items.filter((item) => item.ok === true).length;
      if (ok !== SERVERS) throw new Error(`Diagnose all: ${ok} of ${SERVERS} OK`);
      alls.push(ms);
    }
    const all = median(alls);
    console.log(`${SERVERS} TargetServers on loopback, one openssl s_server each; the workspace truststore holds the root`);
    console.log(`single diagnoses: median ${median(singles).toFixed(0)} ms, slowest ${slowest.toFixed(0)} ms`);
    console.log(
      `Diagnose all (ProbeService, pool ${PROBE_POOL_SIZE}): median of ${RUNS} ${all.toFixed(0)} ms = ${(all / slowest).toFixed(1)}x the slowest single (goal ≤ 2x)`,
    );
    // Loopback has no latency to overlap: what parallel probes cannot share is the CPU (this process's, and the
    // s_servers' on the same machine).
    console.log(
      `  this process's CPU during it: ${median(cpu).toFixed(0)} ms (${((100 * median(cpu)) / all).toFixed(0)}% of the wall time), ${(median(cpu) / SERVERS).toFixed(1)} ms per diagnosis; ${availableParallelism()} CPUs`,
    );

    // The same plan at other pool sizes: what the bound of PROBE_POOL_SIZE costs here.
    const planned = planFile(ws, file, { ...settings, trusted: true });
    console.log(`${'pool'.padStart(5)} ${'ms'.padStart(7)} ${'x slowest'.padStart(10)}`);
    for (const size of [1, 4, 8, PROBE_POOL_SIZE, SERVERS]) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++)
        times.push((await timed(() => mapPool(planned, size, (p) => runPlanned(p, settings.given, { ...settings, signal }))))[0]);
      console.log(
        `${String(size).padStart(5)} ${median(times).toFixed(0).padStart(7)} ${`${(median(times) / slowest).toFixed(1)}x`.padStart(10)}`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
    await Promise.all(servers.map((s) => s.stop()));
  }
}
