// Environment TargetServers in JSON (apigee-config-maven-plugin `targetServers.json` and `edge.json`, Apigee X
// local `targetservers.json`, the management API's shape): each `sSLInfo` object is read as the SSLInfo
// element it stands for, with spans on the JSON values, so the same rules judge it.
import { syntheticElement } from '../xml/synthetic';
import type { Connection } from '../connection';
import { SSLINFO_BOOLEANS, SSLINFO_CONTAINER_ITEM } from '../sslinfo-schema';
import { isTemplate, type BooleanValue } from '../values';
import type { XmlAttribute, XmlElement } from '../xml/types';
import type { JsonNode, JsonProperty } from './json-document';

/** JSON key → SSLInfo element name. Keys not listed (keyAliasReference …) are not judged. */
const ELEMENT_OF_KEY: Readonly<Record<string, string>> = {
  enabled: 'Enabled',
  enforce: 'Enforce',
  clientAuthEnabled: 'ClientAuthEnabled',
  keyStore: 'KeyStore',
  keyAlias: 'KeyAlias',
  trustStore: 'TrustStore',
  ignoreValidationErrors: 'IgnoreValidationErrors',
  protocols: 'Protocols',
  ciphers: 'Ciphers',
  commonName: 'CommonName',
};
const KEY_OF_ELEMENT: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(ELEMENT_OF_KEY).map(([key, name]) => [name, key])),
  SSLInfo: 'sSLInfo',
};

/**
 * The rules speak of SSLInfo elements; in a TargetServer file, say it with the JSON keys:
 * `<Enforce>true</Enforce>` and `Enforce=true` → `"enforce": true`, `<KeyStore>` → `"keyStore"`.
 */
export function jsonWording(message: string): string {
  return message
    .replace(/<(\w+)>([^<]*)<\/\1>/g, (whole, name: string, value: string) => {
      const key = KEY_OF_ELEMENT[name];
      if (key === undefined) return whole;
      return `"${key}": ${/^(true|false)$/.test(value) ? value : JSON.stringify(value)}`;
    })
    .replace(/<(\w+)>/g, (whole, name: string) => (KEY_OF_ELEMENT[name] === undefined ? whole : `"${KEY_OF_ELEMENT[name]}"`))
    .replace(/\b(\w+)=(true|false)\b/g, (whole, name: string, value: string) =>
      KEY_OF_ELEMENT[name] === undefined ? whole : `"${KEY_OF_ELEMENT[name]}": ${value}`,
    );
}

/**
 * A TargetServer boolean as the management API reads it: a JSON boolean, or a string `true`/`false` in any case
 * (Apigee X's JSON-to-protobuf mapping and Edge's Jackson both read `"TRUE"` as true); a template is decided later;
 * any other value is not a boolean. Undefined when absent (or null, an object, an array). Lint (through the SSLInfo
 * elements below), the workspace model, the inventory and the probe plan all read TargetServer booleans with this.
 */
export function jsonBoolean(node: JsonNode | undefined): BooleanValue | undefined {
  const text = node === undefined ? undefined : scalarText(node);
  if (text === undefined) return undefined;
  const value = text.trim().toLowerCase();
  if (value === 'true' || value === 'false') return value === 'true';
  return isTemplate(text) ? 'template' : 'invalid';
}

/**
 * The text of an SSLInfo element or attribute: a boolean as the API reads it (`"TRUE"` → `true`), so that every
 * rule and the probe judge what Apigee does; invalid-boolean judges the spelling as written, at its span.
 */
function valueText(name: string, node: JsonNode): string | undefined {
  const value = name === 'wildcardMatch' || SSLINFO_BOOLEANS.includes(name) ? jsonBoolean(node) : undefined;
  return typeof value === 'boolean' ? String(value) : scalarText(node);
}

/** Every TargetServer object in the document (an object with a string `host`), wherever it is nested. */
export function findTargetServerConnections(root: JsonNode): Connection[] {
  const out: Connection[] = [];
  const visit = (node: JsonNode, depth: number): void => {
    if (depth > 32) return;
    if (node.kind === 'array') node.items.forEach((item) => visit(item, depth + 1));
    if (node.kind !== 'object') return;
    const host = property(node, 'host');
    if (host?.value.kind === 'string') {
      out.push(connectionOf(node, host.value));
      return;
    }
    node.properties.forEach((p) => visit(p.value, depth + 1));
  };
  visit(root, 0);
  return out;
}

/** The connection of one TargetServer object (its `host` a string), or undefined. */
export function targetServerConnection(node: JsonNode): Connection | undefined {
  const host = node.kind === 'object' ? property(node, 'host') : undefined;
  return node.kind === 'object' && host?.value.kind === 'string' ? connectionOf(node, host.value) : undefined;
}

function property(node: JsonNode, key: string): JsonProperty | undefined {
  return node.kind === 'object' ? node.properties.find((p) => p.key === key) : undefined;
}

function connectionOf(server: Extract<JsonNode, { kind: 'object' }>, host: Extract<JsonNode, { kind: 'string' }>): Connection {
  const root = syntheticElement('TargetServer', server.span, server.span, undefined);
  const connection = syntheticElement('HTTPTargetConnection', server.span, server.span, root);
  root.children = [connection];
  const sslNode = property(server, 'sSLInfo') ?? property(server, 'sslInfo');
  const ssl = sslNode?.value.kind === 'object' ? sslInfoElement(sslNode, connection) : undefined;
  // The URL Apigee builds from host and port when TLS is on: rules compare CommonName with this host, and the
  // probe connects to this host and port.
  const tlsOn = ssl?.children.find((c) => c.name === 'Enabled')?.text === 'true';
  const url = tlsOn ? leaf('URL', host.span, urlOf(host.value, property(server, 'port')?.value), host.contentSpan, connection) : undefined;
  connection.children = [...(ssl ? [ssl] : []), ...(url ? [url] : [])];
  const name = property(server, 'name')?.value;
  return {
    kind: 'TargetServer',
    ownerName: name?.kind === 'string' ? name.value : undefined,
    root,
    element: connection,
    url,
    loadBalancer: undefined,
    sslInfos: ssl ? [ssl] : [],
    sslInfo: ssl,
  };
}

/** `https://host:port`; an IPv6 host in brackets; the port as written (a template stays one), 443 when absent. */
function urlOf(host: string, port: JsonNode | undefined): string {
  const authority = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const portText = port === undefined ? undefined : scalarText(port)?.trim();
  return portText === undefined || portText === '' ? `https://${authority}` : `https://${authority}:${portText}`;
}

function sslInfoElement(sslProperty: JsonProperty, parent: XmlElement): XmlElement {
  const node = sslProperty.value as Extract<JsonNode, { kind: 'object' }>;
  const ssl = syntheticElement('SSLInfo', { start: sslProperty.keySpan.start, end: node.span.end }, sslProperty.keySpan, parent);
  for (const p of node.properties) {
    const name = ELEMENT_OF_KEY[p.key];
    if (name === undefined) continue;
    const span = { start: p.keySpan.start, end: p.value.span.end };
    if (name === 'CommonName') {
      ssl.children.push(commonName(p, span, ssl));
    } else if (SSLINFO_CONTAINER_ITEM[name] !== undefined) {
      const list = syntheticElement(name, span, p.keySpan, ssl);
      if (p.value.kind === 'array') {
        list.children = p.value.items
          .map((item) => scalarElement(SSLINFO_CONTAINER_ITEM[name]!, item, item.span, item.span, list))
          .filter((e) => e !== undefined);
      }
      ssl.children.push(list);
    } else {
      const child = scalarElement(name, p.value, span, p.keySpan, ssl);
      if (child !== undefined) ssl.children.push(child);
    }
  }
  return ssl;
}

/** `commonName: {value, wildcardMatch}` (the API's shape) or a plain string. */
function commonName(p: JsonProperty, span: XmlElement['span'], parent: XmlElement): XmlElement {
  const value = p.value.kind === 'object' ? property(p.value, 'value')?.value : p.value;
  const cn =
    (value && scalarElement('CommonName', value, span, p.keySpan, parent)) ?? syntheticElement('CommonName', span, p.keySpan, parent);
  const wildcard = property(p.value, 'wildcardMatch');
  if (wildcard !== undefined) {
    const v = wildcard.value;
    const valueSpan = v.kind === 'string' ? v.contentSpan : v.span;
    const attr: XmlAttribute = {
      name: 'wildcardMatch',
      nameSpan: wildcard.keySpan,
      value: valueText('wildcardMatch', v) ?? '',
      valueSpan,
      span: { start: wildcard.keySpan.start, end: v.span.end },
    };
    cn.attributes = [attr];
  }
  return cn;
}

function scalarText(node: JsonNode): string | undefined {
  if (node.kind === 'string') return node.value;
  if (node.kind === 'boolean' || node.kind === 'number') return node.raw;
  return undefined;
}

function scalarElement(
  name: string,
  node: JsonNode,
  span: XmlElement['span'],
  nameSpan: XmlElement['span'],
  parent: XmlElement,
): XmlElement | undefined {
  const text = valueText(name, node);
  if (text === undefined) return undefined;
  const textSpan = node.kind === 'string' ? node.contentSpan : node.span;
  return leaf(name, span, text.trim(), text.trim() === '' ? undefined : textSpan, parent, nameSpan);
}

function leaf(
  name: string,
  span: XmlElement['span'],
  text: string,
  textSpan: XmlElement['span'] | undefined,
  parent: XmlElement,
  nameSpan = span,
): XmlElement {
  return { ...syntheticElement(name, span, nameSpan, parent), text, textSpan };
}
