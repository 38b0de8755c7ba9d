// The public JSON shape of a diagnosis (issue 3): these keys, in this order; evidence stays in the text report.
import type { Diagnosis } from './types';

export function diagnosisJson(d: Diagnosis): object {
  return {
    target: d.target,
    ok: d.ok,
    causes: d.causes.map(({ code, severity, message, fix }) => ({ code, severity, message, fix })),
    negotiated: d.negotiated,
    server: d.server,
    chain: d.chain,
    elapsedMs: d.elapsedMs,
  };
}
