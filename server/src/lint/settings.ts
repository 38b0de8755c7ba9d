// The user's settings, typed and validated: `apigeeTls.profile` and `apigeeTls.rules`. One source for the
// LSP server, the CLI and the package.json contribution (a test keeps them in step).
import { PROFILES, type LintOptions, type Profile, type SeveritySetting } from './model';
import { RULES } from './registry';
import { probeConfigurationProperties } from '../settings/probe';

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
      if (RULES.some((r) => r.id === id) && SEVERITY_SETTINGS.includes(severity as SeveritySetting))
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
        RULES.map((r) => [r.id, { type: 'string', enum: [...SEVERITY_SETTINGS], description: r.description }]),
      ),
      additionalProperties: false,
      scope: 'resource',
    },
    ...probeConfigurationProperties(),
  };
}
