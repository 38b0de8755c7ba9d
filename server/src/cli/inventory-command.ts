// `apigee-tls-lint inventory <dir>`: every outbound TLS connection per environment, and every TargetServer,
// reference, keystore and alias the environments define with the proxies that use it, for an audit ("which targets
// still allow TLS 1.1, which truststores expire this quarter, what does nothing use").
import { relative } from 'node:path';
import { inventory, type CertificateSummary, type InventoryRow, type StoreSummary } from '../workspace/inventory';
import { environmentObjects, type ObjectRow } from '../workspace/inventory-objects';
import { northboundMarkdown, northboundText } from './inventory-northbound';
import { northboundRows } from '../workspace/inventory-northbound';
import { virtualHostRows } from '../workspace/inventory-virtual-hosts';
import { hybridRows } from '../workspace/inventory-hybrid';
import { helpText, parseArgs, single, type CommandSpec } from './args';
import { EXIT_OK, UsageError, type CliIO } from './io';
import { envOption } from './lint-command';
import { loadWorkspace } from '../workspace/load';
import { workspaceRoots } from './workspace-lint';

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

export const INVENTORY_SPEC: CommandSpec = {
  command: 'inventory',
  usage: ['apigee-tls-lint inventory <dir>... [--env NAME]... [--format text|json|markdown]'],
  summary: [
    'Lists every outbound TLS connection per environment: proxy and target (or policy), host:port through its',
    "TargetServer or the resolved URL, protocols, ciphers, the truststore with each certificate's subject and",
    'expiry, and the client certificate; northbound, each Edge virtual host (host aliases, port, one- or two-way',
    'TLS, its certificate and expiry, the proxies bound to it) and each Apigee X load balancer from Terraform.',
  ].join('\n'),
  options: [
    { name: 'env', value: 'NAME', description: 'Only this environment (repeatable).' },
    { name: 'format', short: 'f', value: 'text|json|markdown', description: 'Output format (default text).' },
  ],
  docs: 'README.md#inventory',
};

export async function runInventoryCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, INVENTORY_SPEC);
  if (args.help) {
    io.stdout(helpText(INVENTORY_SPEC));
    return EXIT_OK;
  }
  if (args.positionals.length === 0) throw new UsageError('inventory: name at least one directory');
  const roots = workspaceRoots(args.positionals, io.cwd);
  if (roots.length !== args.positionals.length) throw new UsageError('inventory: every argument must be a directory');
  const format = (single(args, 'format') ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`inventory: --format must be one of ${FORMATS.join(', ')}`);
  const ws = loadWorkspace(roots);
  const only = envOption(args);
  const found = inventory(ws, only);
  const shown = (file: string): string => relative(io.cwd, file) || file;
  const objects = environmentObjects(ws, found, only).map((o) => ({ ...o, file: shown(o.file) }));
  const rows = found.map((r) => ({ ...r, file: shown(r.file) }));
  const northbound = [...virtualHostRows(ws, only), ...hybridRows(ws, only), ...northboundRows(ws, only)].map((n) => ({
    ...n,
    file: shown(n.file),
  }));
  io.stdout(
    format === 'json'
      ? JSON.stringify({ connections: rows, objects, northbound }, null, 2) + '\n'
      : format === 'markdown'
        ? markdown(rows, objects) + northboundMarkdown(northbound)
        : (text(rows, objects, northbound.length > 0) + northboundText(northbound)).replace(/^\n/, ''),
  );
  return EXIT_OK;
}

const TOKEN = ' (a build token, replaced before deployment)';
const endpoint = (r: InventoryRow): string =>
  `${r.host ?? r.url ?? '?'}${r.host !== undefined && r.port !== undefined ? `:${r.port}` : ''}${r.hostIsToken ? TOKEN : ''}${r.targetServer !== undefined ? ` (TargetServer ${r.targetServer})` : ''}`;
const tls = (r: InventoryRow): string => (r.tls === true ? 'TLS' : r.tls === false ? 'plain HTTP' : 'TLS unknown');
const day = (iso: string): string => iso.slice(0, 10);
const certificates = (certs: readonly CertificateSummary[]): string =>
  certs.map((c) => `${c.subject} (expires ${day(c.notAfter)}${c.source === 'export' ? ', from an export' : ''})`).join('; ');

function storeText(s: StoreSummary | undefined): string {
  if (s === undefined) return '–';
  const target = s.keystore !== undefined && s.value !== s.keystore ? ` → ${s.keystore}` : '';
  const certs = certificates(s.certificates);
  return `${s.value}${target}${certs ? `: ${certs}` : ''}`;
}

const clientText = (r: InventoryRow): string =>
  `${storeText(r.clientCertificate)}${r.clientCertificate?.alias ? ` [alias ${r.clientCertificate.alias}]` : ''}`;
const users = (o: ObjectRow): string => (o.usedBy.length === 0 ? 'used by no bundle here' : `used by ${o.usedBy.join(', ')}`);
const objectText = (o: ObjectRow): string => {
  const certs = certificates(o.certificates);
  return `${o.kind} ${o.name}: ${o.detail}${o.hostIsToken ? TOKEN : ''}${certs ? `; ${certs}` : ''}; ${users(o)}`;
};

function text(rows: readonly InventoryRow[], objects: readonly ObjectRow[], northbound: boolean): string {
  const envs = [...new Set([...rows.map((r) => r.env), ...objects.map((o) => o.env)])].sort((a, b) => a.localeCompare(b));
  const blocks = envs.map((env) => {
    const lines = [`Environment ${env}`];
    for (const r of rows.filter((x) => x.env === env)) {
      lines.push(`  ${r.bundle} / ${r.source} → ${endpoint(r)}  ${tls(r)}`);
      if (r.protocols.length > 0) lines.push(`    protocols: ${r.protocols.join(', ')}`);
      if (r.ciphers.length > 0) lines.push(`    ciphers: ${r.ciphers.join(', ')}`);
      if (r.trustStore !== undefined) lines.push(`    truststore: ${storeText(r.trustStore)}`);
      if (r.clientCertificate !== undefined) lines.push(`    client certificate: ${clientText(r)}`);
      lines.push(`    ${r.file}`);
    }
    const defined = objects.filter((o) => o.env === env);
    if (defined.length > 0) lines.push('  defined here:', ...defined.map((o) => `    ${objectText(o)}  (${o.file})`));
    return lines.join('\n');
  });
  if (blocks.length === 0) return northbound ? '' : 'No outbound connections found.\n';
  return blocks.join('\n\n') + '\n';
}

function markdown(rows: readonly InventoryRow[], objects: readonly ObjectRow[]): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const line = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  const out = [
    '| Environment | Proxy | Source | Endpoint | TLS | Protocols | Ciphers | Truststore | Client certificate |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      line([
        r.env,
        r.bundle,
        r.source,
        endpoint(r),
        tls(r),
        r.protocols.join(', ') || '–',
        r.ciphers.join(', ') || '–',
        storeText(r.trustStore),
        clientText(r),
      ]),
    ),
  ];
  if (objects.length > 0)
    out.push(
      '',
      '| Environment | Object | Name | Details | Certificates | Used by | File |',
      '|---|---|---|---|---|---|---|',
      ...objects.map((o) =>
        line([
          o.env,
          o.kind,
          o.name,
          `${o.detail}${o.hostIsToken ? TOKEN : ''}`,
          certificates(o.certificates) || '–',
          o.usedBy.join(', ') || 'none here',
          o.file,
        ]),
      ),
    );
  return out.join('\n') + '\n';
}
