// Edge virtual hosts (northbound) as teams keep them: the management API's JSON (apigee-config-maven-plugin
// `virtualHosts*.json`, `edge.json` `envConfig.<env>.virtualHosts`, a GET committed as is) and its XML form. Real
// files mix `"true"` and `true`, write `port` as a string or a number, and leave empty `ciphers: []` in `sSLInfo`;
// all of it is read, each value with its span.
import type { JsonNode } from '../documents/json/json-document';
import { jsonBoolean } from '../documents/json/target-servers';
import { isTemplate } from '../documents/values';
import { firstChild, parseXml, type XmlElement } from '../documents/xml/document';
import type { Span } from '../documents/xml/types';
import type { ReadContext } from './config-entities';
import { located, prop } from './config-entities';
import type { CertificateInfo } from './certificates';
import type { AliasDef, Flag, Located, VirtualHostDef } from './model';
import { aliasesOf, keystoreNameOf, resolveStore } from './resolve';
import type { EnvIndex } from './workspace';

/** Edge Cloud's virtual hosts every organisation has: `default` (HTTP, port 80) and `secure` (HTTPS, port 443). */
export const BUILT_IN_VIRTUAL_HOSTS: Readonly<Record<string, string>> = {
  default: "Edge Cloud's built-in virtual host `default`: plain HTTP on port 80 (`http://{org}-{env}.apigee.net`)",
  secure: "Edge Cloud's built-in virtual host `secure`: HTTPS on port 443, one-way TLS with Apigee's `*.apigee.net` certificate",
};

const str = (node: JsonNode | undefined, key: string): Located | undefined => {
  const value = prop(node, key)?.value;
  return value?.kind === 'string' ? { value: value.value, span: value.contentSpan } : undefined;
};

function jsonFlag(node: JsonNode | undefined, key: string): Flag | undefined {
  const value = prop(node, key)?.value;
  const read = jsonBoolean(value);
  if (value === undefined || read === undefined || read === 'invalid') return undefined;
  return { value: read, span: value.kind === 'string' ? value.contentSpan : value.span };
}

function jsonList(node: JsonNode | undefined, key: string): { items: Located[]; span: Span } | undefined {
  const value = prop(node, key)?.value;
  if (value?.kind !== 'array' || value.items.length === 0) return undefined;
  return { items: value.items.flatMap((i) => (i.kind === 'string' ? [{ value: i.value, span: i.contentSpan }] : [])), span: value.span };
}

const portOf = (text: Located | undefined): VirtualHostDef['port'] =>
  text === undefined ? undefined : { value: /^\d{1,5}$/.test(text.value.trim()) ? Number(text.value.trim()) : undefined, span: text.span };

/**
 * `properties`: the API's `{"property": [{"name", "value"}]}`, the spec's `Property[]{_name, __text}`, a bare array of
 * those, or a plain `{name: value}` object.
 */
function jsonProperties(node: JsonNode | undefined): Map<string, Located> {
  const out = new Map<string, Located>();
  const properties = prop(node, 'properties')?.value;
  const list = properties?.kind === 'array' ? properties : (prop(properties, 'property')?.value ?? prop(properties, 'Property')?.value);
  if (list?.kind === 'array') {
    for (const item of list.items) {
      const name = (str(item, 'name') ?? str(item, '_name'))?.value;
      const value = located(prop(item, 'value')?.value ?? prop(item, '__text')?.value);
      if (name !== undefined && value !== undefined) out.set(name.trim(), value);
    }
  } else if (properties?.kind === 'object' && list === undefined) {
    for (const p of properties.properties) {
      const value = located(p.value);
      if (value !== undefined) out.set(p.key, value);
    }
  }
  return out;
}

/** `propagateTLSInformation`: camelCase in API responses, PascalCase in the spec's request body. */
function jsonPropagate(node: JsonNode | undefined): VirtualHostDef['propagateTls'] {
  if (node?.kind !== 'object') return undefined;
  return {
    span: node.span,
    connection: jsonFlag(node, 'connectionProperties') ?? jsonFlag(node, 'ConnectionProperties'),
    client: jsonFlag(node, 'clientProperties') ?? jsonFlag(node, 'ClientProperties'),
  };
}

/** A virtual host object of the management API (undefined without a name). */
export function readVirtualHostJson(item: JsonNode, ctx: ReadContext): VirtualHostDef | undefined {
  if (item.kind !== 'object') return undefined;
  const name = str(item, 'name');
  if (name === undefined) return undefined;
  const ssl = prop(item, 'sSLInfo')?.value ?? prop(item, 'sslInfo')?.value;
  const aliases = prop(item, 'hostAliases')?.value;
  return {
    kind: 'virtualHost',
    env: ctx.env,
    name: name.value,
    file: ctx.file,
    source: ctx.source,
    span: item.span,
    nameSpan: name.span,
    format: 'json',
    hostAliases:
      aliases?.kind === 'array' ? aliases.items.flatMap((a) => (a.kind === 'string' ? [{ value: a.value, span: a.contentSpan }] : [])) : [],
    port: portOf(located(prop(item, 'port')?.value)),
    sslSpan: ssl?.kind === 'object' ? ssl.span : undefined,
    tls: jsonFlag(ssl, 'enabled'),
    clientAuth: jsonFlag(ssl, 'clientAuthEnabled'),
    ignoreValidationErrors: jsonFlag(ssl, 'ignoreValidationErrors'),
    keyStore: str(ssl, 'keyStore'),
    keyAlias: str(ssl, 'keyAlias'),
    trustStore: str(ssl, 'trustStore'),
    protocols: jsonList(ssl, 'protocols'),
    ciphers: jsonList(ssl, 'ciphers'),
    properties: jsonProperties(item),
    freeTrialCert: jsonFlag(item, 'useBuiltInFreeTrialCert') ?? jsonFlag(item, 'useBuiltInFreeTrailCert'),
    propagateTls: jsonPropagate(prop(item, 'propagateTLSInformation')?.value ?? prop(item, 'PropagateTLSInformation')?.value),
    interfaces: jsonList(item, 'interfaces')?.items ?? [],
  };
}

/** Every virtual host of a JSON document: an array of them, one object, or `{"virtualHosts": [...]}`. */
export function readVirtualHostsJson(root: JsonNode, ctx: ReadContext): VirtualHostDef[] {
  const list = root.kind === 'object' ? (prop(root, 'virtualHosts')?.value ?? prop(root, 'virtualHost')?.value ?? root) : root;
  const items = list.kind === 'array' ? list.items : [list];
  return items.flatMap((item) => readVirtualHostJson(item, ctx) ?? []);
}

/** Whether a JSON document's root is (or lists) virtual hosts: an object with `hostAliases` or a virtual-host-like sSLInfo. */
export function looksLikeVirtualHosts(root: JsonNode): boolean {
  const first = root.kind === 'array' ? root.items[0] : (prop(root, 'virtualHosts')?.value ?? root);
  const item = first?.kind === 'array' ? first.items[0] : first;
  return item?.kind === 'object' && str(item, 'name') !== undefined && prop(item, 'hostAliases') !== undefined;
}

// --------------------------------------------------------------------------------------------------- XML

const elementText = (e: XmlElement | undefined): Located | undefined =>
  e?.textSpan === undefined || e.opaque ? undefined : { value: e.text, span: e.textSpan };

function xmlFlag(e: XmlElement | undefined): Flag | undefined {
  const text = elementText(e);
  if (text === undefined) return undefined;
  const value = text.value.trim().toLowerCase();
  if (value === 'true' || value === 'false') return { value: value === 'true', span: text.span };
  return isTemplate(text.value) ? { value: 'template', span: text.span } : undefined;
}

function xmlList(parent: XmlElement | undefined, container: string, item: string): { items: Located[]; span: Span } | undefined {
  const list = parent === undefined ? undefined : firstChild(parent, container);
  const items = list?.children.filter((c) => c.name === item).flatMap((c) => elementText(c) ?? []) ?? [];
  return list === undefined || items.length === 0 ? undefined : { items, span: list.span };
}

/** `<VirtualHost name="…">` (the management API's XML): undefined when the root is not one or has no name. */
export function readVirtualHostXml(text: string, ctx: ReadContext): VirtualHostDef | undefined {
  const root = parseXml(text).root;
  if (root?.name !== 'VirtualHost') return undefined;
  const name = root.attributes.find((a) => a.name === 'name');
  if (name === undefined || name.value.trim() === '') return undefined;
  const ssl = firstChild(root, 'SSLInfo');
  const child = (name: string): XmlElement | undefined => (ssl === undefined ? undefined : firstChild(ssl, name));
  const propagate = firstChild(root, 'PropagateTLSInformation');
  const properties = new Map<string, Located>();
  for (const p of firstChild(root, 'Properties')?.children.filter((c) => c.name === 'Property') ?? []) {
    const key = p.attributes.find((a) => a.name === 'name')?.value.trim();
    const value = elementText(p);
    if (key !== undefined && value !== undefined) properties.set(key, value);
  }
  return {
    kind: 'virtualHost',
    env: ctx.env,
    name: name.value.trim(),
    file: ctx.file,
    source: ctx.source,
    span: root.span,
    nameSpan: name.valueSpan,
    format: 'xml',
    hostAliases:
      firstChild(root, 'HostAliases')
        ?.children.filter((c) => c.name === 'HostAlias')
        .flatMap((c) => elementText(c) ?? []) ?? [],
    port: portOf(elementText(firstChild(root, 'Port'))),
    sslSpan: ssl?.span,
    tls: xmlFlag(child('Enabled')),
    clientAuth: xmlFlag(child('ClientAuthEnabled')),
    ignoreValidationErrors: xmlFlag(child('IgnoreValidationErrors')),
    keyStore: elementText(child('KeyStore')),
    keyAlias: elementText(child('KeyAlias')),
    trustStore: elementText(child('TrustStore')),
    protocols: xmlList(ssl, 'Protocols', 'Protocol'),
    ciphers: xmlList(ssl, 'Ciphers', 'Cipher'),
    properties,
    freeTrialCert: xmlFlag(firstChild(root, 'UseBuiltInFreeTrialCert')),
    propagateTls:
      propagate === undefined
        ? undefined
        : {
            span: propagate.span,
            connection: xmlFlag(firstChild(propagate, 'ConnectionProperties')),
            client: xmlFlag(firstChild(propagate, 'ClientProperties')),
          },
    interfaces:
      firstChild(root, 'Interfaces')
        ?.children.filter((c) => c.name === 'Interface')
        .flatMap((c) => elementText(c) ?? []) ?? [],
  };
}

/** Whether a TLS flag holds: true written (a template is not known). */
export const isOn = (flag: Flag | undefined): boolean => flag?.value === true;

/** Two-way TLS: TLS on (or sSLInfo present with enabled unknown) and clientAuthEnabled true. */
export const isTwoWay = (vh: VirtualHostDef): boolean => vh.tls?.value !== false && vh.sslSpan !== undefined && isOn(vh.clientAuth);

/** Serves TLS at all: an sSLInfo whose enabled is true (a template counts as TLS). */
export const servesTls = (vh: VirtualHostDef): boolean => vh.sslSpan !== undefined && vh.tls !== undefined && vh.tls.value !== false;

/** The alias a virtual host serves (its keyStore, through a reference, and its keyAlias), in its environment. */
export function servedAlias(env: EnvIndex, vh: VirtualHostDef): AliasDef | undefined {
  if (vh.keyStore === undefined || vh.keyAlias === undefined) return undefined;
  const keystore = keystoreNameOf(resolveStore(env, vh.keyStore.value));
  return keystore === undefined ? undefined : aliasesOf(env, keystore).get(vh.keyAlias.value.trim())?.[0];
}

/** The DNS names a certificate covers: its subjectAltName DNS entries, else its subject CN. */
export function certificateNames(c: CertificateInfo): string[] {
  const dns = (c.x509.subjectAltName ?? '').split(/,\s*/).flatMap((e) => (e.startsWith('DNS:') ? [e.slice(4)] : []));
  if (dns.length > 0) return dns;
  const cn = /(?:^|,\s*)CN=([^,]+)/.exec(c.subject)?.[1];
  return cn === undefined ? [] : [cn.trim()];
}
