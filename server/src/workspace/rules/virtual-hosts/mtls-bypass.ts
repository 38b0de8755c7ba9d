import { everywhere } from '../../../lint/rule';
import type { Use } from '../../model';
import { inEnvs, type WorkspaceRule } from '../../rule';
import { isTwoWay, servesTls } from '../../virtual-hosts';
import type { EnvIndex } from '../../workspace';
import { boundVirtualHosts } from './common';

type Kind = 'two-way' | 'one-way' | 'plain' | 'unknown';

/** How a bound name serves clients in an environment (Edge Cloud's built-ins when not defined there). */
function kindIn(env: EnvIndex, name: string): Kind {
  const vh = env.virtualHosts.get(name)?.[0];
  if (vh === undefined) return name === 'secure' ? 'one-way' : name === 'default' ? 'plain' : 'unknown';
  if (vh.clientAuth?.value === 'template' || vh.tls?.value === 'template') return 'unknown';
  return isTwoWay(vh) ? 'two-way' : servesTls(vh) ? 'one-way' : 'plain';
}

export const vhostMtlsBypass: WorkspaceRule = {
  id: 'vhost-mtls-bypass',
  description: 'A ProxyEndpoint bound to a two-way TLS virtual host and also to a one-way (or plain HTTP) one.',
  why: 'The same API answers without a client certificate on the other virtual host: two-way TLS can be bypassed by calling the other host alias.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const { file, uses, envs } of boundVirtualHosts(ctx)) {
      const byUse = new Map<Use, EnvIndex[]>();
      const twoWays = new Set<string>();
      for (const env of envs) {
        const kinds = uses.map((u) => kindIn(env, u.value.trim()));
        const twoWay = uses.filter((_, i) => kinds[i] === 'two-way');
        if (twoWay.length === 0) continue;
        twoWay.forEach((u) => twoWays.add(u.value.trim()));
        uses.forEach((u, i) => {
          if (kinds[i] !== 'one-way' && kinds[i] !== 'plain') return;
          byUse.set(u, [...(byUse.get(u) ?? []), env]);
        });
      }
      for (const [use, where] of byUse) {
        const name = use.value.trim();
        const how = where.every((env) => kindIn(env, name) === 'plain') ? 'plain HTTP' : 'one-way TLS';
        ctx.report(
          file,
          use.span,
          `ProxyEndpoint${use.endpoint === undefined ? '' : ` '${use.endpoint}'`} is bound to two-way TLS virtual host ${[...twoWays].map((n) => `'${n}'`).join(', ')} and to '${name}' (${how}) in ${inEnvs(where)}: clients without a certificate reach the same API through '${name}', so two-way TLS can be bypassed. Remove '${name}' from this ProxyEndpoint (or serve one-way clients from another proxy).`,
        );
      }
    }
  },
};
