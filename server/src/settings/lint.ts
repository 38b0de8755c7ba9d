// The lint settings, typed and validated: `apigeeTls.profile`, `apigeeTls.rules`, `apigeeTls.lint.workspace` and
// `apigeeTls.certificateExpiryDays`. Each key has one default, in its manifest entry; the readers fall back to it.
import type { LintOptions, Profile, SeveritySetting } from '../lint/model';
import type { ProfileSetting } from '../workspace/profile-evidence';
import { ALL_RULES } from '../workspace/registry';
import { PROFILE_KEY, PROFILE_MANIFEST, readProfileSetting } from './profile';
import { sectionGetter, type SettingGetter } from './section';

export interface Settings {
  /** `apigeeTls.enable`: false, the server publishes nothing for the file (no findings, no lens). */
  enabled: boolean;
  /** `auto`: each bundle or environment folder is judged by the runtime its files point to. */
  profile: ProfileSetting;
  rules: Record<string, SeveritySetting>;
}

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'error', 'warning', 'info'];

export const ENABLE_KEY = 'apigeeTls.enable';
export const RULES_KEY = 'apigeeTls.rules';
export const LINT_WORKSPACE = 'apigeeTls.lint.workspace';
/** How many days ahead `certificate-expires-soon` looks (the CLI takes `--expiry-days`). */
export const CERTIFICATE_EXPIRY_DAYS = 'apigeeTls.certificateExpiryDays';

/** The `contributes.configuration` entries of the lint settings: the one place their defaults are written. */
const MANIFEST = {
  [ENABLE_KEY]: {
    type: 'boolean',
    default: true,
    markdownDescription:
      'Lint and offer Diagnose target TLS in this folder. `false`: the language server publishes no finding and no CodeLens for its files (as `eslint.enable`).',
    scope: 'resource',
  },
  [PROFILE_KEY]: PROFILE_MANIFEST,
  [RULES_KEY]: {
    type: 'object',
    default: {},
    markdownDescription:
      'Severity per rule id (`off`, `error`, `warning`, `info`), overriding the profile default. Example: `{"store-not-reference": "off"}`.',
    // Filled with every rule id (lintConfigurationProperties).
    properties: {},
    additionalProperties: false,
    scope: 'resource',
  },
  [LINT_WORKSPACE]: {
    type: 'boolean',
    default: true,
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
} as const;

const isKnownRule = (id: string): boolean => ALL_RULES.some((r) => r.id === id);

/** Reads the lint settings through `get`; unknown or malformed entries are dropped, not fatal. */
export function readLintSettings(get: SettingGetter): Settings {
  const value = get(RULES_KEY);
  const rules: Record<string, SeveritySetting> = {};
  if (value !== null && typeof value === 'object') {
    for (const [id, severity] of Object.entries(value as Record<string, unknown>)) {
      if (isKnownRule(id) && SEVERITY_SETTINGS.includes(severity as SeveritySetting)) rules[id] = severity as SeveritySetting;
    }
  }
  const enabled = get(ENABLE_KEY);
  return {
    enabled: typeof enabled === 'boolean' ? enabled : MANIFEST[ENABLE_KEY].default,
    profile: readProfileSetting(get(PROFILE_KEY)),
    rules,
  };
}

export const DEFAULT_SETTINGS: Settings = readLintSettings(() => undefined);

/** Reads settings from the `apigeeTls` section the client sent. */
export const normaliseSettings = (section: unknown): Settings => readLintSettings(sectionGetter(section));

/** The editor's workspace-wide settings: lint across files (`apigeeTls.lint.workspace`) and the expiry horizon. */
export interface WorkspaceSettings {
  lint: boolean;
  expiryDays: number;
}

export function readWorkspaceSettings(get: SettingGetter): WorkspaceSettings {
  const lint = get(LINT_WORKSPACE);
  const days = get(CERTIFICATE_EXPIRY_DAYS);
  return {
    lint: typeof lint === 'boolean' ? lint : MANIFEST[LINT_WORKSPACE].default,
    expiryDays: typeof days === 'number' && Number.isFinite(days) && days >= 0 ? days : MANIFEST[CERTIFICATE_EXPIRY_DAYS].default,
  };
}

/** Reads the workspace settings from the `apigeeTls` section the client sent (nested or dotted keys). */
export const normaliseWorkspaceSettings = (section: unknown): WorkspaceSettings => readWorkspaceSettings(sectionGetter(section));

/** `profile` is the setting resolved for the file (the inferred one when the setting is `auto`). */
export function lintOptions(settings: Settings, inBundle: boolean, profile: Profile): LintOptions {
  return { profile, rules: settings.rules, inBundle };
}

/** The lint settings' `contributes.configuration.properties` (the rules' entry lists every rule id). */
export function lintConfigurationProperties(): Record<string, unknown> {
  return {
    ...MANIFEST,
    [RULES_KEY]: {
      ...MANIFEST[RULES_KEY],
      properties: Object.fromEntries(
        ALL_RULES.map((r) => [r.id, { type: 'string', enum: [...SEVERITY_SETTINGS], description: r.description }]),
      ),
    },
  };
}
