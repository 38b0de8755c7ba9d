// The audit table's northbound rows for Apigee Edge: each virtual host per environment with its host aliases, port,
// one- or two-way TLS, the certificate it serves (subject, expiry, the names it covers and the aliases it does not),
// ssl_protocols/ssl_ciphers, and the API proxies bound to it. The same row shape as the load balancer rows.
import { nameCoversHost } from '../tls/host-names';
import { aliasCertificates, type CertificateSummary } from './inventory';
import { bindingKey, virtualHostBindings } from './virtual-host-bindings';
import type { NorthboundRow } from './inventory-northbound';
import type { VirtualHostDef } from './model';
import { aliasCertificates as materialCertificates, aliasMaterial } from './material';
import { certificateNames, isTwoWay, servedAlias, servesTls } from './virtual-hosts';
import type { EnvIndex, Workspace } from './workspace';

export function virtualHostRows(ws: Workspace, only?: ReadonlySet<string>): NorthboundRow[] {
  const bound = virtualHostBindings(ws);
  const out: NorthboundRow[] = [];
  for (const env of ws.allEnvironments()) {
    if (only !== undefined && !only.has(env.env)) continue;
    for (const [name, [vh]] of env.virtualHosts) {
      if (vh === undefined) continue;
      const certificates = served(ws, env, vh);
      const names = certificates === undefined ? undefined : sanNames(ws, env, vh);
      const hosts = vh.hostAliases.map((a) => a.value.trim());
      const settings = ['ssl_protocols', 'ssl_ciphers'].flatMap((k) => {
        const value = vh.properties.get(k)?.value;
        return value === undefined ? [] : [`${k} ${value}`];
      });
      out.push({
        kind: 'virtual-host',
        group: name,
        hostnames: hosts,
        environments: [env.label],
        proxies: [...new Set((bound.get(bindingKey(env, name)) ?? []).map((b) => b.bundle))].sort(),
        certificateNames: names,
        uncovered: names === undefined ? [] : hosts.filter((h) => !names.some((n) => nameCoversHost(n, h.replace(/:\d+$/, ''), true))),
        sslPolicy: settings.join('; ') || 'router defaults (Edge Cloud: TLS 1.2)',
        mtls: isTwoWay(vh) ? `client certificates, trustStore ${vh.trustStore?.value ?? 'none'}` : undefined,
        file: vh.file,
        port: vh.port?.value,
        tls: vh.tls?.value === 'template' ? 'unknown' : !servesTls(vh) ? 'plain HTTP' : isTwoWay(vh) ? 'two-way' : 'one-way',
        certificates: certificates ?? [],
      });
    }
  }
  return out;
}

function served(ws: Workspace, env: EnvIndex, vh: VirtualHostDef): CertificateSummary[] | undefined {
  const alias = servedAlias(env, vh);
  const certs = alias === undefined ? [] : aliasCertificates(ws, env, alias);
  return certs.length === 0 ? undefined : certs;
}

/** The names the served leaf certificate covers. */
function sanNames(ws: Workspace, env: EnvIndex, vh: VirtualHostDef): string[] | undefined {
  const alias = servedAlias(env, vh);
  const leaf = alias === undefined ? undefined : materialCertificates(aliasMaterial(ws, env, alias))[0]?.certificates[0];
  return leaf === undefined ? undefined : certificateNames(leaf);
}
