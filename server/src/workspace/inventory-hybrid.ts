// The audit table's northbound rows for Apigee hybrid: each ingress virtual host of an overrides file with its
// environment group's hostnames and environments, the certificate it serves (sslCertPath: subject, expiry, the names
// it covers and the hostnames it does not; sslSecret: a Kubernetes Secret, outside the repository), the TLS range and
// cipher suites, tlsMode and its CA, and the extra gateways. The same row shape as the virtual host rows.
import { nameCoversHost } from '../tls/host-names';
import { sslCertificates } from './hybrid/certificates';
import { groupOf, hostnamesOf, type HybridVirtualHost } from './hybrid/overrides';
import type { NorthboundRow } from './inventory-northbound';
import { certificateNames } from './virtual-hosts';
import type { Workspace } from './workspace';

/** `min 1.2, max 1.3; cipherSuites A:B`, or the ingress defaults. */
function tlsSettings(vh: HybridVirtualHost): string {
  const parts = [
    ...(vh.minTLSProtocolVersion === undefined ? [] : [`min ${vh.minTLSProtocolVersion.value}`]),
    ...(vh.maxTLSProtocolVersion === undefined ? [] : [`max ${vh.maxTLSProtocolVersion.value}`]),
    ...(vh.cipherSuites.length === 0 ? [] : [`cipherSuites ${vh.cipherSuites.map((c) => c.value).join(':')}`]),
  ];
  return parts.join('; ') || 'ingress defaults (Envoy)';
}

export function hybridRows(ws: Workspace, only?: ReadonlySet<string>): NorthboundRow[] {
  const all = ws.hybridOverrides();
  const out: NorthboundRow[] = [];
  for (const overrides of all)
    for (const vh of overrides.virtualHosts) {
      const environments = (groupOf(all, vh)?.environments ?? []).map((e) => e.value);
      if (only !== undefined && !environments.some((e) => only.has(e))) continue;
      const hostnames = hostnamesOf(all, vh).map((h) => h.value.trim());
      const served = sslCertificates(ws, overrides, vh);
      const names = served === undefined ? undefined : certificateNames(served.certificates[0]!);
      const mutual = vh.tlsMode?.value.trim().toUpperCase() === 'MUTUAL';
      out.push({
        kind: 'hybrid',
        group: vh.name?.value,
        hostnames,
        environments,
        proxies: [],
        gateways: vh.additionalGateways.map((g) => g.value),
        certificateNames: names,
        uncovered: names === undefined ? [] : hostnames.filter((h) => h !== '*' && !names.some((n) => nameCoversHost(n, h, true))),
        sslPolicy: tlsSettings(vh),
        mtls: mutual
          ? `MUTUAL, CA ${vh.caCertPath?.value ?? (vh.sslSecret === undefined ? 'none' : `in Secret ${vh.sslSecret.value}`)}`
          : undefined,
        file: overrides.file,
        tls: mutual ? 'two-way' : 'one-way',
        certificate: vh.sslSecret !== undefined ? `Kubernetes Secret ${vh.sslSecret.value}` : vh.sslCertPath?.value,
        certificates: (served?.certificates ?? []).map((c) => ({
          subject: c.subject,
          issuer: c.issuer,
          notAfter: c.notAfter.toISOString(),
          alias: vh.sslCertPath?.value ?? '',
          file: served!.path,
          source: 'file' as const,
        })),
      });
    }
  return out;
}
