// The probe's input: what Apigee offers and enforces (the plan), and what only a live probe needs.
import type { KeyObject } from 'node:crypto';
import type { ConnectionPlan } from '../diagnosis/evidence';
import type { TrustStore } from '../diagnosis/trust';
import type { ProxyConfig } from './proxy';

export type { ClientCertificateDemand, Diagnosis } from '../diagnosis/types';

/**
 * A client certificate as the probe presents it: the certificate chain (PEM: public) and the private key as a
 * KeyObject, loaded at dial time. The key's text is made in one place only, where the TLS library takes it
 * (full-handshake.ts, contextFor).
 */
export interface ClientCertificate {
  cert: string;
  key: KeyObject;
}

export interface ProbeRequest extends ConnectionPlan {
  /** Default: the system roots. */
  trust?: TrustStore | undefined;
  /** The certificate and key Apigee would present (SSLInfo KeyStore/KeyAlias). */
  clientCertificate?: ClientCertificate | undefined;
  /** Like curl's --resolve: connect to this address instead of resolving the host. */
  address?: string | undefined;
  timeoutMs: number;
  /** The HTTP proxy to tunnel through, and the hosts that go direct (NO_PROXY); undefined: every connection direct. */
  proxy?: ProxyConfig | undefined;
  signal?: AbortSignal | undefined;
}
