// `probe --bundle <dir>`: every TLS connection of the bundle, per environment of its project, LoadBalancer
// targets per TargetServer; trust anchors and client certificate from the workspace unless --ca/--client-cert.
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { diagnosisJson } from '../diagnosis/report-json';
import { workspaceFiles } from '../workspace/files';
import { overrideFilesAbove, ProfileResolver, profileReader } from '../workspace/profile';
import { profileChooser } from '../settings/profile';
import { formatDiagnosisText } from '../diagnosis/report-text';
import { planBundleFile, type PlannedProbe } from '../probe/plan-workspace';
import { backendOf, mapPool, PROBE_POOL_SIZE } from '../probe/pool';
import { runPlanned, type PlannedResult } from '../probe/run-planned';
import { isInside } from '../workspace/paths';
import type { EnvIndex, Workspace } from '../workspace/workspace';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from './io';
import type { ProbeOptions } from './probe-args';
import { rerunCommand } from './probe-rerun';
import { isDirectory, loadWorkspace, projectRootOf } from '../workspace/load';
import { repositoryOf } from '../workspace/project';

/** The environments defined by the files under `config` (a folder, or one file). */
function environmentsUnder(ws: Workspace, config: string, only: ReadonlySet<string> | undefined): EnvIndex[] {
  const projects = new Set<string>();
  for (const facts of ws.allFacts())
    if (facts.envs.length + facts.entities.length > 0 && isInside(config, facts.path)) projects.add(ws.projectOf(facts.path) ?? '');
  return ws.allEnvironments().filter((e) => projects.has(e.project) && (only === undefined || only.has(e.env)));
}

function planBundle(options: ProbeOptions, cwd: string): { ws: Workspace; probes: PlannedProbe[]; root: string } {
  const bundle = resolve(cwd, options.bundle!);
  if (!isDirectory(bundle)) throw new UsageError(`probe: --bundle '${options.bundle}' is not a directory`);
  const config = options.config === undefined ? undefined : resolve(cwd, options.config);
  if (config !== undefined && !existsSync(config)) throw new UsageError(`probe: --env-config '${options.config}' does not exist`);
  const root = projectRootOf(bundle, isInside(cwd, bundle) ? cwd : repositoryOf(bundle)) ?? bundle;
  const configRoot = config === undefined ? undefined : isDirectory(config) ? config : dirname(config);
  const ws = loadWorkspace(configRoot === undefined || isInside(root, configRoot) ? [root] : [root, configRoot]);
  const only = options.envs.length === 0 ? undefined : new Set(options.envs);
  const known = new Set(ws.allEnvironments().map((e) => e.env));
  for (const env of options.envs)
    if (!known.has(env)) throw new UsageError(`probe: no environment '${env}' in the configuration of '${options.bundle}'`);
  const files = [...ws.allFacts()].filter((f) => f.role.kind === 'bundle-xml' && isInside(bundle, f.path)).map((f) => f.path);
  // Each connection is judged as `lint` judges its bundle (or as --profile says).
  const read = workspaceFiles({ roots: ws.roots });
  const resolver = new ProfileResolver(profileReader(read), { roots: ws.roots, overrideAbove: overrideFilesAbove() });
  const planOptions = {
    profileOf: profileChooser(options.profile, (path) => resolver.decisionFor(path), `--profile ${options.profile}`),
    sniOff: options.sni === null,
    trusted: true,
    envs: only,
    resolve: options.resolve,
    runtimeProxy: options.runtimeProxy,
    ...(config === undefined ? {} : { environmentsOf: () => environmentsUnder(ws, config, only) }),
  };
  const probes = files
    .flatMap((file) => planBundleFile(ws, file, planOptions))
    .filter((p) => options.targetName === undefined || p.owner === options.targetName || p.server === options.targetName);
  if (probes.length === 0) {
    const which = options.targetName === undefined ? 'no TargetEndpoint or ServiceCallout' : `no target named '${options.targetName}'`;
    throw new UsageError(`probe: ${which} in '${options.bundle}'`);
  }
  return { ws, probes, root };
}

function jsonOf(r: PlannedResult, cwd: string): object {
  const p = r.probe;
  return {
    file: relative(cwd, p.sites[0]!.file),
    kind: p.kind,
    name: p.owner,
    env: p.env ?? null,
    server: p.server ?? null,
    diagnosis: r.diagnosis === undefined ? null : diagnosisJson(r.diagnosis, p.runtime),
    notProbeable: p.plan.probeable ? null : p.plan.reason,
    trust: r.material?.trustSource ?? null,
    clientCertificate: r.material?.clientCertificateSource ?? null,
    notes: p.notes,
  };
}

function textOf(r: PlannedResult, cwd: string, color: boolean): string {
  const p = r.probe;
  const where = [p.server === undefined ? '' : ` · TargetServer '${p.server}'`, p.env === undefined ? '' : ` · env ${p.env}`].join('');
  const head = `── ${relative(cwd, p.sites[0]!.file)} · ${p.kind} '${p.owner}'${where}\n`;
  if (r.diagnosis === undefined) return `${head}not probeable: ${p.plan.probeable ? '' : p.plan.reason}\n\n`;
  const material = [
    `trust anchors: ${r.material!.trustSource}`,
    ...(r.material!.clientCertificateSource === null ? [] : [`client certificate: ${r.material!.clientCertificateSource}`]),
    ...p.notes.map((n) => `note: ${n}`),
  ];
  return `${head}${material.join('\n')}\n${formatDiagnosisText(r.diagnosis, { color, judgedAs: p.runtime })}\n`;
}

export async function runBundle(options: ProbeOptions, io: CliIO): Promise<number> {
  const { ws, probes } = planBundle(options, io.cwd);
  const given = { trust: options.trust, clientCertificate: options.clientCertificate, explicit: true };
  // Elsewhere, the same command narrowed to the one connection (its environment and target).
  const rerun = (p: PlannedProbe): string =>
    rerunCommand(options.args, {
      ...(p.env === undefined ? {} : { env: p.env }),
      ...(options.targetName === undefined ? { target: p.server ?? p.owner } : {}),
    });
  const results = await mapPool(probes, PROBE_POOL_SIZE, (probe) => runPlanned(probe, given, { ...options, rerun }, ws), backendOf);
  if (options.format === 'json')
    io.stdout(
      JSON.stringify(
        results.map((r) => jsonOf(r, io.cwd)),
        null,
        2,
      ) + '\n',
    );
  else for (const r of results) io.stdout(textOf(r, io.cwd, io.isTTY));
  return bundleExit(results, io);
}

/**
 * 1 when a probed connection failed; 2 when none could be probed (every one skipped: a CI job must not read "all
 * handshakes succeed" from a run that dialled nothing), with one line on stderr saying why; 0 otherwise.
 */
function bundleExit(results: readonly PlannedResult[], io: CliIO): number {
  if (results.some((r) => r.diagnosis?.ok === false)) return EXIT_FINDINGS;
  if (results.some((r) => r.diagnosis !== undefined)) return EXIT_OK;
  const reasons = [...new Set(results.map((r) => (r.probe.plan.probeable ? '' : r.probe.plan.reason)))];
  const why = reasons.length === 1 ? reasons[0] : `${reasons[0]} (and ${reasons.length - 1} other reason${reasons.length > 2 ? 's' : ''})`;
  io.stderr(
    `apigee-tls-lint: probe: nothing could be probed: ${results.length} connection${results.length === 1 ? '' : 's'} skipped; ${why}\n`,
  );
  return EXIT_USAGE;
}
