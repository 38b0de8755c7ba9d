// A diagnosis as a person reads it, top-down: verdict, causes with their fixes, then the evidence.
import type { ProfileChoice } from '../tls/profile';
import { TLS_PROTOCOLS } from '../tls/versions';
import type { Diagnosis, RuntimeWay } from './types';

export interface TextOptions {
  color: boolean;
  /** The runtime the handshake was judged as, and why (the line under the verdict). */
  judgedAs: ProfileChoice;
}

const COLORS = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

function paint(options: TextOptions, color: keyof typeof COLORS, text: string): string {
  return options.color ? `\x1b[${COLORS[color]}m${text}\x1b[0m` : text;
}

const yesNo = (value: boolean | null): string => (value === null ? 'unknown' : value ? 'yes' : 'no');

/** Root causes that mean no TLS server answered: there is nothing to say about its versions. */
const NOT_REACHED = new Set(['dns-failure', 'connection-refused', 'timeout', 'not-tls']);

export function formatDiagnosisText(d: Diagnosis, options: TextOptions): string {
  const lines: string[] = [];
  const target = `${d.target.host}:${d.target.port} (${d.target.sni === null ? 'no SNI' : `SNI ${d.target.sni}`})`;
  lines.push(
    d.ok
      ? `${paint(options, 'green', 'OK')}    ${target}: the handshake Apigee would make succeeds`
      : `${paint(options, 'red', 'FAILS')} ${target}: the handshake Apigee would make fails`,
    `      judged as ${options.judgedAs.why}`,
  );
  if (d.proxy !== undefined) lines.push(`      through the HTTP proxy ${d.proxy} (a CONNECT tunnel per connection)`);
  if (d.runtimeWay !== undefined) lines.push(`      ${runtimeWayText(d.runtimeWay, d.proxy)}`);
  for (const cause of d.causes) {
    const label = cause.severity === 'error' ? paint(options, 'red', 'error  ') : paint(options, 'yellow', 'warning');
    lines.push('', `  ${label} ${paint(options, 'bold', cause.code)}`, `          ${cause.message}`, `          Fix: ${cause.fix}`);
  }
  lines.push('');
  if (d.negotiated !== null) lines.push(`  Negotiated:  ${d.negotiated.protocol}, ${d.negotiated.cipher}`);
  const reached = !d.causes.some((c) => NOT_REACHED.has(c.code)) || TLS_PROTOCOLS.some((p) => d.server.protocols[p]);
  if (reached) {
    lines.push(
      `  Server:      ${TLS_PROTOCOLS.map((p) => `${p} ${yesNo(d.server.protocols[p])}`).join(', ')}`,
      `               SNI required: ${yesNo(d.server.sniRequired)}; client certificate: ${d.server.clientCertificate ?? 'unknown'}`,
    );
  } else {
    lines.push('  Server:      no TLS answer, so nothing is known of its versions, SNI or client certificates');
  }
  d.chain.forEach((c, i) => {
    lines.push(
      `  ${i === 0 ? 'Chain:' : '      '}       ${i} ${c.subject}  (issuer ${c.issuer}; ${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)}; sha256 ${c.sha256.slice(0, 16)}…)`,
    );
  });
  for (const line of d.evidence) lines.push(paint(options, 'dim', `  · ${line}`));
  lines.push(paint(options, 'dim', `  ${d.elapsedMs} ms`));
  return lines.join('\n') + '\n';
}

/** The runtime's way to the backend, and the probe's beside it. */
export function runtimeWayText(way: RuntimeWay, probeProxy: string | undefined): string {
  const runtime =
    way.runtime === 'proxy'
      ? `the runtime calls it through its forward proxy ${way.proxy} (${way.source})`
      : `the runtime calls it directly: use.proxy false bypasses its forward proxy ${way.proxy} (${way.source})`;
  const probe = way.sameWay
    ? 'the probe went the same way'
    : `the probe went ${probeProxy === undefined ? 'direct' : `through ${probeProxy}`}, this machine's way out`;
  return `${runtime}; ${probe}`;
}
