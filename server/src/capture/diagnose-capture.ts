// A capture file in, every TLS connection in it judged out: the reader's connections adapted to conversations,
// each analysed with the one judgement the live probe uses. Bad files give one clear error, never an exception.
import { analyseConversation, type CapturedConnectionReport } from './analyse-connection';
import { splitEndpoint, type CaptureJudgementOptions } from './capture-evidence';
import type { CapturedConversation, ConnectionEnd } from './conversation';
import { TLS_SERVICE_PORTS } from './connections';
import { readCaptureAsync, type AsyncCaptureOptions, type CaptureConnection, type CaptureError, type CaptureFormat } from './read-capture';

export interface CaptureReport {
  file: string;
  format: CaptureFormat;
  linkTypes: number[];
  packets: number;
  truncated: boolean;
  /** Why the capture is incomplete (the snaplen, a cut file), for people. */
  truncation: string | null;
  connections: CapturedConnectionReport[];
  /** TCP connections with no TLS handshake to judge, by why: so that an empty report still says what it saw. */
  skipped: SkippedConnections;
  /** The same for people, null when nothing was skipped. */
  skippedSummary: string | null;
  /** Only with a key log: how many connections' TLS 1.3 handshakes it opened. */
  keylog?: { unlocked: number } | undefined;
}

export interface SkippedConnections {
  /** Read from the middle: the capture began after their handshake (application data only). */
  midstream: number;
  /** One side's bytes are not TLS records (plain HTTP, SSH, …) and no ClientHello was sent. */
  notTls: number;
  /** SYNs only, no answer, but not telling: one SYN when the capture ended, or to a port with no TLS in sight. */
  unanswered: number;
  /** TLS records from the server, but the client's ClientHello is not in the capture (packets lost). */
  helloMissing: number;
  /** No payload captured either way. */
  noPayload: number;
}

export type CaptureDiagnosis = { ok: true; report: CaptureReport } | { ok: false; error: CaptureError };

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
  const read = await readCaptureAsync(file, {
    applicationDataRecords: ENCRYPTED_RECORDS_KEPT,
    keepEncrypted: options.keyLog !== undefined,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  if (!read.ok) return read;
  const capture = read.capture;
  const skipped: SkippedConnections = { midstream: 0, notTls: 0, unanswered: 0, helloMissing: 0, noPayload: 0 };
  const tlsPorts = portsSpeakingTls(capture.connections);
  const connections = capture.connections.flatMap((c) => {
    const conversation = conversationOf(c, tlsPorts);
    const report = analyseConversation(conversation, options);
    if (report === undefined) skipped[whySkipped(c, conversation)]++;
    return report ?? [];
  });
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
      skipped,
      skippedSummary: skippedSummaryOf(skipped),
      ...(options.keyLog === undefined ? {} : { keylog: { unlocked: connections.filter((c) => c.decrypted === true).length } }),
    },
  };
}

/** What the capture held besides TLS handshakes, so that a report without one still says what it saw. */
function skippedSummaryOf(skipped: SkippedConnections): string | null {
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
  if (skipped.noPayload > 0) parts.push(`${count(skipped.noPayload, 'connection', 'connections')} carried no payload`);
  return parts.length === 0 ? null : parts.join('; ');
}

/**
 * Why a connection holds no handshake to judge. Read from the middle, bytes that do not frame as TLS may still be
 * TLS cut inside a record: such a connection counts as mid-stream, never as "not TLS".
 */
function whySkipped(c: CaptureConnection, conversation: CapturedConversation): keyof SkippedConnections {
  const payload = c.fromClient.stopped !== undefined || c.fromServer.stopped !== undefined || c.records.length > 0;
  if (c.midstream && payload) return 'midstream';
  if (conversation.notTls !== undefined) return 'notTls';
  if (unansweredSyns(c) !== undefined) return 'unanswered';
  return c.records.length > 0 ? 'helloMissing' : 'noPayload';
}

/** Server ports that speak TLS here: the usual TLS ports, and any that received a ClientHello in this capture. */
function portsSpeakingTls(connections: readonly CaptureConnection[]): ReadonlySet<number> {
  const ports = new Set(TLS_SERVICE_PORTS);
  for (const c of connections) {
    const first = c.records.find((r) => r.from === 'client');
    if (first?.contentType === 22 && first.fragment[0] === 1) ports.add(splitEndpoint(c.server).port);
  }
  return ports;
}

/** The client's SYNs when they got nothing back (no SYN-ACK, not a packet from the server). */
function unansweredSyns(c: CaptureConnection): CaptureConnection['syns'] {
  return c.synAckAt === undefined && c.fromServer.packets === 0 ? c.syns : undefined;
}

/** Unanswered SYNs that tell a timeout: the client sent nothing else, retransmitted, to a port that speaks TLS here. */
function synsTellTimeout(c: CaptureConnection, tlsPorts: ReadonlySet<number>): boolean {
  const syns = unansweredSyns(c);
  return syns !== undefined && syns.count >= 2 && c.fromClient.packets === syns.count && tlsPorts.has(splitEndpoint(c.server).port);
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

/** The reader's connection as the handshake analysis reads it. */
export function conversationOf(c: CaptureConnection, tlsPorts: ReadonlySet<number> = TLS_SERVICE_PORTS): CapturedConversation {
  const ends: ConnectionEnd[] = [];
  if (c.closedBy !== undefined) ends.push({ by: c.closedBy.from, how: 'fin', at: c.closedBy.time });
  if (c.resetBy !== undefined) ends.push({ by: c.resetBy.from, how: 'rst', at: c.resetBy.time });
  ends.sort((a, b) => a.at - b.at);
  const notTls = (['server', 'client'] as const).find((side) => {
    const stopped = (side === 'server' ? c.fromServer : c.fromClient).stopped;
    return stopped === 'not-tls' || stopped === 'malformed';
  });
  return {
    client: c.client,
    server: c.server,
    startedAt: c.startedAt,
    records: c.records.map((r) => ({
      from: r.from,
      at: r.time,
      type: r.contentType,
      version: r.version,
      length: r.length,
      fragment: r.fragment,
      cut: r.missing > 0,
    })),
    // A SYN answered by a reset and nothing else: nothing listens there.
    refused: c.syns !== undefined && c.synAckAt === undefined && c.resetBy?.from === 'server',
    syns: c.syns,
    synAckAt: c.synAckAt,
    synsUnanswered: synsTellTimeout(c, tlsPorts),
    end: ends[0],
    notTls: notTls === undefined ? undefined : { from: notTls, detail: `the ${notTls}'s bytes are not TLS records` },
  };
}
