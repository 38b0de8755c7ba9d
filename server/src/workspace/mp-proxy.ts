// Edge for Private Cloud's forward proxy: the message processors' HTTPClient.proxy.* properties
// (/opt/apigee/customer/application/message-processor.properties), when a repository keeps that file. They are
// installation-wide: every Edge environment of the repository calls its backends through that proxy. Keys are read in
// both forms Apigee takes: `conf_http_HTTPClient.proxy.host` and `conf/http.properties+HTTPClient.proxy.host`.
import type { Span } from '../documents/xml/types';
import type { Located } from './model';
import { parseProperties, type PropertyEntry } from './properties';

/** The message processors' forward proxy as the file writes it (values with their spans; the password's presence only). */
export interface MessageProcessorProxyDef {
  file: string;
  /** HTTPClient.use.proxy (Apigee's default: true). */
  useProxy: Located | undefined;
  /** HTTPClient.proxy.type: HTTP (the default) or HTTPS. */
  type: Located | undefined;
  host: Located | undefined;
  /** The port as written, and its value when a number from 1 to 65535. */
  port: { value: number | undefined; span: Span } | undefined;
  user: Located | undefined;
  hasPassword: boolean;
}

/** `conf_http_HTTPClient.x` or `conf/http.properties+HTTPClient.x` → `HTTPClient.x`; other keys: undefined. */
function httpClientKey(key: string): string | undefined {
  const m = /^(?:conf_http_|conf\/http\.properties\+)(HTTPClient\..+)$/.exec(key);
  return m?.[1];
}

/** The HTTPClient.* entries of a properties file, by their short key (the first of each, as parseProperties keeps). */
function httpClientEntries(text: string): Map<string, PropertyEntry> {
  const out = new Map<string, PropertyEntry>();
  for (const entry of parseProperties(text).values()) {
    const key = httpClientKey(entry.key);
    if (key !== undefined && !out.has(key)) out.set(key, entry);
  }
  return out;
}

const located = (e: PropertyEntry | undefined): Located | undefined =>
  e === undefined ? undefined : { value: e.value.trim(), span: e.valueSpan };

/** The forward proxy a message-processor properties file configures; undefined when it sets no HTTPClient.proxy or use.proxy key. */
export function readMessageProcessorProxy(text: string, file: string): MessageProcessorProxyDef | undefined {
  const entries = httpClientEntries(text);
  const at = (key: string) => entries.get(`HTTPClient.${key}`);
  if (![...entries.keys()].some((k) => k.startsWith('HTTPClient.proxy.') || k === 'HTTPClient.use.proxy')) return undefined;
  const port = at('proxy.port');
  const portValue = port !== undefined && /^\d{1,5}$/.test(port.value.trim()) ? Number(port.value.trim()) : undefined;
  return {
    file,
    useProxy: located(at('use.proxy')),
    type: located(at('proxy.type')),
    host: located(at('proxy.host')),
    port:
      port === undefined
        ? undefined
        : { value: portValue !== undefined && portValue >= 1 && portValue <= 65535 ? portValue : undefined, span: port.valueSpan },
    user: located(at('proxy.user')),
    hasPassword: at('proxy.password') !== undefined,
  };
}

/** The proxy user and password, read again from the file's text when a probe dials (never kept in the model). */
export function messageProcessorCredentials(text: string): { user: string; password: string } | undefined {
  const entries = httpClientEntries(text);
  const user = entries.get('HTTPClient.proxy.user')?.value.trim();
  if (user === undefined || user === '') return undefined;
  return { user, password: entries.get('HTTPClient.proxy.password')?.value ?? '' };
}
