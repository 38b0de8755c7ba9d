// What gets probed for a connection in the workspace: a `<URL>` (its property-set templates resolved per
// environment), each TargetServer a `<LoadBalancer>` names in each environment, or a TargetServer entry itself;
// each with its effective SSLInfo (the TargetServer's sSLInfo wins), and the trust anchors and client certificate
// the workspace holds for it there. Pure: the workspace reads the files.
import type { Connection } from '../documents/connection';
import { booleanChild, type SslInfoView } from '../documents/sslinfo';
import { isIpHost, normalizeHost, parseUrlHost, resolveKey } from '../tls/host-names';
import type { ProfileChoice } from '../tls/profile';
import type { EnvEntity, Located, TargetServerDef } from '../workspace/model';
import { targetServer } from '../workspace/resolve';
import { isSymbolic } from '../workspace/symbols';
import { substitute } from '../workspace/templates';
import type { EnvIndex, Workspace } from '../workspace/workspace';
import { planConnection, type ConnectionPlan, type PlanOptions } from './from-sslinfo';
import { runtimeRouteOf, type ConfiguredRuntimeProxy, type RuntimeRoute } from './runtime-route';
import { workspaceClientCertificate, workspaceTrust, type ClientCertificateChoice, type TrustChoice } from './workspace-material';

type Span = Located['span'];

/** Where a diagnosis is shown: the `<URL>` text, the `<Server name>` value, a TargetServer's `host` value. */
export interface ProbeSite {
  file: string;
  span: Span;
}

export interface PlannedProbe {
  /** Unique within the file's plan: `<kind>:<owner>:<index>[:<server>]@<env>`. */
  id: string;
  /** undefined: the bundle has no environment configuration (a literal URL is still probed). */
  env: string | undefined;
  /** The TargetServer probed, if any. */
  server: string | undefined;
  kind: Connection['kind'];
  /** The TargetEndpoint, ServiceCallout or TargetServer name. */
  owner: string;
  sites: ProbeSite[];
  plan: ConnectionPlan;
  /** The runtime it is judged as (the plan follows its offer and rules), and why. */
  runtime: ProfileChoice;
  trust: TrustChoice;
  clientCertificate: ClientCertificateChoice;
  /** What a user should know about a probeable plan (an IP host sends no SNI). */
  notes: string[];
  /** The way the runtime calls the backend when it has a forward proxy (the probe goes the same way); else undefined. */
  runtimeRoute?: RuntimeRoute | undefined;
}

export interface WorkspacePlanOptions extends Omit<PlanOptions, 'profile'> {
  /**
   * The runtime a file is judged as: the user's setting, or the decision lint makes for the file's bundle or
   * folder. A connection is judged as its bundle file's; a TargetServer entry as its configuration file's.
   */
  profileOf: (file: string) => ProfileChoice;
  /** Workspace trust: when false no certificate or key file of the workspace is read. */
  trusted: boolean;
  /** Only these environments (default: every environment the file is deployed to). */
  envs?: ReadonlySet<string> | undefined;
  /** The environments of a bundle file (default: the workspace's `environmentsOf`). */
  environmentsOf?: ((file: string) => EnvIndex[]) | undefined;
  /** Address overrides (`resolveKey` → IP): a loopback host given an address is probed there. */
  resolve?: ReadonlyMap<string, string> | undefined;
  /** The runtime's forward proxy configured by hand (Edge Private Cloud's message processors), for every environment. */
  runtimeProxy?: ConfiguredRuntimeProxy | undefined;
}

/** The options with the runtime chosen for the file being planned. */
type FileOptions = WorkspacePlanOptions & PlanOptions;

const notProbeable = (reason: string): ConnectionPlan => ({ probeable: false, reason });

const LOOPBACK = /^(localhost|localhost\.localdomain|.*\.localhost|127(\.\d{1,3}){3}|::1|0\.0\.0\.0)$/i;

/** Why a host cannot be probed from here; undefined when it can (a loopback host only with an address override). */
export function hostProblem(host: string, port: number | undefined, resolve?: ReadonlyMap<string, string>): string | undefined {
  if (host.trim() === '') return 'the host is empty: set the host name of the backend';
  if (isSymbolic(host))
    return `the host '${host}' holds a variable or build token: it is only known at build or run time; probe the real backend with \`apigee-tls-lint probe HOST:${port ?? 'PORT'}\``;
  const overridden = port !== undefined && resolve?.has(resolveKey(host.trim(), port)) === true;
  if (LOOPBACK.test(normalizeHost(host.trim())) && !overridden)
    return `'${host}' is the Apigee runtime itself: a probe from here would reach this machine, not the backend; say where the backend is: ${resolveHint(host.trim(), port)}`;
  return undefined;
}

/** The three places an address override goes: the CLI's flag, the editor's setting, the configuration file. */
function resolveHint(host: string, port: number | undefined): string {
  const key = `${host}:${port ?? 'PORT'}`;
  return `--resolve ${key}:ADDRESS (CLI), or {"${key}": "ADDRESS"} in apigeeTls.probe.resolve (editor) or in "probe": {"resolve": …} of .apigee-tls.json`;
}

function hostNotes(plan: ConnectionPlan): string[] {
  if (!plan.probeable || !isIpHost(plan.request.host)) return [];
  return [`the host ${plan.request.host} is an IP address: Apigee sends no SNI, and the certificate must name the address`];
}

function sslOf(connection: Connection | undefined): SslInfoView | undefined {
  return connection?.sslInfo === undefined ? undefined : { element: connection.sslInfo, connection };
}

function withMaterial(
  ws: Workspace,
  env: EnvIndex | undefined,
  ssl: SslInfoView | undefined,
  plan: ConnectionPlan,
  options: FileOptions,
  /** The connection whose use.proxy decides the runtime's way (undefined: a TargetServer's own entry). */
  connection: Connection | undefined,
): Pick<PlannedProbe, 'trust' | 'clientCertificate' | 'notes' | 'runtimeRoute'> {
  if (!plan.probeable)
    return { trust: { kind: 'fallback', reason: plan.reason }, clientCertificate: { kind: 'none', reason: undefined }, notes: [] };
  const route = runtimeRouteOf(ws, env, connection, options.runtimeProxy);
  return {
    trust: workspaceTrust(ws, env, ssl, options.trusted),
    clientCertificate: workspaceClientCertificate(ws, env, ssl, plan.request.clientAuthEnabled === true, options.trusted),
    notes: [...hostNotes(plan), ...(route.note === undefined ? [] : [route.note])],
    ...(route.route === undefined ? {} : { runtimeRoute: route.route }),
  };
}

/** `https://host:port` of a TargetServer, or why it is not probed. */
function serverUrl(ts: TargetServerDef, resolve: ReadonlyMap<string, string> | undefined): { url: string } | { problem: string } {
  const name = `TargetServer '${ts.name}'`;
  if (ts.enabled === false)
    return {
      problem: `${name} is disabled in environment '${ts.env}' (isEnabled: false): Apigee sends it no traffic (set isEnabled to true to use and probe it)`,
    };
  if (ts.host === undefined) return { problem: `${name} has no host: set its host name` };
  const host = hostProblem(ts.host.value, ts.port?.value, resolve);
  if (host !== undefined) return { problem: `${name}: ${host}` };
  if (ts.port === undefined) return { problem: `${name} has no port: set its port (443 for TLS)` };
  const port = ts.port.value;
  if (port === undefined || port < 1 || port > 65535)
    return { problem: `${name}: the port ${port ?? 'value'} is not a number from 1 to 65535` };
  const value = ts.host.value.trim();
  const authority = value.includes(':') && !value.startsWith('[') ? `[${value}]` : value;
  return { url: `https://${authority}:${port}` };
}

/**
 * The SSLInfo Apigee uses to call a TargetServer: its own sSLInfo when it has one (that wins over the
 * TargetEndpoint's), else the endpoint's `<SSLInfo>`; and whether that enables TLS.
 */
function effectiveSsl(ts: TargetServerDef, endpoint: Connection | undefined): { connection: Connection } | { problem: string } {
  const own = ts.connection?.sslInfo;
  if (own !== undefined && ts.connection !== undefined) {
    if (ts.tls === true) return { connection: ts.connection };
    if (ts.tls === 'template')
      return {
        problem: `TargetServer '${ts.name}': sSLInfo.enabled is decided at build time; probe the backend with \`apigee-tls-lint probe HOST:PORT\``,
      };
    return {
      problem: `TargetServer '${ts.name}' does not enable TLS (sSLInfo.enabled is not true): Apigee calls it over plain HTTP (set sSLInfo.enabled to true for TLS)`,
    };
  }
  const ssl = sslOf(endpoint);
  if (endpoint !== undefined && ssl !== undefined && booleanChild(ssl, 'Enabled') === true) return { connection: endpoint };
  return { problem: `TargetServer '${ts.name}' has no sSLInfo: Apigee calls it over plain HTTP (add sSLInfo with enabled: true for TLS)` };
}

/** One TargetServer in one environment, reached from a LoadBalancer (`endpoint`) or its own entry. */
function planServer(
  ws: Workspace,
  env: EnvIndex,
  ts: TargetServerDef,
  endpoint: Connection | undefined,
  options: FileOptions,
): Pick<PlannedProbe, 'plan' | 'trust' | 'clientCertificate' | 'notes' | 'runtimeRoute'> {
  const url = serverUrl(ts, options.resolve);
  const ssl = effectiveSsl(ts, endpoint);
  const plan =
    'problem' in url
      ? notProbeable(url.problem)
      : 'problem' in ssl
        ? notProbeable(ssl.problem)
        : planConnection(ssl.connection, options, url.url);
  return { plan, ...withMaterial(ws, env, 'connection' in ssl ? sslOf(ssl.connection) : undefined, plan, options, endpoint) };
}

/** The site of a TargetServer's host value, when it has one. */
function hostSite(ts: TargetServerDef): ProbeSite[] {
  return ts.host === undefined ? [] : [{ file: ts.file, span: ts.host.span }];
}

/** Every probe for the TLS connections of one bundle file (TargetEndpoint, ServiceCallout), per environment. */
export function planBundleFile(ws: Workspace, file: string, workspaceOptions: WorkspacePlanOptions): PlannedProbe[] {
  const facts = ws.facts(file);
  if (facts === undefined) return [];
  const runtime = workspaceOptions.profileOf(file);
  const options: FileOptions = { ...workspaceOptions, profile: runtime.profile };
  const envs = (options.environmentsOf ?? ((f: string) => ws.environmentsOf(f, options.envs)))(file);
  const out: PlannedProbe[] = [];
  facts.connections.forEach((connection, index) => {
    const owner = connection.ownerName ?? '(unnamed)';
    const base = { kind: connection.kind, owner, runtime };
    const id = (env: string | undefined, server?: string): string =>
      `${connection.kind}:${owner}:${index}${server === undefined ? '' : `:${server}`}@${env ?? ''}`;
    const servers = connection.loadBalancer?.children.filter((c) => c.name === 'Server') ?? [];
    if (connection.url === undefined && servers.length > 0) {
      for (const element of servers) {
        const nameAttribute = element.attributes.find((a) => a.name === 'name');
        const name = nameAttribute?.value.trim() ?? '';
        const site = { file, span: nameAttribute?.valueSpan ?? element.nameSpan };
        const unplanned = (env: string | undefined, reason: string): PlannedProbe => ({
          id: id(env, name),
          env,
          server: name,
          ...base,
          sites: [site],
          plan: notProbeable(reason),
          trust: { kind: 'fallback', reason },
          clientCertificate: { kind: 'none', reason: undefined },
          notes: [],
        });
        if (name === '' || isSymbolic(name)) {
          out.push(unplanned(undefined, `<Server name="${name}"> names no TargetServer literally`));
          continue;
        }
        if (envs.length === 0) {
          out.push(unplanned(undefined, `no environment configuration in the workspace defines TargetServer '${name}'`));
          continue;
        }
        for (const env of envs) {
          const ts = targetServer(env, name);
          if (ts === undefined) out.push(unplanned(env.env, `TargetServer '${name}' is not defined in environment '${env.env}'`));
          else
            out.push({
              id: id(env.env, name),
              env: env.env,
              server: name,
              ...base,
              sites: [site, ...hostSite(ts)],
              ...planServer(ws, env, ts, connection, options),
            });
        }
      }
      return;
    }
    const url = connection.url;
    const site = url === undefined ? { file, span: connection.element.nameSpan } : { file, span: url.textSpan ?? url.span };
    for (const env of envs.length === 0 ? [undefined] : envs) {
      const resolved = url === undefined || url.opaque ? undefined : substitute(ws, file, env, url.text);
      const parsed = resolved === undefined ? undefined : parseUrlHost(resolved, isSymbolic);
      const problem = parsed?.kind === 'host' ? hostProblem(parsed.host, parsed.port, options.resolve) : undefined;
      const plan = problem !== undefined ? notProbeable(problem) : planConnection(connection, options, resolved);
      out.push({
        id: id(env?.env),
        env: env?.env,
        server: undefined,
        ...base,
        sites: [site],
        plan,
        ...withMaterial(ws, env, sslOf(connection), plan, options, connection),
      });
    }
  });
  return out;
}

/** The TargetServer entries of an environment configuration file, each probed as Apigee calls it. */
export function planTargetServerFile(ws: Workspace, file: string, workspaceOptions: WorkspacePlanOptions): PlannedProbe[] {
  const facts = ws.facts(file);
  if (facts === undefined) return [];
  const runtime = workspaceOptions.profileOf(file);
  const options: FileOptions = { ...workspaceOptions, profile: runtime.profile };
  const out: PlannedProbe[] = [];
  // A `.tf` file's TargetServers come from its module (one per resource instance and environment).
  const entities: { entity: EnvEntity; env: EnvIndex | undefined }[] =
    facts.role.kind === 'terraform'
      ? ws.terraformEntities(file).filter((t) => t.entity.file === file)
      : facts.entities.map((entity) => ({
          entity,
          env: ws.allEnvironments().find((e) => e.targetServers.get(entity.name)?.some((t) => t === entity)),
        }));
  entities.forEach(({ entity, env }, index) => {
    if (entity.kind !== 'targetServer' || (options.envs !== undefined && !options.envs.has(entity.env))) return;
    if (env === undefined) return;
    out.push({
      id: `TargetServer:${entity.name}:${index}@${entity.env}`,
      env: entity.env,
      server: entity.name,
      kind: 'TargetServer',
      owner: entity.name,
      runtime,
      sites: hostSite(entity).length > 0 ? hostSite(entity) : [{ file, span: entity.nameSpan }],
      ...planServer(ws, env, entity, undefined, options),
    });
  });
  return out;
}

/** The plan of a file of either kind. */
export function planFile(ws: Workspace, file: string, options: WorkspacePlanOptions): PlannedProbe[] {
  const facts = ws.facts(file);
  if (facts === undefined) return [];
  return facts.role.kind === 'bundle-xml' ? planBundleFile(ws, file, options) : planTargetServerFile(ws, file, options);
}
