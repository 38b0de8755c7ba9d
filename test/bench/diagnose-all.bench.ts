// `npm run bench -- diagnose-all`: "Diagnose all" on an environment of 50 TargetServers (one nginx serving 50
// ports on loopback, a generated workspace whose truststore holds the test root), through the language server's
// ProbeService as the view runs it, against the slowest single diagnosis of the same servers. Goal (issue 7):
// within 2x. Then the same plan through mapPool at other pool sizes, to show what the bound costs. Plain loopback
// first, then through relays (in a child process) that add a round-trip time: parallel probes overlap waiting,
// and on loopback there is none, only CPU (this process's and nginx's, on the same CPUs).
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
import { processTreeCpuMs } from '../probe/support/process-cpu';
import { startRelaysInChild, type ChildRelays } from '../probe/support/relays-in-child';
import { startNginxBackends } from '../probe/support/servers';

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

interface Scenario {
  label: string;
  /** The TargetServers' ports: the servers' own, or relays in front of them. */
  ports: number[];
  /** The processes serving them (nginx, the relays), whose CPU shares this machine's with the probe. */
  servingPids: number[];
}

interface Measured {
  singleMedian: number;
  slowest: number;
  all: number;
  cpuPerDiagnosis: number;
  /** CPU of the serving processes during Diagnose all (undefined without /proc). */
  servingCpu: number | undefined;
  pools: Map<number, number>;
}

/** The singles one after another, then "Diagnose all" through the ProbeService, then the plan at other pool sizes. */
async function measure(pki: Awaited<ReturnType<typeof testPki>>, scenario: Scenario, pools: readonly number[]): Promise<Measured> {
  const root = mkdtempSync(join(tmpdir(), 'apigee-tls-diagnose-all-'));
  try {
    const file = writeProject(root, scenario.ports, await pki.pem('root.crt'));
    const ws = loadWorkspace([root]);
    const settings: ProbeRunSettings = {
      profile: 'apigeex',
      sniOff: false,
      timeoutMs: 10_000,
      resolve: new Map(scenario.ports.map((port, i) => [`ts${i}.probe.test:${port}`, '127.0.0.1'])),
      given: async () => ({ trust: undefined, clientCertificate: undefined, explicit: false }),
    };
    const probes = new ProbeService({
      documentFor: (path) => TextDocument.create(pathToFileURL(path).href, 'json', 0, ws.facts(path)?.text ?? ''),
      roots: () => [root],
      trusted: () => true,
      settingsFor: async () => settings,
      changed: () => undefined,
      profileOf: () => {
        throw new Error('the profile is set: nothing is inferred');
      },
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
    const alls: number[] = [];
    const cpu: number[] = [];
    const servingCpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const before = process.cpuUsage();
      const servingBefore = processTreeCpuMs(scenario.servingPids);
      const [ms, result] = await timed(() => probes.diagnose({ envs: [ENV] }, signal));
      const used = process.cpuUsage(before);
      const servingAfter = processTreeCpuMs(scenario.servingPids);
      cpu.push((used.user + used.system) / 1000);
      if (servingBefore !== undefined && servingAfter !== undefined) servingCpu.push(servingAfter - servingBefore);
      const ok = result.items.filter((item) => item.ok === true).length;
      if (ok !== SERVERS) throw new Error(`Diagnose all (${scenario.label}): ${ok} of ${SERVERS} OK`);
      alls.push(ms);
    }
    // The same plan at other pool sizes: what the bound of PROBE_POOL_SIZE costs here.
    const planned = planFile(ws, file, { ...settings, trusted: true, profileOf: () => ({ profile: 'apigeex', why: 'bench' }) });
    const byPool = new Map<number, number>();
    for (const size of pools) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++)
        times.push(
          (await timed(() => mapPool(planned, size, async (p) => runPlanned(p, await settings.given(), { ...settings, signal }, ws))))[0],
        );
      byPool.set(size, median(times));
    }
    return {
      singleMedian: median(singles),
      slowest: Math.max(...singles),
      all: median(alls),
      cpuPerDiagnosis: median(cpu) / SERVERS,
      servingCpu: servingCpu.length === RUNS ? median(servingCpu) : undefined,
      pools: byPool,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** One-way delays of the relays: none (plain loopback), then networks a backend is commonly behind. */
const DELAYS_MS = [0, 5, 12.5, 25, 50];
const POOLS = [...new Set([1, 8, 16, PROBE_POOL_SIZE, SERVERS])].sort((a, b) => a - b);

export async function run(): Promise<void> {
  const pki = await testPki();
  const backends = await startNginxBackends(pki, SERVERS);
  const relays: ChildRelays[] = [];
  try {
    console.log(
      `${SERVERS} TargetServers, served by one nginx on loopback (a worker per CPU), the workspace truststore holding the root; ` +
        `relays in a child process add the round-trip time (RTT; the TCP handshake itself is not delayed). ${availableParallelism()} CPUs.`,
    );
    console.log(
      `Diagnose all = the ProbeService as the view runs it (pool ${PROBE_POOL_SIZE}), median of ${RUNS}; goal (issue 7): ≤ 2x the slowest single.`,
    );
    const header = [
      'RTT ms',
      'single p50',
      'slowest',
      'all',
      'x slowest',
      'CPU/diag',
      'serving',
      'CPU floor',
      ...POOLS.map((p) => `pool ${p}`),
    ];
    console.log(header.map((h) => h.padStart(10)).join(' '));
    for (const delay of DELAYS_MS) {
      let ports = backends.ports;
      if (delay > 0) {
        const child = await startRelaysInChild(ports, delay);
        relays.push(child);
        ports = child.ports;
      }
      const servingPids = [backends.pid, ...relays.map((r) => r.pid)];
      const m = await measure(pki, { label: `RTT ${2 * delay} ms`, ports, servingPids }, POOLS);
      const x = (ms: number): string => `${(ms / m.slowest).toFixed(1)}x`;
      // No schedule finishes before every process involved has had its CPU time on this machine's CPUs.
      const floor = m.servingCpu === undefined ? undefined : (m.cpuPerDiagnosis * SERVERS + m.servingCpu) / availableParallelism();
      const row = [
        String(2 * delay),
        m.singleMedian.toFixed(0),
        m.slowest.toFixed(0),
        m.all.toFixed(0),
        x(m.all),
        m.cpuPerDiagnosis.toFixed(1),
        m.servingCpu?.toFixed(0) ?? '?',
        floor === undefined ? '?' : `${floor.toFixed(0)} ${x(floor)}`,
        ...POOLS.map((p) => `${m.pools.get(p)!.toFixed(0)} ${x(m.pools.get(p)!)}`),
      ];
      console.log(row.map((c) => c.padStart(10)).join(' '));
      if (delay > 0) await relays.pop()!.stop();
    }
    console.log(
      "CPU/diag: this process's CPU time during Diagnose all, per diagnosis (ms); serving: nginx's and the relays' CPU " +
        `during it (ms); CPU floor: (this process's + serving) / ${availableParallelism()} CPUs, the least time any schedule can take here.`,
    );
  } finally {
    await Promise.all(relays.map((r) => r.stop()));
    await backends.stop();
  }
}
