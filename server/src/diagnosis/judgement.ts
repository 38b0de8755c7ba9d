// The diagnosis being built: causes, evidence and what was learnt about the server.
import { makeCause, sortCauses, type Cause, type FixDetails } from './causes';
import type { ClientCertificateDemand, Diagnosis, ProbeRequest } from '../probe/types';
import { TLS_PROTOCOLS, type TlsProtocol } from '../tls/versions';

export class Judgement {
  readonly causes: Cause[] = [];
  readonly evidence: string[] = [];
  readonly details: FixDetails;
  readonly server: Diagnosis['server'] = {
    protocols: Object.fromEntries(TLS_PROTOCOLS.map((p) => [p, false])) as Record<TlsProtocol, boolean>,
    sniRequired: null,
    clientCertificate: null as ClientCertificateDemand | null,
  };
  negotiated: Diagnosis['negotiated'] = null;
  chain: Diagnosis['chain'] = [];
  private readonly started = performance.now();

  constructor(readonly req: ProbeRequest) {
    this.details = { profile: req.profile, host: req.host, port: req.port, timeoutMs: req.timeoutMs };
  }

  add(code: Cause['code'], message: string, extra: Partial<FixDetails> = {}): void {
    this.causes.push(makeCause(code, message, { ...this.details, ...extra }));
  }

  /** The diagnosis; throws the signal's AbortError instead when the caller cancelled. */
  result(): Diagnosis {
    this.req.signal?.throwIfAborted();
    const causes = sortCauses(this.causes);
    return {
      target: { host: this.req.host, port: this.req.port, sni: this.req.sni },
      ok: !causes.some((c) => c.severity === 'error'),
      causes,
      negotiated: this.negotiated,
      server: this.server,
      chain: this.chain,
      elapsedMs: Math.round(performance.now() - this.started),
      evidence: this.evidence,
    };
  }
}
