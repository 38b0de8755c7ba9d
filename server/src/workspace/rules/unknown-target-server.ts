import { replaceSpan } from '../../lint/edits';
import { everywhere } from '../../lint/rule';
import { closest } from '../../lint/suggest';
import { manages, targetServer } from '../resolve';
import { inEnvs, type WorkspaceRule } from '../rule';
import { isSymbolic } from '../symbols';
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
    for (const use of judgedUses(ctx, 'server')) {
      if (isSymbolic(use.value)) continue;
      const judged = use.envs.filter((env) => manages(env, 'targetServers'));
      if (judged.length === 0) continue;
      const [defined, missing] = partition(judged, (env) => targetServer(env, use.value) !== undefined);
      if (missing.length === 0) continue;
      if (defined.length > 0) {
        ctx.report(use.file, use.span, `TargetServer '${use.value}' is missing in ${inEnvs(missing)} (defined in ${inEnvs(defined)}).`, {
          partial: true,
        });
        continue;
      }
      const key = `${use.value}\u0000${missing.map((env) => `${env.project}\u0000${env.label}`).join('\u0000')}`;
      if (!suggestions.has(key))
        suggestions.set(key, closest(use.value, [...new Set(missing.flatMap((env) => [...env.targetServers.keys()]))]));
      const suggestion = suggestions.get(key);
      ctx.report(
        use.file,
        use.span,
        `No TargetServer '${use.value}' in ${inEnvs(missing)}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
        {
          fixes: suggestion ? [{ title: `Use '${suggestion}'`, edits: [replaceSpan(use.span, suggestion)], preferred: false }] : [],
        },
      );
    }
  },
};
