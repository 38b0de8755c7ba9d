// The engine's input and output. The JSON report prints Diagnosis fields as they are (minus evidence).
import type { Profile } from '../tls/profile';
import type { Cause, CertificatePolicy } from '../diagnosis/causes';
import type { ChainEntry } from '../diagnosis/chain';
import type { TrustStore } from '../diagnosis/trust';
import type { TlsProtocol } from '../tls/versions';

export interface ProbeRequest {
  host: string;
  port: number;
  /** The server_name to send, or null (Edge message processors with SNI off; IP hosts). Never an IP. */
  sni: string | null;
  /** What Apigee offers: JSSE protocol names and IANA suite names. */
  protocols: TlsProtocol[];
  ciphers: string[];
  /** Default: the system roots. */
  trust?: TrustStore | undefined;
  /** SSLInfo enables two-way TLS: a required client certificate is expected, not a cause (unless rejected). */
  clientAuthEnabled?: boolean | undefined;
  /** PEM texts of the certificate and key Apigee would present (SSLInfo KeyStore/KeyAlias). */
  clientCertificate?: { cert: string; key: string } | undefined;
  /** SSLInfo <CommonName>. */
  expectedCommonName?: { name: string; wildcardMatch: boolean } | undefined;
  certificatePolicy: CertificatePolicy;
  profile: Profile;
  /** Like curl's --resolve: connect to this address instead of resolving the host. */
  address?: string | undefined;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export type ClientCertificateDemand = 'none' | 'optional' | 'required';

export interface Diagnosis {
  target: { host: string; port: number; sni: string | null };
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
  /** What the probe saw, for people (text report): versions tried, alerts, chain remarks. */
  evidence: string[];
}
