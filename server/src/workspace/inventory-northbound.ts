// The audit table's northbound rows (Apigee X): each environment group with its hostnames and environments, the
// target HTTPS proxies serving it, the names their certificates cover, the hostnames none covers, the SSL policy
// clients get (Google's default when none is set) and the mTLS mode. A proxy serving no group of its module gets a
// row of its own. Read from Terraform; what is decided outside the repository is said so.
import { loadBalancers, covers, type ProxyView } from './terraform/load-balancers';
import type { CertificateSummary } from './inventory';
import type { Workspace } from './workspace';

export interface NorthboundRow {
  /**
   * `load-balancer`: Apigee X, from Terraform; `virtual-host`: an Edge virtual host (one environment); `hybrid`: an
   * Apigee hybrid ingress virtual host (overrides.yaml), its group the environment group it serves.
   */
  kind: 'load-balancer' | 'virtual-host' | 'hybrid';
  /** The environment group's name (undefined: a proxy serving no group here); a virtual host's name. */
  group: string | undefined;
  hostnames: string[];
  environments: string[];
  /** The target HTTPS proxies serving it (their Terraform addresses); for a virtual host, the API proxies bound to it. */
  proxies: string[];
  /** The names their certificates cover; undefined when a certificate is decided outside the repository. */
  certificateNames: string[] | undefined;
  /** Hostnames no certificate covers (only when every certificate is known). */
  uncovered: string[];
  /** `min TLS_1_2, MODERN`, `Google default: min TLS_1_0, COMPATIBLE`, `defined outside the repository`. */
  sslPolicy: string;
  /** The server TLS policy's client_validation_mode, when mTLS is set. */
  mtls: string | undefined;
  file: string;
  /** A virtual host's port, TLS mode and the certificates it serves (subject, expiry), when known. */
  port?: number | undefined;
  tls?: 'one-way' | 'two-way' | 'plain HTTP' | 'unknown';
  certificates?: CertificateSummary[];
  /** Hybrid: where the certificate comes from (the sslCertPath as written, or the Kubernetes Secret). */
  certificate?: string | undefined;
  /** Hybrid: additionalGateways (extra routes, such as a non-SNI one). */
  gateways?: string[];
}

export function northboundRows(ws: Workspace, only?: ReadonlySet<string>): NorthboundRow[] {
  const out: NorthboundRow[] = [];
  for (const view of loadBalancers(ws)) {
    for (const { group, environments } of view.groups) {
      if (only !== undefined && !environments.some((e) => only.has(e))) continue;
      const proxies = view.proxies.filter((p) => p.groups.some((g) => g.group === group));
      const hostnames = (group.hostnames ?? []).map((h) => h.value);
      const names = proxies.some((p) => p.names === undefined) ? undefined : [...new Set(proxies.flatMap((p) => p.names ?? []))];
      out.push({
        kind: 'load-balancer',
        group: group.name?.value ?? group.resource,
        hostnames,
        environments,
        proxies: proxies.map((p) => p.proxy.address),
        certificateNames: names,
        uncovered: names === undefined || proxies.length === 0 ? [] : hostnames.filter((h) => h !== '*' && !covers(names, h)),
        sslPolicy: [...new Set(proxies.map(policyText))].join('; ') || 'no target HTTPS proxy here',
        mtls: mtlsText(proxies),
        file: group.file,
      });
    }
    if (only !== undefined) continue;
    for (const p of view.proxies.filter((x) => x.groups.length === 0))
      out.push({
        kind: 'load-balancer',
        group: undefined,
        hostnames: [],
        environments: [],
        proxies: [p.proxy.address],
        certificateNames: p.names,
        uncovered: [],
        sslPolicy: policyText(p),
        mtls: mtlsText([p]),
        file: p.proxy.file,
      });
  }
  return sameButEnvironments(out);
}

/** Rows that tfvars runs (one per environment) read alike: one row naming all their environments. */
function sameButEnvironments(rows: NorthboundRow[]): NorthboundRow[] {
  const byKey = new Map<string, NorthboundRow>();
  for (const row of rows) {
    const key = JSON.stringify({ ...row, environments: undefined });
    const known = byKey.get(key);
    if (known === undefined) byKey.set(key, row);
    else known.environments = [...new Set([...known.environments, ...row.environments])];
  }
  return [...byKey.values()];
}

function policyText({ policy }: ProxyView): string {
  if (policy.kind === 'default') return 'Google default: min TLS_1_0, COMPATIBLE';
  if (policy.kind === 'elsewhere') return 'defined outside the repository';
  const { minTlsVersion: min, profile, name, address } = policy.policy;
  const text = (f: typeof min, fallback: string): string =>
    f.state === 'value' ? f.value : f.state === 'unknown' ? 'decided at plan time' : fallback;
  return `${name?.value ?? address}: min ${text(min, 'TLS_1_0 (default)')}, ${text(profile, 'COMPATIBLE (default)')}`;
}

function mtlsText(proxies: readonly ProxyView[]): string | undefined {
  const modes = proxies.flatMap((p) => {
    const mode = p.serverTlsPolicy?.mode;
    return mode === undefined || mode.state === 'absent' ? [] : [mode.state === 'value' ? mode.value : 'decided at plan time'];
  });
  return modes.length === 0 ? undefined : [...new Set(modes)].join('; ');
}
