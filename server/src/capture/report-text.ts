// A capture's diagnosis as a person reads it: per connection, the verdict, the causes with their fixes, then the
// handshake as a ladder (who sent what, when), offered and chosen parameters.
import { counted } from '../shared/plural';
import type { CapturedConnectionReport } from './analyse-connection';
import type { CaptureReport } from './diagnose-capture';

export interface CaptureTextOptions {
  color: boolean;
}

const paint = (o: CaptureTextOptions, code: number, text: string): string => (o.color ? `\x1b[${code}m${text}\x1b[0m` : text);

export function formatCaptureText(report: CaptureReport, options: CaptureTextOptions): string {
  const lines: string[] = [];
  lines.push(
    `${report.file}: ${report.format}, ${counted(report.packets, 'packet')}, ${counted(report.tlsConnections, 'TLS connection')}, ${report.failed} failed`,
  );
  if (report.truncation !== null) lines.push(paint(options, 33, `  truncated: ${report.truncation}`));
  if (report.skippedSummary !== null) lines.push(paint(options, 2, `  skipped: ${report.skippedSummary}`));
  if (report.keylog !== undefined) {
    const n = report.keylog.unlocked;
    lines.push(`  key log: opened ${n} TLS 1.3 ${n === 1 ? 'handshake' : 'handshakes'}`);
  }
  for (const c of report.connections) lines.push('', ...connectionLines(c, options));
  return lines.join('\n') + '\n';
}

function connectionLines(c: CapturedConnectionReport, o: CaptureTextOptions): string[] {
  const sni = c.sni === null ? 'no SNI' : `SNI ${c.sni}`;
  const verdict = c.ok ? paint(o, 32, 'OK   ') : paint(o, 31, 'FAILS');
  const lines = [`${verdict} ${c.client} → ${c.server} (${sni}) at ${c.startedAt}`];
  for (const cause of c.causes) {
    const label = cause.severity === 'error' ? paint(o, 31, 'error  ') : paint(o, 33, 'warning');
    lines.push(`  ${label} ${paint(o, 1, cause.code)}`, `          ${cause.message}`, `          Fix: ${cause.fix}`);
  }
  // A connection refused or never answered offered nothing.
  if (c.offered.versions.length > 0 || c.offered.suites.length > 0)
    lines.push(
      `  Offered:     ${c.offered.versions.join(', ') || '?'}; ${c.offered.suites.length} suites${c.offered.sslv2Format ? ' (SSLv2-format hello)' : ''}`,
    );
  if (c.negotiated !== null) lines.push(`  Negotiated:  ${c.negotiated.protocol}, ${c.negotiated.cipher}`);
  lines.push(...northboundLines(c));
  for (const a of c.alerts) {
    lines.push(`  Alert:       ${a.from} → ${a.level ?? 'encrypted'} ${a.description ?? '(encrypted)'}`);
  }
  c.chain.forEach((e, i) =>
    lines.push(`  ${i === 0 ? 'Chain:' : '      '}       ${i} ${e.subject} (issuer ${e.issuer}; until ${e.notAfter.slice(0, 10)})`),
  );
  c.ladder.forEach((step, i) => {
    const arrow = step.from === 'client' ? 'client → server' : 'server → client';
    const line = `  ${i === 0 ? 'Handshake:' : '          '}  ${step.atMs.toFixed(3).padStart(10)} ms  ${arrow}  ${step.label}`;
    lines.push(step.decisive ? paint(o, 1, `${line}  ◀ decisive`) : line);
  });
  if (c.closedBy !== null)
    lines.push(`  Closed:      by the ${c.closedBy.side} (${c.closedBy.how === 'rst' ? 'reset' : 'FIN'}) at ${c.closedBy.at}`);
  for (const e of c.evidence) lines.push(paint(o, 2, `  · ${e}`));
  return lines;
}

/** Northbound: the client the hello is, and the clients of the table refused the same way. */
function northboundLines(c: CapturedConnectionReport): string[] {
  const nb = c.northbound;
  if (nb === undefined) return [];
  const lines: string[] = [];
  if (nb.client !== null)
    lines.push(
      nb.client.exact
        ? `  Client:      matches ${nb.client.name} (${nb.client.id})`
        : `  Client:      closest to ${nb.client.name} (${nb.client.id}); differs: ${nb.client.differences.join('; ')}`,
    );
  if (nb.sameFailure !== null) {
    const names = nb.sameFailure.clients.map((k) => k.name);
    lines.push(
      `  Same way:    ${names.length === 0 ? 'no other client of the table' : `${names.length} other clients of the table would fail: ${names.join(', ')}`} (${nb.sameFailure.reason})`,
    );
  }
  return lines;
}
