// The user's settings, typed and validated: `apigeeTls.profile` and `apigeeTls.rules`. One source for the
// LSP server, the CLI and the package.json contribution (a test keeps them in step).
import type { LintOptions, Profile, SeveritySetting } from './model';
import { OVERRIDE_FILE, PROFILE_SETTINGS, type ProfileSetting } from './profile-inference';
import { RULES } from './registry';

export interface Settings {
  /** `auto`: each bundle or environment folder is judged by the runtime its files point to. */
  profile: ProfileSetting;
  rules: Record<string, SeveritySetting>;
}

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'error', 'warning', 'info'];
export const DEFAULT_SETTINGS: Settings = { profile: 'auto', rules: {} };

/** Reads settings from whatever the client sent; unknown or malformed entries are dropped, not fatal. */
export function normaliseSettings(raw: unknown): Settings {
  const value = (raw ?? {}) as { profile?: unknown; rules?: unknown };
  const profile = PROFILE_SETTINGS.includes(value.profile as ProfileSetting) ? (value.profile as ProfileSetting) : DEFAULT_SETTINGS.profile;
  const rules: Record<string, SeveritySetting> = {};
  if (value.rules !== null && typeof value.rules === 'object') {
    for (const [id, severity] of Object.entries(value.rules as Record<string, unknown>)) {
      if (RULES.some((r) => r.id === id) && SEVERITY_SETTINGS.includes(severity as SeveritySetting))
        rules[id] = severity as SeveritySetting;
    }
  }
  return { profile, rules };
}

/** `profile` is the setting resolved for the file (the inferred one when the setting is `auto`). */
export function lintOptions(settings: Settings, inBundle: boolean, profile: Profile): LintOptions {
  return { profile, rules: settings.rules, inBundle };
}

/** A path inside an Apigee bundle (proxy or shared flow). */
export function isBundlePath(path: string): boolean {
  return /(^|[\\/])(apiproxy|sharedflowbundle)[\\/]/.test(path);
}

/** `apigeeTls.probe.*`: what the VS Code command "Diagnose target TLS" reads (the CLI takes flags instead). */
export const PROBE_SETTINGS = {
  codeLens: 'apigeeTls.probe.codeLens',
  timeoutMs: 'apigeeTls.probe.timeoutMs',
  caFiles: 'apigeeTls.probe.caFiles',
  clientCertificate: 'apigeeTls.probe.clientCertificate',
  clientKey: 'apigeeTls.probe.clientKey',
  sni: 'apigeeTls.probe.sni',
  resolve: 'apigeeTls.probe.resolve',
} as const;

export const PROBE_SNI_SETTINGS = ['send', 'off'] as const;
export type ProbeSniSetting = (typeof PROBE_SNI_SETTINGS)[number];

export const PROBE_TIMEOUT_LIMITS = { min: 100, max: 120_000, default: 10_000 } as const;

/** Probe settings that name files: an untrusted workspace must not choose them (restrictedConfigurations). */
export const PROBE_FILE_SETTINGS: readonly string[] = [PROBE_SETTINGS.caFiles, PROBE_SETTINGS.clientCertificate, PROBE_SETTINGS.clientKey];

function probeConfigurationProperties(): Record<string, unknown> {
  const pemPath = (what: string): Record<string, unknown> => ({
    type: 'string',
    default: '',
    markdownDescription: `PEM file of the ${what} the probe presents when SSLInfo enables two-way TLS (the certificate behind \`<KeyStore>\`/\`<KeyAlias>\`). Absolute, or relative to the workspace folder; set both \`#apigeeTls.probe.clientCertificate#\` and \`#apigeeTls.probe.clientKey#\`.`,
    scope: 'resource',
  });
  return {
    [PROBE_SETTINGS.codeLens]: {
      type: 'boolean',
      default: true,
      markdownDescription: 'Show a **Diagnose target TLS** CodeLens above each probeable `<URL>` of a TargetEndpoint or ServiceCallout.',
      scope: 'resource',
    },
    [PROBE_SETTINGS.timeoutMs]: {
      type: 'number',
      default: PROBE_TIMEOUT_LIMITS.default,
      minimum: PROBE_TIMEOUT_LIMITS.min,
      maximum: PROBE_TIMEOUT_LIMITS.max,
      markdownDescription: 'The limit for one **Diagnose target TLS** run (DNS, connections and handshakes together), in milliseconds.',
      scope: 'resource',
    },
    [PROBE_SETTINGS.caFiles]: {
      type: 'array',
      items: { type: 'string' },
      default: [],
      markdownDescription:
        'PEM files holding the trust anchors the probe validates the backend certificate against: the certificates of the truststore `<TrustStore>` references. Absolute, or relative to the workspace folder. Empty: the system roots.',
      scope: 'resource',
    },
    [PROBE_SETTINGS.clientCertificate]: pemPath('client certificate'),
    [PROBE_SETTINGS.clientKey]: pemPath('private key of the client certificate'),
    [PROBE_SETTINGS.sni]: {
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
    [PROBE_SETTINGS.resolve]: {
      type: 'object',
      default: {},
      additionalProperties: { type: 'string' },
      markdownDescription:
        'Connect to this IP address instead of resolving the host, like curl `--resolve`: `{"backend.example.com:443": "10.0.0.5"}`. SNI and certificate checks still use the URL host.',
      scope: 'resource',
    },
  };
}

/** The `contributes.configuration.properties` the extension declares, built from the same facts. */
export function configurationProperties(): Record<string, unknown> {
  return {
    'apigeeTls.profile': {
      type: 'string',
      enum: [...PROFILE_SETTINGS],
      default: DEFAULT_SETTINGS.profile,
      enumDescriptions: [
        'Per bundle or environment folder, from the evidence in its files (VirtualHost bindings, Node.js targets and maven plugin 1.x mean Edge; Enforce, Google authentication, gRPC and plugin 2.x mean X); Apigee X when undecided',
        'Apigee X and hybrid',
        'Apigee Edge (Private Cloud and public cloud)',
      ],
      markdownDescription: `Which Apigee runtime the proxies deploy to: rules and severities follow what that runtime accepts. \`auto\` infers it per bundle or environment folder (hover on a finding shows the decision and why); a \`${OVERRIDE_FILE}\` file with \`{"profile": "edge"}\` in or above a folder settles it there.`,
      scope: 'resource',
    },
    'apigeeTls.rules': {
      type: 'object',
      default: {},
      markdownDescription:
        'Severity per rule id (`off`, `error`, `warning`, `info`), overriding the profile default. Example: `{"store-not-reference": "off"}`.',
      properties: Object.fromEntries(
        RULES.map((r) => [r.id, { type: 'string', enum: [...SEVERITY_SETTINGS], description: r.description }]),
      ),
      additionalProperties: false,
      scope: 'resource',
    },
    ...probeConfigurationProperties(),
  };
}
