// `apigeeTls.profile` (the CLI's `--profile`): which runtime judges a file. Read here once for lint and the probe,
// and turned into one choice per file: the runtime the user set, else the decision inferred for the file's folder.
import {
  describeDecision,
  FALLBACK_PROFILE,
  OVERRIDE_FILE,
  PROFILE_SETTINGS,
  type ProfileDecision,
  type ProfileSetting,
} from '../workspace/profile-evidence';
import type { Profile, ProfileChoice } from '../tls/profile';

export const PROFILE_KEY = 'apigeeTls.profile';
export const DEFAULT_PROFILE: ProfileSetting = 'auto';

/** The setting's value, or the default when it is none of `auto`, `apigeex`, `edge`. */
export function readProfileSetting(value: unknown): ProfileSetting {
  return PROFILE_SETTINGS.includes(value as ProfileSetting) ? (value as ProfileSetting) : DEFAULT_PROFILE;
}

/** The `contributes.configuration` entry of `apigeeTls.profile`. */
export const PROFILE_MANIFEST = {
  type: 'string',
  enum: [...PROFILE_SETTINGS],
  default: DEFAULT_PROFILE,
  enumDescriptions: [
    'Per bundle or environment folder, from the evidence in its files (VirtualHost bindings, Node.js targets and maven plugin 1.x mean Edge; Enforce, Google authentication, gRPC and plugin 2.x mean X); Apigee X when undecided',
    'Apigee X and hybrid',
    'Apigee Edge (Private Cloud and public cloud)',
  ],
  markdownDescription: `Which Apigee runtime the proxies deploy to: rules and severities follow what that runtime accepts, and so does the target TLS probe. \`auto\` infers it per bundle or environment folder (hover on a finding shows the decision and why); a \`${OVERRIDE_FILE}\` file with \`{"profile": "edge"}\` in or above a folder settles it there.`,
  scope: 'resource',
} as const;

/**
 * The runtime each file is judged as: `setting` when it names one (`setBy` says where it was set), else the
 * decision the host's resolver makes for the file's bundle or folder, the one lint uses.
 */
export function profileChooser(
  setting: ProfileSetting,
  decisionFor: (path: string) => ProfileDecision,
  setBy: string,
): (path: string) => ProfileChoice {
  if (setting !== 'auto') {
    const chosen = setChoice(setting, setBy);
    return () => chosen;
  }
  return (path) => choiceOf(decisionFor(path));
}

/** A decision as the probe reports it: the runtime, and the decision in one line. */
export const choiceOf = (decision: ProfileDecision): ProfileChoice => ({ profile: decision.profile, why: describeDecision(decision) });

/** The runtime the user named: `Apigee Edge (set by --profile edge)`. */
export const setChoice = (profile: Profile, setBy: string): ProfileChoice =>
  choiceOf({ profile, decided: true, evidence: [], root: '', override: setBy });

/** What a probe of a bare URL is judged as under `auto`: nothing says which runtime calls it, so the default. */
export function undecidedChoice(how: string): ProfileChoice {
  const name = FALLBACK_PROFILE === 'edge' ? 'Apigee Edge' : 'Apigee X/hybrid';
  return { profile: FALLBACK_PROFILE, why: `${name} (undecided, the default: a URL alone does not say which runtime calls it; ${how})` };
}
