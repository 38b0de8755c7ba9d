import { replaceSpan } from '../../lint/edits';
import { everywhere } from '../../lint/rule';
import { closest } from '../../lint/suggest';
import { manages, targetServer } from '../resolve';
import { inEnvs, type WorkspaceRule } from '../rule';
import { isSymbolic } from '../symbols';
import type { EnvIndex } from '../workspace';
import { judgedUses, partition } from './uses';

export const unknownTargetServer: WorkspaceRule = {
  id: 'unknown-target-server',
  description: 'A LoadBalancer <Server name> that no environment defines, or that some environments lack.',
  why: 'Deploying to an environment without that TargetServer fails (or the proxy cannot reach the backend).',
  fix: 'Offers the closest TargetServer name when the name looks misspelt.',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    // Many TargetEndpoints name the same missing TargetServer: one suggestion per name and environments.
    const suggestions = new Map<string, string | undefined>();
    const suffixes = new Map<string, string | undefined>();
    for (const use of judgedUses(ctx, 'server')) {
      if (isSymbolic(use.value)) continue;
      const judged = use.envs.filter((env) => manages(env, 'targetServers'));
      if (judged.length === 0) continue;
      const [defined, missing] = partition(judged, (env) => targetServer(env, use.value) !== undefined);
      if (missing.length === 0) continue;
      const key = `${use.value}\u0000${missing.map((env) => `${env.project}\u0000${env.label}`).join('\u0000')}`;
      // Where other environments define the name, it is no typo: only the same name spelt otherwise is offered.
      if (!suggestions.has(key)) suggestions.set(key, nearName(use.value, missing, defined.length === 0));
      const suggestion = suggestions.get(key);
      const hint = suggestion ? ` Did you mean '${suggestion}'?` : '';
      const fixes = suggestion ? [{ title: `Use '${suggestion}'`, edits: [replaceSpan(use.span, suggestion)], preferred: false }] : [];
      if (defined.length > 0) {
        ctx.report(
          use.file,
          use.span,
          `TargetServer '${use.value}' is missing in ${inEnvs(missing)} (defined in ${inEnvs(defined)}).${hint}`,
          {
            partial: true,
            fixes,
          },
        );
        continue;
      }
      if (!suffixes.has(key)) suffixes.set(key, suffixedEverywhere(use.value, missing));
      const suffixed = suffixes.get(key);
      if (suffixed !== undefined) {
        ctx.report(
          use.file,
          use.span,
          `No TargetServer '${use.value}' in ${inEnvs(missing)}, which define it only with a suffix (${suffixed}). If a build step renames the server (a deploy config.json token, a script), check that it names one of these.`,
          { partial: true },
        );
        continue;
      }
      ctx.report(use.file, use.span, `No TargetServer '${use.value}' in ${inEnvs(missing)}.${hint}`, { fixes });
    }
  },
};

/** Separators people swap between environments (`backend_eu` / `backend-eu`) count as the same. */
const normal = (name: string): string => name.toLowerCase().replace(/[-_.]/g, '');

/** The nearest name the environments that lack `name` define: equal but for separators and case, else (typos) a close one. */
function nearName(name: string, missing: readonly EnvIndex[], typos: boolean): string | undefined {
  const candidates = [...new Set(missing.flatMap((env) => [...env.targetServers.keys()]))];
  return candidates.find((c) => normal(c) === normal(name)) ?? (typos ? closest(name, candidates) : undefined);
}

const MAX_LISTED = 5;
/** What a build step may append: a number, or a separator and a short word (`mockTarget1`, `backend-blue`). */
const SUFFIX = /^(?:[-_.]?\d{1,4}|[-_.][A-Za-z0-9]{1,12})$/;

/** Every environment defines `name` followed by a suffix, and nothing else of that stem: the names, listed. */
function suffixedEverywhere(name: string, missing: readonly EnvIndex[]): string | undefined {
  const found = new Set<string>();
  for (const env of missing) {
    const mine = [...env.targetServers.keys()].filter((n) => n.startsWith(name) && SUFFIX.test(n.slice(name.length)));
    if (mine.length === 0) return undefined;
    mine.forEach((n) => found.add(n));
  }
  const names = [...found].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((n) => `'${n}'`);
  return names.length > MAX_LISTED ? `${names.slice(0, MAX_LISTED).join(', ')} and ${names.length - MAX_LISTED} more` : names.join(', ');
}
