// A capture file in, every TLS connection in it judged out: the reader hands each connection on when it ends, and it
// is judged then (judged-connections.ts) with the one judgement the live probe uses, then dropped. Bad files give one
// clear error, never an exception.
import type { CapturedConnectionReport } from './analyse-connection';
import type { CaptureJudgementOptions } from './capture-evidence';
import { sameFailure } from './client-match';
import { JudgedConnections, MAX_LISTED, type JudgementStatistics, type SkippedConnections } from './judged-connections';
import { readCaptureAsync, type AsyncCaptureOptions, type CaptureError, type CaptureFormat, type TableStatistics } from './read-capture';

export type { SkippedConnections } from './judged-connections';

export interface CaptureReport {
  file: string;
  format: CaptureFormat;
  linkTypes: number[];
  packets: number;
  truncated: boolean;
  /** Why the capture is incomplete (the snaplen, a cut file), for people. */
  truncation: string | null;
  /**
   * The TLS connections judged, in capture order: all of them, up to the first 10,000 that failed and the first
   * 1,000 that completed (`tlsConnections` and `failed` count them all).
   */
  connections: CapturedConnectionReport[];
  /** TLS connections judged, listed or not, and how many of them failed. */
  tlsConnections: number;
  failed: number;
  /** TCP connections with no TLS handshake to judge, by why: so that an empty report still says what it saw. */
  skipped: SkippedConnections;
  /** The same for people (and the TLS connections not listed), null when nothing was skipped. */
  skippedSummary: string | null;
  /** Only with a key log: how many connections' TLS 1.3 handshakes it opened. */
  keylog?: { unlocked: number } | undefined;
}

/** Counts that show the reading's bounds hold, beside the report (tests assert on them). */
export type CaptureStatistics = TableStatistics & JudgementStatistics;

export type CaptureDiagnosis = { ok: true; report: CaptureReport; statistics: CaptureStatistics } | { ok: false; error: CaptureError };

export interface DiagnoseCaptureOptions extends CaptureJudgementOptions {
  signal?: AbortSignal | undefined;
  onProgress?: AsyncCaptureOptions['onProgress'];
}

/**
 * Application-data records kept per direction: TLS 1.3 hides the rest of the handshake in them (the server's
 * encrypted flight, the client's Finished or sealed alert, the server's verdict on a client certificate).
 */
const ENCRYPTED_RECORDS_KEPT = 8;

export async function diagnoseCapture(file: string | Buffer, name: string, options: DiagnoseCaptureOptions): Promise<CaptureDiagnosis> {
  const judged = new JudgedConnections(options);
  let table: TableStatistics = { heldSegmentsMax: 0, openConnectionsMax: 0 };
  const read = await readCaptureAsync(file, {
    applicationDataRecords: ENCRYPTED_RECORDS_KEPT,
    keepEncrypted: options.keyLog !== undefined,
    signal: options.signal,
    onProgress: options.onProgress,
    onConnection: (c) => judged.add(c),
    onStatistics: (statistics) => (table = statistics),
  });
  if (!read.ok) return read;
  const capture = read.capture;
  const { connections, tls, failed, skipped, unlocked } = judged.finish();
  if (options.side === 'northbound') judgeSameFailures(connections);
  return {
    ok: true,
    report: {
      file: name,
      format: capture.format,
      linkTypes: capture.linkTypes,
      packets: capture.packets,
      truncated: capture.truncated,
      truncation: truncationOf(capture.snaplen, capture.cutPackets, capture.fileCut),
      connections,
      tlsConnections: tls,
      failed,
      skipped,
      skippedSummary: skippedSummaryOf(skipped, capture.snaplen, { tls, failed, listed: connections }),
      ...(options.keyLog === undefined ? {} : { keylog: { unlocked } }),
    },
    statistics: { ...table, ...judged.statistics },
  };
}

/**
 * Northbound: for each refused hello, the clients of the table refused the same way, from what the server is seen
 * to accept in this capture (the suites of completed handshakes to the same server).
 */
function judgeSameFailures(connections: CapturedConnectionReport[]): void {
  const accepted = new Map<string, Set<string>>();
  for (const c of connections) {
    if (c.ok && c.negotiated !== null) accepted.set(c.server, (accepted.get(c.server) ?? new Set()).add(c.negotiated.cipher));
  }
  for (const c of connections) {
    const cause = c.causes.find((k) => k.severity === 'error')?.code;
    if (c.ok || c.northbound === undefined || cause === undefined) continue;
    const hello = { versions: c.offered.versions, suites: c.offered.suites, groups: [], sni: c.offered.sni };
    const self = c.northbound.client?.exact === true ? c.northbound.client.id : undefined;
    c.northbound.sameFailure = sameFailure(hello, cause, accepted.get(c.server) ?? new Set(), self) ?? null;
  }
}

/** What the capture held besides TLS handshakes, so that a report without one still says what it saw. */
function skippedSummaryOf(
  skipped: SkippedConnections,
  snaplen: number | undefined,
  judged: { tls: number; failed: number; listed: readonly CapturedConnectionReport[] },
): string | null {
  const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  const parts: string[] = [];
  if (skipped.midstream > 0)
    parts.push(
      `${count(skipped.midstream, 'connection began', 'connections began')} before the capture did (${skipped.midstream === 1 ? 'its handshake is' : 'their handshakes are'} not in it: start tcpdump before the client connects)`,
    );
  if (skipped.notTls > 0)
    parts.push(`${count(skipped.notTls, 'connection is', 'connections are')} not TLS (plain HTTP or another protocol)`);
  if (skipped.unanswered > 0)
    parts.push(
      `${count(skipped.unanswered, 'connection', 'connections')} got no answer to ${skipped.unanswered === 1 ? 'its SYN' : 'their SYNs'} in a way the capture cannot explain (it ended before a retransmission, holds one direction only, or the port shows no TLS)`,
    );
  if (skipped.helloMissing > 0)
    parts.push(`${count(skipped.helloMissing, 'connection lacks its', 'connections lack their')} ClientHello (packets the capture lost)`);
  if (skipped.cut > 0) {
    const size = snaplen === undefined ? 'the snaplen' : `the snaplen of ${snaplen} bytes`;
    parts.push(
      `${count(skipped.cut, "connection's handshake was", "connections' handshakes were")} cut by ${size}: capture with \`tcpdump -s 0\``,
    );
  }
  if (skipped.noPayload > 0) parts.push(`${count(skipped.noPayload, 'connection', 'connections')} carried no payload`);
  const unlisted = judged.tls - judged.listed.length;
  if (unlisted > 0) {
    const failed = judged.failed - judged.listed.filter((c) => !c.ok).length;
    parts.push(
      `${count(unlisted, 'more TLS connection is', 'more TLS connections are')} counted but not listed (${failed} of them failed): the report lists the first ${MAX_LISTED.failed.toLocaleString('en-US')} that failed and the first ${MAX_LISTED.ok.toLocaleString('en-US')} that completed`,
    );
  }
  return parts.length === 0 ? null : parts.join('; ');
}

function truncationOf(snaplen: number | undefined, cutPackets: number, fileCut: boolean): string | null {
  const parts: string[] = [];
  if (cutPackets > 0) {
    const size = snaplen === undefined ? '' : ` at the snaplen of ${snaplen} bytes`;
    parts.push(`${cutPackets} packets were cut${size}: capture with \`tcpdump -s 0\` to keep whole certificates`);
  }
  if (fileCut) parts.push('the file ends inside a packet (the capture was cut or damaged)');
  return parts.length === 0 ? null : parts.join('; ');
}
