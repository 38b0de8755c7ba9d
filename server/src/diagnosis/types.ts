// The judgement's output. The JSON report prints Diagnosis fields as they are (minus evidence).
import type { Cause } from './causes';
import type { ChainEntry } from './chain';
import type { TlsProtocol } from '../tls/versions';

export type ClientCertificateDemand = 'none' | 'optional' | 'required';

export interface Diagnosis {
  target: { host: string; port: number; sni: string | null };
  /** The HTTP proxy the probe's connections went through (URL without credentials); undefined: direct. */
  proxy?: string | undefined;
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
