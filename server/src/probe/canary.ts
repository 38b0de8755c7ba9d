// Through a proxy, one more hello: CONNECT to a host that does not exist (RFC 6761 reserves .invalid), with that
// name as SNI. A tunnelling proxy cannot reach it; a TLS-inspecting proxy answers the ClientHello itself, with a
// certificate of its own (diagnosis/proxy-inspection.ts judges it). It runs beside the hellos and never holds the
// diagnosis up for long.
import { randomBytes } from 'node:crypto';
import { offeredSuitesOf, type HelloOutcome } from '../diagnosis/evidence';
import { sendHello } from './hello-probe';
import type { Endpoint, Limits } from './socket-failure';
import type { ProbeRequest } from './types';

/**
 * Once the rest of the diagnosis is in, the canary gets as long again as that took (within these bounds), then is
 * cancelled: an inspecting proxy answers it as fast as the others (it makes both answers itself); a tunnelling proxy
 * slow to fail on a missing name is no inspecting one.
 */
const CANARY_GRACE_MS = { min: 50, max: 1000 };

export interface Canary {
  /** The canary's answer, waiting at most the grace after `started` (a performance.now() time) has passed. */
  within(started: number): Promise<{ sni: string; outcome: HelloOutcome }>;
}

export function startCanary(endpoint: Endpoint, req: ProbeRequest, limits: Limits): Canary {
  const sni = `apigee-tls-lint-${randomBytes(6).toString('hex')}.invalid`;
  const cancel = new AbortController();
  const signal = limits.signal === undefined ? cancel.signal : AbortSignal.any([limits.signal, cancel.signal]);
  const outcome = sendHello(
    // Not among the tunnels the held handshakes wait for (endpoint.opening): its answer is not theirs to wait on.
    { ...endpoint, address: sni, opening: undefined },
    { protocols: req.protocols, suites: offeredSuitesOf(req), sni, readWholeFlight: true },
    { ...limits, signal },
  );
  return {
    within: async (started) => {
      const { min, max } = CANARY_GRACE_MS;
      const timer = setTimeout(() => cancel.abort(), Math.min(max, Math.max(min, performance.now() - started)));
      try {
        return { sni, outcome: await outcome };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
