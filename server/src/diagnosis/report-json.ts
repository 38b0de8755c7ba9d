// The public JSON shape of a diagnosis (issue 3): these keys, in this order; evidence stays in the text report.
import type { ProfileChoice } from '../tls/profile';
import type { Diagnosis } from './types';

/** `judgedAs`: the runtime whose behaviour the diagnosis judged the handshake by, and why that one. */
export function diagnosisJson(d: Diagnosis, judgedAs: ProfileChoice): object {
  return {
    target: d.target,
    // The HTTP proxy the connections tunnelled through (no credentials), or null: direct.
    proxy: d.proxy ?? null,
    // Which way the runtime calls the backend (through its forward proxy, or direct past it), or null: no proxy known.
    runtimeWay: d.runtimeWay ?? null,
    judgedAs: { profile: judgedAs.profile, why: judgedAs.why },
    ok: d.ok,
    causes: d.causes.map(({ code, severity, message, fix }) => ({ code, severity, message, fix })),
    negotiated: d.negotiated,
    server: d.server,
    chain: d.chain,
    elapsedMs: d.elapsedMs,
  };
}
