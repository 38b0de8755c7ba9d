// Reading one SSLInfo block and its connection the way Apigee does.
import type { Connection } from './connection';
import type { Profile } from '../tls/profile';
import { parseUrlHost } from '../tls/host-names';
import { SSLINFO_ELEMENT_NAMES } from './sslinfo-schema';
import { readBoolean, isTemplate, type BooleanValue } from './values';
import type { XmlElement } from './xml/types';

export interface SslInfoView {
  element: XmlElement;
  connection: Connection;
}

/**
 * The SSLInfo of every connection in the document: the first one, which Apigee reads. A repeated block is
 * duplicate-element's one finding, not every rule's.
 */
export function sslInfos(connections: readonly Connection[]): SslInfoView[] {
  return connections.flatMap((connection) => (connection.sslInfo === undefined ? [] : [{ element: connection.sslInfo, connection }]));
}

export function child(ssl: SslInfoView, name: string): XmlElement | undefined {
  return ssl.element.children.find((c) => c.name === name);
}

/** A child that holds a value: `<TrustStore/>`, `<KeyAlias> </KeyAlias>` and `"trustStore": ""` count as absent. */
export function valueChild(ssl: SslInfoView, name: string): XmlElement | undefined {
  const element = child(ssl, name);
  return element !== undefined && hasValue(element) ? element : undefined;
}

export function hasValue(element: XmlElement): boolean {
  return element.opaque || element.text !== '' || element.children.length > 0;
}

/**
 * SSLInfo children written beside `<SSLInfo>` in the HTTPTargetConnection instead of inside it: Apigee does
 * not read them there.
 */
export function misplacedSslInfoChildren(connection: Connection): XmlElement[] {
  if (connection.kind === 'TargetServer') return [];
  return connection.element.children.filter((c) => SSLINFO_ELEMENT_NAMES.includes(c.name));
}

/** Whether a misplaced child named `name` sits beside the connection's SSLInfo (or where it should be). */
export function misplaced(connection: Connection, name: string): boolean {
  return misplacedSslInfoChildren(connection).some((c) => c.name === name && hasValue(c));
}

/** A boolean child's value; undefined when the element is absent. Opaque values count as templates. */
export function booleanChild(ssl: SslInfoView, name: string): BooleanValue | undefined {
  const element = child(ssl, name);
  if (element === undefined) return undefined;
  return element.opaque ? 'template' : readBoolean(element.text);
}

export type UrlScheme = 'https' | 'http' | 'unknown';

/** The scheme of the connection's literal URL; 'unknown' for a template, another scheme or no URL. */
export function urlScheme(connection: Connection): UrlScheme {
  const url = connection.url;
  if (url === undefined || url.opaque) return 'unknown';
  const m = /^(https?):\/\//i.exec(url.text);
  if (m === null) return 'unknown';
  return m[1]!.toLowerCase() as UrlScheme;
}

/** The literal host of the connection's URL as tls/host-names reads it; undefined when a template or nothing decides it. */
export function urlHost(connection: Connection): string | undefined {
  const url = connection.url;
  if (url === undefined || url.opaque) return undefined;
  const parsed = parseUrlHost(url.text, isTemplate);
  return parsed.kind === 'host' ? parsed.host : undefined;
}

/**
 * Whether Apigee makes a TLS connection configured by this SSLInfo: Enabled=true, or Enabled absent with an
 * https URL (Apigee X documents that default; on Edge an https URL is TLS too). 'unknown' when a template
 * decides.
 */
export function tlsActive(ssl: SslInfoView): boolean | 'unknown' {
  const enabled = booleanChild(ssl, 'Enabled');
  if (enabled === true) return true;
  if (enabled === false) return false;
  if (enabled === 'template' || enabled === 'invalid') return 'unknown';
  const scheme = urlScheme(ssl.connection);
  if (scheme === 'https') return true;
  if (scheme === 'http') return false;
  return ssl.connection.loadBalancer !== undefined ? false : 'unknown';
}

/**
 * Certificate errors fail the call. On Apigee X, Enforce=true makes TLS strict whatever
 * IgnoreValidationErrors says; otherwise (and on Edge) IgnoreValidationErrors=true lets them through.
 */
export function validationOn(ssl: SslInfoView, profile: Profile): boolean | 'unknown' {
  if (enforcesStrictTls(ssl, profile)) return true;
  const ignore = booleanChild(ssl, 'IgnoreValidationErrors');
  if (ignore === true) return false;
  if (ignore === 'template') return 'unknown';
  return true;
}

/** Apigee X with `<Enforce>true</Enforce>`: certificate errors fail the call whatever else SSLInfo says. */
export function enforcesStrictTls(ssl: SslInfoView, profile: Profile): boolean {
  return profile === 'apigeex' && booleanChild(ssl, 'Enforce') === true;
}

/**
 * Hosts whose certificates chain to public CAs in every runtime's default trust (Google front ends): with
 * Enforce=true Apigee X validates them without a TrustStore.
 */
export function publicCaHost(host: string | undefined): boolean {
  return host !== undefined && /(^|\.)(googleapis\.com|run\.app|cloudfunctions\.net|appspot\.com)$/.test(host);
}
