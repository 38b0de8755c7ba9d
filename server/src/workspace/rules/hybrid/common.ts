// What the hybrid rules share: every ingress virtual host of every overrides file, with the host names its clients
// call (its environment group's hostnames, else its own 1.2-style hostAliases) and the environments it serves;
// how findings name one; the TLS versions the apigee-virtualhost chart accepts.
import type { Located } from '../../model';
import type { WorkspaceRuleContext } from '../../rule';
import { groupOf, hostnamesOf, type HybridOverrides, type HybridVirtualHost } from '../../hybrid/overrides';

export interface HybridVhostIn {
  vh: HybridVirtualHost;
  overrides: HybridOverrides;
  hostnames: Located[];
  /** The environments of its environment group, when an overrides file says. */
  environments: string[];
  /** Hybrid 1.2's ingress-wide settings (`ingress.minTLSProtocolVersion`), standing for every virtual host of the file. */
  ingressWide?: boolean;
}

/** Every hybrid virtual host in scope (`--env`: those whose environment group serves one of them, or says none). */
export function* hybridVirtualHosts(ctx: WorkspaceRuleContext): Generator<HybridVhostIn> {
  const all = ctx.workspace.hybridOverrides();
  for (const overrides of all)
    for (const vh of overrides.virtualHosts) {
      const environments = (groupOf(all, vh)?.environments ?? vh.routingEnvs).map((e) => e.value);
      if (ctx.only !== undefined && environments.length > 0 && !environments.some((e) => ctx.only!.has(e))) continue;
      yield { vh, overrides, hostnames: hostnamesOf(all, vh), environments };
    }
}

/**
 * The scopes TLS versions are set in: every virtual host, and hybrid 1.2's ingress-wide `ingress` section (as a
 * virtual host holding only its versions, for every virtual host of its file).
 */
export function* hybridVersionScopes(ctx: WorkspaceRuleContext): Generator<HybridVhostIn> {
  const all = [...hybridVirtualHosts(ctx)];
  yield* all;
  for (const overrides of ctx.workspace.hybridOverrides()) {
    if (overrides.ingress === undefined) continue;
    const mine = all.filter((a) => a.overrides === overrides);
    if (ctx.only !== undefined && mine.length === 0 && overrides.virtualHosts.length > 0) continue;
    const none = { value: '', span: { start: 0, end: 0 } };
    yield {
      vh: {
        span: none.span,
        name: undefined,
        sslCertPath: undefined,
        sslKeyPath: undefined,
        sslSecret: undefined,
        caCertPath: undefined,
        tlsMode: undefined,
        ...overrides.ingress,
        cipherSuites: [],
        additionalGateways: [],
        selector: [],
        hostAliases: [],
        routingEnvs: [],
      },
      overrides,
      hostnames: mine.flatMap((a) => a.hostnames),
      environments: mine.flatMap((a) => a.environments),
      ingressWide: true,
    };
  }
}

/** `Hybrid virtual host 'prod-group' (api.example.com)`; `Hybrid ingress (every virtual host: …)` for 1.2's ingress section. */
export const hybridNamed = ({ vh, hostnames, ingressWide }: HybridVhostIn): string =>
  ingressWide === true
    ? `Hybrid ingress (ingress section, every virtual host${hostnames.length === 0 ? '' : `: ${hostnames.map((h) => h.value).join(', ')}`})`
    : `Hybrid virtual host '${vh.name?.value ?? '(no name)'}'${hostnames.length === 0 ? '' : ` (${hostnames.map((h) => h.value).join(', ')})`}`;

/** Where the change is applied, said at the end of each message. */
export const APPLY =
  'in overrides.yaml, then apply it (helm upgrade of the apigee-virtualhost chart, or apigeectl apply --settings virtualhosts)';

/**
 * What the apigee-virtualhost chart accepts: `1.0`…`1.3` → 10…13, `AUTO` → 'auto' (it maps them to Istio's
 * `TLSV1_0`…`TLS_AUTO` itself and fails on anything else, Istio's own names included); else undefined.
 */
export function tlsVersion(value: string): number | 'auto' | undefined {
  const v = value.trim().toUpperCase();
  if (v === 'AUTO') return 'auto';
  const m = /^1\.([0-3])$/.exec(v);
  return m === null ? undefined : 10 + Number(m[1]);
}
