// `lint --list-rules`: every rule id with its severity per profile (or under the profile given) and what it flags.
import type { Profile } from '../lint/model';
import { ALL_RULES } from '../workspace/registry';

export function formatRuleList(profile: Profile | undefined): string {
  const severity = (id: string, p: Profile): string => ALL_RULES.find((r) => r.id === id)!.severity[p];
  const width = Math.max(...ALL_RULES.map((r) => r.id.length)) + 2;
  const head =
    profile === undefined
      ? `${'rule'.padEnd(width)}${'apigeex'.padEnd(9)}${'edge'.padEnd(9)}`
      : `${'rule'.padEnd(width)}${profile.padEnd(9)}`;
  const lines = ALL_RULES.map((r) => {
    const levels =
      profile === undefined
        ? `${severity(r.id, 'apigeex').padEnd(9)}${severity(r.id, 'edge').padEnd(9)}`
        : severity(r.id, profile).padEnd(9);
    return `${r.id.padEnd(width)}${levels}${r.fixable ? '(fix) ' : ''}${r.description}`;
  });
  return [`${head}description`, ...lines, ''].join('\n');
}
