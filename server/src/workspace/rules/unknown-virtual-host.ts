import { replaceSpan } from '../../lint/edits';
import { everywhere } from '../../lint/rule';
import { closest } from '../../lint/suggest';
import { inEnvs, type WorkspaceRule } from '../rule';
import { isSymbolic } from '../symbols';
import { BUILT_IN_VIRTUAL_HOSTS } from '../virtual-hosts';
import type { EnvIndex } from '../workspace';
import { judgedUses, partition } from './uses';

/** The names a misspelt virtual host may have meant: those the environments lacking it define, and the built-ins. */
function nearName(name: string, missing: readonly EnvIndex[]): string | undefined {
  const candidates = [...new Set([...missing.flatMap((env) => [...env.virtualHosts.keys()]), ...Object.keys(BUILT_IN_VIRTUAL_HOSTS)])];
  return candidates.find((c) => c.toLowerCase() === name.toLowerCase()) ?? closest(name, candidates);
}

export const unknownVirtualHost: WorkspaceRule = {
  id: 'unknown-virtual-host',
  description:
    "A ProxyEndpoint's <VirtualHost> that names a virtual host no environment defines (Edge Cloud's built-ins default and secure aside), or that some environments lack; judged only in environments whose virtual hosts the repository keeps.",
  why: 'Deploying the proxy to an environment without that virtual host fails (Edge refuses a ProxyEndpoint bound to an unknown virtual host), so its clients never reach it.',
  fix: 'Offers the closest virtual host name when the name looks misspelt.',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    for (const use of judgedUses(ctx, 'virtualHost')) {
      const name = use.value.trim();
      if (name === '' || isSymbolic(name) || Object.hasOwn(BUILT_IN_VIRTUAL_HOSTS, name)) continue;
      // An environment whose virtual hosts are not in the repository says nothing about this one.
      const judged = use.envs.filter((env) => env.virtualHosts.size > 0);
      const [defined, missing] = partition(judged, (env) => env.virtualHosts.has(name));
      if (missing.length === 0) continue;
      const suggestion = defined.length > 0 ? undefined : nearName(name, missing);
      const hint = suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`;
      const fixes =
        suggestion === undefined ? [] : [{ title: `Use '${suggestion}'`, edits: [replaceSpan(use.span, suggestion)], preferred: false }];
      const known = [...new Set(missing.flatMap((env) => [...env.virtualHosts.keys()]))].sort();
      ctx.report(
        use.file,
        use.span,
        defined.length > 0
          ? `Virtual host '${name}' is missing in ${inEnvs(missing)} (defined in ${inEnvs(defined)}): deploying the proxy there fails.${hint}`
          : `No virtual host '${name}' in ${inEnvs(missing)} (they define ${known.join(', ')}${Object.keys(BUILT_IN_VIRTUAL_HOSTS).some((b) => !known.includes(b)) ? "; Edge Cloud's built-ins are default and secure" : ''}): deploying the proxy fails.${hint}`,
        { partial: defined.length > 0, fixes },
      );
    }
  },
};
