// Edge Cloud or Private Cloud: the runtime profile says Edge, not which one, yet some virtual host settings exist on
// one only (`ssl_protocols`, `interfaces`: Private Cloud; `useBuiltInFreeTrialCert`, `propagateTLSInformation`:
// Edge Cloud). The evidence an environment's virtual hosts and the repository give, and the verdict it weighs to;
// undefined when nothing (or both) says, so rules word their finding for both.
import type { VirtualHostDef } from './model';
import type { Workspace, EnvIndex } from './workspace';

export type EdgePlatform = 'cloud' | 'private';

export interface PlatformVerdict {
  platform: EdgePlatform | undefined;
  /** What was seen, for the message: `host alias acme-prod.apigee.net`. */
  why: string;
}

/** What one virtual host says about its platform. */
function vhostEvidence(vh: VirtualHostDef): Array<{ platform: EdgePlatform; why: string }> {
  const out: Array<{ platform: EdgePlatform; why: string }> = [];
  const apigeeNet = vh.hostAliases.find((a) => /\.apigee\.net(?::\d+)?$/i.test(a.value.trim()));
  if (apigeeNet !== undefined) out.push({ platform: 'cloud', why: `host alias ${apigeeNet.value.trim()}` });
  if (vh.freeTrialCert?.value === true) out.push({ platform: 'cloud', why: `useBuiltInFreeTrialCert in '${vh.name}'` });
  if (vh.propagateTls !== undefined) out.push({ platform: 'cloud', why: `propagateTLSInformation in '${vh.name}'` });
  if (vh.interfaces.length > 0) out.push({ platform: 'private', why: `interfaces in '${vh.name}'` });
  const port = vh.port?.value;
  if (port !== undefined && port !== 443 && port !== 80) out.push({ platform: 'private', why: `port ${port} in '${vh.name}'` });
  return out;
}

/** The management server a pom.xml or edge.json deploys to: Apigee's cloud one, or an on-premises one. */
function managementEvidence(ws: Workspace): Array<{ platform: EdgePlatform; why: string }> {
  const out: Array<{ platform: EdgePlatform; why: string }> = [];
  for (const facts of ws.allFacts()) {
    if (facts.routerProperties !== undefined) out.push({ platform: 'private', why: 'a router properties file' });
    if (facts.mpProxy !== undefined) out.push({ platform: 'private', why: 'a message-processor properties file' });
    if (facts.role.kind !== 'pom') continue;
    const host = /<apigee\.hosturl>\s*([^<\s]+)\s*<\/apigee\.hosturl>/.exec(facts.text)?.[1];
    if (host === undefined || host.includes('${')) continue;
    out.push(
      /\/\/api\.enterprise\.apigee\.com\b/i.test(host)
        ? { platform: 'cloud', why: `apigee.hosturl ${host}` }
        : { platform: 'private', why: `apigee.hosturl ${host}` },
    );
  }
  return out;
}

/** The platform of an environment's virtual hosts: its own evidence first, then the repository's. */
export function edgePlatformOf(ws: Workspace, env: EnvIndex): PlatformVerdict {
  const own = [...env.virtualHosts.values()].flat().flatMap(vhostEvidence);
  const decide = (seen: Array<{ platform: EdgePlatform; why: string }>): PlatformVerdict | undefined => {
    const kinds = new Set(seen.map((e) => e.platform));
    return kinds.size === 1 ? { platform: seen[0]!.platform, why: seen[0]!.why } : undefined;
  };
  if (own.length > 0) return decide(own) ?? { platform: undefined, why: 'conflicting evidence' };
  return decide(managementEvidence(ws)) ?? { platform: undefined, why: 'nothing in the repository says Edge Cloud or Private Cloud' };
}
