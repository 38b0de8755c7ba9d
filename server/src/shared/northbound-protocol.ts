// The northbound section of the "Apigee TLS" view, on the wire: request `apigeeTls/northbound` (no parameters) →
// NorthboundResult. Types and constants only, importing nothing (the client imports this module). Paths and
// certificate facts (subject, expiry) only, never key or certificate text.
import type { Range } from './protocol';

export const NORTHBOUND_REQUEST = 'apigeeTls/northbound';

export interface NorthboundLocation {
  uri: string;
  range: Range;
}

export interface NorthboundHost {
  name: string;
  at: NorthboundLocation;
  /** `host:port` "Diagnose clients" dials; null for a template, a wildcard or a plain HTTP virtual host. */
  target: string | null;
  /** Said beside the target when the port is not written: `port 443, hybrid ingress default`. */
  note: string | null;
}

export interface NorthboundEntry {
  /** `virtual-host`: Edge; `hybrid`: an overrides environment group / ingress virtual host; `environment-group`: Apigee X (Terraform). */
  kind: 'virtual-host' | 'hybrid' | 'environment-group';
  env: string | null;
  name: string;
  /** Its definition. */
  at: NorthboundLocation;
  port: number | null;
  portNote: string | null;
  tls: 'one-way' | 'two-way' | 'plain HTTP' | 'unknown';
  hosts: NorthboundHost[];
  /** Edge: the keystore and key alias as written, and the alias's definition. */
  keystore: string | null;
  keyAlias: string | null;
  aliasAt: NorthboundLocation | null;
  /** The served certificate chain: subject, expiry (ISO 8601) and the file as written. */
  certificates: { subject: string; notAfter: string; file: string }[];
  /** The API proxies whose ProxyEndpoint `<VirtualHost>` binds it, each at that element. */
  proxies: { name: string; at: NorthboundLocation }[];
  /** ssl_protocols / ssl_ciphers, hybrid's TLS range and suites, Apigee X's SSL policy and mTLS, in a line. */
  settings: string | null;
}

export interface NorthboundResult {
  entries: NorthboundEntry[];
  /**
   * Every environment the configuration declares (a Terraform `google_apigee_environment`, an Edge env folder…),
   * sorted: the view shows each, also one without connections or front doors. Absent from older servers.
   */
  environments?: string[];
}
