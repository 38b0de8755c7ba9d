import { everywhere, type Rule } from '../rule';

/**
 * Without the TargetServers' definitions (not in the repository, or a file linted alone) the block may be redundant
 * or may be what turns TLS on: both are said. The workspace model words it by case when it sees them.
 */
export const LOADBALANCER_SSLINFO_UNKNOWN =
  "SSLInfo beside a LoadBalancer, and no definition of the TargetServers it names was found, so which one governs TLS is not known here: a TargetServer's own sSLInfo wins over this block (then it is redundant), but for a TargetServer without one this block is what turns TLS on, and removing it breaks the call. Check each TargetServer's sSLInfo before removing this block, and configure TLS there.";

export const loadBalancerSslInfo: Rule = {
  id: 'loadbalancer-sslinfo',
  description: 'SSLInfo beside a LoadBalancer.',
  why: 'With a LoadBalancer, TLS belongs on each TargetServer (its sSLInfo, which wins); this block is redundant beside it, or is what turns TLS on for a TargetServer without one.',
  fix: '–',
  apigeelint: ['TD006'],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const connection of ctx.connections) {
      if (connection.loadBalancer === undefined) continue;
      // The first block only: a repeated one is duplicate-element's finding.
      const ssl = connection.sslInfo;
      if (ssl !== undefined) ctx.report(ssl.nameSpan, LOADBALANCER_SSLINFO_UNKNOWN);
    }
  },
};
