// The northbound rows of `inventory` (Apigee X load balancer, from Terraform) as text and markdown.
import type { NorthboundRow } from '../workspace/inventory-northbound';

const names = (r: NorthboundRow): string =>
  r.certificateNames === undefined ? 'decided outside the repository' : r.certificateNames.join(', ') || 'none';
const title = (r: NorthboundRow): string => (r.group === undefined ? 'no environment group here' : `environment group ${r.group}`);

export function northboundText(rows: readonly NorthboundRow[]): string {
  if (rows.length === 0) return '';
  const blocks = rows.map((r) =>
    [
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
    '| Environment group | Hostnames | Environments | Target HTTPS proxies | Certificates cover | Not covered | SSL policy | mTLS | File |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${[r.group ?? '–', r.hostnames.join(', ') || '–', r.environments.join(', ') || '–', r.proxies.join(', ') || '–', names(r), r.uncovered.join(', ') || '–', r.sslPolicy, r.mtls ?? '–', r.file].map(cell).join(' | ')} |`,
    ),
    '',
  ].join('\n');
}
