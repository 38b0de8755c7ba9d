// The user's settings, typed and validated: `apigeeTls.profile` and `apigeeTls.rules`. One source for the
// LSP server, the CLI and the package.json contribution (a test keeps them in step).
import type { LintOptions, Profile, SeveritySetting } from './model';
import { OVERRIDE_FILE, PROFILE_SETTINGS, type ProfileSetting } from '../workspace/profile-evidence';
import { probeConfigurationProperties } from '../settings/probe';
import { ALL_RULES } from '../workspace/registry';

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
      if (ALL_RULES.some((r) => r.id === id) && SEVERITY_SETTINGS.includes(severity as SeveritySetting))
        rules[id] = severity as SeveritySetting;
    }
  }
  return { profile, rules };
}

/** The editor's workspace-wide settings: lint across files (`apigeeTls.lint.workspace`) and the expiry horizon. */
export interface WorkspaceSettings {
  lint: boolean;
  expiryDays: number;
}

export const LINT_WORKSPACE = 'apigeeTls.lint.workspace';
export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = { lint: true, expiryDays: 30 };

/** Reads the workspace settings from the `apigeeTls` section the client sent (nested or dotted keys). */
export function normaliseWorkspaceSettings(raw: unknown): WorkspaceSettings {
  const value = (raw ?? {}) as { lint?: { workspace?: unknown }; 'lint.workspace'?: unknown; certificateExpiryDays?: unknown };
  const lint = value.lint?.workspace ?? value['lint.workspace'];
  const days = value.certificateExpiryDays;
  return {
    lint: typeof lint === 'boolean' ? lint : DEFAULT_WORKSPACE_SETTINGS.lint,
    expiryDays: typeof days === 'number' && Number.isFinite(days) && days >= 0 ? days : DEFAULT_WORKSPACE_SETTINGS.expiryDays,
  };
}

/** `profile` is the setting resolved for the file (the inferred one when the setting is `auto`). */
export function lintOptions(settings: Settings, inBundle: boolean, profile: Profile): LintOptions {
  return { profile, rules: settings.rules, inBundle };
}

/** A path inside an Apigee bundle (proxy or shared flow). */
export function isBundlePath(path: string): boolean {
  return /(^|[\\/])(apiproxy|sharedflowbundle)[\\/]/.test(path);
}

/** How many days ahead `certificate-expires-soon` looks (the CLI takes `--expiry-days`). */
export const CERTIFICATE_EXPIRY_DAYS = 'apigeeTls.certificateExpiryDays';

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
        ALL_RULES.map((r) => [r.id, { type: 'string', enum: [...SEVERITY_SETTINGS], description: r.description }]),
      ),
      additionalProperties: false,
      scope: 'resource',
    },
    [LINT_WORKSPACE]: {
      type: 'boolean',
      default: DEFAULT_WORKSPACE_SETTINGS.lint,
      markdownDescription:
        'Lint the whole workspace across files, not only the open ones: TargetServers, references, keystores, aliases and property sets are resolved per environment, and findings land in every file concerned (`aliases.json`, `references.json`…).',
      scope: 'window',
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
