// The HTTP proxy a probe connection goes through: parsed from a URL (`--proxy`, HTTPS_PROXY, a setting) the way curl
// reads one (no scheme means http://, no port means 1080, user:password@ for basic authentication, percent-decoded),
// and chosen per host with NO_PROXY (no-proxy.ts). The credentials live in one private field, sent only in the
// CONNECT request (dial.ts): the route prints, logs and serialises as `http://host:port`, never with them.
import { isIP } from 'node:net';
import { bypassesProxy } from './no-proxy';

/** curl's default proxy port. */
const DEFAULT_PROXY_PORT = 1080;

export class ProxyRoute {
  readonly #authorization: string | undefined;

  constructor(
    readonly host: string,
    readonly port: number,
    credentials?: { user: string; password: string },
  ) {
    this.#authorization =
      credentials === undefined ? undefined : `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
  }

  /** `http://host:port`: what reports, messages and logs say (never the credentials). */
  get url(): string {
    return `http://${isIP(this.host) === 6 ? `[${this.host}]` : this.host}:${this.port}`;
  }

  get authenticates(): boolean {
    return this.#authorization !== undefined;
  }

  /** The CONNECT request for `target` (`host:port`), with the Proxy-Authorization header when credentials were given. */
  connectRequest(target: string): string {
    const auth = this.#authorization === undefined ? '' : `Proxy-Authorization: ${this.#authorization}\r\n`;
    return `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`;
  }

  toString(): string {
    return this.url;
  }

  toJSON(): string {
    return this.url;
  }
}

export type ParsedProxy = ProxyRoute | { problem: string };

/**
 * A proxy URL: `[http://][user[:password]@]host[:port][/]`. Only plain HTTP proxies tunnel here: https:// (TLS to
 * the proxy) and socks are refused with a reason. The problem text never repeats the URL (it may hold a password).
 */
export function parseProxyUrl(text: string): ParsedProxy {
  const m = /^\s*(?:([a-z][a-z0-9+.-]*):\/\/)?(?:([^@/]*)@)?(\[[^\]/]+\]|[^:/@[\]\s]+)(?::(\d*))?\/?\s*$/i.exec(text);
  if (m === null) return { problem: 'not a proxy URL (expected http://[user:password@]host:port)' };
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http')
    return { problem: `${scheme}:// proxies are not supported: the probe tunnels through plain HTTP proxies (http://) only` };
  const host = m[3]!.replace(/^\[(.*)\]$/, '$1');
  if (m[3]!.startsWith('[') && isIP(host) !== 6) return { problem: `'${m[3]}' is not an IPv6 address` };
  const port = m[4] === undefined || m[4] === '' ? DEFAULT_PROXY_PORT : Number(m[4]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { problem: `bad proxy port '${m[4]}'` };
  const credentials = m[2] === undefined ? undefined : parseCredentials(m[2]);
  if (credentials === null) return { problem: 'the proxy credentials are not valid percent-encoding' };
  return new ProxyRoute(host.toLowerCase(), port, credentials);
}

function parseCredentials(userinfo: string): { user: string; password: string } | null {
  const colon = userinfo.indexOf(':');
  try {
    const user = decodeURIComponent(colon < 0 ? userinfo : userinfo.slice(0, colon));
    const password = colon < 0 ? '' : decodeURIComponent(userinfo.slice(colon + 1));
    return { user, password };
  } catch {
    return null;
  }
}

/** Which proxy the probe uses, as the host configured it: a URL (or none) and a NO_PROXY list. */
export interface ProxyConfig {
  proxy?: ProxyRoute | undefined;
  noProxy?: string | undefined;
}

/** The route for `host`: the proxy, unless NO_PROXY sends it direct (or there is none). */
export function proxyFor(host: string, config: ProxyConfig | undefined): ProxyRoute | undefined {
  if (config?.proxy === undefined) return undefined;
  return bypassesProxy(host, config.noProxy) ? undefined : config.proxy;
}

/**
 * The proxy of an environment as curl picks it for an https:// URL: https_proxy, HTTPS_PROXY, all_proxy, ALL_PROXY
 * (the first set and not empty); NO_PROXY from no_proxy, then NO_PROXY.
 */
export function proxyFromEnvironment(env: Readonly<Record<string, string | undefined>>): { proxy?: string; noProxy?: string } {
  const first = (...names: string[]): string | undefined => names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
  const proxy = first('https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY');
  const noProxy = first('no_proxy', 'NO_PROXY');
  return { ...(proxy === undefined ? {} : { proxy }), ...(noProxy === undefined ? {} : { noProxy }) };
}

/** VS Code's own proxy settings, as the client passes them (`http.proxy`, `http.noProxy`, `http.proxyStrictSSL`). */
export interface EditorProxy {
  proxy?: string | undefined;
  noProxy?: readonly string[] | undefined;
  /** Passed on, with no effect on the probe: it judges certificates against Apigee's truststore, not the editor's. */
  strictSSL?: boolean | undefined;
}

/**
 * The proxy a diagnosis goes through: `apigeeTls.probe.proxy` wins, then the editor's `http.proxy`, then the
 * environment (HTTPS_PROXY…, for the CLI and editors without such a setting); NO_PROXY likewise. A URL that cannot
 * be used is a problem (its text, which may hold a password, is not repeated).
 */
export function chooseProxy(
  /** The proxy settings ('' when not set) and the name messages give the first. */
  settings: { proxy: string; noProxy: string; name: string },
  editor: EditorProxy | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ProxyConfig | undefined | { problem: string } {
  const fromEnv = proxyFromEnvironment(env);
  const sources: [string, string | undefined][] = [
    [settings.name, settings.proxy],
    ['http.proxy', editor?.proxy],
    ['HTTPS_PROXY/ALL_PROXY', fromEnv.proxy],
  ];
  const [source, url] = sources.find(([, value]) => value !== undefined && value.trim() !== '') ?? ['', undefined];
  if (url === undefined) return undefined;
  const proxy = parseProxyUrl(url);
  if ('problem' in proxy) return { problem: `${source}: ${proxy.problem}` };
  const editorNoProxy = editor?.noProxy?.join(',');
  const noProxy = [settings.noProxy, editorNoProxy, fromEnv.noProxy].find((v) => v !== undefined && v.trim() !== '');
  return { proxy, noProxy };
}
