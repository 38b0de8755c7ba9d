// One planned probe carried out: the material chosen (flags, workspace, fallback), the request completed, the
// diagnosis made. Shared by the CLI and the language server. The workspace's client key is loaded here, at dial
// time, as a KeyObject (the plan only names it).
import type { Workspace } from '../workspace/workspace';
import { diagnose } from './diagnose';
import { completeRequest, type RunOptions } from './from-sslinfo';
import type { PlannedProbe } from './plan-workspace';
import { probeProxyFor, runtimeWay } from './runtime-route';
import type { Diagnosis } from './types';
import { chooseMaterial, clientCertificateAtDial, type ChosenMaterial, type GivenMaterial } from './workspace-material';

export interface PlannedResult {
  probe: PlannedProbe;
  /** undefined when the plan is not probeable. */
  diagnosis: Diagnosis | undefined;
  material: ChosenMaterial | undefined;
}

export interface RunLimits {
  resolve: ReadonlyMap<string, string>;
  timeoutMs: number;
  proxy?: RunOptions['proxy'];
  signal?: AbortSignal | undefined;
  /** The command that runs this probe's diagnosis from another machine (said when it may be the vantage point). */
  rerun?: ((probe: PlannedProbe) => string) | undefined;
}

/** Rejects only with the signal's AbortError when cancelled. `ws`: the workspace the probe was planned in. */
export async function runPlanned(probe: PlannedProbe, given: GivenMaterial, limits: RunLimits, ws: Workspace): Promise<PlannedResult> {
  if (!probe.plan.probeable) return { probe, diagnosis: undefined, material: undefined };
  // An explicit client certificate wins: the workspace's key is not even read then.
  const explicit = given.explicit && given.clientCertificate !== undefined;
  const clientCertificate = explicit
    ? ({ kind: 'none', reason: undefined } as const)
    : clientCertificateAtDial(ws, probe.clientCertificate);
  const material = chooseMaterial({ trust: probe.trust, clientCertificate }, given);
  const planned = limits.rerun === undefined ? probe.plan.request : { ...probe.plan.request, rerun: limits.rerun(probe) };
  // A runtime with a forward proxy: the probe goes its way (through that proxy, or as configured here when use.proxy is false).
  const route = probe.runtimeRoute;
  const proxy = probeProxyFor(route, limits.proxy);
  const request = completeRequest(planned, {
    ...limits,
    ...(proxy === undefined ? {} : { proxy }),
    trust: material.trust,
    clientCertificate: material.clientCertificate,
  });
  const diagnosis = await diagnose(request);
  return { probe, diagnosis: route === undefined ? diagnosis : { ...diagnosis, runtimeWay: runtimeWay(route, diagnosis.proxy) }, material };
}
