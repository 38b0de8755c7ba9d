// The probe's input: what Apigee offers and enforces (the plan), and what only a live probe needs.
import type { ConnectionPlan } from '../diagnosis/evidence';
import type { TrustStore } from '../diagnosis/trust';

export type { ClientCertificateDemand, Diagnosis } from '../diagnosis/types';

export interface ProbeRequest extends ConnectionPlan {
  /** Default: the system roots. */
  trust?: TrustStore | undefined;
  /** PEM texts of the certificate and key Apigee would present (SSLInfo KeyStore/KeyAlias). */
  clientCertificate?: { cert: string; key: string } | undefined;
  /** Like curl's --resolve: connect to this address instead of resolving the host. */
  address?: string | undefined;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}
