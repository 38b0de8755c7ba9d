// The words an untrusted workspace's consent names a connection by, and the server checks it against: what is
// dialled, not only the name. `host:port` direct; ` at ADDRESS` when an address override is dialled instead of
// resolving the host; ` via proxy http://host:port` when the connection tunnels through an HTTP proxy (its URL only,
// never its credentials). Agreeing to one way is not agreeing to another: direct does not cover a proxied dial, one
// proxy does not cover another, and a host does not cover any address.
import { normalizeHost, resolveKey } from '../tls/host-names';
import { parseProxyUrl } from './proxy';

export interface DialledWay {
  host: string;
  port: number;
  /** The address override dialled instead of resolving the host. */
  address?: string | undefined;
  /** The proxy's URL (`http://host:port`) the connection tunnels through; undefined: direct. */
  proxy?: string | undefined;
}

/** The consent words of a connection, normalised (host case, IPv6 brackets, the proxy's URL as ProxyRoute prints it). */
export function consentWords(way: DialledWay): string {
  const at = way.address === undefined ? '' : ` at ${normalizeHost(way.address)}`;
  return `${resolveKey(way.host, way.port)}${at}${way.proxy === undefined ? '' : ` via proxy ${way.proxy}`}`;
}

/** Consent words as a client sent them, normalised as consentWords writes them; undefined when the text is not such words. */
export function parseConsentWords(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(.+?):(\d{1,5})(?: at (\S+))?(?: via proxy (\S+))?$/.exec(text.trim());
  if (m === null) return undefined;
  const proxy = m[4] === undefined ? undefined : parseProxyUrl(m[4]);
  if (proxy !== undefined && 'problem' in proxy) return undefined;
  return consentWords({ host: m[1]!, port: Number(m[2]), address: m[3], proxy: proxy?.url });
}
