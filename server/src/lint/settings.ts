// The user's settings, typed and validated: `apigeeTls.profile` and `apigeeTls.rules`. One source for the
// LSP server, the CLI and the package.json contribution (a test keeps them in step).
import { PROFILES, type LintOptions, type Profile, type SeveritySetting } from './model';
import { ALL_RULES } from '../workspace/registry';

export interface Settings {
  profile: Profile;
  rules: Record<string, SeveritySetting>;
}

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'error', 'warning', 'info'];
export const DEFAULT_SETTINGS: Settings = { profile: 'apigeex', rules: {} };

/** Reads settings from whatever the client sent; unknown or malformed entries are dropped, not fatal. */
export function normaliseSettings(raw: unknown): Settings {
  const value = (raw ?? {}) as { profile?: unknown; rules?: unknown };
  const profile = PROFILES.includes(value.profile as Profile) ? (value.profile as Profile) : DEFAULT_SETTINGS.profile;
  const rules: Record<string, SeveritySetting> = {};
  if (value.rules !== null && typeof value.rules === 'object') {
    for (const [id, severity] of Object.entries(value.rules as Record<string, unknown>)) {
      if (ALL_RULES.some((r) => r.id === id) && SEVERITY_SETTINGS.includes(severity as SeveritySetting))
        rules[id] = severity as SeveritySetting;
    }
  }
  return { profile, rules };
}

export function lintOptions(settings: Settings, inBundle: boolean): LintOptions {
  return { profile: settings.profile, rules: settings.rules, inBundle };
}

/** A path inside an Apigee bundle (proxy or shared flow). */
export function isBundlePath(path: string): boolean {
  return /(^|[\\/])(apiproxy|sharedflowbundle)[\\/]/.test(path);
}

/** How many days ahead `certificate-expires-soon` looks (the CLI takes `--expiry-days`). */
export const CERTIFICATE_EXPIRY_DAYS = 'apigeeTls.certificateExpiryDays';

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
      enum: [...PROFILES],
      default: DEFAULT_SETTINGS.profile,
      enumDescriptions: ['Apigee X and hybrid', 'Apigee Edge (Private Cloud and public cloud)'],
      markdownDescription: 'Which Apigee runtime the proxies deploy to: rules and severities follow what that runtime accepts.',
      scope: 'resource',
    },
    'apigeeTls.rules': {
      type: 'object',
      default: {},
      markdownDescription:
        'Severity per rule id (`off`, `error`, `warning`, `info`), overriding the profile default. Example: `{"store-not-reference": "off"}`.',
      properties: Object.fromEntries(
        ALL_RULES.map((r) => [r.id, { type: 'string', enum: [...SEVERITY_SETTINGS], description: r.description }]),
      ),
      additionalProperties: false,
      scope: 'resource',
    },
    [CERTIFICATE_EXPIRY_DAYS]: {
      type: 'number',
      default: 30,
      minimum: 0,
      markdownDescription:
        'Certificates of keystore aliases (the files `aliases.json` names) that expire within this many days are reported (`certificate-expires-soon`).',
      scope: 'resource',
    },
    ...probeConfigurationProperties(),
  };
}
