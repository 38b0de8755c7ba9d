// The judgement's output. The JSON report prints Diagnosis fields as they are (minus evidence).
import type { Cause } from './causes';
import type { ChainEntry } from './chain';
import type { TlsProtocol } from '../tls/versions';

export type ClientCertificateDemand = 'none' | 'optional' | 'required';

export interface Diagnosis {
  target: { host: string; port: number; sni: string | null };
  /** The HTTP proxy the probe's connections went through (URL without credentials); undefined: direct. */
  proxy?: string | undefined;
  /** Which way the runtime calls the backend when it has a forward proxy, and whether the probe went the same way. */
  runtimeWay?: RuntimeWay | undefined;
  /** The handshake Apigee would make succeeds (no error cause). */
  ok: boolean;
  causes: Cause[];
  negotiated: { protocol: string; cipher: string } | null;
  server: {
    protocols: Record<TlsProtocol, boolean>;
    sniRequired: boolean | null;
    clientCertificate: ClientCertificateDemand | null;
  };
  chain: ChainEntry[];
  elapsedMs: number;
  /** What the evidence showed, for people (text report): versions tried, alerts, chain remarks. */
  evidence: string[];
}

/** The way a runtime with a forward proxy calls the backend (hybrid `envs[].httpProxy`, Edge's message-processor proxy). */
export interface RuntimeWay {
  /** 'proxy': through its forward proxy; 'direct': `use.proxy` false bypasses it. */
  runtime: 'proxy' | 'direct';
  /** The runtime's forward proxy (URL without credentials). */
  proxy: string;
  /** Where it is configured: `hybrid/overrides.yaml envs[test].httpProxy`, `apigeeTls.probe.runtimeProxy`. */
  source: string;
  /** The probe's connections went the same way (through that proxy, or direct). */
  sameWay: boolean;
}
