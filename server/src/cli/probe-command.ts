// `apigee-tls-lint probe`: a live diagnosis of the TLS handshake Apigee would make with a backend.
import { readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { relative, resolve } from 'node:path';
import { findConnections } from '../lint/connection';
import { parseXml } from '../lint/xml/document';
import { defaultOffer, effectiveCiphers } from '../tls/java';
import { diagnose } from '../probe/diagnose';
import { completeRequest, planConnection, type ConnectionPlan, type SslInfoRequest } from '../probe/from-sslinfo';
import { diagnosisJson } from '../diagnosis/report-json';
import { formatDiagnosisText } from '../diagnosis/report-text';
import type { Diagnosis } from '../probe/types';
import { discoverFiles } from './discover';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from './io';
import { parseProbeArgs, PROBE_USAGE, type ProbeOptions } from './probe-args';

const DIRECT_POLICY = {
  fatal: true,
  reason: 'a direct probe treats certificate errors as fatal, as SSLInfo without IgnoreValidationErrors does',
};

/** The request for `probe <url | host:port>`: flags, else what the profile offers. */
function directRequest(options: ProbeOptions, target: { host: string; port: number }): SslInfoRequest {
  const offer = defaultOffer(options.profile);
  const protocols = options.protocols ?? offer.protocols;
  return {
    ...target,
    sni: options.sni === undefined ? (isIP(target.host) ? null : target.host) : options.sni,
    protocols,
    ciphers: options.ciphers === undefined ? offer.ciphers : effectiveCiphers(options.profile, protocols, options.ciphers),
    certificatePolicy: DIRECT_POLICY,
    profile: options.profile,
    clientAuthEnabled: options.clientCertificate !== undefined,
  };
}

interface BundleTarget {
  file: string;
  kind: string;
  name: string;
  plan: ConnectionPlan;
}

function bundleTargets(options: ProbeOptions, cwd: string): BundleTarget[] {
  const dir = resolve(cwd, options.bundle!);
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
  } catch {
    throw new UsageError(`probe: --bundle '${options.bundle}' is not a directory`);
  }
  const targets: BundleTarget[] = [];
  for (const file of discoverFiles([dir], cwd).filter((f) => f.toLowerCase().endsWith('.xml'))) {
    for (const connection of findConnections(parseXml(readFileSync(file, 'utf8')))) {
      const name = connection.ownerName ?? '(unnamed)';
      if (options.targetName !== undefined && name !== options.targetName) continue;
      const plan = planConnection(connection, { profile: options.profile, sniOff: options.sni === null });
      targets.push({ file: relative(cwd, file), kind: connection.kind, name, plan });
    }
  }
  if (targets.length === 0) {
    const which = options.targetName === undefined ? 'no TargetEndpoint or ServiceCallout' : `no target named '${options.targetName}'`;
    throw new UsageError(`probe: ${which} in '${options.bundle}'`);
  }
  return targets;
}

async function runBundle(options: ProbeOptions, io: CliIO): Promise<number> {
  const targets = bundleTargets(options, io.cwd);
  const results = await Promise.all(
    targets.map(async (t) => ({
      ...t,
      diagnosis: t.plan.probeable ? await diagnose(completeRequest(t.plan.request, options)) : undefined,
    })),
  );
  if (options.format === 'json') {
    const json = results.map((r) => ({
      file: r.file,
      kind: r.kind,
      name: r.name,
      diagnosis: r.diagnosis === undefined ? null : diagnosisJson(r.diagnosis),
      notProbeable: r.plan.probeable ? null : r.plan.reason,
    }));
    io.stdout(JSON.stringify(json, null, 2) + '\n');
  } else {
    for (const r of results) {
      io.stdout(`── ${r.file} · ${r.kind} '${r.name}'\n`);
      io.stdout(r.plan.probeable ? formatDiagnosisText(r.diagnosis!, { color: io.isTTY }) + '\n' : `not probeable: ${r.plan.reason}\n\n`);
    }
  }
  return results.some((r) => r.diagnosis?.ok === false) ? EXIT_FINDINGS : EXIT_OK;
}

function print(diagnosis: Diagnosis, options: ProbeOptions, io: CliIO): void {
  io.stdout(
    options.format === 'json'
      ? JSON.stringify(diagnosisJson(diagnosis), null, 2) + '\n'
      : formatDiagnosisText(diagnosis, { color: io.isTTY }),
  );
}

export async function runProbeCommand(argv: string[], io: CliIO): Promise<number> {
  const options = await parseProbeArgs(argv, io.cwd);
  if (options.help) {
    io.stdout(PROBE_USAGE);
    return EXIT_OK;
  }
  if (options.bundle !== undefined) return runBundle(options, io);
  const diagnosis = await diagnose(completeRequest(directRequest(options, options.target!), options));
  print(diagnosis, options, io);
  return diagnosis.ok ? EXIT_OK : EXIT_FINDINGS;
}
