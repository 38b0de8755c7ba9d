// What Apigee accepts inside <SSLInfo>: one source for the unknown-element rule, hover and completion.
// Facts from Apigee's Edge and X documentation (see shared notes/sslinfo-reference.md).

export type ValueKind = 'boolean' | 'store' | 'alias' | 'host' | 'container';

export interface SslInfoElementDoc {
  name: string;
  kind: ValueKind;
  /** What it does, in one or two sentences. */
  summary: string;
  /** Allowed values, as shown in hover. */
  values: string;
  /** Where Edge and X differ, if they do. */
  platforms?: string;
  /** The child element of a container (`Protocols` → `Protocol`). */
  item?: string;
}

export const SSLINFO_ELEMENTS: readonly SslInfoElementDoc[] = [
  {
    name: 'Enabled',
    kind: 'boolean',
    summary: 'Turns TLS on for this connection. When false the whole SSLInfo block is ignored.',
    values: '`true` or `false`.',
    platforms: 'Apigee X: defaults to true for an https URL and false for http. Edge: set it to true for TLS.',
  },
  {
    name: 'Enforce',
    kind: 'boolean',
    summary:
      'When true, an invalid, expired, self-signed, name-mismatched or untrusted backend certificate fails the call. Unset or false, IgnoreValidationErrors decides whether such certificates are accepted.',
    values: '`true` or `false`.',
    platforms: 'Apigee X and hybrid only; Edge has no Enforce.',
  },
  {
    name: 'ClientAuthEnabled',
    kind: 'boolean',
    summary: 'Two-way TLS: Apigee presents a client certificate from KeyStore/KeyAlias to the backend.',
    values: '`true` or `false` (default false). When true, KeyStore and KeyAlias are required.',
  },
  {
    name: 'KeyStore',
    kind: 'store',
    summary: 'The keystore holding the client certificate and private key for two-way TLS.',
    values: 'A keystore name, a `ref://reference` (recommended: rotate without redeploying) or a `{flow.variable}`.',
  },
  {
    name: 'KeyAlias',
    kind: 'alias',
    summary: 'The alias of the client certificate and key inside KeyStore.',
    values: 'An alias name. It can not be a `ref://` reference.',
  },
  {
    name: 'TrustStore',
    kind: 'store',
    summary: 'The truststore whose certificates validate the backend certificate chain.',
    values: 'A truststore name, a `ref://reference` (recommended) or a `{flow.variable}`.',
  },
  {
    name: 'IgnoreValidationErrors',
    kind: 'boolean',
    summary:
      'When true, certificate validation errors are ignored (expired, untrusted, self-signed). It cannot hide a name mismatch on an SNI backend.',
    values: '`true` or `false` (default false).',
  },
  {
    name: 'Protocols',
    kind: 'container',
    item: 'Protocol',
    summary: 'The TLS versions Apigee offers the backend. Without it the runtime default applies.',
    values: 'One `<Protocol>` per version: `TLSv1.2`, `TLSv1.3` (JSSE names).',
    platforms:
      'Apigee X does not support TLSv1 or TLSv1.1 (calls fail with messaging.adaptors.http.flow.SslHandshakeFailed). Edge Private Cloud 4.54 (Java 21) enables 1.2 and 1.3 by default; older message processors (Java 8) offer 1.2.',
  },
  {
    name: 'Ciphers',
    kind: 'container',
    item: 'Cipher',
    summary: 'The cipher suites Apigee offers the backend. Without it the runtime default applies.',
    values: 'One `<Cipher>` per suite, Java standard (IANA) names such as `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`.',
    platforms: 'OpenSSL-style names are not accepted. Cipher lists have no effect on TLS 1.3 negotiation in Apigee X.',
  },
  {
    name: 'CommonName',
    kind: 'host',
    summary: 'The name the backend certificate must carry. With wildcardMatch="true" a `*.example.com` certificate matches.',
    values: 'A host name; attribute `wildcardMatch` `true` or `false`.',
  },
];

export const SSLINFO_ELEMENT_NAMES: readonly string[] = SSLINFO_ELEMENTS.map((e) => e.name);
export const SSLINFO_BOOLEANS: readonly string[] = SSLINFO_ELEMENTS.filter((e) => e.kind === 'boolean').map((e) => e.name);
export const SSLINFO_CONTAINER_ITEM: Readonly<Record<string, string>> = { Protocols: 'Protocol', Ciphers: 'Cipher' };

export function sslInfoElementDoc(name: string): SslInfoElementDoc | undefined {
  return SSLINFO_ELEMENTS.find((e) => e.name === name);
}
