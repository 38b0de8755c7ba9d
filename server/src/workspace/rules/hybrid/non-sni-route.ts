// H6: a hybrid virtual host with no route for clients that send no SNI (no `additionalGateways` naming an
// ApigeeRoute with `enableNonSniClient: true`) while the repository shows such a client: a Google Cloud TLS health
// check (`https_health_check`, `ssl_health_check`, `http2_health_check`) or an SSL proxy load balancer
// (`google_compute_target_ssl_proxy`), which open TLS to their backends without a server name. The ingress matches
// SNI against the environment groups' hostnames; without a match and without a non-SNI route the handshake fails.
// When the repository shows no such client it says nothing: most load balancers and health checks in front of an
// ingress are kept elsewhere, and an info on every hybrid virtual host would be noise no edit here can clear.
import { everywhere } from '../../../lint/rule';
import type { HclBody } from '../../../documents/hcl/hcl-document';
import type { Workspace } from '../../workspace';
import type { WorkspaceRule } from '../../rule';
import { APPLY, hybridNamed, hybridVirtualHosts } from './common';

const TLS_HEALTH_CHECKS = new Set(['https_health_check', 'ssl_health_check', 'http2_health_check']);
const HEALTH_CHECKS = new Set(['google_compute_health_check', 'google_compute_region_health_check']);
const SSL_PROXIES = new Set(['google_compute_target_ssl_proxy']);

/** The first client in the repository's Terraform that connects without SNI, named for people. */
function nonSniClient(ws: Workspace): string | undefined {
  const visit = (body: HclBody): string | undefined => {
    for (const block of body.blocks) {
      if (block.type !== 'resource') continue;
      const [type, name] = block.labels.map((l) => l.value);
      if (type === undefined) continue;
      if (HEALTH_CHECKS.has(type)) {
        const check = block.body.blocks.find((b) => TLS_HEALTH_CHECKS.has(b.type));
        if (check !== undefined) return `${type}.${name ?? '?'} (${check.type}: Google's health checkers open TLS without SNI)`;
      }
      if (SSL_PROXIES.has(type)) return `${type}.${name ?? '?'} (an SSL proxy load balancer re-opens TLS to its backends without SNI)`;
    }
    return undefined;
  };
  for (const facts of ws.allFacts()) {
    const found = facts.hcl === undefined ? undefined : visit(facts.hcl.body);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether any YAML the model read declares an ApigeeRoute (or ApigeeRouteConfig) with enableNonSniClient: true. */
const nonSniRouteDeclared = (ws: Workspace): boolean =>
  [...ws.allFacts()].some((f) => f.role.kind === 'hybrid-overrides' && /^\s*enableNonSniClient\s*:\s*["']?true\b/m.test(f.text));

export const hybridNonSniRoute: WorkspaceRule = {
  id: 'hybrid-non-sni-route',
  description:
    'An Apigee hybrid virtual host without a non-SNI route (no additionalGateways / ApigeeRoute with enableNonSniClient: true) while the repository shows a client that connects without SNI (a Google Cloud TLS health check or SSL proxy load balancer).',
  why: "The ingress picks the virtual host by the TLS server name: a client that sends none matches no hostname and its handshake fails, unless an ApigeeRoute with enableNonSniClient: true (hostnames ['*']) is named in additionalGateways.",
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    const all = [...hybridVirtualHosts(ctx)];
    if (all.length === 0 || nonSniRouteDeclared(ctx.workspace)) return;
    const client = nonSniClient(ctx.workspace);
    if (client === undefined) return;
    for (const at of all) {
      // Hybrid 1.2's shape (hostAliases and routingRules in the virtual host) predates environment groups,
      // ApigeeRoute and additionalGateways: the remedy this rule gives does not exist there.
      if (at.vh.additionalGateways.length > 0 || at.vh.hostAliases.length > 0) continue;
      const route =
        "add an ApigeeRoute with hostnames ['*'] and enableNonSniClient: true, and name it in this virtual host's additionalGateways";
      ctx.report(
        at.overrides.file,
        at.vh.name?.span ?? { start: at.vh.span.start, end: at.vh.span.start },
        `${hybridNamed(at)} has no route for clients without SNI, yet ${client} connects to the ingress without one: those handshakes fail. To serve them, ${route} ${APPLY}.`,
      );
    }
  },
};
