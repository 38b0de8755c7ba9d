// Which way the runtime calls a backend: through its forward proxy (hybrid's `envs[].httpProxy` for the
// connection's environment, else the one configured for Edge Private Cloud's message processors by hand, else the
// message-processor.properties file the repository keeps: the explicit setting wins over the file), unless the
// TargetEndpoint's `<Property name="use.proxy">false</Property>` sends it direct. The probe then goes the same way.
import type { Connection } from '../documents/connection';
import { useProxyProperties } from '../documents/use-proxy';
import type { RuntimeWay } from '../diagnosis/types';
import { messageProcessorCredentials, type MessageProcessorProxyDef } from '../workspace/mp-proxy';
import { credentialsOf, HYBRID_PROXY_SCHEME, type RuntimeProxyDef } from '../workspace/runtime-proxy';
import { isSymbolic } from '../workspace/symbols';
import type { EnvIndex, Workspace } from '../workspace/workspace';
import { parseProxyUrl, ProxyRoute, type ProxyConfig } from './proxy';
import { relative } from 'node:path';

/** The forward proxy configured by hand for every environment (apigeeTls.probe.runtimeProxy), and its setting's name. */
export interface ConfiguredRuntimeProxy {
  proxy: ProxyRoute;
  source: string;
}

export type RuntimeRoute =
  /** The runtime calls through its proxy: so does the probe. */
  | { way: 'proxy'; proxy: ProxyRoute; source: string }
  /** use.proxy false: the runtime calls direct, past its proxy. */
  | { way: 'direct'; proxy: ProxyRoute; source: string };

/** A runtime route, or why the proxy the runtime has cannot be followed (a note; the probe goes as configured here). */
export type RuntimeRouteChoice = { route: RuntimeRoute | undefined; note?: string };

/** The value of `<Property name="use.proxy">` in the connection's `<Properties>`, when literal. */
function useProxy(connection: Connection | undefined): string | undefined {
  const property = connection === undefined ? undefined : useProxyProperties(connection).at(-1);
  return property === undefined || property.opaque ? undefined : property.text.trim();
}

/** An overrides file's proxy as a route (its credentials read from the file now), or why it cannot be one. */
function fromOverrides(ws: Workspace, def: RuntimeProxyDef): { route: ConfiguredRuntimeProxy } | { note: string } {
  const where = `${relativeToRoot(ws, def.file)} envs[${def.env}].httpProxy`;
  if (def.scheme !== undefined && def.scheme.value.toUpperCase() !== HYBRID_PROXY_SCHEME)
    return { note: `the runtime's forward proxy (${where}) has scheme '${def.scheme.value}', not HTTP: not followed` };
  const host = def.host?.value.trim() ?? '';
  if (host === '' || isSymbolic(host)) return { note: `the runtime's forward proxy (${where}) names no literal host: not followed` };
  if (def.port?.value === undefined) return { note: `the runtime's forward proxy (${where}) has no port from 1 to 65535: not followed` };
  const text = ws.facts(def.file)?.text;
  const credentials = def.username === undefined || text === undefined ? undefined : credentialsOf(text, def.env);
  return routeTo(host, def.port.value, credentials, `the runtime's forward proxy (${where})`, where);
}

/** An HTTP proxy at host:port as a route, or why the host cannot be one (`what`: the note's subject). */
function routeTo(
  host: string,
  port: number,
  credentials: { user: string; password: string } | undefined,
  what: string,
  source: string,
): { route: ConfiguredRuntimeProxy } | { note: string } {
  const parsed = parseProxyUrl(`http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`);
  if ('problem' in parsed) return { note: `${what}: ${parsed.problem}` };
  return { route: { proxy: new ProxyRoute(parsed.host, parsed.port, credentials), source } };
}

/** A message-processor.properties file's proxy as a route (credentials read from the file now); undefined: it uses none. */
function fromMessageProcessor(
  ws: Workspace,
  def: MessageProcessorProxyDef,
): { route: ConfiguredRuntimeProxy } | { note: string } | undefined {
  // use.proxy false on the message processors: no API proxy may use the forward proxy.
  if (def.useProxy?.value.toLowerCase() === 'false') return undefined;
  const where = relativeToRoot(ws, def.file);
  const host = def.host?.value ?? '';
  if (host === '')
    return def.useProxy?.value.toLowerCase() === 'true'
      ? { note: `the message processors' forward proxy (${where}) names no HTTPClient.proxy.host: not followed` }
      : undefined;
  if (isSymbolic(host)) return { note: `the message processors' forward proxy (${where}) names no literal host: not followed` };
  const type = (def.type?.value ?? 'HTTP').toUpperCase();
  if (type !== 'HTTP')
    return {
      note: `the message processors' forward proxy (${where}) is of type ${def.type!.value}: the probe dials HTTP proxies only, so it went as configured here`,
    };
  if (def.port !== undefined && def.port.value === undefined)
    return { note: `the message processors' forward proxy (${where}) has no port from 1 to 65535: not followed` };
  const text = ws.facts(def.file)?.text;
  const credentials = def.user === undefined || text === undefined ? undefined : messageProcessorCredentials(text);
  // Without HTTPClient.proxy.port, the message processor dials port 80 of an HTTP proxy.
  return routeTo(
    host,
    def.port?.value ?? 80,
    credentials,
    `the message processors' forward proxy (${where})`,
    `the message processors' ${where}`,
  );
}

function relativeToRoot(ws: Workspace, file: string): string {
  const root = ws.roots.find((r) => !relative(r, file).startsWith('..'));
  return root === undefined ? file : relative(root, file).replace(/\\/g, '/');
}

/**
 * The way the runtime calls the backend of `connection` (undefined: a TargetServer's own entry) in `env`: the
 * environment's hybrid proxy, else the configured one, else the message processors'; direct when use.proxy is false. No proxy known: no route.
 */
export function runtimeRouteOf(
  ws: Workspace,
  env: EnvIndex | undefined,
  connection: Connection | undefined,
  configured: ConfiguredRuntimeProxy | undefined,
): RuntimeRouteChoice {
  const own = env?.runtimeProxy === undefined ? undefined : fromOverrides(ws, env.runtimeProxy);
  if (own !== undefined && 'note' in own) return { route: undefined, note: own.note };
  // The setting, explicit, wins over the repository's message-processor.properties.
  const mp =
    own !== undefined || configured !== undefined || env?.mpProxy === undefined ? undefined : fromMessageProcessor(ws, env.mpProxy);
  if (mp !== undefined && 'note' in mp) return { route: undefined, note: mp.note };
  const known = own?.route ?? configured ?? mp?.route;
  if (known === undefined) return { route: undefined };
  const way = useProxy(connection) === 'false' ? 'direct' : 'proxy';
  return { route: { way, proxy: known.proxy, source: known.source } };
}

/**
 * The proxy configuration the probe dials with: the runtime's proxy when the runtime goes through it (every host:
 * the runtime has no NO_PROXY here), else what this machine is configured with (its own way out).
 */
export function probeProxyFor(route: RuntimeRoute | undefined, configured: ProxyConfig | undefined): ProxyConfig | undefined {
  return route?.way === 'proxy' ? { proxy: route.proxy } : configured;
}

/** What the report says of the runtime's way, given where the probe's connections went (`probeProxy`: its URL, or direct). */
export function runtimeWay(route: RuntimeRoute, probeProxy: string | undefined): RuntimeWay {
  const sameWay = route.way === 'proxy' ? probeProxy === route.proxy.url : probeProxy === undefined;
  return { runtime: route.way, proxy: route.proxy.url, source: route.source, sameWay };
}

/** The runtime's proxy from a setting's URL ('' : none), or what is wrong with it (the URL, which may hold a password, not repeated). */
export function configuredRuntimeProxy(url: string, source: string): ConfiguredRuntimeProxy | { problem: string } | undefined {
  if (url.trim() === '') return undefined;
  const proxy = parseProxyUrl(url);
  return 'problem' in proxy ? { problem: `${source}: ${proxy.problem}` } : { proxy, source };
}
