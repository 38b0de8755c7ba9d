// One planned probe carried out: the material chosen (flags, workspace, fallback), the request completed, the
// diagnosis made. Shared by the CLI and the language server.
import { diagnose } from './diagnose';
import { completeRequest } from './from-sslinfo';
import type { PlannedProbe } from './plan-workspace';
import type { Diagnosis } from './types';
import { chooseMaterial, type ChosenMaterial, type GivenMaterial } from './workspace-material';

export interface PlannedResult {
  probe: PlannedProbe;
  /** undefined when the plan is not probeable. */
  diagnosis: Diagnosis | undefined;
  material: ChosenMaterial | undefined;
}

export interface RunLimits {
  resolve: ReadonlyMap<string, string>;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** Rejects only with the signal's AbortError when cancelled. */
export async function runPlanned(probe: PlannedProbe, given: GivenMaterial, limits: RunLimits): Promise<PlannedResult> {
  if (!probe.plan.probeable) return { probe, diagnosis: undefined, material: undefined };
  const material = chooseMaterial(probe, given);
  const request = completeRequest(probe.plan.request, { ...limits, trust: material.trust, clientCertificate: material.clientCertificate });
  return { probe, diagnosis: await diagnose(request), material };
}
