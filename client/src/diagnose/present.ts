// A diagnosis as the report in the output channel and a one-line notification (pure: no vscode import). The
// server decides what is wrong; this only lays out what it answered.
import type { DiagnoseItem, PlannedConnection } from '../../../server/src/shared/protocol';

/** "probe.test:443" (IPv6 hosts in brackets). */
export function hostPort(target: { host: string; port: number }): string {
  return `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}

/** "[prod] TargetServer 'ts' of TargetEndpoint 'default'" */
export function describeConnection(c: Pick<PlannedConnection, 'env' | 'server' | 'kind' | 'owner'>): string {
  const owner = c.kind === 'TargetServer' ? `TargetServer '${c.owner}'` : `${c.kind} '${c.owner}'`;
  const server = c.server === null || c.kind === 'TargetServer' ? '' : `TargetServer '${c.server}' of `;
  return `${c.env === null ? '' : `[${c.env}] `}${server}${owner}`;
}

/**
 * What a consent question names, in the words the server checks: the host, the address dialled instead of resolving
 * it, and the HTTP proxy it tunnels through (its URL, never its credentials).
 */
export function dialled(c: PlannedConnection): string | undefined {
  if (c.host === null || c.port === null) return undefined;
  const at = c.address === null ? '' : ` at ${c.address}`;
  return `${hostPort({ host: c.host, port: c.port })}${at}${c.proxy === null ? '' : ` via proxy ${c.proxy}`}`;
}

/** The report of one diagnosis: the summary and the runtime judged as, then each cause with its fix, then where trust came from. */
export function reportOf(item: DiagnoseItem): string {
  const lines = [`${describeConnection(item)}: ${item.summary}`, `  Judged as ${item.judgedAs.why}`];
  for (const c of item.causes) lines.push(`  ${c.severity} ${c.code}: ${c.message}`, `    Fix: ${c.fix}`);
  if (item.trust !== null) lines.push(`  Trust anchors: ${item.trust}`);
  if (item.clientCertificate !== null) lines.push(`  Client certificate: ${item.clientCertificate}`);
  return lines.join('\n');
}

/** The notification after a run: failures only lead it (success is in the CodeLens title). */
export function summaryOf(items: readonly DiagnoseItem[]): { level: 'information' | 'error'; text: string } {
  const failing = items.filter((i) => i.ok === false);
  if (failing.length === 0) {
    const ok = items.filter((i) => i.ok === true).length;
    return {
      level: 'information',
      text: `Apigee TLS Lint: TLS OK on ${ok} of ${items.length} connection${items.length === 1 ? '' : 's'}.`,
    };
  }
  const codes = [...new Set(failing.map((i) => i.causes.find((c) => c.severity === 'error')?.code ?? 'error'))];
  return {
    level: 'error',
    text: `Apigee TLS Lint: TLS failing on ${failing.length} of ${items.length} connection${items.length === 1 ? '' : 's'} (${codes.join(', ')}).`,
  };
}
