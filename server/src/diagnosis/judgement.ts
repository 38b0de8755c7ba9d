// The diagnosis being built from one piece of evidence: causes, notes and what was learnt about the server.
import { makeCause, sortCauses, type CallDetails, type Cause, type CauseCode, type DetailsArgument, type DetailsOf } from './causes';
import type { ChainContext } from './chain';
import type { HandshakeEvidence } from './evidence';
import type { ClientCertificateDemand, Diagnosis } from './types';
import { TLS_PROTOCOLS, type TlsProtocol } from '../tls/versions';

export class Judgement {
  readonly causes: Cause[] = [];
  readonly evidence: string[] = [];
  readonly details: CallDetails;
  readonly server: Diagnosis['server'] = {
    protocols: Object.fromEntries(TLS_PROTOCOLS.map((p) => [p, false])) as Record<TlsProtocol, boolean>,
    sniRequired: null,
    clientCertificate: null as ClientCertificateDemand | null,
  };
  negotiated: Diagnosis['negotiated'] = null;
  chain: Diagnosis['chain'] = [];
  /** Trust causes of a chain judged without a truststore (see ChainAnalysis.unverifiedTrust). */
  unverifiedTrust: Cause[] = [];

  constructor(readonly ev: HandshakeEvidence) {
    const { plan } = ev;
    this.details = { profile: plan.profile, host: plan.host, port: plan.port, timeoutMs: ev.timeoutMs };
  }

  get plan(): HandshakeEvidence['plan'] {
    return this.ev.plan;
  }

  /** What the chain is judged against: the plan's names and policy, the evidence's trust and time. */
  chainContext(): ChainContext {
    const { plan, trust, takenAt } = this.ev;
    return {
      host: plan.host,
      expectedCommonName: plan.expectedCommonName,
      trust,
      policy: plan.certificatePolicy,
      sniSent: plan.sni !== null,
      details: this.details,
      now: takenAt,
    };
  }

  add<C extends CauseCode>(code: C, message: string, ...[extra]: DetailsArgument<C>): void {
    this.causes.push(makeCause(code, message, { ...this.details, ...extra } as DetailsOf<C>));
  }

  result(): Diagnosis {
    const causes = sortCauses(this.causes);
    const { plan } = this.ev;
    return {
      target: { host: plan.host, port: plan.port, sni: plan.sni },
      ...(this.ev.proxy === undefined ? {} : { proxy: this.ev.proxy.url }),
      ok: !causes.some((c) => c.severity === 'error'),
      causes,
      negotiated: this.negotiated,
      server: this.server,
      chain: this.chain,
      elapsedMs: this.ev.elapsedMs,
      evidence: this.evidence,
    };
  }
}
