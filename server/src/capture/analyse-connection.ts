// One captured TLS connection judged: the report a person or a script reads (the CLI's JSON shape), built from the
// facts in clear and the one judgement the live probe uses.
import { captureEvidence, offeredProtocols, type CaptureJudgementOptions } from './capture-evidence';
import { matchClient, type ClientMatch, type SameFailure } from './client-match';
import type { CapturedConversation, ConnectionEnd } from './conversation';
import { handshakeFacts, type HandshakeFacts } from './handshake-facts';
import { ladderOf, type LadderStep } from './ladder';
import type { Cause } from '../diagnosis/causes';
import type { ChainEntry } from '../diagnosis/chain';
import { judge } from '../diagnosis/judge';
import { forSide } from '../diagnosis/northbound';
import type { Diagnosis } from '../diagnosis/types';
import { alertName } from '../tls/alerts';
import { suiteName } from '../tls/cipher-suites';
import { signatureSchemeName } from '../tls/signature-schemes';

export interface CapturedConnectionReport {
  client: string;
  server: string;
  startedAt: string;
  sni: string | null;
  ok: boolean;
  causes: Pick<Cause, 'code' | 'severity' | 'message' | 'fix'>[];
  offered: { versions: string[]; suites: string[]; sni: string | null; signatureSchemes: string[]; sslv2Format: boolean };
  negotiated: { protocol: string; cipher: string } | null;
  alerts: { from: 'client' | 'server'; level: 'warning' | 'fatal' | null; description: string | null }[];
  chain: ChainEntry[];
  closedBy: { side: ConnectionEnd['by']; how: ConnectionEnd['how']; at: string } | null;
  /** The handshake message by message, the decisive one marked. */
  ladder: LadderStep[];
  /** Observations for people (text report). */
  evidence: string[];
  /** Only with a key log: it opened this TLS 1.3 handshake's encrypted records. */
  decrypted?: boolean | undefined;
  /** Northbound captures: the client of the profile table the hello is, and who else a refusal would refuse. */
  northbound?: { client: ClientMatch | null; sameFailure: SameFailure | null } | undefined;
}

/** What the key log did for this connection, for people; nothing without a key log or before TLS 1.3. */
function keyLogEvidence(keyLog: HandshakeFacts['keyLog']): string[] {
  switch (keyLog) {
    case 'decrypted':
      return ['The key log opened this TLS 1.3 handshake: its certificates, CertificateRequest and alerts are read decrypted.'];
    case 'mismatch':
      return [
        "The key log holds secrets for this handshake's client random, but they do not decrypt its records (a damaged key log, or one of other sessions): read as without it.",
      ];
    case 'absent':
      return ["The key log holds no handshake secrets for this connection's client random: its TLS 1.3 handshake stays encrypted."];
    default:
      return [];
  }
}

/** A capture time as ISO 8601; a damaged capture's timestamps may lie beyond what a Date holds. */
function isoTime(time: number): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? `(a timestamp out of range: ${time} ms)` : date.toISOString();
}

/** The report of one connection; undefined when it is not a TLS handshake the capture can show (no ClientHello). */
export function analyseConversation(
  conversation: CapturedConversation,
  options: CaptureJudgementOptions,
): CapturedConnectionReport | undefined {
  const facts = handshakeFacts(conversation, options.keyLog);
  const evidence = captureEvidence(conversation, facts, options);
  if (evidence === undefined) return undefined;
  const diagnosis: Diagnosis = judge(evidence);
  const hello = facts.clientHello;
  const causes = forSide(diagnosis.causes, options.side ?? 'southbound');
  return {
    client: conversation.client,
    server: conversation.server,
    startedAt: isoTime(conversation.startedAt),
    sni: hello?.sni ?? null,
    ok: diagnosis.ok,
    causes: causes.map(({ code, severity, message, fix }) => ({
      code,
      severity,
      message,
      fix,
    })),
    offered: {
      versions: hello === null ? [] : offeredProtocols(facts),
      suites: hello?.suites.map(suiteName) ?? [],
      sni: hello?.sni ?? null,
      signatureSchemes: hello?.signatureSchemes.map(signatureSchemeName) ?? [],
      sslv2Format: hello?.sslv2Format ?? false,
    },
    negotiated: diagnosis.negotiated,
    alerts: facts.alerts.map((a) => ({
      from: a.from,
      level: a.level,
      description: a.description === null ? null : alertName(a.description),
    })),
    chain: diagnosis.chain,
    closedBy:
      conversation.end === undefined ? null : { side: conversation.end.by, how: conversation.end.how, at: isoTime(conversation.end.at) },
    ladder: ladderOf(conversation, facts.steps, causes.find((c) => c.severity === 'error')?.code),
    evidence: [...keyLogEvidence(facts.keyLog), ...diagnosis.evidence],
    ...(options.keyLog === undefined ? {} : { decrypted: facts.keyLog === 'decrypted' }),
    ...(options.side === 'northbound' && hello !== null
      ? {
          northbound: {
            client:
              matchClient({
                versions: offeredProtocols(facts),
                suites: hello.suites.map(suiteName),
                groups: hello.groups,
                sni: hello.sni,
              }) ?? null,
            // Decided once the whole capture is read (what the server is seen to accept): diagnose-capture.ts.
            sameFailure: null,
          },
        }
      : {}),
  };
}
