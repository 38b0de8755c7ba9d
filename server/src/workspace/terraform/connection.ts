// A Terraform TargetServer's TLS block (`s_sl_info` of google_apigee_target_server, `ssl_info` of the Edge
// providers' apigee_target_server) read as the SSLInfo element it stands for, with ranges on the HCL values, so the
// per-file rules judge it as they judge a bundle's <SSLInfo> or a JSON sSLInfo.
import { syntheticElement } from '../../documents/xml/synthetic';
import type { Connection } from '../../documents/connection';
import { SSLINFO_CONTAINER_ITEM } from '../../documents/sslinfo-schema';
import type { Span } from '../../documents/xml/types';
import type { XmlAttribute, XmlElement } from '../../documents/xml/types';

/** One evaluated TLS attribute: its text (undefined: decided at plan time), the attribute's ranges. */
export interface TlsField {
  span: Span;
  nameSpan: Span;
  /** The value's range (a string's content). */
  valueSpan: Span;
  text: string | undefined;
  /** The Terraform file `valueSpan` is in when the value is written elsewhere (a caller's argument, a tfvars entry). */
  file?: string;
  items?: { text: string | undefined; span: Span; file?: string }[];
  /** CommonName's wildcard_match. */
  wildcard?: { text: string | undefined; span: Span; nameSpan: Span; file?: string };
}

export interface TlsBlock {
  span: Span;
  nameSpan: Span;
  /** By SSLInfo element name (Enabled, KeyStore, Protocols, …). */
  fields: ReadonlyMap<string, TlsField>;
}

export function terraformConnection(
  name: string,
  serverSpan: Span,
  host: string | undefined,
  hostSpan: Span | undefined,
  port: string | undefined,
  tls: TlsBlock | undefined,
): Connection {
  const root = syntheticElement('TargetServer', serverSpan, serverSpan, undefined);
  const connection = syntheticElement('HTTPTargetConnection', serverSpan, serverSpan, root);
  root.children = [connection];
  const ssl = tls === undefined ? undefined : sslInfo(tls, connection);
  const tlsOn = ssl?.children.find((c) => c.name === 'Enabled')?.text === 'true';
  const authority = host === undefined ? undefined : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const url =
    tlsOn && authority !== undefined && hostSpan !== undefined
      ? {
          ...syntheticElement('URL', hostSpan, hostSpan, connection),
          text: `https://${authority}${port === undefined ? '' : `:${port}`}`,
          textSpan: hostSpan,
        }
      : undefined;
  connection.children = [...(ssl ? [ssl] : []), ...(url ? [url] : [])];
  return {
    kind: 'TargetServer',
    ownerName: name,
    root,
    element: connection,
    url,
    loadBalancer: undefined,
    sslInfos: ssl ? [ssl] : [],
    sslInfo: ssl,
  };
}

function sslInfo(tls: TlsBlock, parent: XmlElement): XmlElement {
  const ssl = syntheticElement('SSLInfo', tls.span, tls.nameSpan, parent);
  for (const [name, field] of tls.fields) {
    const child = leaf(name, field, ssl);
    const item = SSLINFO_CONTAINER_ITEM[name];
    if (item !== undefined) {
      child.text = '';
      child.textSpan = undefined;
      child.opaque = field.items === undefined;
      child.children = (field.items ?? []).map((i) =>
        leaf(item, { span: i.span, nameSpan: i.span, valueSpan: i.span, text: i.text }, child),
      );
    }
    if (name === 'CommonName' && field.wildcard !== undefined) {
      const w = field.wildcard;
      const attr: XmlAttribute = {
        name: 'wildcardMatch',
        nameSpan: w.nameSpan,
        value: w.text ?? '{plan}',
        valueSpan: w.span,
        span: { start: w.nameSpan.start, end: w.span.end },
      };
      child.attributes = [attr];
    }
    ssl.children.push(child);
  }
  return ssl;
}

function leaf(name: string, field: Pick<TlsField, 'span' | 'nameSpan' | 'valueSpan' | 'text'>, parent: XmlElement): XmlElement {
  const text = field.text?.trim() ?? '';
  return {
    ...syntheticElement(name, field.span, field.nameSpan, parent),
    text,
    textSpan: text === '' && field.text !== undefined ? undefined : field.valueSpan,
    opaque: field.text === undefined,
  };
}

/** Terraform attribute names of the SSLInfo elements (Google provider's `s_sl_info`; the Edge providers' `ssl_info`). */
export const ATTRIBUTE_OF_ELEMENT: Readonly<Record<string, string>> = {
  Enabled: 'enabled',
  Enforce: 'enforce',
  ClientAuthEnabled: 'client_auth_enabled',
  KeyStore: 'key_store',
  KeyAlias: 'key_alias',
  TrustStore: 'trust_store',
  IgnoreValidationErrors: 'ignore_validation_errors',
  Protocols: 'protocols',
  Ciphers: 'ciphers',
  CommonName: 'common_name',
};

/** Element names said bare in messages and fix titles (`depends on IgnoreValidationErrors`); `Enabled` is too common a word. */
const BARE_NAMES =
  /\b(?:Enforce|ClientAuthEnabled|KeyStore|KeyAlias|TrustStore|IgnoreValidationErrors|Protocols|Ciphers|CommonName|SSLInfo)\b/g;

/** scastria/apigee's apigee_target_server: TLS as flat attributes beside ssl_enabled, and no enforce at all. */
export const FLAT_TLS = 'flat';
const FLAT_ATTRIBUTE_OF_ELEMENT: Readonly<Record<string, string>> = {
  Enabled: 'ssl_enabled',
  Enforce: 'enforce',
  KeyStore: 'ssl_keystore',
  KeyAlias: 'ssl_keyalias',
  TrustStore: 'ssl_truststore',
  ClientAuthEnabled: 'ssl_client_auth_enabled',
  IgnoreValidationErrors: 'ssl_ignore_validation_errors',
  Protocols: 'protocols',
  CommonName: 'ssl_common_name',
};
/** What the flat resource cannot say, said once where the rules ask for it. */
const NO_ENFORCE = /<Enforce>true<\/Enforce>/;
const FLAT_ENFORCE =
  "enforce = true (this provider's apigee_target_server has no enforce: declare the TargetServer with google_apigee_target_server and s_sl_info { enforce = true })";

/**
 * The rules speak of SSLInfo elements; in a .tf file, say it with the attribute names (`protocols`, `enforce = true`).
 * `block` is the TLS block's name (`s_sl_info`, `ssl_info`) or FLAT_TLS.
 */
export function hclWording(message: string, block = 's_sl_info'): string {
  const flat = block === FLAT_TLS;
  const attr = (name: string): string | undefined =>
    flat ? FLAT_ATTRIBUTE_OF_ELEMENT[name === 'SSLInfo' ? 'Enabled' : name] : name === 'SSLInfo' ? block : ATTRIBUTE_OF_ELEMENT[name];
  return (flat ? message.replace(NO_ENFORCE, FLAT_ENFORCE) : message)
    .replace(/<(\w+)>([^<]*)<\/\1>/g, (whole, name: string, value: string) => {
      const a = attr(name);
      if (a === undefined) return whole;
      return `${a} = ${/^(true|false)$/.test(value) ? value : JSON.stringify(value)}`;
    })
    .replace(/<(\w+)>/g, (whole, name: string) => attr(name) ?? whole)
    .replace(/\b(\w+)=(true|false)\b/g, (whole, name: string, value: string) =>
      attr(name) === undefined ? whole : `${attr(name)!} = ${value}`,
    )
    .replace(BARE_NAMES, (name: string) => attr(name) ?? name);
}
