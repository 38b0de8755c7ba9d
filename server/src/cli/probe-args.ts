// `probe` arguments, checked up front: every mistake is one clear line and exit status 2, never a stack.
import { readNamedText } from '../fs/regular-file';
import { isIP } from 'node:net';
import { PROFILE_SETTINGS, type ProfileSetting } from '../workspace/profile-evidence';
import type { TrustStore } from '../diagnosis/trust';
import type { ClientCertificate } from '../probe/types';
import { isTlsProtocol, type TlsProtocol } from '../tls/versions';
import { canonicalProtocol, cipherSuiteByName, cipherSuiteByOpenSslName } from '../tls/names';
import { parseArgs, single, type CommandSpec, type ParsedArgs } from './args';
import { UsageError } from './io';
import { addressOverride, loadProbeFiles, PROBE_TIMEOUT_LIMITS, ProbeSetupError, type FileSettingNames } from '../settings/probe';
import { normalizeHost, parseUrlHost } from '../tls/host-names';
import { parseProxyUrl, proxyFromEnvironment, type ProxyConfig } from '../probe/proxy';
import { CONFIG_FILE, type ProbeDefaults } from '../workspace/config-file';
import { configuredRuntimeProxy, type ConfiguredRuntimeProxy } from '../probe/runtime-route';
import { findConfig } from './config';
import { dirname, isAbsolute, join, relative } from 'node:path';

/** --proxy and --noproxy, as `probe` and `clients` take them. */
export const PROXY_OPTIONS: CommandSpec['options'] = [
  {
    name: 'proxy',
    value: 'http://[USER:PASSWORD@]HOST:PORT',
    description:
      "Tunnel every connection through this HTTP proxy (CONNECT), as curl -x; default https_proxy, HTTPS_PROXY, all_proxy or ALL_PROXY; '' goes direct.",
  },
  {
    name: 'noproxy',
    value: 'LIST',
    description: 'Hosts that go direct (default no_proxy or NO_PROXY): names and domain suffixes, IP addresses, CIDR ranges, or *.',
  },
];

export const PROBE_SPEC: CommandSpec = {
  command: 'probe',
  usage: [
    'apigee-tls-lint probe <https-url | host:port> [options]',
    'apigee-tls-lint probe --bundle <dir> [--env NAME]... [--target NAME] [--env-config <dir|file>] [options]',
  ],
  summary: [
    'Connects to a backend as Apigee would (its protocols, cipher suites, SNI, truststore and client certificate)',
    "and names the cause of a failing handshake. --bundle finds the environment configuration of the bundle's",
    'project (the folder above it holding pom.xml, edge.json or src/main/apigee; --env-config names it instead) and',
    'probes each connection per environment, trusting the certificates of the truststore it names there and',
    "presenting its KeyAlias for two-way TLS. --ca and --client-cert win over the workspace's.",
  ].join('\n'),
  options: [
    { name: 'bundle', value: 'DIR', description: "Probe every connection of the bundle, with each one's own SSLInfo." },
    { name: 'target', value: 'NAME', description: 'With --bundle: only this TargetEndpoint, ServiceCallout or TargetServer.' },
    { name: 'env', value: 'NAME', description: 'With --bundle: only this environment (repeatable).' },
    {
      name: 'env-config',
      value: 'DIR|FILE',
      description: "With --bundle: the environment configuration folder or file (default: the bundle's project).",
    },
    { name: 'config', value: 'DIR|FILE', description: 'Deprecated: --env-config (lint -c/--config names .apigee-tls.json).' },
    { name: 'sni', value: 'NAME', description: 'The SNI to send (default: the host name; none for an IP address).' },
    { name: 'no-sni', description: 'Send no SNI, as Edge Private Cloud message processors may.' },
    { name: 'protocols', value: 'TLSv1.2,TLSv1.3', description: "The protocols to offer (default: the profile's)." },
    { name: 'ciphers', value: 'IANA_NAME,...', description: "The cipher suites to offer (default: the profile's)." },
    { name: 'ca', value: 'FILE.pem', description: "Trust these certificates (the truststore's; repeatable). Default: the system roots." },
    { name: 'client-cert', value: 'FILE', description: 'The client certificate (PEM) for two-way TLS; with --client-key.' },
    { name: 'client-key', value: 'FILE', description: 'The private key (PEM) of --client-cert.' },
    {
      name: 'resolve',
      value: 'HOST:PORT:ADDR',
      description: 'Connect to ADDR for HOST:PORT, as curl --resolve (repeatable); SNI and checks keep HOST.',
    },
    { name: 'timeout', value: 'MS', description: 'The limit for the whole run, in milliseconds (default 10000).' },
    {
      name: 'profile',
      value: 'auto|apigeex|edge',
      description: 'The runtime to judge as (auto: as lint infers it; a URL alone: Apigee X).',
    },
    { name: 'format', short: 'f', value: 'text|json', description: 'Output format (default text).' },
    ...PROXY_OPTIONS,
  ],
  notes: 'Exit status: 0 every handshake Apigee would make succeeds, 1 one fails, 2 usage error.',
  docs: 'docs/probe.md',
};

const FORMATS = ['text', 'json'] as const;
export type ProbeFormat = (typeof FORMATS)[number];

export interface ProbeOptions {
  target: { host: string; port: number } | undefined;
  bundle: string | undefined;
  /** --target: a TargetEndpoint, ServiceCallout or TargetServer name. */
  targetName: string | undefined;
  /** --env: only these environments (empty: all). */
  envs: string[];
  /** --env-config (or the deprecated --config): the environment configuration folder or file. */
  config: string | undefined;
  /** What stderr says before the run (a deprecated option). */
  warnings: string[];
  /** undefined: the default (the host name, or none for an IP); null: --no-sni. */
  sni: string | null | undefined;
  protocols: TlsProtocol[] | undefined;
  ciphers: string[] | undefined;
  trust: TrustStore | undefined;
  clientCertificate: ClientCertificate | undefined;
  /** `host:port` (lower-case host) → address. */
  resolve: Map<string, string>;
  timeoutMs: number;
  /** auto: each bundle as lint decides it (a URL alone: the default runtime). */
  profile: ProfileSetting;
  format: ProbeFormat;
  /** The proxy and NO_PROXY list: --proxy/--noproxy, else the environment's (undefined: direct). */
  proxy: ProxyConfig | undefined;
  /** `.apigee-tls.json` probe.runtimeProxy: the runtime's forward proxy (Edge Private Cloud); hybrid's overrides win. */
  runtimeProxy: ConfiguredRuntimeProxy | undefined;
  help: boolean;
  /** The arguments as given, to say how to run the same diagnosis elsewhere (probe-rerun.ts). */
  args: ParsedArgs;
}

const fail = (message: string): never => {
  throw new UsageError(`probe: ${message}`);
};

function parsePort(text: string, context: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) fail(`bad port '${text}' in '${context}'`);
  return port;
}

export function parseTarget(text: string): { host: string; port: number } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    // A command-line URL holds no templates: `{` in a host is just invalid.
    const url = parseUrlHost(text, () => false);
    if (url.kind !== 'host')
      return url.kind === 'other-scheme'
        ? fail(`'${text}' is not an https URL: only TLS backends can be probed`)
        : fail(`'${text}' is not a valid URL`);
    if (url.scheme !== 'https') fail(`'${text}' is not an https URL: only TLS backends can be probed`);
    return { host: url.host, port: url.port };
  }
  const m = /^(\[[^\]]+\]|[^:\s/[\]]+):([^:]+)$/.exec(text);
  if (m === null) return fail(`'${text}' is neither an https URL nor host:port`);
  return { host: normalizeHost(m[1]!), port: parsePort(m[2]!, text) };
}

/** `--resolve` entries over the configuration file's (a flag's entry wins for its host:port). */
export function parseResolve(entries: readonly string[], defaults: Record<string, string> = {}): Map<string, string> {
  const map = new Map<string, string>();
  for (const [hostPort, address] of Object.entries(defaults)) {
    // A malformed entry is a config-file finding when the folder is linted; here it is left out.
    const override = addressOverride(hostPort, address);
    if (!('problem' in override)) map.set(override.key, override.address);
  }
  for (const entry of entries) {
    const m = /^(\[[^\]]+\]|[^:[\]]+):(\d+):(.+)$/.exec(entry);
    const override = m === null ? undefined : addressOverride(`${m[1]}:${parsePort(m[2]!, entry)}`, m[3]);
    if (override === undefined || 'problem' in override)
      return fail(`--resolve takes HOST:PORT:ADDRESS with an IP address, not '${entry}'`);
    map.set(override.key, override.address);
  }
  return map;
}

function parseProtocols(text: string): TlsProtocol[] {
  return text.split(',').map((raw) => {
    const name = raw.trim();
    if (isTlsProtocol(name)) return name;
    const meant = canonicalProtocol(name);
    return fail(
      `unknown protocol '${name}'${meant && isTlsProtocol(meant) ? ` (the JSSE name is ${meant})` : ''}; use TLSv1, TLSv1.1, TLSv1.2, TLSv1.3`,
    );
  });
}

function parseCiphers(text: string): string[] {
  return text.split(',').map((raw) => {
    const name = raw.trim();
    if (cipherSuiteByName(name) !== undefined) return name;
    const openssl = cipherSuiteByOpenSslName(name);
    return fail(
      openssl !== undefined
        ? `'${name}' is an OpenSSL name; Apigee needs the IANA name ${openssl.name}`
        : `unknown cipher suite '${name}' (use IANA names such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)`,
    );
  });
}

/** How the shared loader's messages name the file settings here. */
const FILE_FLAGS: FileSettingNames = { caFiles: '--ca', clientCertificate: '--client-cert', clientKey: '--client-key' };

/**
 * The CA and client certificate files, read and checked by the loader the editor uses too. `--ca` wins over the
 * configuration file's caFiles (relative to its folder).
 */
async function parseFiles(
  cwd: string,
  args: ParsedArgs,
  defaults: { caFiles?: string[]; configPath?: string },
): Promise<Pick<ProbeOptions, 'trust' | 'clientCertificate'>> {
  try {
    const base = defaults.configPath === undefined ? cwd : dirname(defaults.configPath);
    const fromFile = (defaults.caFiles ?? []).map((f) => (isAbsolute(f) ? f : join(base, f)));
    const flags =
      args.values.has('ca') || defaults.configPath === undefined
        ? FILE_FLAGS
        : { ...FILE_FLAGS, caFiles: `"probe.caFiles" of ${defaults.configPath}` };
    const files = {
      caFiles: args.values.get('ca') ?? fromFile,
      clientCertificate: single(args, 'client-cert') ?? '',
      clientKey: single(args, 'client-key') ?? '',
    };
    return await loadProbeFiles(files, cwd, (path) => readNamedText(path), flags);
  } catch (error) {
    return fail(error instanceof ProbeSetupError ? error.message : `cannot read the certificate files: ${String(error)}`);
  }
}

export function parseTimeout(text: string | undefined, fromFile?: number): number {
  const { min, max } = PROBE_TIMEOUT_LIMITS;
  if (text === undefined) return fromFile ?? PROBE_TIMEOUT_LIMITS.default;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < min || ms > max) fail(`--timeout takes milliseconds from ${min} to ${max}, not '${text}'`);
  return ms;
}

export function parseSni(args: ParsedArgs, fromFile?: ProbeDefaults['sni']): string | null | undefined {
  const sni = single(args, 'sni');
  if (args.flags.has('no-sni')) {
    if (sni !== undefined) fail('--sni and --no-sni exclude each other');
    return null;
  }
  if (sni !== undefined && isIP(sni)) fail('--sni takes a host name: an IP address is never sent as SNI');
  return sni ?? (fromFile === 'off' ? null : undefined);
}

/** --proxy and --noproxy win over the environment's variables, as curl's -x and --noproxy do. */
export function parseProxy(args: ParsedArgs, env: Readonly<Record<string, string | undefined>>): ProxyConfig | undefined {
  const fromEnv = proxyFromEnvironment(env);
  const url = single(args, 'proxy') ?? fromEnv.proxy;
  if (url === undefined || url === '') return undefined;
  const proxy = parseProxyUrl(url);
  if ('problem' in proxy)
    return fail(`${args.values.has('proxy') ? '--proxy' : 'the proxy of the environment (HTTPS_PROXY/ALL_PROXY)'}: ${proxy.problem}`);
  return { proxy, noProxy: single(args, 'noproxy') ?? fromEnv.noProxy };
}

/**
 * `--env-config`, or `--config` as it was called before: `lint -c/--config` names `.apigee-tls.json`, so one word
 * meant two files. The old spelling still works and says so.
 */
function envConfig(args: ParsedArgs): { config: string | undefined; warnings: string[] } {
  const legacy = single(args, 'config');
  if (legacy === undefined) return { config: single(args, 'env-config'), warnings: [] };
  if (args.values.has('env-config')) fail('--config is the old name of --env-config: give one');
  return {
    config: legacy,
    warnings: ['probe: --config is deprecated, use --env-config (the environment configuration; --config names .apigee-tls.json in lint)'],
  };
}

export async function parseProbeArgs(
  argv: string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ProbeOptions> {
  const args = parseArgs(argv, PROBE_SPEC);
  const profile = (single(args, 'profile') ?? 'auto') as ProfileSetting;
  if (!PROFILE_SETTINGS.includes(profile)) fail(`--profile must be one of ${PROFILE_SETTINGS.join(', ')}`);
  const format = (single(args, 'format') ?? 'text') as ProbeFormat;
  if (!FORMATS.includes(format)) fail(`--format must be one of ${FORMATS.join(', ')}`);
  const bundle = single(args, 'bundle');
  const help = args.help;
  if (!help && bundle === undefined && args.positionals.length !== 1) fail('name one https URL or host:port (or --bundle DIR)');
  if (bundle !== undefined) {
    if (args.positionals.length > 0) fail('--bundle takes no URL: each target is probed with its own SSLInfo');
    for (const name of ['sni', 'protocols', 'ciphers'])
      if (args.values.has(name)) fail(`--${name} cannot be combined with --bundle: SSLInfo decides`);
  } else for (const name of ['target', 'env', 'env-config', 'config']) if (args.values.has(name)) fail(`--${name} needs --bundle`);
  const protocolsText = single(args, 'protocols');
  const ciphersText = single(args, 'ciphers');
  // `.apigee-tls.json`'s probe keys, under the flags: the nearest at or above the bundle (a URL alone: the cwd).
  const found = help ? undefined : findConfig(bundle === undefined ? [] : [bundle], cwd, undefined, 'probe');
  const defaults = found?.config.probe ?? {};
  return {
    target: bundle === undefined && !help ? parseTarget(args.positionals[0]!) : undefined,
    bundle,
    targetName: single(args, 'target'),
    envs: args.values.get('env') ?? [],
    ...envConfig(args),
    sni: parseSni(args, defaults.sni),
    protocols: protocolsText === undefined ? undefined : parseProtocols(protocolsText),
    ciphers: ciphersText === undefined ? undefined : parseCiphers(ciphersText),
    ...(await parseFiles(cwd, args, { caFiles: defaults.caFiles, configPath: found?.path })),
    resolve: parseResolve(args.values.get('resolve') ?? [], defaults.resolve),
    timeoutMs: parseTimeout(single(args, 'timeout'), defaults.timeoutMs),
    profile,
    format,
    proxy: parseProxy(args, env),
    runtimeProxy: parseRuntimeProxy(defaults.runtimeProxy, found === undefined ? undefined : relative(cwd, found.path) || found.path),
    help,
    args,
  };
}

/** The configuration file's runtime proxy (`configPath` as the report names it); a URL that cannot be used is a usage error naming the key, not the URL. */
function parseRuntimeProxy(url: string | undefined, configPath: string | undefined): ConfiguredRuntimeProxy | undefined {
  const configured = configuredRuntimeProxy(url ?? '', `"probe.runtimeProxy" of ${configPath ?? CONFIG_FILE}`);
  return configured !== undefined && 'problem' in configured ? fail(configured.problem) : configured;
}
