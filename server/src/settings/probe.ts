// The probe's settings, defined once for the editor (`apigeeTls.probe.*`) and the CLI (flags): the keys, their
// manifest entries, which ones an untrusted workspace may not choose, the limits, and one loader that reads and
// checks the files they name. Pure: files come through the caller's `readText`.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { trustFromPem, type TrustStore } from '../diagnosis/trust';
import { resolveKey, unbracket } from '../tls/host-names';

export const PROBE_SNI_SETTINGS = ['send', 'off'] as const;
export type ProbeSniSetting = (typeof PROBE_SNI_SETTINGS)[number];

/** One limit for a whole diagnosis, in the editor and the CLI alike. */
export const PROBE_TIMEOUT_LIMITS = { min: 100, max: 120_000, default: 10_000 } as const;

interface ProbeSettingDefinition {
  key: string;
  /** Names files or addresses: an untrusted workspace must not choose it (`restrictedConfigurations`). */
  restricted: boolean;
  /** The `contributes.configuration` entry. */
  manifest: Record<string, unknown>;
}

const pemPath = (what: string): Record<string, unknown> => ({
  type: 'string',
  default: '',
  markdownDescription: `PEM file of the ${what} the probe presents when SSLInfo enables two-way TLS (the certificate behind \`<KeyStore>\`/\`<KeyAlias>\`). Absolute, or relative to the workspace folder; set both \`#apigeeTls.probe.clientCertificate#\` and \`#apigeeTls.probe.clientKey#\`.`,
  scope: 'resource',
});

const DEFINITIONS = {
  codeLens: {
    key: 'apigeeTls.probe.codeLens',
    restricted: false,
    manifest: {
      type: 'boolean',
      default: true,
      markdownDescription:
        'Show a **Diagnose target TLS** CodeLens above each `<URL>` of a TargetEndpoint or ServiceCallout, each LoadBalancer `<Server name>` and each TargetServer `host`: the last result in its title.',
      scope: 'resource',
    },
  },
  timeoutMs: {
    key: 'apigeeTls.probe.timeoutMs',
    restricted: false,
    manifest: {
      type: 'number',
      default: PROBE_TIMEOUT_LIMITS.default,
      minimum: PROBE_TIMEOUT_LIMITS.min,
      maximum: PROBE_TIMEOUT_LIMITS.max,
      markdownDescription: 'The limit for one **Diagnose target TLS** run (DNS, connections and handshakes together), in milliseconds.',
      scope: 'resource',
    },
  },
  caFiles: {
    key: 'apigeeTls.probe.caFiles',
    restricted: true,
    manifest: {
      type: 'array',
      items: { type: 'string' },
      default: [],
      markdownDescription:
        'PEM files holding the trust anchors the probe validates the backend certificate against: the certificates of the truststore `<TrustStore>` references. Absolute, or relative to the workspace folder. Empty: the system roots.',
      scope: 'resource',
    },
  },
  clientCertificate: { key: 'apigeeTls.probe.clientCertificate', restricted: true, manifest: pemPath('client certificate') },
  clientKey: { key: 'apigeeTls.probe.clientKey', restricted: true, manifest: pemPath('private key of the client certificate') },
  sni: {
    key: 'apigeeTls.probe.sni',
    restricted: false,
    manifest: {
      type: 'string',
      enum: [...PROBE_SNI_SETTINGS],
      default: 'send',
      enumDescriptions: [
        'Send the URL host as SNI, as Apigee X and Edge public cloud do',
        'Send no SNI, as Edge Private Cloud message processors do with jsse.enableSNIExtension off',
      ],
      markdownDescription: 'Whether the probe sends SNI (the server_name extension) in its ClientHellos.',
      scope: 'resource',
    },
  },
  resolve: {
    key: 'apigeeTls.probe.resolve',
    restricted: true,
    manifest: {
      type: 'object',
      default: {},
      additionalProperties: { type: 'string' },
      markdownDescription:
        'Connect to this IP address instead of resolving the host, like curl `--resolve`: `{"backend.example.com:443": "10.0.0.5"}`. SNI and certificate checks still use the URL host.',
      scope: 'resource',
    },
  },
  proxy: {
    key: 'apigeeTls.probe.proxy',
    restricted: true,
    manifest: {
      type: 'string',
      default: '',
      markdownDescription:
        "The HTTP proxy every probe connection tunnels through (CONNECT), `http://[user:password@]host:port`. Empty: VS Code's `#http.proxy#`, else `HTTPS_PROXY`/`ALL_PROXY`. The credentials go to the proxy only, never into a report.",
      scope: 'resource',
    },
  },
  noProxy: {
    key: 'apigeeTls.probe.noProxy',
    restricted: true,
    manifest: {
      type: 'string',
      default: '',
      markdownDescription:
        "Hosts the probe reaches directly, as curl reads `NO_PROXY`: names and domain suffixes, IP addresses, CIDR ranges, or `*`, separated by commas. Empty: VS Code's `#http.noProxy#`, else `NO_PROXY`.",
      scope: 'resource',
    },
  },
  runtimeProxy: {
    key: 'apigeeTls.probe.runtimeProxy',
    restricted: true,
    manifest: {
      type: 'string',
      default: '',
      markdownDescription:
        "The forward proxy the Apigee runtime calls backends through, `http://[user:password@]host:port`: Edge Private Cloud's message-processor proxy (hybrid's `envs[].httpProxy` in `overrides.yaml` is read from the workspace and wins for its environment). The probe goes the way the runtime would: through it, unless the TargetEndpoint's `use.proxy` is `false`.",
      scope: 'resource',
    },
  },
} as const satisfies Record<string, ProbeSettingDefinition>;

type ProbeSettingName = keyof typeof DEFINITIONS;

/** `apigeeTls.probe.*`: what the editor's "Diagnose target TLS" reads (the CLI takes flags instead). */
export const PROBE_SETTINGS = Object.fromEntries(Object.entries(DEFINITIONS).map(([name, d]) => [name, d.key])) as {
  readonly [N in ProbeSettingName]: (typeof DEFINITIONS)[N]['key'];
};

/** The probe's `contributes.configuration.properties`. */
export function probeConfigurationProperties(): Record<string, unknown> {
  return Object.fromEntries(Object.values(DEFINITIONS).map((d) => [d.key, d.manifest]));
}

/** The settings an untrusted workspace may not set: package.json's `restrictedConfigurations`. */
export function restrictedConfigurations(): string[] {
  return Object.values(DEFINITIONS)
    .filter((d) => d.restricted)
    .map((d) => d.key);
}

/** The probe's own settings; which runtime it judges as is `apigeeTls.profile`, read with the lint settings. */
export interface ProbeSettings {
  /** Show the "Diagnose target TLS" CodeLens (the editor only). */
  codeLens: boolean;
  timeoutMs: number;
  caFiles: string[];
  /** '' when not set. */
  clientCertificate: string;
  clientKey: string;
  sni: ProbeSniSetting;
  /** "host:port" (resolveKey) → IP address. */
  resolve: Map<string, string>;
  /** apigeeTls.probe.proxy and noProxy, '' when not set (probe/proxy.ts chooseProxy picks among them, the editor's and the environment's). */
  proxy: string;
  noProxy: string;
  /** apigeeTls.probe.runtimeProxy, '' when not set (probe/runtime-route.ts configuredRuntimeProxy reads it). */
  runtimeProxy: string;
}

export interface SettingsReading {
  settings: ProbeSettings;
  /** Values that make the probe meaningless (an unreadable resolve entry, half a client certificate). */
  problems: string[];
}

/** How messages name each file setting: the editor's keys, or the CLI's flags. */
export interface FileSettingNames {
  caFiles: string;
  clientCertificate: string;
  clientKey: string;
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** Half a client certificate (one of the two set), as a problem; undefined when both or neither are set. */
export function halfClientCertificate(
  files: Pick<ProbeSettings, 'clientCertificate' | 'clientKey'>,
  names: FileSettingNames,
): string | undefined {
  return (files.clientCertificate === '') !== (files.clientKey === '')
    ? `set both ${names.clientCertificate} and ${names.clientKey}, or neither`
    : undefined;
}

/** An address override: `host:port` (the host bracketed when IPv6) to an IP address, or what is wrong with it. */
export function addressOverride(hostPort: string, address: unknown): { key: string; address: string } | { problem: string } {
  const m = /^(.+):(\d{1,5})$/.exec(hostPort.trim());
  if (m === null || Number(m[2]) > 65535 || Number(m[2]) < 1) return { problem: `'${hostPort}' is not host:port` };
  const ip = isString(address) ? unbracket(address.trim()) : '';
  if (isIP(ip) === 0) return { problem: `'${hostPort}' maps to ${JSON.stringify(address)}, not an IP address` };
  return { key: resolveKey(m[1]!, Number(m[2])), address: ip };
}

/** Reads the settings through `get` (a full key such as `apigeeTls.probe.timeoutMs` → its value). */
export function readProbeSettings(get: (key: string) => unknown): SettingsReading {
  const problems: string[] = [];

  const timeoutValue = get(PROBE_SETTINGS.timeoutMs);
  const timeoutMs =
    typeof timeoutValue === 'number' && Number.isFinite(timeoutValue)
      ? Math.min(PROBE_TIMEOUT_LIMITS.max, Math.max(PROBE_TIMEOUT_LIMITS.min, Math.round(timeoutValue)))
      : PROBE_TIMEOUT_LIMITS.default;

  const caValue = get(PROBE_SETTINGS.caFiles);
  const caFiles = Array.isArray(caValue)
    ? caValue
        .filter(isString)
        .map((f) => f.trim())
        .filter((f) => f !== '')
    : [];

  const text = (key: string): string => {
    const value = get(key);
    return isString(value) ? value.trim() : '';
  };
  const clientCertificate = text(PROBE_SETTINGS.clientCertificate);
  const clientKey = text(PROBE_SETTINGS.clientKey);
  const half = halfClientCertificate({ clientCertificate, clientKey }, PROBE_SETTINGS);
  if (half !== undefined) problems.push(half);

  const sniValue = get(PROBE_SETTINGS.sni);
  const sni = PROBE_SNI_SETTINGS.includes(sniValue as ProbeSniSetting) ? (sniValue as ProbeSniSetting) : DEFINITIONS.sni.manifest.default;
  const codeLensValue = get(PROBE_SETTINGS.codeLens);
  const codeLens = typeof codeLensValue === 'boolean' ? codeLensValue : DEFINITIONS.codeLens.manifest.default;

  const resolve = new Map<string, string>();
  const resolveValue = get(PROBE_SETTINGS.resolve);
  if (resolveValue !== null && typeof resolveValue === 'object' && !Array.isArray(resolveValue)) {
    for (const [hostPort, address] of Object.entries(resolveValue as Record<string, unknown>)) {
      const entry = addressOverride(hostPort, address);
      if ('problem' in entry) problems.push(`${PROBE_SETTINGS.resolve}: ${entry.problem}`);
      else resolve.set(entry.key, entry.address);
    }
  }
  const proxy = text(PROBE_SETTINGS.proxy);
  const noProxy = text(PROBE_SETTINGS.noProxy);
  const runtimeProxy = text(PROBE_SETTINGS.runtimeProxy);
  return { settings: { codeLens, timeoutMs, caFiles, clientCertificate, clientKey, sni, resolve, proxy, noProxy, runtimeProxy }, problems };
}

/** A setting that names a file that cannot be used; the message names the file, never its content. */
export class ProbeSetupError extends Error {}

/** A file setting's path made absolute: relative paths are relative to `baseDir` (the workspace folder, the CLI's cwd). */
export function settingPath(file: string, baseDir: string | undefined): string {
  if (isAbsolute(file)) return file;
  if (baseDir === undefined) throw new ProbeSetupError(`'${file}' is a relative path, but the file is in no workspace folder`);
  return join(baseDir, file);
}

export interface ProbeFiles {
  trust: TrustStore | undefined;
  /** The key as a KeyObject: its text is not kept. */
  clientCertificate: { cert: string; key: KeyObject } | undefined;
}

/**
 * Reads the CA and client certificate files the settings name (`readText` takes an absolute path) and checks
 * them: CA files hold certificates, the client certificate parses, and the key is unencrypted and belongs to it.
 */
export async function loadProbeFiles(
  settings: Pick<ProbeSettings, 'caFiles' | 'clientCertificate' | 'clientKey'>,
  baseDir: string | undefined,
  readText: (path: string) => string | Promise<string>,
  names: FileSettingNames = PROBE_SETTINGS,
): Promise<ProbeFiles> {
  const read = async (file: string, what: string, name: string): Promise<string> => {
    const path = settingPath(file, baseDir);
    try {
      return await readText(path);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ProbeSetupError(`cannot read the ${what} '${file}' (${name}): ${reason}`);
    }
  };
  const half = halfClientCertificate(settings, names);
  if (half !== undefined) throw new ProbeSetupError(half);
  let trust: TrustStore | undefined;
  if (settings.caFiles.length > 0) {
    const pems = await Promise.all(settings.caFiles.map(async (name) => ({ name, text: await read(name, 'CA file', names.caFiles) })));
    try {
      trust = trustFromPem(pems);
    } catch (error) {
      throw new ProbeSetupError(`${names.caFiles}: ${(error as Error).message}`);
    }
  }
  if (settings.clientCertificate === '') return { trust, clientCertificate: undefined };
  const cert = await read(settings.clientCertificate, 'client certificate', names.clientCertificate);
  const key = await read(settings.clientKey, 'client key', names.clientKey);
  return { trust, clientCertificate: { cert, key: checkKeyPair(cert, key, settings, names) } };
}

/** The key, when the certificate parses and the key (unencrypted) belongs to it; messages never echo the key. */
function checkKeyPair(
  cert: string,
  key: string,
  files: Pick<ProbeSettings, 'clientCertificate' | 'clientKey'>,
  names: FileSettingNames,
): KeyObject {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw new ProbeSetupError(`'${files.clientCertificate}' (${names.clientCertificate}) is not a PEM certificate`);
  }
  let matches: boolean;
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey(key);
    matches = certificate.checkPrivateKey(keyObject);
  } catch {
    throw new ProbeSetupError(`'${files.clientKey}' (${names.clientKey}) is not an unencrypted PEM private key`);
  }
  if (!matches)
    throw new ProbeSetupError(`the key in '${files.clientKey}' (${names.clientKey}) does not belong to '${files.clientCertificate}'`);
  return keyObject;
}
