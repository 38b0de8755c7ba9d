// A captured handshake as a ladder diagram: who sent what and when (milliseconds after the connection's first
// packet), the TCP opening (SYN, retransmissions counted, and SYN-ACK), runs of encrypted records folded into one
// rung, the FIN or RST that ended it, and the one rung the verdict turns on marked decisive. Built here, in the engine, so that every host draws the same ladder.
import type { CapturedConversation, Side } from './conversation';
import type { HandshakeStep } from './handshake-steps';
import type { CauseCode } from '../diagnosis/causes';

export interface LadderStep {
  from: Side;
  /** Milliseconds after the connection's first packet (µs precision). */
  atMs: number;
  /** "SYN ×3", "SYN-ACK", "ClientHello", "ServerHello TLSv1.2 TLS_…", "Certificate (2)", "Alert fatal unknown_ca", "encrypted ×3", "FIN", "RST". */
  label: string;
  /** The message the verdict turns on (at most one per ladder; none when the handshake works). */
  decisive: boolean;
}

interface Rung extends Omit<HandshakeStep, 'kind'> {
  kind: HandshakeStep['kind'] | 'end' | 'opening';
  count?: number;
}

const CERTIFICATE_CAUSES: ReadonlySet<CauseCode> = new Set([
  'incomplete-chain',
  'untrusted-root',
  'self-signed-certificate',
  'certificate-expired',
  'not-yet-valid',
  'hostname-mismatch',
]);

function fold(steps: readonly HandshakeStep[]): Rung[] {
  const rungs: Rung[] = [];
  for (const step of steps) {
    const last = rungs.at(-1);
    if (step.kind === 'encrypted' && last?.kind === 'encrypted' && last.from === step.from) last.count = (last.count ?? 1) + 1;
    else rungs.push({ ...step });
  }
  return rungs;
}

/** The rung the first error cause turns on; undefined when the handshake works. */
function decisiveRung(rungs: readonly Rung[], cause: CauseCode | undefined): Rung | undefined {
  if (cause === undefined) return undefined;
  const first = (kind: Rung['kind'], from?: Side): Rung | undefined =>
    rungs.find((r) => r.kind === kind && (from === undefined || r.from === from));
  const refusal = rungs.find((r) => r.refusal === true);
  if (CERTIFICATE_CAUSES.has(cause) && refusal === undefined) {
    const certificate = [...rungs].reverse().find((r) => r.kind === 'certificate' && r.from === 'server');
    if (certificate !== undefined) return certificate;
  }
  if (refusal !== undefined) return refusal;
  if (cause === 'not-tls') return first('malformed') ?? rungs.find((r) => r.from === 'server' && r.kind !== 'opening');
  return first('cut') ?? first('end') ?? rungs.at(-1);
}

/** The ladder of one connection; `cause` is the first error cause of its verdict (undefined: it works). */
export function ladderOf(conversation: CapturedConversation, steps: readonly HandshakeStep[], cause: CauseCode | undefined): LadderStep[] {
  const rungs = fold(steps);
  const { syns, synAckAt } = conversation;
  if (syns !== undefined)
    rungs.push({ from: 'client', at: syns.first, kind: 'opening', label: 'SYN', count: syns.count > 1 ? syns.count : undefined });
  if (synAckAt !== undefined) rungs.push({ from: 'server', at: synAckAt, kind: 'opening', label: 'SYN-ACK' });
  const end = conversation.end;
  if (end !== undefined) rungs.push({ from: end.by, at: end.at, kind: 'end', label: end.how === 'rst' ? 'RST' : 'FIN' });
  rungs.sort((a, b) => a.at - b.at);
  const decisive = decisiveRung(rungs, cause);
  return rungs.map((r) => ({
    from: r.from,
    atMs: Math.round((r.at - conversation.startedAt) * 1000) / 1000,
    label: r.count === undefined ? r.label : `${r.label} ×${r.count}`,
    decisive: r === decisive,
  }));
}
