import { everywhere, type Rule } from '../rule';

export const loadBalancerSslInfo: Rule = {
  id: 'loadbalancer-sslinfo',
  description: 'SSLInfo beside a LoadBalancer.',
  why: 'With a LoadBalancer, TLS is configured on each TargetServer (its sSLInfo); this block is not what governs the connection.',
  fix: '–',
  apigeelint: ['TD006'],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const connection of ctx.connections) {
      if (connection.loadBalancer === undefined) continue;
      // The first block only: a repeated one is duplicate-element's finding.
      const ssl = connection.sslInfo;
      if (ssl !== undefined)
        ctx.report(ssl.nameSpan, 'SSLInfo beside a LoadBalancer: configure TLS on each TargetServer (its sSLInfo) instead.');
    }
  },
};
