// The northbound rows of `inventory` (Apigee X load balancer from Terraform, Edge virtual hosts) as text and markdown.
import type { NorthboundRow } from '../workspace/inventory-northbound';

const names = (r: NorthboundRow): string =>
  r.certificateNames === undefined ? 'decided outside the repository' : r.certificateNames.join(', ') || 'none';
const title = (r: NorthboundRow): string =>
  r.kind === 'virtual-host'
    ? `virtual host ${r.group ?? '?'}`
    : r.group === undefined
      ? 'no environment group here'
      : `environment group ${r.group}`;
const expiring = (r: NorthboundRow): string =>
  (r.certificates ?? []).map((c) => `${c.subject} (alias ${c.alias}, expires ${c.notAfter.slice(0, 10)})`).join('; ');

function virtualHostText(r: NorthboundRow): string {
  return [
    `Northbound virtual host ${r.group ?? '?'} (environment ${r.environments.join(', ')})`,
    `  host aliases: ${r.hostnames.join(', ') || 'none'}`,
    `  port ${r.port ?? '?'}, ${r.tls ?? 'unknown'}${r.mtls === undefined ? '' : ` (${r.mtls})`}`,
    `  certificate: ${expiring(r) || 'not in the repository'}`,
    ...(r.certificateNames === undefined ? [] : [`  certificate covers: ${names(r)}`]),
    ...(r.uncovered.length > 0 ? [`  not covered: ${r.uncovered.join(', ')}`] : []),
    `  TLS settings: ${r.sslPolicy}`,
    `  bound by: ${r.proxies.join(', ') || 'no proxy here'}`,
    `  ${r.file}`,
  ].join('\n');
}

/** Subject and expiry (a hybrid certificate has no alias: it is the sslCertPath file). */
const served = (r: NorthboundRow): string =>
  (r.certificates ?? []).map((c) => `${c.subject} (expires ${c.notAfter.slice(0, 10)})`).join('; ');

function hybridText(r: NorthboundRow): string {
  return [
    `Northbound hybrid virtual host ${r.group ?? '?'}${r.environments.length > 0 ? ` (environments ${r.environments.join(', ')})` : ''}`,
    `  hostnames: ${r.hostnames.join(', ') || 'none (no environment group in the overrides)'}`,
    `  ${r.tls ?? 'one-way'}${r.mtls === undefined ? '' : ` (${r.mtls})`}`,
    `  certificate: ${r.certificate ?? 'none'}${served(r) ? `: ${served(r)}` : ''}`,
    ...(r.certificateNames === undefined ? [] : [`  certificate covers: ${names(r)}`]),
    ...(r.uncovered.length > 0 ? [`  not covered: ${r.uncovered.join(', ')}`] : []),
    `  TLS settings: ${r.sslPolicy}`,
    ...((r.gateways ?? []).length > 0 ? [`  additional gateways: ${r.gateways!.join(', ')}`] : []),
    `  ${r.file}`,
  ].join('\n');
}

export function northboundText(rows: readonly NorthboundRow[]): string {
  if (rows.length === 0) return '';
  const blocks = rows.map((r) =>
    r.kind === 'virtual-host'
      ? virtualHostText(r)
      : r.kind === 'hybrid'
        ? hybridText(r)
        : [
            `Northbound ${title(r)}${r.environments.length > 0 ? ` (environments ${r.environments.join(', ')})` : ''}`,
            ...(r.hostnames.length > 0 ? [`  hostnames: ${r.hostnames.join(', ')}`] : []),
            `  served by: ${r.proxies.join(', ') || 'no target HTTPS proxy here'}`,
            `  certificates cover: ${names(r)}`,
            ...(r.uncovered.length > 0 ? [`  not covered: ${r.uncovered.join(', ')}`] : []),
            `  SSL policy: ${r.sslPolicy}`,
            ...(r.mtls === undefined ? [] : [`  mTLS: ${r.mtls}`]),
            `  ${r.file}`,
          ].join('\n'),
  );
  return '\n' + blocks.join('\n\n') + '\n';
}

export function northboundMarkdown(rows: readonly NorthboundRow[]): string {
  if (rows.length === 0) return '';
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    '',
    '| Environment group / virtual host | Hostnames | Environments | Target HTTPS proxies / bound proxies | Certificates cover | Not covered | SSL policy / TLS settings | mTLS | File |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${[r.kind === 'hybrid' ? `hybrid virtual host ${r.group ?? '?'} (${r.tls ?? '?'}; ${r.certificate ?? 'no certificate'}${served(r) ? `; ${served(r)}` : ''})` : r.kind === 'virtual-host' ? `virtual host ${r.group ?? '?'} (port ${r.port ?? '?'}, ${r.tls ?? '?'}${expiring(r) ? `; ${expiring(r)}` : ''})` : (r.group ?? '–'), r.hostnames.join(', ') || '–', r.environments.join(', ') || '–', r.proxies.join(', ') || '–', names(r), r.uncovered.join(', ') || '–', r.sslPolicy, r.mtls ?? '–', r.file].map(cell).join(' | ')} |`,
    ),
    '',
  ].join('\n');
}
