// The workspace model's vocabulary: environment entities with their file and exact spans, and the uses a
// bundle makes of them. Everything is keyed by (project, environment, name): the same name can mean
// different things in test and prod, and in two repositories of one workspace.
import type { Connection } from '../documents/connection';
import type { Span } from '../documents/xml/types';
import type { PropertyEntry } from './properties';
import type { UnknownKey } from './target-server-keys';
import type { ElsewhereSpan } from './terraform/landing';

/** A string value in a file, with the span of its content (inside the quotes for JSON strings). */
export interface Located {
  value: string;
  span: Span;
}

/** `management-api`: a virtual host as the management API gives it (JSON or XML), outside the plugin's layouts. */
export type ConfigSource = 'maven' | 'edge.json' | 'local' | 'apigeecli' | 'terraform' | 'management-api';

export interface EntityBase {
  env: string;
  name: string;
  file: string;
  source: ConfigSource;
  /** The whole definition (the JSON object). */
  span: Span;
  /** The name value (go-to-definition target). */
  nameSpan: Span;
  /** Terraform: the `for_each` instance and the files that gave values (`port from prod.tfvars`), said in messages. */
  provenance?: string;
  /**
   * Terraform: where the name's value was written when `nameSpan` is an expression (`var.name`, `each.key`): a
   * tfvars value, a variable's default, a module caller's argument, a `for_each` key. Definitions go there.
   */
  nameOrigin?: { file: string; span: Span };
  /** Terraform: the resource block's name label (`"backend"` of `resource "google_apigee_target_server" "backend"`). */
  labelSpan?: Span;
}

export interface TargetServerDef extends EntityBase {
  kind: 'targetServer';
  host: Located | undefined;
  port: { value: number | undefined; span: Span } | undefined;
  /** `isEnabled`: false takes the server out of every LoadBalancer; undefined (absent) means enabled. */
  enabled: boolean | 'template' | undefined;
  /** `sSLInfo.enabled`: true, false, 'template' (a token) or undefined (no sSLInfo or no enabled). */
  tls: boolean | 'template' | undefined;
  /** Terraform: where this resource turns TLS on (`s_sl_info`, zambien's `ssl_info` block, scastria's flat `ssl_enabled`). */
  tlsSetting?: 's_sl_info' | 'ssl_info' | 'ssl_enabled';
  keyStore: Located | undefined;
  trustStore: Located | undefined;
  keyAlias: Located | undefined;
  clientAuth: boolean | undefined;
  protocols: string[];
  ciphers: string[];
  /** The TargetServer as the per-file rules see it (its sSLInfo as an SSLInfo element). */
  connection: Connection | undefined;
  /** Keys Apigee does not know, in the object, its sSLInfo and its commonName. */
  unknownKeys: UnknownKey[];
  /** Terraform: the TLS values written in another file (a caller's argument, a tfvars entry), where findings on them land. */
  elsewhere?: ElsewhereSpan[];
}

export interface ReferenceDef extends EntityBase {
  kind: 'reference';
  refers: Located | undefined;
  resourceType: string | undefined;
}

export interface KeystoreDef extends EntityBase {
  kind: 'keystore';
}

export interface AliasDef extends EntityBase {
  kind: 'alias';
  keystore: Located | undefined;
  format: string | undefined;
  certFile: Located | undefined;
  keyFile: Located | undefined;
  /** pkcs12 / keycertjar `filePath`. */
  archive: Located | undefined;
  /**
   * Certificate or key content written in the configuration itself (a Terraform heredoc): `located` is what messages
   * call it (never the content) at the heredoc's range. Read as an alias's files are: not while untrusted.
   */
  certInline?: InlineMaterial;
  keyInline?: InlineMaterial;
  password: string | undefined;
  /** A management API export's `certsInfo.certInfo[]` (an alias GET committed as configuration); else undefined. */
  exported: ExportedCertificate[] | undefined;
}

export interface InlineMaterial {
  located: Located;
  text: string;
}

/** A certificate as a management API export records it. */
export interface ExportedCertificate {
  subject: string | undefined;
  notAfter: Date;
  /** The `expiryDate` value. */
  span: Span;
}

export interface ResourceFileDef extends EntityBase {
  kind: 'resourcefile';
  type: string | undefined;
  /** The `file` value: the file to upload. */
  path: Located | undefined;
}

/** A boolean as written (`"true"`, `true`, `<Enabled>true</Enabled>`), with its span; 'template' when a token. */
export interface Flag {
  value: boolean | 'template';
  span: Span;
}

/**
 * An Edge virtual host (northbound: what API clients reach), from the management API's JSON (`virtualHosts.json`,
 * `edge.json`, an export) or its XML form. Per environment, like every other entity.
 */
export interface VirtualHostDef extends EntityBase {
  kind: 'virtualHost';
  format: 'json' | 'xml';
  hostAliases: Located[];
  /** `port` (a string or a number in JSON); value undefined when not a port number. */
  port: { value: number | undefined; span: Span } | undefined;
  /** The sSLInfo object / SSLInfo element; undefined: none (plain HTTP). */
  sslSpan: Span | undefined;
  tls: Flag | undefined;
  clientAuth: Flag | undefined;
  ignoreValidationErrors: Flag | undefined;
  keyStore: Located | undefined;
  keyAlias: Located | undefined;
  trustStore: Located | undefined;
  /** Private Cloud ≤ 4.15.07 `sSLInfo.protocols[]` / `ciphers[]` (JSSE names), with the list's span when not empty. */
  protocols: { items: Located[]; span: Span } | undefined;
  ciphers: { items: Located[]; span: Span } | undefined;
  /** `properties` (ssl_ciphers, ssl_protocols, proxy_read_timeout, …): the value of each, by name. */
  properties: ReadonlyMap<string, Located>;
  /** `useBuiltInFreeTrialCert` (Edge Cloud: the `*.apigee.net` certificate). */
  freeTrialCert: Flag | undefined;
  /** `propagateTLSInformation` (Edge Cloud, Alpha): which TLS flow variables proxies get; undefined when absent. */
  propagateTls: { span: Span; connection: Flag | undefined; client: Flag | undefined } | undefined;
  /** `interfaces[]` (Private Cloud only). */
  interfaces: Located[];
}

export type EnvEntity = TargetServerDef | ReferenceDef | KeystoreDef | AliasDef | ResourceFileDef | VirtualHostDef;

export interface PropertySetDef {
  scope: 'proxy' | 'env';
  name: string;
  /** The .properties file. */
  file: string;
  entries: ReadonlyMap<string, PropertyEntry>;
  /** For env-scoped sets: the environment; for proxy-scoped: the bundle folder. */
  env?: string;
  bundleRoot?: string;
}

/** One use of an environment name in a bundle file or a TargetServer. */
export interface Use {
  kind: 'server' | 'store' | 'keyAlias' | 'property' | 'virtualHost';
  file: string;
  /** The value's span (the attribute value, the element text, the JSON string content, the template). */
  span: Span;
  value: string;
  /** For stores: which slot (KeyStore or TrustStore); for properties: set and key. */
  slot?: 'KeyStore' | 'TrustStore';
  set?: string;
  key?: string;
  /** A TargetServer's sSLInfo uses: only its own environment. */
  env?: string;
  /** The KeyStore value of the same SSLInfo (for KeyAlias uses). */
  keyStore?: string;
  /** For virtual host uses: the ProxyEndpoint's name (`<ProxyEndpoint name>`). */
  endpoint?: string;
}
