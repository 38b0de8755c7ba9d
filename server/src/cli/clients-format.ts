// The clients report as JSON (a stable contract: target, server, clients) and as text a person reads at a glance:
// the clients that cannot connect grouped by cause with the fix beside each group, then those that connect.
import type { ClientsReport } from '../probe/clients/simulate';
import { verdictGroups } from '../probe/clients/groups';

export function clientsJson(report: ClientsReport): Record<string, unknown> {
  return {
    target: report.target,
    // The HTTP proxy the connections tunnelled through (no credentials), or null: direct.
    proxy: report.proxy ?? null,
    server: report.server ?? null,
    clients: report.clients.map((c) => ({
      id: c.id,
      name: c.name,
      ok: c.ok,
      protocol: c.protocol,
      cipher: c.cipher,
      group: c.group,
      ...(c.ok ? {} : { cause: c.cause, message: c.message, fix: c.fix }),
    })),
    ...(report.unreachable === undefined ? {} : { unreachable: report.unreachable }),
    connections: report.connections,
    elapsedMs: report.elapsedMs,
  };
}

const paint = (color: boolean, code: string, text: string): string => (color ? `\x1b[${code}m${text}\x1b[0m` : text);

function serverLines(report: ClientsReport): string[] {
  const s = report.server;
  if (s === undefined) return [`Unreachable: ${report.unreachable ?? 'no answer'}`];
  const lines = [`Protocols: ${s.protocols.join(', ') || 'none the probe speaks'}`];
  for (const p of s.protocols) {
    const order = s.order[p] === undefined ? '' : ` (${s.order[p]} order wins)`;
    lines.push(`  ${p}: ${(s.suites[p] ?? []).join(', ')}${order}`);
  }
  lines.push(`Groups: ${s.groups.join(', ') || 'none found'}`);
  for (const [label, chain] of [
    ['with SNI', s.chain.withSni],
    ['without SNI', s.chain.withoutSni],
  ] as const) {
    if (chain === null) continue;
    const leaf = chain.certificates[0];
    lines.push(
      `Certificate ${label}: ${leaf?.subject ?? '?'} for ${chain.names}${chain.coversHost ? '' : ' (does not cover the host)'}, ${chain.certificates.length} sent, expires ${chain.expires ?? '?'}`,
    );
  }
  if (report.server?.clientCertificate?.requested === true) {
    const cas = report.server.clientCertificate.acceptableCas;
    lines.push(`Client certificate asked for${cas.length > 0 ? `, from: ${cas.join('; ')}` : ''}`);
  }
  return lines;
}

export function formatClientsText(report: ClientsReport, options: { color: boolean }): string {
  const { color } = options;
  const t = report.target;
  const out = [
    `Front door ${t.host}:${t.port} (${t.address ?? 'unresolved'}, SNI ${t.sni ?? 'none'})`,
    ...(report.proxy === undefined ? [] : [`  through the HTTP proxy ${report.proxy} (a CONNECT tunnel per connection)`]),
    ...serverLines(report),
    '',
  ];
  const failing = report.clients.filter((c) => !c.ok);
  const passing = report.clients.filter((c) => c.ok);
  const groups = verdictGroups(report.clients);
  out.push(paint(color, failing.length > 0 ? '31' : '32', `${failing.length} of ${report.clients.length} clients cannot connect`));
  for (const group of groups.filter((g) => !g.ok)) {
    out.push('', paint(color, '31;1', `✗ ${group.label}: ${group.clients.map((c) => c.name).join(', ')}`));
    for (const c of group.clients) out.push(`    ${c.id}: ${c.message ?? ''}`);
    out.push(`  fix: ${group.fix ?? ''}`);
  }
  if (passing.length > 0) out.push('', paint(color, '32;1', `✓ ${passing.length} connect`));
  for (const group of groups.filter((g) => g.ok)) out.push(`    ${group.label}: ${group.clients.map((c) => c.id).join(', ')}`);
  out.push('', `${report.connections.total} handshakes (at most ${report.connections.peak} at once), ${report.elapsedMs} ms`);
  return out.join('\n') + '\n';
}
