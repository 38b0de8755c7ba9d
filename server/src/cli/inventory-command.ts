// `apigee-tls-lint inventory <dir>`: every outbound TLS connection per environment, for an audit ("which
// targets still allow TLS 1.1, which truststores expire this quarter").
import { relative } from 'node:path';
import { inventory, type InventoryRow, type StoreSummary } from '../workspace/inventory';
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
    'expiry, and the client certificate.',
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
  const rows = inventory(loadWorkspace(roots), envOption(args)).map((r) => ({ ...r, file: relative(io.cwd, r.file) || r.file }));
  io.stdout(format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : format === 'markdown' ? markdown(rows) : text(rows));
  return EXIT_OK;
}

const endpoint = (r: InventoryRow): string =>
  `${r.host ?? r.url ?? '?'}${r.host !== undefined && r.port !== undefined ? `:${r.port}` : ''}${r.targetServer !== undefined ? ` (TargetServer ${r.targetServer})` : ''}`;
const tls = (r: InventoryRow): string => (r.tls === true ? 'TLS' : r.tls === false ? 'plain HTTP' : 'TLS unknown');
const day = (iso: string): string => iso.slice(0, 10);

function storeText(s: StoreSummary | undefined): string {
  if (s === undefined) return '–';
  const target = s.keystore !== undefined && s.value !== s.keystore ? ` → ${s.keystore}` : '';
  const certs = s.certificates.map((c) => `${c.subject} (expires ${day(c.notAfter)})`).join('; ');
  return `${s.value}${target}${certs ? `: ${certs}` : ''}`;
}

function text(rows: readonly InventoryRow[]): string {
  const lines: string[] = [];
  let env: string | undefined;
  for (const r of rows) {
    if (r.env !== env) {
      if (env !== undefined) lines.push('');
      lines.push(`Environment ${r.env}`);
      env = r.env;
    }
    lines.push(`  ${r.bundle} / ${r.source} → ${endpoint(r)}  ${tls(r)}`);
    if (r.protocols.length > 0) lines.push(`    protocols: ${r.protocols.join(', ')}`);
    if (r.ciphers.length > 0) lines.push(`    ciphers: ${r.ciphers.join(', ')}`);
    if (r.trustStore !== undefined) lines.push(`    truststore: ${storeText(r.trustStore)}`);
    if (r.clientCertificate !== undefined)
      lines.push(
        `    client certificate: ${storeText(r.clientCertificate)}${r.clientCertificate.alias ? ` [alias ${r.clientCertificate.alias}]` : ''}`,
      );
    lines.push(`    ${r.file}`);
  }
  return lines.length === 0 ? 'No outbound connections found.\n' : lines.join('\n') + '\n';
}

function markdown(rows: readonly InventoryRow[]): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const out = [
    '| Environment | Bundle | Source | Endpoint | TLS | Protocols | Ciphers | Truststore | Client certificate |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    out.push(
      `| ${[r.env, r.bundle, r.source, endpoint(r), tls(r), r.protocols.join(', ') || '–', r.ciphers.join(', ') || '–', storeText(r.trustStore), storeText(r.clientCertificate)].map(cell).join(' | ')} |`,
    );
  }
  return out.join('\n') + '\n';
}
