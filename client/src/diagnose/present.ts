// A diagnosis as editor findings at the `<URL>` and as a one-line summary (pure: no vscode import).
import type { CauseCode } from '../../../server/src/diagnosis/causes';
import type { Diagnosis } from '../../../server/src/probe/types';

export const PROBE_SOURCE = 'apigee-tls-probe';

export interface ProbeFinding {
  severity: 'error' | 'warning' | 'information';
  /** The cause code; undefined for the "handshake OK" finding. */
  code: CauseCode | undefined;
  message: string;
}

/** One finding per cause (root cause first), and "TLS handshake OK" when the handshake Apigee would make succeeds. */
export function findingsOf(d: Diagnosis): ProbeFinding[] {
  const findings: ProbeFinding[] = d.causes.map((c) => ({
    severity: c.severity,
    code: c.code,
    message: `${c.message} Fix: ${c.fix}`,
  }));
  if (d.ok && d.negotiated !== null) {
    findings.unshift({
      severity: 'information',
      code: undefined,
      message: `TLS handshake OK: ${d.negotiated.protocol}, ${d.negotiated.cipher} (${d.elapsedMs} ms)`,
    });
  }
  return findings;
}

/** "probe.test:443" (IPv6 hosts in brackets). */
export function hostPort(target: { host: string; port: number }): string {
  return `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}

/** The notification after a probe: its level and text. */
export function summaryOf(d: Diagnosis): { level: ProbeFinding['severity']; text: string } {
  const where = hostPort(d.target);
  const errors = d.causes.filter((c) => c.severity === 'error');
  const warnings = d.causes.filter((c) => c.severity === 'warning');
  const codes = (list: typeof d.causes): string => list.map((c) => c.code).join(', ');
  if (!d.ok) {
    return { level: 'error', text: `The TLS handshake Apigee would make with ${where} fails: ${codes(errors)}.` };
  }
  const via = d.negotiated === null ? '' : ` (${d.negotiated.protocol}, ${d.negotiated.cipher})`;
  if (warnings.length > 0) {
    return { level: 'warning', text: `The TLS handshake with ${where} works${via}, with warnings: ${codes(warnings)}.` };
  }
  return { level: 'information', text: `The TLS handshake with ${where} works${via}.` };
}
