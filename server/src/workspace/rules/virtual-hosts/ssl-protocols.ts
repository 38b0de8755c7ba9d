// V7 and V8: the TLS versions an Edge router offers API clients. Private Cloud sets them per virtual host
// (`ssl_protocols`, an nginx list) or router-wide (router.properties); Edge Cloud serves TLS 1.2 only and ignores
// `ssl_protocols`. Which of the two a repository deploys to comes from ../../edge-platform.ts; when nothing says,
// the finding says both and is info.
import type { Fix } from '../../../lint/model';
import { everywhere } from '../../../lint/rule';
import type { Located } from '../../model';
import { edgePlatformOf } from '../../edge-platform';
import type { WorkspaceRule } from '../../rule';
import type { Span } from '../../../documents/xml/types';
import { named, virtualHosts } from './common';

/** The router-wide key (Private Cloud 4.17+). */
export const ROUTER_PROTOCOLS_KEY = 'conf_load_balancing_load.balancing.driver.server.ssl.protocols';
const LEGACY = new Set(['TLSv1', 'TLSv1.1', 'SSLv3', 'SSLv2']);

/** The legacy versions a space-separated nginx protocol list holds, and the list without them. */
function legacyOf(list: string): { legacy: string[]; kept: string } {
  const tokens = list.trim().split(/\s+/).filter(Boolean);
  const legacy = tokens.filter((t) => LEGACY.has(t));
  const kept = tokens.filter((t) => !LEGACY.has(t));
  return { legacy, kept: (kept.length === 0 ? ['TLSv1.2'] : kept).join(' ') };
}

const dropLegacy = (span: Span, kept: string): Fix[] => [
  { title: `Allow ${kept} only`, edits: [{ ...span, newText: kept }], preferred: true },
];

const versions = (legacy: string[]): string =>
  legacy.map((t) => (t === 'TLSv1' ? 'TLS 1.0' : t.replace('TLSv', 'TLS ').replace('SSLv', 'SSL '))).join(' and ');

export const vhostLegacyProtocols: WorkspaceRule = {
  id: 'vhost-legacy-protocols',
  description:
    "Edge Private Cloud: a virtual host's ssl_protocols, or the router's ssl.protocols in a router properties file, allowing TLS 1.0 or 1.1 (or SSL).",
  why: 'API clients can then connect with deprecated protocols (RFC 8996) that PCI DSS and most security reviews refuse.',
  fix: 'Removes TLSv1 and TLSv1.1 from the list (TLSv1.2 when nothing else is left).',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const at of virtualHosts(ctx)) {
      const value: Located | undefined = at.vh.properties.get('ssl_protocols');
      if (value === undefined) continue;
      const { legacy, kept } = legacyOf(value.value);
      const { platform } = edgePlatformOf(ctx.workspace, at.env);
      if (legacy.length === 0 || platform === 'cloud') continue;
      const both = platform === undefined ? ' (on Private Cloud; Edge Cloud ignores ssl_protocols and serves TLS 1.2 only)' : '';
      ctx.report(
        at.vh.file,
        value.span,
        `${named(at)}: ssl_protocols '${value.value.trim()}' lets API clients connect with ${versions(legacy)}${both}, deprecated (RFC 8996). Set ssl_protocols to '${kept}'; clients that only speak TLS 1.0/1.1 then fail (apigee-tls-lint clients names them).`,
        { fixes: dropLegacy(value.span, kept), undecided: platform === undefined },
      );
    }
    for (const facts of ctx.workspace.allFacts()) {
      const entry = facts.routerProperties?.get(ROUTER_PROTOCOLS_KEY);
      if (entry === undefined) continue;
      const { legacy, kept } = legacyOf(entry.value);
      if (legacy.length === 0) continue;
      ctx.report(
        facts.path,
        entry.valueSpan,
        `Edge Private Cloud router: ssl.protocols '${entry.value.trim()}' lets API clients connect with ${versions(legacy)} on every virtual host without its own ssl_protocols, deprecated (RFC 8996). Set ${ROUTER_PROTOCOLS_KEY}=${kept}, then apigee-service edge-router restart.`,
        { fixes: dropLegacy(entry.valueSpan, kept) },
      );
    }
  },
};

export const vhostSslProtocolsCloud: WorkspaceRule = {
  id: 'vhost-ssl-protocols-cloud',
  description: "An ssl_protocols property on an Edge Cloud virtual host: a Private Cloud-only property that Edge Cloud's routers ignore.",
  why: 'Edge Cloud serves TLS 1.2 only whatever the property says: the setting suggests a protocol choice that does not exist.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const at of virtualHosts(ctx)) {
      const value = at.vh.properties.get('ssl_protocols');
      if (value === undefined) continue;
      const { platform, why } = edgePlatformOf(ctx.workspace, at.env);
      if (platform === 'private') continue;
      const message =
        platform === 'cloud'
          ? `${named(at)} is on Edge Cloud (seen: ${why}), where ssl_protocols is not read: Edge Cloud serves TLS 1.2 only, whatever '${value.value.trim()}' says. Remove the property; to exclude clients, use ssl_ciphers.`
          : `${named(at)}: ssl_protocols applies on Edge Private Cloud only. On Private Cloud it sets the TLS versions of this virtual host; on Edge Cloud it is ignored (TLS 1.2 only). Nothing in the repository says which (a *.apigee.net alias or apigee.hosturl https://api.enterprise.apigee.com says Edge Cloud; interfaces, a port other than 443 or a router properties file say Private Cloud).`;
      ctx.report(at.vh.file, value.span, message, { undecided: platform === undefined });
    }
  },
};
